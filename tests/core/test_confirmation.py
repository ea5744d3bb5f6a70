"""Confirmation of proposed actions, end to end on SQLite and PostgreSQL: card, clicks, races, refusals, audit."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from actions import ActionRegistry
from model.messages import Person
from model.outcomes import ProposedAction
from model.replies import Reply, ReplyKind
from store import pending, tickets
from store.db import Database
from store.kill_switch import record_switch
from tests.actions.support import (
    ALICE,
    BOB,
    RESTART,
    SRE,
    THREAD,
    VPN_TICKET,
    Clock,
    audit_events,
    flaky_action,
    pending_id_of,
    registry_on,
    service_on,
    slow_action,
    status_of,
)

pytestmark = pytest.mark.db


def ticket_count(database: Database) -> int:
    with database.transaction() as session:
        return len(tickets.tickets_of(session, requester=ALICE.id, limit=100))


async def propose(database: Database, proposal: ProposedAction = VPN_TICKET, **kwargs: object) -> tuple[str, Reply]:
    reply = await service_on(database, **kwargs).propose(proposal=proposal, requester=ALICE, thread=THREAD)  # type: ignore[arg-type]
    return pending_id_of(reply), reply


async def test_propose_stores_a_pending_action_and_shows_exactly_what_will_run(database: Database) -> None:
    """A proposal becomes a stored pending action and a card with the validated params and Confirm/Cancel."""
    pending_id, reply = await propose(database)
    assert reply.kind is ReplyKind.CONFIRMATION and reply.card is not None
    assert dict(reply.card.params) == {"title": "VPN down in Berlin", "description": "", "priority": "high"}
    assert reply.card.who_may_confirm == "the person who asked"
    assert [(c.label, c.value, c.style) for c in reply.choices] == [
        ("Confirm", f"confirm:{pending_id}", "primary"),
        ("Cancel", f"cancel:{pending_id}", "default"),
    ]
    with database.transaction() as session:
        row = pending.get_pending(session, pending_id=pending_id)
        assert row is not None and row.params == dict(reply.card.params) and row.requester == ALICE.id
    assert audit_events(database) == ["proposed"]


async def test_invalid_arguments_are_explained_and_nothing_is_stored(database: Database) -> None:
    """A proposal with bad arguments gets a reply listing each problem, and no pending row or audit event."""
    bad = ProposedAction("create_ticket", {"priority": "critical", "colour": "red"})
    reply = await service_on(database).propose(proposal=bad, requester=ALICE, thread=THREAD)
    assert reply.kind is ReplyKind.ERROR and reply.card is None
    assert (
        "- title: missing" in reply.text and "- priority:" in reply.text and "- colour: not a parameter" in reply.text
    )
    assert audit_events(database) == []


async def test_an_unknown_action_suggests_the_closest_one(database: Database) -> None:
    """Proposing a misspelt action names the closest real one and /ops help."""
    reply = await service_on(database).propose(
        proposal=ProposedAction("create_tiket", {}), requester=ALICE, thread=THREAD
    )
    assert "Did you mean create_ticket?" in reply.text and "/ops help" in reply.text


async def test_the_requester_confirms_and_it_runs_once(database: Database) -> None:
    """Confirming creates OPS-1 and leaves proposed, confirmed and executed in the audit log."""
    pending_id, _ = await propose(database)
    reply = await service_on(database).decide(pending_id=pending_id, actor=ALICE, choice="confirm")
    assert reply.kind is ReplyKind.ACTION_RESULT and reply.text.startswith("Created OPS-1: VPN down in Berlin")
    assert status_of(database, pending_id) == "succeeded"
    assert audit_events(database, pending_id) == ["proposed", "confirmed", "executed"]
    assert ticket_count(database) == 1


async def test_a_second_confirm_is_already_handled(database: Database) -> None:
    """Clicking Confirm again says who confirmed it and runs nothing twice."""
    pending_id, _ = await propose(database)
    service = service_on(database)
    await service.decide(pending_id=pending_id, actor=ALICE, choice="confirm")
    again = await service.decide(pending_id=pending_id, actor=ALICE, choice="confirm")
    assert again.ephemeral and "already confirmed by U_ALICE" in again.text
    assert ticket_count(database) == 1


async def test_racing_confirmations_in_one_event_loop_execute_once(database: Database) -> None:
    """Five simultaneous Confirm clicks: one runs the action, the others hear it is already handled."""
    pending_id, _ = await propose(database)
    service = service_on(database)
    replies = await asyncio.gather(
        *(service.decide(pending_id=pending_id, actor=ALICE, choice="confirm") for _ in range(5))
    )
    assert sum(r.kind is ReplyKind.ACTION_RESULT for r in replies) == 1
    assert all("already" in r.text for r in replies if r.kind is not ReplyKind.ACTION_RESULT)
    assert ticket_count(database) == 1
    assert audit_events(database, pending_id).count("executed") == 1


async def test_racing_confirmations_from_threads_execute_once(database: Database) -> None:
    """Four processes' worth of clicks (threads, each with its own event loop) run the action once."""
    pending_id, _ = await propose(database)

    def click() -> Reply:
        return asyncio.run(service_on(database).decide(pending_id=pending_id, actor=ALICE, choice="confirm"))

    with ThreadPoolExecutor(max_workers=4) as pool:
        replies = await asyncio.to_thread(lambda: list(pool.map(lambda _: click(), range(4))))
    assert sum(r.kind is ReplyKind.ACTION_RESULT for r in replies) == 1
    assert ticket_count(database) == 1


