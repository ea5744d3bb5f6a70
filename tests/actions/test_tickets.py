"""The built-in ticket actions, run directly by the executor on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from actions import (
    AccessDenied,
    ActionContext,
    ActionFailed,
    NeedsConfirmation,
    UnknownAction,
    run_action,
    run_read_action,
    validate_arguments,
)
from actions.build import build_registry
from actions.registry import ActionRegistry
from model.messages import Person
from store import audit, tickets
from store.db import Database
from tests.actions.support import ALICE, BOB, SRE, registry_on

pytestmark = pytest.mark.db


async def write(registry: ActionRegistry, database: Database, name: str, **args: str) -> str:
    """Run a write action as if confirmed by Alice; its summary, or its failure text."""
    spec = registry.get(name)
    assert spec is not None
    execution = await run_action(spec, validate_arguments(spec, args), ActionContext(database, ALICE))
    return execution.result.summary if execution.result else execution.failure_text()


async def test_tickets_are_created_commented_and_moved_along(database: Database) -> None:
    """create, comment and status change show up when the ticket is read back, with its description and comments."""
    registry = registry_on(database)
    assert await write(registry, database, "create_ticket", title="VPN down for <PERSON_1>") == (
        "Created OPS-1: VPN down for <PERSON_1> (priority normal)."
    )
    assert await write(registry, database, "add_ticket_comment", ticket="ops-1", comment="still down") == (
        "Added a comment to OPS-1."
    )
    assert await write(registry, database, "update_ticket_status", ticket="1", status="in_progress") == (
        "OPS-1 is now in_progress."
    )
    result = await run_read_action(registry, "get_ticket", {"ticket": "OPS-1"}, ActionContext(database, SRE))
    assert result.summary.splitlines() == [
        "OPS-1 (in_progress, normal): VPN down for ‹PERSON_1›",  # read outside its thread: inert
        "No description.",
        "Comments (1):",
        "- still down",
    ]
    assert result.data["comments"] == ["still down"] and result.data["requester"] == ALICE.id


async def run_as(registry: ActionRegistry, database: Database, person: Person, name: str, **args: str) -> str:
    spec = registry.get(name)
    assert spec is not None
    execution = await run_action(spec, validate_arguments(spec, args), ActionContext(database, person))
    return execution.result.summary if execution.result else execution.failure_text()


async def test_only_the_requester_or_the_ops_team_changes_a_tickets_status(database: Database) -> None:
    """Bob, who may not even see Alice's ticket, can neither close it (that is what an injected 'close all tickets'
    would ask) nor comment on it; Alice may, and so may a member of the ops team (ticket_agent_groups, default sre)."""
    registry = registry_on(database)
    await write(registry, database, "create_ticket", title="VPN down in Berlin")
    refused = await run_as(registry, database, BOB, "update_ticket_status", ticket="OPS-1", status="closed")
    assert refused == "You can't see OPS-1. Nothing was changed."
    commented = await run_as(registry, database, BOB, "add_ticket_comment", ticket="OPS-1", comment="me too")
    assert commented == "You can't see OPS-1. Nothing was changed."
    assert await run_as(registry, database, SRE, "add_ticket_comment", ticket="OPS-1", comment="on it") == (
        "Added a comment to OPS-1."
    )
    assert await run_as(registry, database, SRE, "update_ticket_status", ticket="OPS-1", status="in_progress") == (
        "OPS-1 is now in_progress."
    )
    assert await run_as(registry, database, ALICE, "update_ticket_status", ticket="OPS-1", status="closed") == (
        "OPS-1 is now closed."
    )
    other_team = build_registry(ticket_agent_groups=["it-support"])
    moved = await run_as(other_team, database, SRE, "update_ticket_status", ticket="OPS-1", status="open")
    assert moved == "You can't see OPS-1. Nothing was changed."


async def test_a_stranger_cannot_read_or_write_a_colleagues_ticket(database: Database) -> None:
    """Bob asking for Alice's ticket hears only "you can't see OPS-1": no title, no comment; his comment is not
    written; each refusal is an audit event."""
    registry = registry_on(database)
    await write(registry, database, "create_ticket", title="Payroll export for <PERSON_1>", description="salary list")
    with pytest.raises(AccessDenied, match=r"^You can't see OPS-1\. Nothing was changed\.$"):
        await run_read_action(registry, "get_ticket", {"ticket": "OPS-1"}, ActionContext(database, BOB))
    await run_as(registry, database, BOB, "add_ticket_comment", ticket="OPS-1", comment="what is this?")
    with database.transaction() as session:
        comments = tickets.comments_of(session, ticket_id=1)
        refusals = [(e.event, e.actor, e.action, e.params) for e in audit.list_audit(session)]
    assert comments == []
    assert refusals == [
        ("access_refused", BOB.id, "get_ticket", {"ticket": "OPS-1"}),
        ("access_refused", BOB.id, "add_ticket_comment", {"ticket": "OPS-1"}),
    ]


async def test_an_id_that_is_not_ours_says_where_past_tickets_are(database: Database) -> None:
    """get_ticket on an id from the imported history explains that Opsbot's tickets are OPS-<n> and how to find it."""
    with pytest.raises(ActionFailed, match="there is no ticket OPS-1001 among Opsbot's own tickets") as failed:
        await run_read_action(registry_on(database), "get_ticket", {"ticket": "OPS-1001"}, ActionContext(database, SRE))
    assert "search_knowledge" in failed.value.user_text and "history:<id>" in failed.value.user_text


async def test_a_missing_ticket_is_a_clear_failure(database: Database) -> None:
    """Commenting on a ticket that does not exist fails with its id, and says nothing was changed."""
    text = await write(registry_on(database), database, "add_ticket_comment", ticket="OPS-99", comment="hello")
    assert text.startswith("add_ticket_comment failed: there is no ticket OPS-99. Nothing was changed")


async def test_my_tickets_lists_only_the_askers_own(database: Database) -> None:
    """list_my_tickets shows the asker's tickets, newest first, filtered by status when asked."""
    registry = registry_on(database)
    for title in ("first issue", "second issue"):
        await write(registry, database, "create_ticket", title=title)
    mine = await run_read_action(registry, "list_my_tickets", {}, ActionContext(database, ALICE))
    assert mine.summary.splitlines() == ["OPS-2 (open, normal): second issue", "OPS-1 (open, normal): first issue"]
    theirs = await run_read_action(registry, "list_my_tickets", {"status": "open"}, ActionContext(database, BOB))
    assert theirs.summary == "You have no tickets."
    agent = await run_read_action(registry, "list_my_tickets", {}, ActionContext(database, SRE))
    assert agent.summary == "You have no tickets."  # the ops team sees anyone's ticket, but "my" means mine


async def test_reads_run_directly_but_writes_do_not(database: Database) -> None:
    """run_read_action refuses a write action and an unknown name with messages an LLM can act on."""
    registry = registry_on(database)
    with pytest.raises(NeedsConfirmation, match="must be proposed and confirmed"):
        await run_read_action(registry, "create_ticket", {"title": "x"}, ActionContext(database, ALICE))
    with pytest.raises(UnknownAction, match="Did you mean get_ticket"):
        await run_read_action(registry, "get_tiket", {}, ActionContext(database, ALICE))
