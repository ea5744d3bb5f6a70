"""Hybrid search: dense and BM25 queries under the user's ACL filter, fused by RRF per document."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from knowledge.access import search_conditions, shared_with
from knowledge.config import KnowledgeConfig
from knowledge.embedding import Embedder, embedding_dimension, load_embedder
from knowledge.retrieval.confidence import Evidence, confidence
from knowledge.retrieval.coverage import term_signals
from knowledge.retrieval.fusion import Candidate, fuse, normalised
from knowledge.retrieval.hits import Hit, SearchResult
from knowledge.shorthand import expand
from knowledge.sparse import SparseEncoder
from knowledge.store import Store, open_store

T = TypeVar("T")
CANDIDATES = 50  # chunks per list; enough for top_k documents once chunks are grouped by document


class Retriever:
    """Loads the embedder and opens the store on first use; call `close()` to release the store.

    Counting the index needs neither model nor vectors, so `opsbot chat` can say "nothing is indexed" at once and
    load the embedder in the background (`load_models`).
    """

    def __init__(
        self, config: KnowledgeConfig, *, embedder: Embedder | None = None, store: Store | None = None
    ) -> None:
        self._config = config
        self._loaded_embedder = embedder
        self._loading = threading.Lock()
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
        tuning = self._config.tuning
        searched = expand(query) if tuning.expand_shorthand else query
        dense = self._embedder.embed_query(searched).tolist()
        sparse = self._sparse.encode_query(searched)
        conditions = search_conditions(groups, kind=kind, tags=tags)
        with self._lock:
            dense_hits, sparse_hits = self._open().search(dense, sparse, conditions, CANDIDATES)
        candidates = fuse(dense_hits, sparse_hits, weights=tuning.weights, k=tuning.rrf_k)
        # The gate's term signals read the query as typed: the spelled-out words are the search's, not the asker's.
        typed = sparse if searched == query else self._sparse.encode_query(query)
        coverage, unseen = term_signals(typed, candidates, self._sparse)
        return Evidence(candidates, len(sparse.indices), coverage, unseen)

    @property
    def _embedder(self) -> Embedder:
        with self._loading:
            if self._loaded_embedder is None:
                self._loaded_embedder = load_embedder(self._config)
            return self._loaded_embedder

    def load_models(self) -> None:
        """Load the embedding model now rather than in the first search."""
        self._embedder  # noqa: B018 - the property loads it

    def indexed_chunks(self) -> int:
        """How many chunks the index holds (0 before the first ingest)."""
        with self._lock:
            return self._open().count()

    @property
    def embedder(self) -> Embedder:
        """The embedding model, for an ingest that shares it."""
        return self._embedder

    def with_store(self, use: Callable[[Store], T]) -> T:
        """`use(store)` on the served store, between searches (one call at a time)."""
        with self._lock:
            return use(self._open())

    def replace_store(self, store: Store) -> Store | None:
        """Serve `store` from the next search on; the previous one is returned for the caller to close."""
        with self._lock:
            previous, self._store, self._owns_store = self._store, store, True
            return previous

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
            loaded = self._loaded_embedder
            dimension = loaded.dimension if loaded is not None else embedding_dimension(self._config)
            self._store = open_store(self._config, dimension)
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
        acl=shared_with(payload.get("acl")),
        updated_at=str(payload["updated_at"]) if payload.get("updated_at") else None,
    )
