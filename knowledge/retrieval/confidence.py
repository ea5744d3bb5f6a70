"""A calibrated probability that the results answer the query, so callers can tell "nothing relevant here" from
a weak match.

Logistic regression over six signals of the fused candidates: the best dense cosine similarity, how far it falls
below WEAK_COSINE, how far it stands above the fifth best (a question about something the corpus lacks matches many
documents equally weakly), whether the dense and BM25 lists agree on the top document, the share of the query's
terms the top document mentions, and the share no good document mentions (see coverage.py). Raw BM25 scores are
left out on purpose: they grow with the collection's IDF, so a model fitted on the 3k-chunk evaluation index gave
the 40-document demo index "etcd quota" at 0.87; the shares of terms mean the same in any collection.
Fitted by `python -m evals.retrieval --calibrate` on the held-in part of the issue-16 questions, asked both of the
full evaluation index (public corpora and examples/) and of the demo's index (examples/ alone, where the public
corpora's questions have no answer), so the gate holds on a small company index too. An answer is right when a
relevant document is among the first three hits; unanswerable questions are never right. Checked on the held-out
part: see docs/retrieval.md for the reliability table and the threshold (config.DEFAULT_MIN_RELEVANCE).
Refit on your own questions if your corpus is very different.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from knowledge.retrieval.fusion import Candidate

INTERCEPT = -5.72
# best cosine, cosine gap, lists agree, term coverage, unseen terms, weak cosine
WEIGHTS = (8.19, 1.11, 0.49, 5.39, -3.92, -6.21)
GAP_RANK = 5  # the cosine of this rank is compared with the best
WEAK_COSINE = 0.55  # below it every point of cosine counts extra: words in common are not a match in meaning


@dataclass(frozen=True)
class Evidence:
    """What a search found before collapsing: fused candidates, and how many distinct terms the query had."""

    candidates: list[Candidate]
    query_terms: int
    term_coverage: float = 0.0  # share of the query's terms in the top document
    unseen_terms: float = 1.0  # share of the query's terms in none of the best documents


def features(evidence: Evidence) -> tuple[float, ...]:
    """(best cosine, best cosine minus the GAP_RANK-th, top document first in both lists, term coverage of the top
    document, share of unseen terms)."""
    cosines = sorted((c.dense_score for c in evidence.candidates if c.dense_rank), reverse=True)
    best = cosines[0] if cosines else 0.0
    gap = best - cosines[GAP_RANK - 1] if len(cosines) >= GAP_RANK else best
    top = evidence.candidates[0] if evidence.candidates else None
    agree = 1.0 if top is not None and top.dense_rank == 1 and top.sparse_rank == 1 else 0.0
    weak = max(0.0, WEAK_COSINE - best)
    return best, gap, agree, evidence.term_coverage, evidence.unseen_terms, weak


def confidence(evidence: Evidence) -> float:
    """Probability in [0, 1]; 0 when nothing at all was found."""
    if not evidence.candidates:
        return 0.0
    score = INTERCEPT + sum(w * x for w, x in zip(WEIGHTS, features(evidence), strict=True))
    return _sigmoid(score)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -700 else 0.0
