"""Retention: conversation text, pseudonym vaults and action results go after the retention period; the audit log
stays (its details are redacted like every stored text)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, null, or_, select, update
from sqlalchemy.orm import Session

from store.events import forget_events_before
from store.models import Conversation, Escalation, PendingAction, PseudonymVault, Turn


@dataclass(frozen=True)
class PurgeCounts:
    turns: int
    conversations: int
    vaults: int
    events: int
    results: int = 0

    def render(self) -> str:
        return (
            f"purged {self.turns} turns, {self.conversations} conversations, "
            f"{self.vaults} pseudonym vaults, {self.events} processed-event keys, {self.results} action results"
        )


def purge_before(session: Session, *, before: datetime) -> PurgeCounts:
    """Delete conversation text, idle conversations and vaults last touched before `before`, and the results and
    errors of actions finished before it (the row stays: its id, action, status and redacted params)."""
    turns = session.execute(delete(Turn).where(Turn.created_at < before)).rowcount  # type: ignore[attr-defined]
    idle = select(Conversation.id).where(
        Conversation.updated_at < before, ~Conversation.id.in_(select(Turn.conversation_id))
    )
    session.execute(delete(Escalation).where(Escalation.conversation_id.in_(idle)))
    conversations = session.execute(delete(Conversation).where(Conversation.id.in_(idle))).rowcount  # type: ignore[attr-defined]
    vaults = session.execute(delete(PseudonymVault).where(PseudonymVault.updated_at < before)).rowcount  # type: ignore[attr-defined]
    events = forget_events_before(session, before=before)
    results = session.execute(
        update(PendingAction)
        .where(
            PendingAction.finished_at < before, or_(PendingAction.result.is_not(None), PendingAction.error.is_not(None))
        )
        .values(result=null(), error=None)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    counts = (int(turns), int(conversations), int(vaults), events, int(results))
    return PurgeCounts(*counts)
