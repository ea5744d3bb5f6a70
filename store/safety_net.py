"""Counts of what the log and trace safety nets scrubbed (see bot/observability/safety_net.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.models import SafetyNetCatch


def record_catches(session: Session, *, counts: dict[str, int]) -> None:
    """One row per sink with a non-zero count."""
    session.add_all(SafetyNetCatch(sink=sink, count=count) for sink, count in counts.items() if count > 0)


def catches_since(session: Session, *, since: datetime) -> dict[str, int]:
    """Total catches per sink since `since`."""
    query = select(SafetyNetCatch.sink, func.sum(SafetyNetCatch.count)).where(SafetyNetCatch.at >= since)
    return {sink: int(total or 0) for sink, total in session.execute(query.group_by(SafetyNetCatch.sink))}
