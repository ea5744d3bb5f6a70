"""Repository behaviour, on SQLite and PostgreSQL alike."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from model.status import PendingStatus
from redaction import RedactionConfig, Redactor
from store import audit, conversations, events, pending, retention, tickets
from store.db import Database
from store.models import AppendOnlyError, AuditEvent, PendingAction
from store.vaults import SqlVaultStore

pytestmark = pytest.mark.db


def _pending(db: Database, **overrides: Any) -> str:
    fields: dict[str, Any] = {
        "action": "create_ticket",
        "params": {"title": "VPN down"},
        "requester": "U1",
        "confirm_by": "requester",
        "risk": "low",
        "expires_at": datetime.now(UTC) + timedelta(minutes=15),
    }
    fields.update(overrides)
    with db.transaction() as session:
        return pending.create_pending(session, **fields).id


def test_a_thread_maps_to_one_conversation(database: Database) -> None:
    """Asking twice in the same thread continues the same conversation, with its turns in order."""
    for text in ("first", "second"):
        with database.transaction() as session:
            conv = conversations.get_or_create_conversation(
                session, platform="console", channel="local", thread="t1", started_by="U1"
            )
            conversations.add_turn(session, conversation=conv, role="user", text=text, user_id="U1")
    with database.transaction() as session:
        conv = conversations.get_or_create_conversation(
            session, platform="console", channel="local", thread="t1", started_by="U2"
        )
        turns = conversations.recent_turns(session, conversation_id=conv.id)
    assert [t.text for t in turns] == ["first", "second"]
    assert conv.started_by == "U1"


def test_a_redelivered_event_is_claimed_once(database: Database) -> None:
    """The second claim of the same event key loses, so a redelivery produces no second answer."""
    with database.transaction() as session:
        assert events.claim_event(session, key="slack:Ev1") is True
    with database.transaction() as session:
        assert events.claim_event(session, key="slack:Ev1") is False
        assert events.claim_event(session, key="slack:Ev2") is True


def test_racing_confirmations_claim_a_pending_action_once(database: Database) -> None:
    """Eight simultaneous confirm clicks: exactly one moves the action from pending to executing."""
    pending_id = _pending(database)

    def claim(actor: int) -> bool:
        with database.transaction() as session:
            return pending.transition(
                session, pending_id=pending_id, from_status="pending", to_status="executing", decided_by=f"U{actor}"
            )

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(claim, range(8)))
    assert results.count(True) == 1
    with database.transaction() as session:
        row = pending.get_pending(session, pending_id=pending_id)
        assert row is not None and row.status == "executing"


def test_an_expired_pending_action_cannot_be_claimed(database: Database) -> None:
    """A confirmation after expiry changes nothing."""
    pending_id = _pending(database, expires_at=datetime.now(UTC) - timedelta(seconds=1))
    with database.transaction() as session:
        assert not pending.transition(session, pending_id=pending_id, from_status="pending", to_status="executing")
        assert pending.transition(session, pending_id=pending_id, from_status="pending", to_status="expired")


def test_pending_ids_are_opaque_and_unique(database: Database) -> None:
    """Button values cannot be guessed from one another."""
    ids = {_pending(database) for _ in range(5)}
    assert len(ids) == 5
    assert all(i.startswith("pa_") and len(i) > 20 for i in ids)


def test_audit_log_is_append_only(database: Database) -> None:
    """An audit event can be written and read, but never edited or deleted."""
    with database.transaction() as session:
        audit.record_audit(session, event="proposed", actor="U1", action="create_ticket", params={"title": "x"})
    with pytest.raises(AppendOnlyError), database.transaction() as session:
        entry = session.get(AuditEvent, 1)
        assert entry is not None
        entry.outcome = "tampered"
    with database.transaction() as session:
        assert [e.outcome for e in audit.list_audit(session)] == [None]


def test_tickets_get_ops_references(database: Database) -> None:
    """The first ticket is OPS-1, and its reference parses back to it."""
    with database.transaction() as session:
        ticket = tickets.create_ticket(session, title="VPN down", description="", priority="high", requester="U1")
        ref = tickets.ticket_ref(ticket)
        tickets.add_comment(session, ticket=ticket, author="U1", body="still down")
    assert ref == "OPS-1"
    with database.transaction() as session:
        found = tickets.get_ticket(session, ticket_id=tickets.parse_ticket_ref("ops-1") or 0)
        assert found is not None and found.title == "VPN down"
        assert [c.body for c in tickets.comments_of(session, ticket_id=found.id)] == ["still down"]


def test_vault_blobs_are_replaced_only_from_the_version_read(database: Database) -> None:
    """Compare-and-set: a save based on a stale read (or a second first insert) is refused, not applied."""
    store = SqlVaultStore(database)
    assert store.load("console:local:t1") is None
    assert store.save("console:local:t1", b"one")
    assert not store.save("console:local:t1", b"also first")
    assert store.save("console:local:t1", b"two", replacing=b"one")
    assert not store.save("console:local:t1", b"stale", replacing=b"one")
    assert store.load("console:local:t1") == b"two"


class _Interleaved(SqlVaultStore):
    """A store whose first read lets another process redact in the same thread before this one writes."""

    def __init__(self, database: Database, meanwhile: Callable[[], object]) -> None:
        super().__init__(database)
        self._meanwhile: Callable[[], object] | None = meanwhile

    def load(self, scope: str) -> bytes | None:
        blob = super().load(scope)
        if self._meanwhile is not None:
            meanwhile, self._meanwhile = self._meanwhile, None
            meanwhile()
        return blob


def test_two_processes_redacting_in_one_thread_keep_each_others_placeholders(database: Database) -> None:
    """Replica B saves the thread's vault between replica A's read and write: A redoes its work on B's vault, so
    <EMAIL_ADDRESS_1> still restores to B's address and A's gets the next number."""
    scope, config = "slack:C1:1.0", RedactionConfig(vault_key="v" * 40)
    other = Database(database.url)
    replica_b = Redactor(config, vault_store=SqlVaultStore(other))
    seen_by_b: list[str] = []

    def meanwhile() -> None:
        seen_by_b.append(replica_b.redact("mail bob@corp.internal", scope=scope).text)

    replica_a = Redactor(config, vault_store=_Interleaved(database, meanwhile))
    assert replica_a.redact("mail alice@corp.internal", scope=scope).text == "mail <EMAIL_ADDRESS_2>"
    assert seen_by_b == ["mail <EMAIL_ADDRESS_1>"]
    for replica in (replica_a, replica_b):
        assert replica.restore("<EMAIL_ADDRESS_1> and <EMAIL_ADDRESS_2>", scope=scope) == (
            "bob@corp.internal and alice@corp.internal"
        )
    other.dispose()


def test_purge_removes_old_text_but_keeps_the_audit_log(database: Database) -> None:
    """After the retention period, turns and vaults are gone while audit events survive."""
    with database.transaction() as session:
        conv = conversations.get_or_create_conversation(
            session, platform="console", channel="local", thread="t1", started_by="U1"
        )
        conversations.add_turn(session, conversation=conv, role="user", text="<PERSON_1> needs VPN", user_id="U1")
        audit.record_audit(session, event="executed", actor="U1", action="create_ticket")
    SqlVaultStore(database).save("console:local:t1", b"blob")
    with database.transaction() as session:
        counts = retention.purge_before(session, before=datetime.now(UTC) + timedelta(seconds=1))
    assert (counts.turns, counts.conversations, counts.vaults) == (1, 1, 1)
    with database.transaction() as session:
        assert len(audit.list_audit(session)) == 1


def test_purge_clears_the_results_of_old_actions_but_keeps_their_rows(database: Database) -> None:
    """After the retention period an action's result and error are gone; the row and its status stay."""
    now = datetime.now(UTC)
    with database.transaction() as session:
        for number, status in enumerate((PendingStatus.SUCCEEDED, PendingStatus.FAILED)):
            row = pending.create_pending(
                session,
                expires_at=now + timedelta(minutes=15),
                action="create_ticket",
                params={},
                requester="U1",
                thread_key=f"console:local:t{number}",
                risk="low",
                confirm_by="requester",
                approver_group=None,
            )
            pending.transition(
                session,
                pending_id=row.id,
                from_status=PendingStatus.PENDING,
                to_status=PendingStatus.EXECUTING,
                now=now,
            )
            pending.transition(
                session,
                pending_id=row.id,
                from_status=PendingStatus.EXECUTING,
                to_status=status,
                now=now,
                finished_at=now,
                result={"summary": "Ticket OPS-1 opened"},
                error="x",
            )
    with database.transaction() as session:
        counts = retention.purge_before(session, before=now + timedelta(seconds=1))
    assert counts.results == 2 and "2 action results" in counts.render()
    with database.transaction() as session:
        rows = session.scalars(select(PendingAction)).all()
        assert sorted((r.status, r.result, r.error) for r in rows) == [
            ("failed", None, None),
            ("succeeded", None, None),
        ]
    with database.transaction() as session:
        assert retention.purge_before(session, before=now + timedelta(seconds=1)).results == 0
