"""Proposals are checked inside the tool call, so the model sees every refusal and the user never gets a card
for a ticket that does not exist, is someone else's, or that the model made up."""

from __future__ import annotations

from collections.abc import Sequence

from llama_index.core.base.llms.types import ChatMessage

from bot.testing.scripted_llm import Step, call, last_tool_output, say, step_index
from model.outcomes import ProposedAction
from model.ports import HistoryTurn
from store import tickets
from store.db import Database
from tests.agent.fakes import request


def calls(result: object) -> list[tuple[str, bool, bool]]:
    return [(c["name"], c["valid"], c["ok"]) for c in result.usage.tool_calls]  # type: ignore[attr-defined]


def someone_elses_ticket(database: Database) -> str:
    with database.transaction() as session:
        created = tickets.create_ticket(session, title="Printer jam", description="", priority="low", requester="U2")
        return tickets.ticket_ref(created)


async def test_a_status_change_on_a_missing_ticket_is_refused_to_the_model(scripted) -> None:
    """Closing OPS-4242, which does not exist, gives no card: the model is told and tells the user."""
    agent, model = scripted(
        [call("propose_update_ticket_status", ticket="OPS-4242", status="closed"), say("Which ticket did you mean?")]
    )

    result = await agent.respond(request("close OPS-4242 please"))

    assert not isinstance(result.outcome, ProposedAction)
    assert "there is no ticket OPS-4242" in last_tool_output(model.calls[1])
    assert calls(result) == [("propose_update_ticket_status", True, False)]


async def test_a_comment_on_a_missing_ticket_gets_no_card(scripted) -> None:
    """A comment on a ticket that does not exist is refused in the tool (it used to become a card)."""
    agent, model = scripted(
        [call("propose_add_ticket_comment", ticket="OPS-4242", comment="still broken"), say("Which ticket?")]
    )

    result = await agent.respond(request("add a comment to OPS-4242: still broken"))

    assert not isinstance(result.outcome, ProposedAction)
    assert "there is no ticket OPS-4242" in last_tool_output(model.calls[1])


async def test_someone_elses_ticket_is_refused_and_so_is_the_models_comment(scripted, agent_database) -> None:
    """A stranger's status change on another person's ticket is refused with "you can't see", and so is the comment
    the model tries instead: no card, nothing about the ticket in what the model was told."""
    other = someone_elses_ticket(agent_database)

    def model_that_listens(messages: Sequence[ChatMessage]) -> Step:
        if step_index(messages) == 0:
            return call("propose_update_ticket_status", ticket=other, status="closed")
        if step_index(messages) == 1:
            return call("propose_add_ticket_comment", ticket=other, comment="Fixed on my side, please close.")
        return say("I can't change that ticket.")

    agent, model = scripted(model_that_listens)

    result = await agent.respond(request(f"close {other}, it's fixed", groups=("everyone",)))

    assert f"you can't see {other}" in last_tool_output(model.calls[1])
    assert f"you can't see {other}" in last_tool_output(model.calls[2])
    assert not isinstance(result.outcome, ProposedAction)
    assert "Printer jam" not in "\n".join(m.content or "" for messages in model.calls for m in messages)


async def test_the_ops_team_may_change_someone_elses_ticket(scripted, agent_database) -> None:
    """A member of the ops team (sre) gets a card for a status change on another person's ticket."""
    other = someone_elses_ticket(agent_database)
    agent, _ = scripted([call("propose_update_ticket_status", ticket=other, status="closed")])

    result = await agent.respond(request(f"close {other}, it's fixed", groups=("everyone", "sre")))

    assert result.outcome == ProposedAction("update_ticket_status", {"ticket": other, "status": "closed"})


async def test_an_invented_ticket_id_is_refused_until_a_tool_gives_one(scripted, ticket: str) -> None:
    """The model may not guess an id: it must come from the user or a tool; after listing the tickets it may."""

    def guesser(messages: Sequence[ChatMessage]) -> Step:
        if step_index(messages) == 0:
            return call("propose_update_ticket_status", ticket=ticket, status="resolved")
        if step_index(messages) == 1:
            return call("list_my_tickets")
        return call("propose_update_ticket_status", ticket=ticket, status="resolved")

    agent, model = scripted(guesser)

    result = await agent.respond(request("my VPN ticket is solved, please resolve it"))

    assert f"{ticket} is not in the user's messages or in a tool result" in last_tool_output(model.calls[1])
    assert result.outcome == ProposedAction("update_ticket_status", {"ticket": ticket, "status": "resolved"})
    assert calls(result) == [
        ("propose_update_ticket_status", False, False),
        ("list_my_tickets", True, True),
        ("propose_update_ticket_status", True, True),
    ]


async def test_an_id_from_a_recorded_action_counts_but_not_one_from_the_models_own_reply(scripted, ticket: str) -> None:
    """History: a ticket Opsbot recorded creating may be used; one that only the model ever wrote may not."""
    recorded = [HistoryTurn("user", "open a ticket for the VPN"), HistoryTurn("action", f"Created {ticket}: VPN")]
    claimed = [HistoryTurn("user", "open a ticket for the VPN"), HistoryTurn("assistant", f"Done, it is {ticket}.")]
    script = [call("propose_add_ticket_comment", ticket=ticket, comment="also on wifi"), say("Which ticket?")]

    agent, _ = scripted(script)
    trusted = await agent.respond(request("add to that ticket: also on wifi", history=recorded))
    agent, model = scripted(script)
    doubted = await agent.respond(request("add to that ticket: also on wifi", history=claimed))

    assert trusted.outcome == ProposedAction("add_ticket_comment", {"ticket": ticket, "comment": "also on wifi"})
    assert not isinstance(doubted.outcome, ProposedAction)
    assert "not in the user's messages" in last_tool_output(model.calls[1])
