"""A calibrated probability that the results answer the query, so callers can tell "nothing relevant here" from
a weak match.

Logistic regression over two signals of the fused candidates: the best dense cosine similarity, and the best BM25
score per query term. Fitted by `python -m evals.retrieval --calibrate` on the labelled questions over the shared
corpora (answerable questions whose top five hold a relevant runbook = 1, unanswerable ones = 0); 5-fold held-out
at 0.5: 99% of answerable questions kept, 93% of unanswerable ones rejected. BM25 scores depend on the collection
(IDF), so refit on your own questions if your corpus is very different or very small.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from knowledge.retrieval.fusion import Candidate

INTERCEPT = -15.02
COSINE_WEIGHT = 18.37
BM25_PER_TERM_WEIGHT = 3.39


@dataclass(frozen=True)
class Evidence:
    """What a search found before collapsing: fused candidates, and how many distinct terms the query had."""

    candidates: list[Candidate]
    query_terms: int


def features(evidence: Evidence) -> tuple[float, float]:
    """(best dense cosine, best BM25 score divided by the number of query terms)."""
    cosine = max((c.dense_score for c in evidence.candidates), default=0.0)
    bm25 = max((c.sparse_score for c in evidence.candidates), default=0.0)
    return cosine, bm25 / max(evidence.query_terms, 1)


def confidence(evidence: Evidence) -> float:
    """Probability in [0, 1]; 0 when nothing at all was found."""
    if not evidence.candidates:
        return 0.0
    cosine, bm25 = features(evidence)
    return _sigmoid(INTERCEPT + COSINE_WEIGHT * cosine + BM25_PER_TERM_WEIGHT * bm25)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -700 else 0.0
