"""The prompt version pinned at run time (`opsbot prompts use`), kept in the audit log like the action kill switch.

The latest `prompt_pinned` event decides; every process on the same database sees it on its next turn, and
who pinned what, when, stays on record.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.audit import record_audit
from store.models import AuditEvent

PINNED = "prompt_pinned"


def pin_prompt(session: Session, *, version: str, actor: str, detail: str | None = None) -> AuditEvent:
    """Make `version` the active system prompt for every process, from the next turn."""
    return record_audit(session, event=PINNED, actor=actor, outcome=version, detail=detail)


def pinned_prompt(session: Session) -> str | None:
    """The version pinned last, or None if nobody ever pinned one."""
    query = select(AuditEvent.outcome).where(AuditEvent.event == PINNED).order_by(AuditEvent.id.desc()).limit(1)
    return session.scalars(query).first()
