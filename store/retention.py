"""Retention: conversation text and pseudonym vaults go after the retention period; the audit log stays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from store.events import forget_events_before
from store.models import Conversation, Escalation, PseudonymVault, Turn


@dataclass(frozen=True)
class PurgeCounts:
    turns: int
    conversations: int
    vaults: int
    events: int

    def render(self) -> str:
        return (
            f"purged {self.turns} turns, {self.conversations} conversations, "
            f"{self.vaults} pseudonym vaults, {self.events} processed-event keys"
        )


def purge_before(session: Session, *, before: datetime) -> PurgeCounts:
    """Delete conversation text, idle conversations and vaults last touched before `before`."""
    turns = session.execute(delete(Turn).where(Turn.created_at < before)).rowcount  # type: ignore[attr-defined]
    idle = select(Conversation.id).where(
        Conversation.updated_at < before, ~Conversation.id.in_(select(Turn.conversation_id))
    )
    session.execute(delete(Escalation).where(Escalation.conversation_id.in_(idle)))
    conversations = session.execute(delete(Conversation).where(Conversation.id.in_(idle))).rowcount  # type: ignore[attr-defined]
    vaults = session.execute(delete(PseudonymVault).where(PseudonymVault.updated_at < before)).rowcount  # type: ignore[attr-defined]
    events = forget_events_before(session, before=before)
    return PurgeCounts(turns=int(turns), conversations=int(conversations), vaults=int(vaults), events=events)
