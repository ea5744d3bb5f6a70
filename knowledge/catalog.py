"""What the index holds, by source folder, and forgetting a folder that is gone.

Documents are identified by the folder they were ingested from (`root`): re-ingesting the folder updates them and
`--prune` drops files that vanished from it. A folder that was moved or deleted is never walked again, so its
documents would stay forever; `opsbot sources` shows every folder with its counts and whether it still exists, and
`opsbot sources forget PATH` removes everything indexed from it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from knowledge.config import KnowledgeConfig
from knowledge.embedding import load_embedder
from knowledge.store import Condition, Store, open_store


@dataclass(frozen=True)
class Source:
    root: str
    runbooks: int
    tickets: int

    @property
    def present(self) -> bool:
        return Path(self.root).is_dir()

    def render(self) -> str:
        missing = "" if self.present else "  (folder not found: `opsbot sources forget` it?)"
        return f"{self.root}: {self.runbooks} runbooks, {self.tickets} tickets{missing}"


def sources(store: Store) -> list[Source]:
    """Every ingested folder with its document counts, by path."""
    counts: Counter[tuple[str, str]] = Counter((state.root, state.kind) for state in store.documents([]))
    roots = sorted({root for root, _ in counts})
    return [Source(root, counts[(root, "runbook")], counts[(root, "ticket")]) for root in roots]


def forget(store: Store, root: str) -> int:
    """Remove every chunk indexed from `root`; returns how many documents went."""
    documents = len(store.documents([Condition("root", (root,))]))
    if documents:
        store.delete([Condition("root", (root,))])
    return documents


def open_catalog(config: KnowledgeConfig) -> Store:
    """The store, opened for listing and deleting (the embedder is loaded only for its vector size)."""
    return open_store(config, load_embedder(config).dimension)
