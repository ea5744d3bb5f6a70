"""The newest audit events, for `opsbot audit`."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import AuditEvent


def latest_audit(session: Session, *, limit: int = 50) -> Sequence[AuditEvent]:
    """The `limit` newest events, oldest first."""
    newest = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)).all()
    return list(reversed(newest))
