"""Ingestion: `ingest(config, paths)` indexes runbooks and ticket exports incrementally and safely.

Unchanged documents (same content hash) are skipped, changed ones replaced, vanished ones removed with `prune`.
A broken file is reported in the summary and skipped; it never aborts the run or touches what is indexed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from knowledge.config import KnowledgeConfig
from knowledge.documents import KINDS, Document, Kind
from knowledge.embedding import Embedder, load_embedder
from knowledge.errors import ConfigurationError
from knowledge.indexing.progress import Progress
from knowledge.indexing.pruning import prune as delete_documents
from knowledge.indexing.pruning import vanished
from knowledge.indexing.reading import Failure, ReadOptions, read_documents
from knowledge.indexing.summary import IngestSummary
from knowledge.indexing.writer import Writer
from knowledge.sources.discovery import Discovery, Scope, discover
from knowledge.sources.ticket_fields import FieldMap
from knowledge.sparse import SparseEncoder
from knowledge.store import Condition, DocumentState, Store, open_store

__all__ = ["IngestSummary", "ingest"]


def ingest(
    config: KnowledgeConfig,
    paths: Sequence[Path],
    *,
    kind: str | None = None,
    acl: Sequence[str] = (),
    prune: bool = False,
    text_filter: Callable[[str], str] | None = None,
    progress: bool = False,
    on_file: Callable[[int, int], None] | None = None,
    embedder: Embedder | None = None,
    store: Store | None = None,
) -> IngestSummary:
    """Index `paths` (folders or files); `embedder` and `store` may be passed in to share them.

    `on_file(done, total)` is called after each file (a bot reports it to the `opsbot ingest` that handed it the work).
    """
    started = time.perf_counter()
    found = discover(paths, kind=_kind(kind), protected=[config.home])
    summary = IngestSummary(failures=[])
    for where, reason in found.problems:
        summary.fail(where, reason)
    for where, reason in found.skipped:
        summary.skip(where, reason)
    embedder = embedder or load_embedder(config)
    owned = store is None
    store = store or open_store(config, embedder.dimension)
    try:
        options = ReadOptions(FieldMap(config.ticket_fields), text_filter, tuple(acl))
        _Run(store, Writer(store, embedder, SparseEncoder(), summary, config.tuning), summary).execute(
            found, options, prune=prune, kind=kind, bar=Progress(len(found.files), enabled=progress, on_file=on_file)
        )
    finally:
        if owned:
            store.close()
    summary.seconds = time.perf_counter() - started
    return summary


class _Run:
    """One ingest run over discovered files: write what changed, then prune what vanished."""

    def __init__(self, store: Store, writer: Writer, summary: IngestSummary) -> None:
        self._store, self._writer, self._summary = store, writer, summary
        self._seen: dict[str, str] = {}  # doc_id -> file, for documents read in this run

    def execute(self, found: Discovery, options: ReadOptions, *, prune: bool, kind: str | None, bar: Progress) -> None:
        """Compare every document with what the store holds for the same scopes, write, prune, commit."""
        known = {state.doc_id: state for scope in found.scopes for state in self._store.documents(_scope(scope))}
        for file in found.files:
            for item in read_documents(file, options):
                self._handle(item, known)
            bar.advance(f"{self._summary.chunks + self._writer.queued_chunks} chunks")
        self._writer.flush()
        bar.close(f"{self._summary.chunks} chunks")  # the final count, the same the summary prints
        if prune:
            failed = self._writer.failed_files
            gone = vanished(known.values(), seen=set(self._seen), failed_files=failed, kind=kind)
            self._summary.removed += delete_documents(self._store, gone)
        self._store.commit()

    def _handle(self, item: Document | Failure, known: dict[str, DocumentState]) -> None:
        if isinstance(item, Document) and item.doc_id in self._seen:
            reason = f"duplicate: {item.source} also appears in {self._seen[item.doc_id]}"
            item = Failure(f"{item.origin.file}:{item.source}", reason)
        if isinstance(item, Failure):
            self._summary.fail(item.where, item.reason)
            self._writer.failed_files.add(item.where.split(":", 1)[0])  # `file` or `file:line`
            return
        self._seen[item.doc_id] = item.origin.file
        self._writer.offer(item, known.get(item.doc_id))


def _scope(scope: Scope) -> list[Condition]:
    conditions = [Condition("root", (scope.root,))]
    return [*conditions, Condition("file", (scope.file,))] if scope.file else conditions


def _kind(kind: str | None) -> Kind | None:
    if kind is None:
        return None
    for known in KINDS:
        if kind == known:
            return known
    raise ConfigurationError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
