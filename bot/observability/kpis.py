"""The KPIs of `opsbot report`, computed from the database (store/kpi_queries.py).

Definitions (also in docs/observability.md):
- task completion rate: (answers that were not handed to a human + actions that ran successfully) / replies;
- escalation rate: escalations / replies;
- tool-call success: (LLM tool calls that succeeded + action runs that succeeded) / (tool calls + action runs), so
  actions run from `/ops` or plain words count too; argument validity: over the LLM's tool calls;
- ungrounded-answer rate: answers shown as unverified / answers;
- PII caught: what the log and trace safety nets scrubbed (written after each turn; see safety_net.py);
- tokens and cost per successful task: all tokens (and their price from `llm_prices`) / completed tasks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.core import review
from bot.observability.metrics import estimated_cost
from bot.observability.prices import LlmPrice
from store import kpi_queries
from store.safety_net import catches_since


@dataclass(frozen=True)
class Day:
    day: str
    replies: int
    completed: int
    escalated: int
    p95_ms: float


@dataclass(frozen=True)
class Kpis:
    since: str
    replies: int
    completed: int
    completion_rate: float | None
    escalations: int
    escalation_rate: float | None
    tool_calls: int
    action_runs: int
    tool_success_rate: float | None
    tool_validity_rate: float | None
    answers: int
    ungrounded_rate: float | None
    thumbs_up: int
    thumbs_down: int
    pii_caught: dict[str, int]
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    tokens: int
    tokens_per_success: float | None
    cost: float | None
    cost_per_success: float | None
    daily: list[Day] = field(default_factory=list)
    top_gaps: list[tuple[str, int]] = field(default_factory=list)  # runbook gaps: (topic, times asked unanswered)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def compute(session: Session, *, since: datetime, prices: dict[str, LlmPrice]) -> Kpis:
    turns = kpi_queries.assistant_turns(session, since=since)
    escalated = kpi_queries.escalation_times(session, since=since)
    executed = kpi_queries.executed_action_times(session, since=since)
    feedback = kpi_queries.feedback_counts(session, since=since)
    runs = kpi_queries.action_run_outcomes(session, since=since)
    ran, succeeded = sum(runs.values()), runs.get("executed", 0)
    answers = [t for t in turns if t.outcome == "answer"]
    calls = [c for t in turns for c in (t.tool_calls or [])]
    completed = len(answers) + len(executed)
    tokens = sum(t.prompt_tokens + t.completion_tokens for t in turns)
    costs = [estimated_cost(prices, t.model, t.prompt_tokens, t.completion_tokens, t.cached_tokens) for t in turns]
    cost = sum(c for c in costs if c is not None) if any(c is not None for c in costs) else None
    latencies = sorted(float(t.latency_ms) for t in turns if t.latency_ms is not None)
    return Kpis(
        since=since.isoformat(timespec="seconds"),
        replies=len(turns),
        completed=completed,
        completion_rate=ratio(completed, len(turns)),
        escalations=len(escalated),
        escalation_rate=ratio(len(escalated), len(turns)),
        tool_calls=len(calls),
        action_runs=ran,
        tool_success_rate=ratio(sum(1 for c in calls if c.get("ok")) + succeeded, len(calls) + ran),
        tool_validity_rate=ratio(sum(1 for c in calls if c.get("valid", True)), len(calls)),
        answers=len(answers),
        ungrounded_rate=ratio(sum(1 for t in answers if t.grounded is False), len(answers)),
        thumbs_up=feedback.get(1, 0),
        thumbs_down=feedback.get(-1, 0),
        pii_caught=catches_since(session, since=since),
        latency_p50_ms=percentile(latencies, 50),
        latency_p95_ms=percentile(latencies, 95),
        tokens=tokens,
        tokens_per_success=ratio(tokens, completed),
        cost=cost,
        cost_per_success=ratio(cost, completed) if cost is not None else None,
        daily=_daily(turns, escalated, executed),
        top_gaps=review.gaps(review.group(review.collect(session, since=since))),
    )


def _daily(turns: Any, escalated: list[datetime], executed: list[datetime]) -> list[Day]:
    replies: dict[date, list[Any]] = defaultdict(list)
    for t in turns:
        replies[t.created_at.date()].append(t)
    escalations: dict[date, int] = defaultdict(int)
    for at in escalated:
        escalations[at.date()] += 1
    runs: dict[date, int] = defaultdict(int)
    for at in executed:
        runs[at.date()] += 1
    days = sorted(set(replies) | set(escalations) | set(runs))
    return [
        Day(
            day=d.isoformat(),
            replies=len(replies[d]),
            completed=sum(1 for t in replies[d] if t.outcome == "answer") + runs[d],
            escalated=escalations[d],
            p95_ms=percentile(sorted(float(t.latency_ms or 0) for t in replies[d]), 95) or 0.0,
        )
        for d in days
    ]


def ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def percentile(values: list[float], pct: int) -> float | None:
    """Nearest-rank percentile of sorted values; None when there are none."""
    if not values:
        return None
    rank = max(1, -(-pct * len(values) // 100))
    return values[int(rank) - 1]
