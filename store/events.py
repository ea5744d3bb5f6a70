"""Processed platform events: the dedupe that holds across restarts and replicas."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from store.models import ProcessedEvent, utcnow


def claim_event(session: Session, *, key: str) -> bool:
    """Record `key` as processed; False when someone already did (a redelivery or another replica)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(ProcessedEvent)
        .values(key=key, created_at=utcnow())
        .on_conflict_do_nothing()
        .returning(ProcessedEvent.key)
    )
    return session.execute(statement).scalar() is not None


def forget_events_before(session: Session, *, before: datetime) -> int:
    result = session.execute(delete(ProcessedEvent).where(ProcessedEvent.created_at < before))
    return int(result.rowcount)  # type: ignore[attr-defined]
