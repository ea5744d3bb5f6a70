"""Read-only queries behind `opsbot report`: the assistant's turns and what followed them, since a moment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from store.models import AuditEvent, Escalation, Feedback, Turn


def assistant_turns(session: Session, *, since: datetime) -> Sequence[Row[tuple[object, ...]]]:
    """One row per reply: when, outcome, grounded, tool calls, latency, tokens and model."""
    query = (
        select(
            Turn.created_at,
            Turn.outcome,
            Turn.grounded,
            Turn.tool_calls,
            Turn.latency_ms,
            Turn.prompt_tokens,
            Turn.completion_tokens,
            Turn.cached_tokens,
            Turn.model,
        )
        .where(Turn.role == "assistant", Turn.created_at >= since)
        .order_by(Turn.id)
    )
    return session.execute(query).all()


def escalation_times(session: Session, *, since: datetime) -> list[datetime]:
    return list(session.scalars(select(Escalation.created_at).where(Escalation.created_at >= since)))


def executed_action_times(session: Session, *, since: datetime) -> list[datetime]:
    """When confirmed actions ran successfully (audit event `executed`)."""
    query = select(AuditEvent.at).where(AuditEvent.event == "executed", AuditEvent.at >= since)
    return list(session.scalars(query))


def action_run_outcomes(session: Session, *, since: datetime) -> dict[str, int]:
    """How many confirmed action runs ended `executed` and how many `failed` (from /ops, plain words or the LLM)."""
    query = (
        select(AuditEvent.event, func.count())
        .where(AuditEvent.event.in_(("executed", "failed")), AuditEvent.at >= since)
        .group_by(AuditEvent.event)
    )
    return {str(event): int(count) for event, count in session.execute(query)}


def feedback_counts(session: Session, *, since: datetime) -> dict[int, int]:
    """{+1: thumbs up, -1: thumbs down}."""
    query = select(Feedback.value, func.count()).where(Feedback.created_at >= since).group_by(Feedback.value)
    return {int(value): int(count) for value, count in session.execute(query)}
