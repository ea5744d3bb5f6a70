"""Conversation references: where a Teams conversation can be reached (its serviceUrl and tenant), remembered
from each activity so that replies, card updates and proactive messages (re-pings, interrupted-action notices,
on-call notices) go to the right Bot Connector. Kept in memory, and in the database (StoredReferences), so a
restarted process can still reach a conversation it has not heard from since."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.teams.inbound import Where
from bot.teams.threads import PLATFORM
from store.db import Database
from store.references import find_reference, save_reference


@dataclass(frozen=True)
class Reference:
    service_url: str
    tenant_id: str | None


class ReferenceStore(Protocol):
    def save(self, conversation_id: str, reference: Reference) -> None: ...

    def load(self, conversation_id: str) -> Reference | None: ...


class References:
    def __init__(self, default_service_url: str, store: ReferenceStore | None = None) -> None:
        self._default = default_service_url
        self._store = store
        self._known: dict[str, Reference] = {}
        self._last: Reference | None = None

    def remember(self, where: Where) -> None:
        reference = Reference(where.service_url, where.tenant_id)
        self._last = reference
        if self._known.get(where.conversation_id) != reference:
            self._known[where.conversation_id] = reference
            if self._store is not None:
                self._store.save(where.conversation_id, reference)

    def service_url(self, conversation_id: str) -> str:
        """The conversation's serviceUrl; else the last one any activity came from (one tenant: one region); else
        TEAMS_SERVICE_URL."""
        known = self._known.get(conversation_id)
        if known is None and self._store is not None:
            known = self._store.load(conversation_id)
            if known is not None:
                self._known[conversation_id] = known
        if known is not None:
            return known.service_url
        return self._last.service_url if self._last is not None else self._default


class StoredReferences:
    """References kept in the database (implements ReferenceStore), so re-pings and sweeps after a restart reach
    conversations the new process has not heard from yet."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def save(self, conversation_id: str, reference: Reference) -> None:
        with self._db.transaction() as session:
            save_reference(
                session,
                platform=PLATFORM,
                conversation_id=conversation_id,
                service_url=reference.service_url,
                tenant_id=reference.tenant_id,
            )

    def load(self, conversation_id: str) -> Reference | None:
        with self._db.transaction() as session:
            row = find_reference(session, platform=PLATFORM, conversation_id=conversation_id)
            return Reference(row.service_url, row.tenant_id) if row is not None else None
