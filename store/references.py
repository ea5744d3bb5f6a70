"""Conversation references: where a platform conversation can be reached for proactive messages."""

from __future__ import annotations

from sqlalchemy.orm import Session

from store.models import ConversationReference, utcnow


def save_reference(
    session: Session, *, platform: str, conversation_id: str, service_url: str, tenant_id: str | None
) -> None:
    """Insert or update the reference of one conversation."""
    row = session.get(ConversationReference, (platform, conversation_id))
    if row is None:
        row = ConversationReference(platform=platform, conversation_id=conversation_id, service_url=service_url)
        session.add(row)
    row.service_url, row.tenant_id, row.updated_at = service_url, tenant_id, utcnow()


def find_reference(session: Session, *, platform: str, conversation_id: str) -> ConversationReference | None:
    return session.get(ConversationReference, (platform, conversation_id))
