"""Hybrid search: dense and BM25 queries under the user's ACL filter, fused by RRF per document."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from knowledge.access import search_conditions
from knowledge.config import KnowledgeConfig
from knowledge.embedding import Embedder, load_embedder
from knowledge.retrieval.confidence import Evidence, confidence
from knowledge.retrieval.coverage import term_signals
from knowledge.retrieval.fusion import Candidate, fuse, normalised
from knowledge.retrieval.hits import Hit, SearchResult
from knowledge.sparse import SparseEncoder
from knowledge.store import Store, open_store

CANDIDATES = 50  # chunks per list; enough for top_k documents once chunks are grouped by document


class Retriever:
    """Loads the embedder once and opens the store on first use; call `close()` to release the store."""

    def __init__(
        self, config: KnowledgeConfig, *, embedder: Embedder | None = None, store: Store | None = None
    ) -> None:
        self._config = config
        self._embedder = embedder or load_embedder(config)
        self._sparse = SparseEncoder()
        self._store = store
        self._owns_store = store is None
        # Turns search from worker threads; the embedded store and the tokenizer are used one call at a time.
        self._lock = threading.Lock()

    def search(
        self, query: str, *, groups: Sequence[str], kind: str | None = None, tags: Sequence[str] = (), top_k: int = 5
    ) -> SearchResult:
        """The `top_k` best documents the user may see, each as its best chunk, with a relevance estimate."""
        evidence = self.evidence(query, groups=groups, kind=kind, tags=tags)
        score = confidence(evidence)
        tuning = self._config.tuning
        hits = [_hit(c, tuning.weights, tuning.rrf_k) for c in evidence.candidates[:top_k]]
        return SearchResult(hits, score, score >= self._config.min_relevance)

    def evidence(
        self, query: str, *, groups: Sequence[str], kind: str | None = None, tags: Sequence[str] = ()
    ) -> Evidence:
        """All fused candidates, best first, with the query's term count (for evaluation and calibration)."""
        if not query.strip():
            return Evidence([], 0)
        dense = self._embedder.embed_query(query).tolist()
        sparse = self._sparse.encode_query(query)
        conditions = search_conditions(groups, kind=kind, tags=tags)
        with self._lock:
            dense_hits, sparse_hits = self._open().search(dense, sparse, conditions, CANDIDATES)
        tuning = self._config.tuning
        candidates = fuse(dense_hits, sparse_hits, weights=tuning.weights, k=tuning.rrf_k)
        coverage, unseen = term_signals(sparse, candidates, self._sparse)
        return Evidence(candidates, len(sparse.indices), coverage, unseen)

    def indexed_chunks(self) -> int:
        """How many chunks the index holds (0 before the first ingest)."""
        with self._lock:
            return self._open().count()

    @property
    def min_relevance(self) -> float:
        """The confidence at or above which a result counts as relevant."""
        return self._config.min_relevance

    def close(self) -> None:
        """Release the store if this retriever opened it."""
        with self._lock:
            if self._store is not None and self._owns_store:
                self._store.close()
                self._store = None

    def _open(self) -> Store:
        """The store, opened on first use (call with the lock held)."""
        if self._store is None:
            self._store = open_store(self._config, self._embedder.dimension)
        return self._store


def _hit(candidate: Candidate, weights: tuple[float, float], k: int) -> Hit:
    payload = candidate.payload
    return Hit(
        text=str(payload.get("text", "")),
        score=round(normalised(candidate, weights=weights, k=k), 4),
        source=str(payload.get("source", "")),
        title=str(payload.get("title", "")),
        section=str(payload.get("section", "")),
        kind=str(payload.get("kind", "")),
        url=payload.get("url") or None,
        doc_id=str(payload.get("doc_id", "")),
        chunk_id=candidate.id,
        updated_at=str(payload["updated_at"]) if payload.get("updated_at") else None,
    )
