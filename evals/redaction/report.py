"""Printing: one table per run with a row per entity type, and the steps side by side."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from evals.redaction.scoring import SECRET, Score, family
from redaction.entities import is_secret

# Columns of the side-by-side table; OTHER is cards, IBANs, SSNs and employee ids together.
ENTITY_COLUMNS = {"PERSON": "PER", "EMAIL_ADDRESS": "EMAIL", "PHONE_NUMBER": "PHONE", "IP_ADDRESS": "IP"}
OTHER = "OTHER"


def summary(s: Score, messages: int) -> dict[str, Any]:
    """The figures a step is compared on (also what --record stores)."""
    kinds = {family(t) for t in s.gold}
    other = [t for t in s.gold if family(t) not in {*ENTITY_COLUMNS, SECRET}]
    other_gold = sum(s.gold[t] for t in other)
    per_entity = {k: s.recall(k) for k in kinds if k in {*ENTITY_COLUMNS, SECRET}}
    per_entity[OTHER] = sum(s.found[t] for t in other) / other_gold if other_gold else None
    return {
        "messages": messages,
        "recall": s.recall(),
        "precision": s.precision(),
        "per_entity": per_entity,
        "secrets_leaked": list(s.secrets_leaked()),
        "names_leaked": list(s.names_leaked()),
        "p50_ms": round(s.percentile(0.5), 2),
        "p95_ms": round(s.percentile(0.95), 2),
    }


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _leaks(pair: Sequence[int]) -> str:
    return f"{pair[0]}/{pair[1]}" if pair[1] else "-"


_HEAD = ("step", "set", "msgs", "recall", "prec", *ENTITY_COLUMNS.values(), "SECRET", OTHER)
_TAIL = ("secrets leaked", "names leaked", "p50 ms", "p95 ms")


def side_by_side(steps: Sequence[tuple[str, Mapping[str, Mapping[str, Any]]]]) -> Iterator[str]:
    """One line per step and set: the figures of every step tried, today's first."""
    yield f"{_HEAD[0]:<26}{_HEAD[1]:<19}" + "".join(f"{h:>7}" for h in _HEAD[2:]) + "".join(f"{h:>15}" for h in _TAIL)
    for step, rows in steps:
        for name, row in rows.items():
            yield _line(step, name, row)
        yield ""


def _line(step: str, name: str, row: Mapping[str, Any]) -> str:
    per = row["per_entity"]
    cells = [str(row["messages"]), _f(row["recall"]), _f(row["precision"])]
    cells += [_f(per.get(k)) for k in [*ENTITY_COLUMNS, SECRET, OTHER]]
    tail = [_leaks(row["secrets_leaked"]), _leaks(row["names_leaked"]), f"{row['p50_ms']:.1f}", f"{row['p95_ms']:.1f}"]
    return f"{step[:25]:<26}{name:<19}" + "".join(f"{c:>7}" for c in cells) + "".join(f"{c:>15}" for c in tail)


def per_type(title: str, s: Score) -> Iterator[str]:
    """One row per PII type, one per secret type (recall only), the secrets together, and the total."""
    yield f"\n## {title}"
    yield f"{'type':<20}{'gold':>6}{'found':>7}{'recall':>8}{'leaked':>8}{'pred':>7}{'right':>7}{'precision':>11}"
    for t in sorted(t for t in {*s.gold, *s.predicted} if family(t) != SECRET):
        yield _row(t, s.gold[t], s.found[t], s.leaked[t], s.predicted[t], s.correct[t])
    secrets = sorted(t for t in s.gold if is_secret(t))
    for t in secrets:
        yield _row(f"  {t}", s.gold[t], s.found[t], s.leaked[t], None, None)
    gold, found, leaked = (sum(counter[t] for t in secrets) for counter in (s.gold, s.found, s.leaked))
    yield _row("secrets (all)", gold, found, leaked, s.predicted[SECRET], s.correct[SECRET])
    totals = (sum(c.values()) for c in (s.gold, s.found, s.leaked, s.predicted, s.correct))
    yield _row("overall", *totals)
    yield f"latency ms/message: p50 {s.percentile(0.5):.1f}  p95 {s.percentile(0.95):.1f}  (n={len(s.latencies)})"


def _row(name: str, gold: int, found: int, leaked: int, pred: int | None, right: int | None) -> str:
    ratio = _f(found / gold if gold else None)
    if pred is None or right is None:
        return f"{name:<20}{gold:>6}{found:>7}{ratio:>8}{leaked:>8}"
    tail = f"{pred:>7}{right:>7}{_f(right / pred if pred else None):>11}"
    return f"{name:<20}{gold:>6}{found:>7}{ratio:>8}{leaked:>8}{tail}"
