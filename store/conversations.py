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


def add_turn(
    session: Session,
    *,
    conversation: Conversation,
    role: str,
    text: str,
    user_id: str | None = None,
    outcome: str | None = None,
    grounded: bool | None = None,
    citations: list[Any] | None = None,
    tool_calls: list[Any] | None = None,
    latency_ms: float | None = None,
    llm_ms: float | None = None,
    retrieval_ms: float | None = None,
    prompt_tokens: int = 0,
    completion_tokens: int = 0,
    cached_tokens: int = 0,
    prompt_version: str | None = None,
    model: str | None = None,
    reference: str | None = None,
) -> Turn:
    """Append a turn (role user, assistant, or action: a proposal, decision or result); `text` must be redacted."""
    turn = Turn(
        conversation_id=conversation.id,
        role=role,
        text=text,
        user_id=user_id,
        outcome=outcome,
        grounded=grounded,
        citations=citations or [],
        tool_calls=tool_calls or [],
        latency_ms=latency_ms,
        llm_ms=llm_ms,
        retrieval_ms=retrieval_ms,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        cached_tokens=cached_tokens,
        prompt_version=prompt_version,
        model=model,
        reference=reference,
    )
    session.add(turn)
    session.flush()
    return turn


def recent_turns(session: Session, *, conversation_id: int, limit: int = 20) -> Sequence[Turn]:
    """The last `limit` turns, oldest first."""
    rows = session.scalars(
        select(Turn).where(Turn.conversation_id == conversation_id).order_by(Turn.id.desc()).limit(limit)
    ).all()
    return list(reversed(rows))