async def test_someone_else_cannot_confirm_a_low_risk_request(database: Database) -> None:
    """A confirm by someone other than the requester is refused privately, audited, and changes nothing."""
    pending_id, _ = await propose(database)
    reply = await service_on(database).decide(pending_id=pending_id, actor=BOB, choice="confirm")
    assert reply.ephemeral and "Only the person who asked" in reply.text
    assert status_of(database, pending_id) == "pending"
    assert audit_events(database, pending_id) == ["proposed", "refused"]
    assert ticket_count(database) == 0


async def test_a_high_risk_action_needs_an_approver(database: Database) -> None:
    """The requester cannot confirm a production restart; a member of sre can, and it is recorded as a ticket."""
    pending_id, reply = await propose(database, RESTART)
    assert reply.card is not None and reply.card.risk == "high" and reply.card.who_may_confirm == "a member of sre"
    service = service_on(database)
    refused = await service.decide(pending_id=pending_id, actor=ALICE, choice="confirm")
    assert refused.ephemeral and "only a member of sre can confirm" in refused.text
    done = await service.decide(pending_id=pending_id, actor=SRE, choice="confirm")
    assert (
        done.kind is ReplyKind.ACTION_RESULT and "Restart of vpn-gateway in production requested as OPS-1" in done.text
    )
    with database.transaction() as session:
        ticket = tickets.get_ticket(session, ticket_id=1)
        assert ticket is not None and ticket.requester == ALICE.id and "approved by U_SRE" in ticket.description


async def test_both_means_an_approver_other_than_the_requester(database: Database) -> None:
    """With confirm_by=both, an approver who asked is refused (four eyes) and a second approver succeeds."""
    registry = registry_on(database)
    spec = registry.get("create_ticket")
    assert spec is not None
    from dataclasses import replace

    registry.register(replace(spec, confirm_by="both", approver_group="sre"), replace=True)
    service = service_on(database, registry)
    asker = Person("U_SRE2", frozenset({"sre"}))
    pending_id = pending_id_of(await service.propose(proposal=VPN_TICKET, requester=asker, thread=THREAD))
    own = await service.decide(pending_id=pending_id, actor=asker, choice="confirm")
    assert own.ephemeral and "you asked for it yourself" in own.text
    other = await service.decide(pending_id=pending_id, actor=SRE, choice="confirm")
    assert other.kind is ReplyKind.ACTION_RESULT


async def test_an_approver_removed_from_the_group_is_refused_at_run_time(database: Database) -> None:
    """The click passes with the groups the chat reported, but the directory's current groups deny the run."""
    pending_id, _ = await propose(database, RESTART)
    service = service_on(database, directory=lambda user: frozenset({"everyone"}))
    reply = await service.decide(pending_id=pending_id, actor=SRE, choice="confirm")
    assert "was not run: at run time, this is a high-risk action" in reply.text
    assert status_of(database, pending_id) == "denied"
    assert audit_events(database, pending_id) == ["proposed", "confirmed", "refused"]
    assert ticket_count(database) == 0


async def test_an_action_switched_off_after_the_proposal_is_refused_at_run_time(database: Database) -> None:
    """Disabling the action between propose and confirm stops the run, though the click was allowed."""
    pending_id, _ = await propose(database)
    with database.transaction() as session:
        record_switch(session, action="create_ticket", enabled=False, actor="cli:admin")
    reply = await service_on(database).decide(pending_id=pending_id, actor=ALICE, choice="confirm")
    assert "create_ticket was not run" in reply.text and "switched off" in reply.text
    assert status_of(database, pending_id) == "denied"
    assert ticket_count(database) == 0


