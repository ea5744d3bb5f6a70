"""The append-only audit log. Parameters are stored redacted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import AuditEvent


def record_audit(
    session: Session,
    *,
    event: str,
    actor: str,
    action: str | None = None,
    pending_action_id: str | None = None,
    params: dict[str, Any] | None = None,
    outcome: str | None = None,
    detail: str | None = None,
    duration_ms: float | None = None,
) -> AuditEvent:
    """Append one audit event (params as stored, i.e. redacted)."""
    entry = AuditEvent(
        event=event,
        actor=actor,
        action=action,
        pending_action_id=pending_action_id,
        params=params or {},
        outcome=outcome,
        detail=detail,
        duration_ms=duration_ms,
    )
    session.add(entry)
    session.flush()
    return entry


def list_audit(
    session: Session, *, since: datetime | None = None, pending_action_id: str | None = None, limit: int = 200
) -> Sequence[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if pending_action_id is not None:
        query = query.where(AuditEvent.pending_action_id == pending_action_id)
    return session.scalars(query.limit(limit)).all()
