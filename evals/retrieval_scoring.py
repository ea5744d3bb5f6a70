"""Run a question set through `Retriever.search` (the code path of `opsbot search`) and score what comes back.

An answer counts as right when a relevant document is among the first RIGHT_AT hits: the offline answer quotes
three passages (bot/agent/offline.py), so that is what a user sees. Ranking is by document (hits are one per
document already); MRR is over the first DEPTH documents.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from evals.retrieval_sets import Question
from knowledge.retrieval import Retriever
from knowledge.retrieval.confidence import features

DEPTH = 10
RIGHT_AT = 3
GROUPS = ["sre", "dba", "security"]  # the asker may read every restricted example runbook
BINS = [(0.0, 0.1), (0.1, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)]
Rewrite = Callable[[Question], str]


@dataclass(frozen=True)
class Outcome:
    """One question's result: rank of the first relevant document (0 = none in DEPTH) and the gate's view."""

    question: Question
    rank: int
    confidence: float
    relevant: bool
    top: tuple[str, ...]
    signals: tuple[float, ...]

    @property
    def right(self) -> bool:
        return 0 < self.rank <= RIGHT_AT


def label_of(source: str, kind: str) -> str:
    """What a question's `relevant` names: a runbook's file stem, a ticket's id."""
    return Path(source).stem if kind == "runbook" else source


def run(retriever: Retriever, questions: Sequence[Question], rewrite: Rewrite) -> list[Outcome]:
    """Search every question as `opsbot search` would, with the query `rewrite` makes of it."""
    outcomes = []
    for question in questions:
        query = rewrite(question)
        result = retriever.search(query, groups=GROUPS, top_k=DEPTH)
        top = tuple(label_of(hit.source, hit.kind) for hit in result.hits)
        rank = next((i for i, label in enumerate(top, 1) if label in question.relevant), 0)
        signals = features(retriever.evidence(query, groups=GROUPS))
        outcomes.append(Outcome(question, rank, result.confidence, result.relevant, top, signals))
    return outcomes


@dataclass(frozen=True)
class Ranking:
    n: int
    recall_at_1: float
    recall_at_5: float
    mrr: float


def ranking(outcomes: Sequence[Outcome]) -> Ranking:
    """R@1, R@5 and MRR@DEPTH over the answerable questions."""
    ranks = [o.rank for o in outcomes if o.question.answerable]
    n = max(len(ranks), 1)
    return Ranking(
        len(ranks),
        sum(r == 1 for r in ranks) / n,
        sum(0 < r <= 5 for r in ranks) / n,
        sum(1 / r for r in ranks if r) / n,
    )


@dataclass(frozen=True)
class Gate:
    answered_anyway: tuple[int, int]  # unanswerable questions flagged relevant / all unanswerable
    refused: tuple[int, int]  # answerable questions flagged not relevant / all answerable
    wrong_but_shown: tuple[int, int]  # answers shown (flagged relevant) whose first RIGHT_AT hits miss / shown


def gate(outcomes: Sequence[Outcome]) -> Gate:
    """How often the "don't know" gate lets a wrong answer through, or stops a right one."""
    unanswerable = [o for o in outcomes if not o.question.answerable]
    answerable = [o for o in outcomes if o.question.answerable]
    shown = [o for o in outcomes if o.relevant]
    return Gate(
        (sum(o.relevant for o in unanswerable), len(unanswerable)),
        (sum(not o.relevant for o in answerable), len(answerable)),
        (sum(not o.right for o in shown), len(shown)),
    )


def reliability(outcomes: Sequence[Outcome]) -> list[tuple[str, int, float, float]]:
    """Per confidence bin: (bin, answers in it, mean printed confidence, share right)."""
    rows = []
    for low, high in BINS:
        inside = [o for o in outcomes if low <= o.confidence < high]
        name = f"{low:.1f}-{min(high, 1.0):.1f}"
        n = max(len(inside), 1)
        rows.append((name, len(inside), sum(o.confidence for o in inside) / n, sum(o.right for o in inside) / n))
    return rows
