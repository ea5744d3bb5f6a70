"""--prune: remove documents that vanished from the ingested folders, and only those we are sure vanished."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from knowledge.store.base import Condition, DocumentState, Store


def vanished(
    known: Iterable[DocumentState], *, seen: Collection[str], failed_files: Collection[str], kind: str | None
) -> list[DocumentState]:
    """Known documents not seen in this run, except those from files that failed (their content is unknown)."""
    return [
        state
        for state in known
        if state.doc_id not in seen and state.file not in failed_files and kind in (None, state.kind)
    ]


def prune(store: Store, states: Iterable[DocumentState]) -> int:
    """Delete the documents' chunks; return how many documents went."""
    removed = 0
    for state in states:
        store.delete([Condition("doc_id", (state.doc_id,))])
        removed += 1
    return removed
