"""Search the fusion weights on the held-in part only: dense weight, BM25 weight and the RRF constant."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Protocol

from evals.retrieval_scoring import ranking, run
from evals.retrieval_sets import Question
from knowledge.followup import search_query
from knowledge.retrieval import Retriever
from knowledge.tuning import RetrievalTuning

DENSE = (1.0, 1.5, 2.0, 3.0)
SPARSE = (0.5, 1.0)
RRF_K = (10, 30, 60)


class Indexes(Protocol):
    def retriever(self, tuning: RetrievalTuning) -> Retriever: ...


def tune(indexes: Indexes, held_in: Sequence[Question]) -> int:
    """Print MRR and R@5 on held-in for every setting, best MRR first."""
    answerable = [q for q in held_in if q.answerable]
    results = []
    for dense, sparse, k in itertools.product(DENSE, SPARSE, RRF_K):
        tuning = RetrievalTuning(dense_weight=dense, sparse_weight=sparse, rrf_k=k)
        r = ranking(run(indexes.retriever(tuning), answerable, lambda q: search_query(q.text, q.thread)))
        results.append((r.mrr, r.recall_at_5, r.recall_at_1, dense, sparse, k))
    print("\nfusion settings on the held-in part (MRR, R@5, R@1, dense, sparse, k), best first:")
    for row in sorted(results, reverse=True):
        print("  " + "  ".join(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row))
    return 0
