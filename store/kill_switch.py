"""The runtime kill switch for actions, kept in the audit log: who switched what off or on, and when.

The latest `action_disabled` / `action_enabled` event per action decides. No table of its own, so every
process on the same database sees a change on its next read, and the history cannot be edited.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.audit import record_audit
from store.models import AuditEvent

DISABLED = "action_disabled"
ENABLED = "action_enabled"


def record_switch(session: Session, *, action: str, enabled: bool, actor: str, detail: str | None = None) -> AuditEvent:
    """Switch `action` on or off for every process, as an audit event."""
    event = ENABLED if enabled else DISABLED
    return record_audit(session, event=event, actor=actor, action=action, outcome=event, detail=detail)


def switched_off(session: Session) -> frozenset[str]:
    """Actions whose latest switch event turned them off."""
    latest = (
        select(func.max(AuditEvent.id)).where(AuditEvent.event.in_((DISABLED, ENABLED))).group_by(AuditEvent.action)
    )
    rows = session.execute(select(AuditEvent.action, AuditEvent.event).where(AuditEvent.id.in_(latest)))
    return frozenset(action for action, event in rows if action and event == DISABLED)