async def test_an_expired_request_is_refused_and_marked_expired(database: Database) -> None:
    """A click after the expiry time runs nothing, marks the request expired and says to ask again."""
    clock = Clock()
    pending_id, _ = await propose(database, clock=clock)
    clock.advance(16)
    service = service_on(database, clock=clock)
    reply = await service.decide(pending_id=pending_id, actor=ALICE, choice="confirm")
    assert reply.ephemeral and "expired" in reply.text and "Ask again" in reply.text
    assert status_of(database, pending_id) == "expired"
    assert audit_events(database, pending_id) == ["proposed", "expired"]
    later = await service.decide(pending_id=pending_id, actor=ALICE, choice="confirm")
    assert "expired before anyone confirmed it" in later.text
    assert ticket_count(database) == 0


@pytest.mark.parametrize(
    ("pending_id", "choice"),
    [("pa_" + "A" * 24, "confirm"), ("nonsense", "confirm"), ("pa_\x00' OR 1=1 --", "confirm"), ("x" * 5000, "cancel")],
)
async def test_a_tampered_button_value_gets_a_clear_message(database: Database, pending_id: str, choice: str) -> None:
    """An unknown, garbage or oversized id is answered with 'I can't find that request' and changes nothing."""
    real_id, _ = await propose(database)
    reply = await service_on(database).decide(pending_id=pending_id, actor=ALICE, choice=choice)
    assert reply.ephemeral and reply.text.startswith("I can't find that request")
    assert status_of(database, real_id) == "pending"


async def test_an_unknown_verb_changes_nothing(database: Database) -> None:
    """A click with a verb other than confirm or cancel is not found, and the request stays pending."""
    pending_id, _ = await propose(database)
    reply = await service_on(database).decide(pending_id=pending_id, actor=ALICE, choice="approve")
    assert reply.text.startswith("I can't find") and status_of(database, pending_id) == "pending"


async def test_the_requester_can_cancel(database: Database) -> None:
    """Cancel stops the request for good: a later Confirm says who cancelled it and nothing runs."""
    pending_id, _ = await propose(database)
    service = service_on(database)
    reply = await service.decide(pending_id=pending_id, actor=ALICE, choice="cancel")
    assert "cancelled by U_ALICE; nothing was run" in reply.text
    later = await service.decide(pending_id=pending_id, actor=ALICE, choice="confirm")
    assert "was cancelled by U_ALICE" in later.text
    assert audit_events(database, pending_id) == ["proposed", "cancelled"]
    assert ticket_count(database) == 0


async def test_an_approver_may_cancel_but_a_stranger_may_not(database: Database) -> None:
    """A bystander's Cancel on a restart is refused; an SRE's Cancel goes through."""
    pending_id, _ = await propose(database, RESTART)
    service = service_on(database)
    refused = await service.decide(pending_id=pending_id, actor=BOB, choice="cancel")
    assert refused.ephemeral and "can cancel it" in refused.text
    done = await service.decide(pending_id=pending_id, actor=SRE, choice="cancel")
    assert "cancelled by U_SRE" in done.text and status_of(database, pending_id) == "cancelled"


async def test_a_timeout_fails_with_a_clear_message(database: Database) -> None:
    """An action slower than its timeout is marked failed; the user hears what failed, that nothing changed, a ref."""
    registry = registry_on(database)
    registry.register(slow_action(seconds=2, timeout=0.2))
    service = service_on(database, registry)
    proposal = ProposedAction("slow_note", {"text": "hello"})
    pending_id = pending_id_of(await service.propose(proposal=proposal, requester=ALICE, thread=THREAD))
    reply = await service.decide(pending_id=pending_id, actor=ALICE, choice="confirm")
    assert reply.kind is ReplyKind.ERROR and reply.reference
    assert reply.text == (
        f"slow_note failed: timed out after 0.2 s. Nothing was changed; try again or ask a human "
        f"(ref {reply.reference})."
    )
    assert status_of(database, pending_id) == "failed"
    assert audit_events(database, pending_id) == ["proposed", "confirmed", "failed"]


async def test_idempotent_actions_are_retried_with_the_same_key(database: Database) -> None:
    """A retryable failure is retried for an idempotent action, each attempt with the request's idempotency key."""
    calls: list[str] = []
    registry = registry_on(database)
    registry.register(flaky_action(2, idempotent=True, calls=calls))
    service = service_on(database, registry)
    proposal = ProposedAction("flaky_note", {"text": "hi"})
    pending_id = pending_id_of(await service.propose(proposal=proposal, requester=ALICE, thread=THREAD))
    reply = await service.decide(pending_id=pending_id, actor=ALICE, choice="confirm")
    assert reply.text == "noted: hi" and len(calls) == 3 and len(set(calls)) == 1
    with database.transaction() as session:
        row = pending.get_pending(session, pending_id=pending_id)
        assert row is not None and row.attempts == 3 and row.idempotency_key == calls[0]


