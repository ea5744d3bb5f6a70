"""What `opsbot review` reads: answers people rated 👎, questions nothing answered, and escalated threads.

Every text here is stored redacted. Functions never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Conversation, Escalation, Feedback, Turn


@dataclass(frozen=True)
class Reviewed:
    kind: str  # disliked | unanswered | escalated
    id: int  # the feedback, turn or escalation id (unique within a kind)
    question: str  # redacted
    answer: str  # redacted; "" for an escalation
    reason: str | None  # the 👎's "what was wrong?", or why the thread was escalated
    thread: str  # the conversation key
    at: datetime


def disliked(session: Session, *, since: datetime) -> list[Reviewed]:
    """Answers rated 👎 since `since`, with the question each answered and the reason given."""
    query = (
        select(Feedback, Turn, Conversation.key)
        .join(Turn, Feedback.turn_id == Turn.id)
        .join(Conversation, Turn.conversation_id == Conversation.id)
        .where(Feedback.value < 0, Feedback.created_at >= since)
        .order_by(Feedback.id)
    )
    return [
        Reviewed("disliked", fb.id, _question_before(session, turn), turn.text, fb.reason, key, fb.created_at)
        for fb, turn, key in session.execute(query).all()
    ]


def unanswered(session: Session, *, since: datetime) -> list[Reviewed]:
    """Questions answered with nothing to cite (no runbook or ticket was relevant) since `since`."""
    query = (
        select(Turn, Conversation.key)
        .join(Conversation, Turn.conversation_id == Conversation.id)
        .where(Turn.role == "assistant", Turn.outcome == "answer", Turn.created_at >= since)
        .order_by(Turn.id)
    )
    return [
        Reviewed("unanswered", turn.id, _question_before(session, turn), turn.text, None, key, turn.created_at)
        for turn, key in session.execute(query).all()
        if not turn.citations
    ]


def escalated(session: Session, *, since: datetime) -> list[Reviewed]:
    """Threads handed to humans since `since`: the thread's first question and why."""
    query = (
        select(Escalation, Conversation.key)
        .join(Conversation, Escalation.conversation_id == Conversation.id)
        .where(Escalation.created_at >= since)
        .order_by(Escalation.id)
    )
    rows = []
    for esc, key in session.execute(query).all():
        first = session.scalars(
            select(Turn.text)
            .where(Turn.conversation_id == esc.conversation_id, Turn.role == "user")
            .order_by(Turn.id)
            .limit(1)
        ).first()
        rows.append(Reviewed("escalated", esc.id, first or "", "", esc.reason, key, esc.created_at))
    return rows


def _question_before(session: Session, turn: Turn) -> str:
    """The user's message this assistant turn answered."""
    text = session.scalars(
        select(Turn.text)
        .where(Turn.conversation_id == turn.conversation_id, Turn.role == "user", Turn.id < turn.id)
        .order_by(Turn.id.desc())
        .limit(1)
    ).first()
    return text or ""
