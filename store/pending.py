"""Pending actions: the row a confirmation click decides. State changes are atomic compare-and-set updates."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from model.status import PendingStatus
from store.models import PendingAction, utcnow


def new_pending_id() -> str:
    """An opaque, unguessable id: the only thing a button carries."""
    return "pa_" + secrets.token_urlsafe(18)


def create_pending(
    session: Session,
    *,
    action: str,
    params: dict[str, Any],
    requester: str,
    risk: str,
    confirm_by: str,
    expires_at: datetime,
    thread_key: str | None = None,
    approver_group: str | None = None,
    idempotency_key: str | None = None,
    definition_hash: str | None = None,
) -> PendingAction:
    """A new open request; its id is also its idempotency key unless one is given."""
    row = PendingAction(
        id=new_pending_id(),
        status=PendingStatus.PENDING,
        action=action,
        params=params,
        requester=requester,
        thread_key=thread_key,
        risk=risk,
        confirm_by=confirm_by,
        approver_group=approver_group,
        expires_at=expires_at,
        definition_hash=definition_hash,
    )
    row.idempotency_key = idempotency_key or row.id
    session.add(row)
    session.flush()
    return row


def get_pending(session: Session, *, pending_id: str) -> PendingAction | None:
    return session.get(PendingAction, pending_id)


def transition(
    session: Session,
    *,
    pending_id: str,
    from_status: PendingStatus,
    to_status: PendingStatus,
    now: datetime | None = None,
    decided_by: str | None = None,
    decided_at: datetime | None = None,
    finished_at: datetime | None = None,
    attempts: int | None = None,
    result: dict[str, Any] | None = None,
    error: str | None = None,
) -> bool:
    """Move the row from `from_status` to `to_status` if (and only if) it is still there. Exactly one caller wins.
    An open row that has expired can only move to `expired`. Only the fields given are written."""
    now = now or utcnow()
    conditions = [PendingAction.id == pending_id, PendingAction.status == from_status]
    if from_status == PendingStatus.PENDING and to_status != PendingStatus.EXPIRED:
        conditions.append(PendingAction.expires_at > now)
    given = {
        "decided_by": decided_by,
        "decided_at": decided_at,
        "finished_at": finished_at,
        "attempts": attempts,
        "result": result,
        "error": error,
    }
    values = {name: value for name, value in given.items() if value is not None}
    statement = update(PendingAction).where(*conditions).values(status=PendingStatus(to_status).value, **values)
    outcome = session.execute(statement.execution_options(synchronize_session=False))
    return bool(outcome.rowcount == 1)  # type: ignore[attr-defined]


def pending_for_user(session: Session, *, user_id: str, limit: int = 20) -> Sequence[PendingAction]:
    """The user's own requests still waiting for a click, newest first."""
    return session.scalars(
        select(PendingAction)
        .where(PendingAction.requester == user_id, PendingAction.status == PendingStatus.PENDING)
        .order_by(PendingAction.created_at.desc())
        .limit(limit)
    ).all()


def awaiting_approval(
    session: Session, *, groups: Sequence[str], user_id: str, limit: int = 20
) -> Sequence[PendingAction]:
    """Open requests of others that a member of one of `groups` may approve, newest first."""
    if not groups:
        return []
    return session.scalars(
        select(PendingAction)
        .where(
            PendingAction.status == PendingStatus.PENDING,
            PendingAction.approver_group.in_(list(groups)),
            PendingAction.confirm_by.in_(("approvers", "both")),
            PendingAction.requester != user_id,
        )
        .order_by(PendingAction.created_at.desc())
        .limit(limit)
    ).all()


def recent_for_user(session: Session, *, user_id: str, limit: int = 10) -> Sequence[PendingAction]:
    """The user's own decided requests, newest first."""
    return session.scalars(
        select(PendingAction)
        .where(PendingAction.requester == user_id, PendingAction.status != PendingStatus.PENDING)
        .order_by(PendingAction.created_at.desc())
        .limit(limit)
    ).all()


def executing(session: Session) -> Sequence[PendingAction]:
    """Rows a click has claimed and whose run has not been recorded yet."""
    return session.scalars(select(PendingAction).where(PendingAction.status == PendingStatus.EXECUTING)).all()
