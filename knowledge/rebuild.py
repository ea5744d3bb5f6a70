"""Ingest beside a served index: questions keep their answers from the old content until the new one is complete.

The embedded engine lets one process hold a folder, so the serving process does the work: it copies the served
points into a new folder, ingests into the copy (incremental, exactly as into the original), then switches the
pointer and the retriever to the copy in one step and deletes the old folder. A failed run leaves the old folder
served. With a Qdrant server (`qdrant_url`) every process may write, so the ingest simply runs against it.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from knowledge.config import KnowledgeConfig
from knowledge.errors import IngestRunningError
from knowledge.ingest import IngestSummary, ingest
from knowledge.retrieval import Retriever
from knowledge.store import IndexedPoint, Store
from knowledge.store.generations import new_folder, served_folder, switch_to


def ingest_beside(
    config: KnowledgeConfig,
    retriever: Retriever,
    paths: Sequence[Path],
    *,
    kind: str | None = None,
    acl: Sequence[str] = (),
    prune: bool = False,
    text_filter: Callable[[str], str] | None = None,
    on_file: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """Index `paths` into a copy of what `retriever` serves, then serve the copy; `ingest`'s options and result."""
    options: dict[str, Any] = {"kind": kind, "acl": acl, "prune": prune, "text_filter": text_filter}
    if config.qdrant_url:
        return ingest(config, paths, embedder=retriever.embedder, on_file=on_file, **options)
    from knowledge.store.edge import EdgeStore

    old, folder = served_folder(config), new_folder(config)
    copy = EdgeStore(folder, retriever.embedder.dimension)
    try:
        _copy_points(retriever, copy)
        summary = ingest(config, paths, embedder=retriever.embedder, store=copy, on_file=on_file, **options)
    except BaseException:
        copy.close()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    switch_to(config, folder)
    previous = retriever.replace_store(copy)
    if previous is not None:
        previous.close()
    shutil.rmtree(old, ignore_errors=True)
    return summary


class Reindexer:
    """`ingest_beside` for one served index, one run at a time (the hand-off and the scheduled re-index share it)."""

    def __init__(
        self, config: KnowledgeConfig, retriever: Retriever, text_filter: Callable[[str], str] | None = None
    ) -> None:
        self._config, self._retriever, self._text_filter = config, retriever, text_filter
        self._lock = threading.Lock()

    def run(
        self,
        paths: Sequence[Path],
        *,
        kind: str | None = None,
        acl: Sequence[str] = (),
        prune: bool = False,
        on_file: Callable[[int, int], None] | None = None,
    ) -> IngestSummary:
        """Ingest `paths` beside the served index; IngestRunningError if another run has not ended."""
        if not self._lock.acquire(blocking=False):
            raise IngestRunningError("an ingest is already running; try again when it ends")
        try:
            return ingest_beside(
                self._config, self._retriever, paths, kind=kind, acl=acl, prune=prune,
                text_filter=self._text_filter, on_file=on_file,
            )  # fmt: skip
        finally:
            self._lock.release()


def _copy_points(retriever: Retriever, target: Store) -> None:
    """Copy page by page, so searches on the served store wait for one page at most."""
    offset: Any = None
    while True:
        page, offset = retriever.with_store(partial(_page, offset=offset))
        target.upsert(page)
        if offset is None:
            target.commit()
            return


def _page(store: Store, *, offset: Any) -> tuple[list[IndexedPoint], Any]:
    return store.points(offset)
