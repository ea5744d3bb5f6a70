"""Audit events for the steps of one pending action, and the policy stored on its row."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from actions.authority import Policy
from model.messages import Person
from store import audit
from store.models import PendingAction


def record_step(
    session: Session,
    event: str,
    row: PendingAction,
    actor: Person,
    *,
    outcome: str,
    detail: str | None = None,
    duration_ms: float | None = None,
) -> None:
    """One append-only event (params as stored, i.e. redacted): `actor` acted, `detail` always names who asked."""
    said = f"requested by {row.requester}" + (f"; {detail}" if detail else "")
    audit.record_audit(
        session,
        event=event,
        actor=actor.id,
        action=row.action,
        pending_action_id=row.id,
        params=row.params,
        outcome=outcome,
        detail=said,
        duration_ms=duration_ms,
    )


def stored_policy(row: PendingAction) -> Policy:
    """The policy the card promised when the action was proposed."""
    confirm_by: Any = row.confirm_by
    return Policy(row.risk, confirm_by, row.approver_group)
