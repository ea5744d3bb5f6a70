"""Write new and changed documents: embed in batches across documents, then swap each document's chunks.

A changed document's new chunks are written before its old ones are deleted (point ids include the content
hash), so a search never finds the document missing, and a failure half-way leaves the old version in place.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.chunking import Chunk, chunk_document
from knowledge.documents import Document
from knowledge.embedding.base import Embedder
from knowledge.errors import EmbeddingError
from knowledge.indexing.points import build_points
from knowledge.indexing.summary import IngestSummary
from knowledge.sparse import SparseEncoder
from knowledge.store.base import Condition, DocumentState, Store
from knowledge.tuning import RetrievalTuning

BATCH_CHUNKS = 64


@dataclass(frozen=True)
class _Pending:
    document: Document
    content_hash: str
    chunks: list[Chunk]
    previous: DocumentState | None


class Writer:
    """Decides per document (unchanged, added, updated, empty) and writes in batches."""

    def __init__(
        self, store: Store, embedder: Embedder, sparse: SparseEncoder, summary: IngestSummary, tuning: RetrievalTuning
    ) -> None:
        self._store = store
        self._tuning = tuning
        self._embedder = embedder
        self._sparse = sparse
        self._summary = summary
        self._pending: list[_Pending] = []
        self.failed_files: set[str] = set()

    def offer(self, document: Document, previous: DocumentState | None) -> None:
        """Queue the document unless the index already holds this exact version."""
        content_hash = document.content_hash(f"{self._embedder.model_id}|{self._tuning.index_profile}")
        if previous is not None and previous.content_hash == content_hash:
            self._summary.unchanged += 1
            return
        chunks = chunk_document(document, self._tuning)
        if not chunks:
            self._drop_empty(document, previous)
            return
        self._pending.append(_Pending(document, content_hash, chunks, previous))
        if sum(len(p.chunks) for p in self._pending) >= BATCH_CHUNKS:
            self.flush()

    @property
    def queued_chunks(self) -> int:
        """Chunks offered but not yet embedded and written."""
        return sum(len(p.chunks) for p in self._pending)

    def flush(self) -> None:
        """Embed and write everything queued."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        try:
            vectors = self._embedder.embed_documents([c.indexed_text for p in pending for c in p.chunks])
        except EmbeddingError as exc:
            for item in pending:
                self._fail(item.document, str(exc))
            return
        points, start = [], 0
        for item in pending:
            rows = vectors[start : start + len(item.chunks)]
            points.extend(build_points(item.document, item.content_hash, item.chunks, rows, self._sparse))
            start += len(item.chunks)
        self._store.upsert(points)
        for item in pending:
            self._replaced(item)

    def _replaced(self, item: _Pending) -> None:
        if item.previous is None:
            self._summary.added += 1
        else:
            self._summary.updated += 1
            stale = Condition("doc_hash", (item.content_hash,), negate=True)
            self._store.delete([Condition("doc_id", (item.document.doc_id,)), stale])
        self._summary.chunks += len(item.chunks)

    def _drop_empty(self, document: Document, previous: DocumentState | None) -> None:
        self._summary.empty += 1
        if previous is not None:
            self._store.delete([Condition("doc_id", (document.doc_id,))])
            self._summary.removed += 1

    def _fail(self, document: Document, reason: str) -> None:
        self._summary.fail(document.origin.file if document.kind == "runbook" else document.source, reason)
        self.failed_files.add(document.origin.file)
