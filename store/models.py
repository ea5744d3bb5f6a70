"""SQLAlchemy models. Text columns hold redacted text only; secrets are never stored."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use datetime.now(UTC)")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    platform: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(300))  # Teams conversation ids are long
    thread: Mapped[str] = mapped_column(String(300))
    state: Mapped[str] = mapped_column(String(20), default="active")  # active | escalated | closed
    owner: Mapped[str] = mapped_column(String(100), default="bot")  # "bot" or the human's user id
    started_by: Mapped[str] = mapped_column(String(100))
    misses: Mapped[int] = mapped_column(Integer, default=0)  # consecutive turns with no relevant knowledge
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Turn(Base):
    __tablename__ = "turns"
    __table_args__ = (
        Index("ix_turns_conversation", "conversation_id", "id"),
        Index("ix_turns_created", "created_at"),
        Index("ix_turns_message", "conversation_id", "message_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))  # user | assistant | action
    user_id: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)  # redacted
    outcome: Mapped[str | None] = mapped_column(String(30))  # answer | proposed_action | needs_human | ...
    grounded: Mapped[bool | None]
    citations: Mapped[list[Any]] = mapped_column(default=list)
    tool_calls: Mapped[list[Any]] = mapped_column(default=list)  # [{name, valid, ok, ms}], arguments never stored
    latency_ms: Mapped[float | None]
    llm_ms: Mapped[float | None]
    retrieval_ms: Mapped[float | None]
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cached_tokens: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # of prompt_tokens
    prompt_version: Mapped[str | None] = mapped_column(String(40))
    model: Mapped[str | None] = mapped_column(String(100))
    reference: Mapped[str | None] = mapped_column(String(20))
    # The chat message this turn is (a question as sent, an answer as posted): clicks, edits, deletes find it.
    message_id: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PendingAction(Base):
    __tablename__ = "pending_actions"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # opaque, unguessable
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id", ondelete="SET NULL"))
    thread_key: Mapped[str | None] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(100))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)  # validated, redacted
    requester: Mapped[str] = mapped_column(String(100))
    confirm_by: Mapped[str] = mapped_column(String(20))  # requester | approvers | both
    approver_group: Mapped[str | None] = mapped_column(String(100))
    risk: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    message_ref: Mapped[str | None] = mapped_column(String(100))  # where the card was posted, for updates
    definition_hash: Mapped[str | None] = mapped_column(String(64))  # of the action as proposed (actions.spec)


class AuditEvent(Base):
    """Append-only: the mapper refuses updates and deletes (see below); purge never touches it."""

    __tablename__ = "audit_events"
    # The kill switch reads the latest switch event per action on every message.
    __table_args__ = (Index("ix_audit_at", "at"), Index("ix_audit_event_action", "event", "action", "id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    event: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str | None] = mapped_column(String(100))
    pending_action_id: Mapped[str | None] = mapped_column(String(40), index=True)
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)  # redacted
    outcome: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[float | None]


class Escalation(Base):
    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(200))
    requested_by: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(Text)  # redacted
    target_group: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_ping_at: Mapped[datetime | None]
    pings: Mapped[int] = mapped_column(Integer, default=0)
    human_replied_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    handed_back_by: Mapped[str | None] = mapped_column(String(100))


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    turn_id: Mapped[int | None] = mapped_column(ForeignKey("turns.id", ondelete="SET NULL"))
    user_id: Mapped[str] = mapped_column(String(100))
    value: Mapped[int] = mapped_column(Integer)  # +1 / -1
    reason: Mapped[str | None] = mapped_column(Text)  # "what was wrong?", redacted
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProcessedEvent(Base):
    """Platform events already handled: a unique key makes redelivery a no-op across restarts and replicas."""

    __tablename__ = "processed_events"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class ConversationReference(Base):
    """Where a platform conversation can be reached for proactive messages (Teams: its Bot Connector serviceUrl)."""

    __tablename__ = "conversation_references"

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    service_url: Mapped[str] = mapped_column(String(500))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PseudonymVault(Base):
    """Per-thread pseudonym mapping, encrypted by the redaction layer; deleted after the retention period."""

    __tablename__ = "pseudonym_vaults"

    scope: Mapped[str] = mapped_column(String(300), primary_key=True)
    blob: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)


class Ticket(Base):
    """Tickets of the built-in ticket actions (ids shown as OPS-<id>)."""

    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[str] = mapped_column(String(20), default="normal")
    status: Mapped[str] = mapped_column(String(20), default="open")
    requester: Mapped[str] = mapped_column(String(100), index=True)
    # The thread whose pseudonyms the (redacted) text uses: placeholders restore only there.
    thread_key: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TicketComment(Base):
    __tablename__ = "ticket_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    thread_key: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SafetyNetCatch(Base):
    """How many PII or secret values the log or trace safety net scrubbed in one process since its last row."""

    __tablename__ = "safety_net_catches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sink: Mapped[str] = mapped_column(String(20))  # log | trace
    count: Mapped[int] = mapped_column(Integer)


class AppendOnlyError(RuntimeError):
    """The audit log is append-only."""


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_audit_change(mapper: Any, connection: Any, target: AuditEvent) -> None:
    raise AppendOnlyError("audit events are append-only")
