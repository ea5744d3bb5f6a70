"""Pending actions: the row a confirmation click decides. State changes are atomic compare-and-set updates."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store.models import PendingAction, utcnow

OPEN = "pending"
FINAL = frozenset({"succeeded", "failed", "cancelled", "expired", "denied"})


def new_pending_id() -> str:
    """An opaque, unguessable id: the only thing a button carries."""
    return "pa_" + secrets.token_urlsafe(18)


def create_pending(session: Session, *, expires_at: datetime, **fields: Any) -> PendingAction:
    pending = PendingAction(id=new_pending_id(), status=OPEN, expires_at=expires_at, **fields)
    pending.idempotency_key = pending.idempotency_key or pending.id
    session.add(pending)
    session.flush()
    return pending


def get_pending(session: Session, *, pending_id: str) -> PendingAction | None:
    return session.get(PendingAction, pending_id)


def transition(
    session: Session, *, pending_id: str, from_status: str, to_status: str, now: datetime | None = None, **fields: Any
) -> bool:
    """Move the row from `from_status` to `to_status` if (and only if) it is still there. Exactly one caller wins."""
    now = now or utcnow()
    conditions = [PendingAction.id == pending_id, PendingAction.status == from_status]
    if from_status == OPEN and to_status != "expired":
        conditions.append(PendingAction.expires_at > now)
    result = session.execute(
        update(PendingAction)
        .where(*conditions)
        .values(status=to_status, **fields)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def pending_for_user(session: Session, *, user_id: str, limit: int = 20) -> Sequence[PendingAction]:
    return session.scalars(
        select(PendingAction)
        .where(PendingAction.requester == user_id, PendingAction.status == OPEN)
        .order_by(PendingAction.created_at.desc())
        .limit(limit)
    ).all()


def recent_for_user(session: Session, *, user_id: str, limit: int = 10) -> Sequence[PendingAction]:
    return session.scalars(
        select(PendingAction)
        .where(PendingAction.requester == user_id, PendingAction.status != OPEN)
        .order_by(PendingAction.created_at.desc())
        .limit(limit)
    ).all()


def executing(session: Session) -> Sequence[PendingAction]:
    """Rows a click has claimed and whose run has not been recorded yet."""
    return session.scalars(select(PendingAction).where(PendingAction.status == "executing")).all()
