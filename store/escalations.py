"""Escalations to on-call humans and the feedback users leave."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Escalation, Feedback, utcnow


def open_escalation(session: Session, *, conversation_id: int, **fields: Any) -> Escalation:
    escalation = Escalation(conversation_id=conversation_id, **fields)
    session.add(escalation)
    session.flush()
    return escalation


def active_escalation(session: Session, *, conversation_id: int) -> Escalation | None:
    return session.scalar(
        select(Escalation)
        .where(Escalation.conversation_id == conversation_id, Escalation.resolved_at.is_(None))
        .order_by(Escalation.id.desc())
    )


def mark_human_reply(session: Session, *, conversation_id: int, author: str) -> None:
    """Someone other than the requester spoke in an escalated thread: on-call has picked it up."""
    active = active_escalation(session, conversation_id=conversation_id)
    if active is not None and active.human_replied_at is None and author != active.requested_by:
        active.human_replied_at = utcnow()


def unanswered_escalations(session: Session, *, pinged_before: datetime) -> Sequence[Escalation]:
    """Open escalations no human has replied to, last pinged before the cut-off."""
    return session.scalars(
        select(Escalation).where(
            Escalation.resolved_at.is_(None),
            Escalation.human_replied_at.is_(None),
            Escalation.last_ping_at < pinged_before,
        )
    ).all()


def add_feedback(
    session: Session, *, user_id: str, value: int, turn_id: int | None, reason: str | None = None
) -> Feedback:
    feedback = Feedback(user_id=user_id, value=value, turn_id=turn_id, reason=reason)
    session.add(feedback)
    session.flush()
    return feedback


def explain_feedback(session: Session, *, feedback_id: int, user_id: str, reason: str) -> bool:
    """Attach a (redacted) reason to the person's own feedback; False if it is not theirs or does not exist."""
    feedback = session.get(Feedback, feedback_id)
    if feedback is None or feedback.user_id != user_id:
        return False
    feedback.reason = reason
    return True
