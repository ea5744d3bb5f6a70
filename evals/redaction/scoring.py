"""Matching findings against gold values: recall, precision and values leaked, per entity type.

A gold value counts as found when a finding of the same type overlaps it (all secret types count as one type, since
all become <SECRET>); a finding is correct when it overlaps a gold value of its type. A value *leaked* when any of its
letters or digits is outside every finding, whatever the finding's type: "<PERSON_1> Doe" found Jane Doe but leaked
her.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from evals.redaction.sets import Sample
from redaction import Finding, Redactor
from redaction.entities import is_secret

SECRET = "SECRET"


def family(entity: str) -> str:
    return SECRET if is_secret(entity) else entity


@dataclass
class Score:
    gold: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    leaked: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    def recall(self, kind: str | None = None) -> float | None:
        if kind is None:
            return _ratio(sum(self.found.values()), sum(self.gold.values()))
        types = [t for t in self.gold if family(t) == kind]
        return _ratio(sum(self.found[t] for t in types), sum(self.gold[t] for t in types))

    def precision(self) -> float | None:
        return _ratio(sum(self.correct.values()), sum(self.predicted.values()))

    def secrets_leaked(self) -> tuple[int, int]:
        secrets = [t for t in self.gold if is_secret(t)]
        return sum(self.leaked[t] for t in secrets), sum(self.gold[t] for t in secrets)

    def names_leaked(self) -> tuple[int, int]:
        return self.leaked["PERSON"], self.gold["PERSON"]

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score(samples: Iterable[Sample], redactor: Redactor) -> Score:
    result = Score()
    for sample in samples:
        started = time.perf_counter()
        redacted = redactor.redact(sample.text)
        result.latencies.append((time.perf_counter() - started) * 1000)
        score_sample(sample, redacted.findings, result)
    return result


def score_sample(sample: Sample, findings: list[Finding], result: Score) -> None:
    covered = {i for f in findings for i in range(f.start, f.end)}
    for g in sample.gold:
        kind = family(g.type)
        result.gold[g.type] += 1
        if any(family(f.type) == kind and overlaps(f.start, f.end, g.start, g.end) for f in findings):
            result.found[g.type] += 1
        else:
            result.errors.append(f"MISS {g.type} {sample.text[g.start : g.end]!r} in {sample.id}: {sample.text!r}")
        if any(sample.text[i].isalnum() and i not in covered for i in range(g.start, g.end)):
            result.leaked[g.type] += 1
            result.errors.append(f"LEAK {g.type} {sample.text[g.start : g.end]!r} in {sample.id}")
    for f in findings:
        kind = family(f.type)
        result.predicted[kind] += 1
        if any(family(g.type) == kind and overlaps(f.start, f.end, g.start, g.end) for g in sample.gold):
            result.correct[kind] += 1
        else:
            result.errors.append(f"FP   {f.type} {sample.text[f.start : f.end]!r} in {sample.id}: {sample.text!r}")
