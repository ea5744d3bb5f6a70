"""Conversations and their turns. Functions never commit: the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Conversation, Turn


def get_or_create_conversation(
    session: Session, *, platform: str, channel: str, thread: str, started_by: str
) -> Conversation:
    """The conversation of this thread, created on first use."""
    key = f"{platform}:{channel}:{thread}"
    found = session.scalar(select(Conversation).where(Conversation.key == key))
    if found is not None:
        return found
    conversation = Conversation(key=key, platform=platform, channel=channel, thread=thread, started_by=started_by)
    with session.begin_nested():
        session.add(conversation)
    return conversation


def find_conversation(session: Session, *, key: str) -> Conversation | None:
    return session.scalar(select(Conversation).where(Conversation.key == key))


def set_owner(session: Session, *, conversation: Conversation, state: str, owner: str) -> None:
    """Hand the thread to a human (state escalated) or back to the bot (state active)."""
    conversation.state = state
    conversation.owner = owner


def add_turn(session: Session, *, conversation: Conversation, role: str, text: str, **fields: Any) -> Turn:
    """Append a turn; `text` must already be redacted."""
    turn = Turn(conversation_id=conversation.id, role=role, text=text, **fields)
    session.add(turn)
    session.flush()
    return turn


def recent_turns(session: Session, *, conversation_id: int, limit: int = 20) -> Sequence[Turn]:
    """The last `limit` turns, oldest first."""
    rows = session.scalars(
        select(Turn).where(Turn.conversation_id == conversation_id).order_by(Turn.id.desc()).limit(limit)
    ).all()
    return list(reversed(rows))
