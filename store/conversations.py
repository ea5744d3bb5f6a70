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
    message_id: str | None = None,
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
        message_id=message_id,
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


def set_message_id(session: Session, *, turn_id: int, message_id: str) -> None:
    """Link a stored turn to the chat message it became (an answer, once posted)."""
    turn = session.get(Turn, turn_id)
    if turn is not None:
        turn.message_id = message_id


def turn_of_message(session: Session, *, conversation_id: int, message_id: str) -> Turn | None:
    """The turn a chat message is in this conversation (the earliest, if a message was stored twice)."""
    query = select(Turn).where(Turn.conversation_id == conversation_id, Turn.message_id == message_id)
    return session.scalars(query.order_by(Turn.id).limit(1)).first()


def latest_answer(session: Session, *, conversation_id: int, after: int = 0) -> Turn | None:
    """The conversation's latest assistant turn; with `after`, the first one after that turn id."""
    query = select(Turn).where(Turn.conversation_id == conversation_id, Turn.role == "assistant", Turn.id > after)
    return session.scalars(query.order_by(Turn.id if after else Turn.id.desc()).limit(1)).first()