async def test_non_idempotent_actions_are_not_retried(database: Database) -> None:
    """A failing action that is not idempotent runs once, and the user is told it may have partly happened."""
    calls: list[str] = []
    registry = registry_on(database)
    registry.register(flaky_action(1, idempotent=False, calls=calls))
    service = service_on(database, registry)
    proposal = ProposedAction("flaky_note", {"text": "hi"})
    pending_id = pending_id_of(await service.propose(proposal=proposal, requester=ALICE, thread=THREAD))
    reply = await service.decide(pending_id=pending_id, actor=ALICE, choice="confirm")
    assert (
        len(calls) == 1
        and "flaky_note failed: the service answered HTTP 503. It may have partly happened" in reply.text
    )


async def test_the_kill_switch_takes_effect_on_the_next_proposal(database: Database) -> None:
    """After `actions disable` (a switch event), the next proposal is refused; after `enable` it works again."""
    registry: ActionRegistry = registry_on(database)
    service = service_on(database, registry)
    with database.transaction() as session:
        record_switch(session, action="create_ticket", enabled=False, actor="cli:admin")
    off = await service.propose(proposal=VPN_TICKET, requester=ALICE, thread=THREAD)
    assert off.text.startswith("The action create_ticket is switched off") and off.card is None
    assert "create_ticket" not in [s.name for s in registry.specs()]
    with database.transaction() as session:
        record_switch(session, action="create_ticket", enabled=True, actor="cli:admin")
    on = await service.propose(proposal=VPN_TICKET, requester=ALICE, thread=THREAD)
    assert on.kind is ReplyKind.CONFIRMATION


async def test_a_proposed_read_action_runs_at_once(database: Database) -> None:
    """Reads need no confirmation: proposing get_ticket answers straight away (to whoever may see the ticket)."""
    pending_id, _ = await propose(database)
    service = service_on(database)
    await service.decide(pending_id=pending_id, actor=ALICE, choice="confirm")
    reply = await service.propose(
        proposal=ProposedAction("get_ticket", {"ticket": "ops-1"}), requester=SRE, thread=THREAD
    )
    assert reply.kind is ReplyKind.ACTION_RESULT
    assert reply.text.splitlines()[0] == "OPS-1 (open, high): VPN down in Berlin"
    assert reply.text.splitlines()[-1] == "No comments yet."
    refused = await service.propose(
        proposal=ProposedAction("get_ticket", {"ticket": "ops-1"}), requester=BOB, thread=THREAD
    )
    assert refused.kind is ReplyKind.ERROR and refused.text == "You can't see OPS-1. Nothing was changed."


async def test_closing_someone_elses_ticket_is_refused_before_any_card(database: Database) -> None:
    """Bob asking to close Alice's ticket, which he may not see, is told so at once; no card, no pending row, and
    only the refusal is audited."""
    await confirm_new_ticket(database)
    proposal = ProposedAction("update_ticket_status", {"ticket": "OPS-1", "status": "closed"})
    reply = await service_on(database).propose(proposal=proposal, requester=BOB, thread=THREAD)
    assert reply.kind is ReplyKind.ERROR and reply.card is None
    assert reply.text == "I can't offer update_ticket_status: you can't see OPS-1."
    assert audit_events(database)[-2:] == ["executed", "access_refused"]  # the ticket's creation, then the refusal


async def test_the_ticket_rule_is_checked_again_when_the_action_runs(database: Database) -> None:
    """An SRE proposes closing Alice's ticket, then leaves the sre group before confirming: the run is refused."""
    await confirm_new_ticket(database)
    proposal = ProposedAction("update_ticket_status", {"ticket": "OPS-1", "status": "closed"})
    card = await service_on(database).propose(proposal=proposal, requester=SRE, thread=THREAD)
    former_sre = Person(SRE.id, frozenset({"everyone"}))
    done = await service_on(database).decide(pending_id=pending_id_of(card), actor=former_sre, choice="confirm")
    assert done.kind is ReplyKind.ERROR and "You can't see OPS-1" in done.text
    assert status_of(database, pending_id_of(card)) == "failed"


async def confirm_new_ticket(database: Database) -> None:
    pending_id, _ = await propose(database)
    created = await service_on(database).decide(pending_id=pending_id, actor=ALICE, choice="confirm")
    assert created.text.startswith("Created OPS-1")
