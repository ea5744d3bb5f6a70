"""Edit on a confirmation card: a modal from the action's schema, field errors shown in it, and a valid correction
replacing the request with a new card."""

from __future__ import annotations

import json
from typing import Any

from store import pending, tickets
from tests.slack.harness import Harness
from tests.slack.signed import click_body, command_body, view_submission_body

CHANNEL = "C0GENERAL"
TICKET = 'create_ticket title="VPN down in Berlin" priority=high'


async def edit_modal(slack: Harness, user: str = "U0BOB") -> tuple[dict[str, Any], dict[str, Any]]:
    """Post a ticket card, click its Edit button; the card and the modal Slack was asked to open."""
    await slack.send(command_body("U0BOB", CHANNEL, TICKET))
    await slack.settle()
    card = slack.posts(CHANNEL)[-1]
    [edit] = [b["accessory"] for b in card["blocks"] if b.get("accessory", {}).get("action_id") == "opsbot_edit"]
    await slack.send(click_body(user, card, edit["value"], action_id="opsbot_edit"))
    await slack.settle()
    opened = slack.fake.calls_to("views.open")
    return card, opened[-1].args["view"] if opened else {}


def typed(**values: str) -> dict[str, dict[str, Any]]:
    return {f"p_{k}": {"value": {"type": "plain_text_input", "value": v}} for k, v in values.items()}


async def test_edit_opens_a_modal_with_each_parameter_prefilled(slack: Harness) -> None:
    """The modal has one field per parameter of the action, with its current value and the schema's description."""
    _, view = await edit_modal(slack)
    fields = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert list(fields) == ["p_title", "p_description", "p_priority"]
    assert fields["p_title"]["element"]["initial_value"] == "VPN down in Berlin" and not fields["p_title"]["optional"]
    assert (
        fields["p_priority"]["element"]["initial_value"] == "high" and "urgent" in fields["p_priority"]["hint"]["text"]
    )


async def test_invalid_values_are_shown_as_field_errors_in_the_modal(slack: Harness) -> None:
    """A priority the schema does not allow and a too-short title come back as errors on those fields."""
    _, view = await edit_modal(slack)
    sent = await slack.send(view_submission_body("U0BOB", view, typed(title="VP", priority="whenever")))
    await slack.settle()
    answer = json.loads(sent.body)
    assert answer["response_action"] == "errors" and set(answer["errors"]) == {"p_title", "p_priority"}
    with slack.database.transaction() as session:
        [row] = pending.pending_for_user(session, user_id="U0BOB")
        assert row.params["title"] == "VPN down in Berlin"


async def test_a_valid_correction_replaces_the_request_with_a_new_card(slack: Harness) -> None:
    """The old card says it was replaced, a new card with the corrected values is posted, and only it can run."""
    card, view = await edit_modal(slack)
    sent = await slack.send(view_submission_body("U0BOB", view, typed(title="VPN down in Munich", priority="low")))
    await slack.settle()
    assert sent.status == 200 and "errors" not in sent.body
    [update] = slack.fake.calls_to("chat.update")
    assert update.args["ts"] == card["ts"] and "Replaced" in update.args["text"]
    new = slack.posts(CHANNEL)[-1]
    assert new["thread_ts"] == card["thread_ts"] and "VPN down in Munich" in str(new["blocks"])
    confirm = next(e["value"] for b in new["blocks"] if b["type"] == "actions" for e in b["elements"])
    await slack.send(click_body("U0BOB", new, confirm))
    await slack.settle()
    with slack.database.transaction() as session:
        [made] = tickets.tickets_of(session, requester="U0BOB")
        assert (made.title, made.priority) == ("VPN down in Munich", "low")
        assert sorted(r.status for r in pending.recent_for_user(session, user_id="U0BOB")) == ["cancelled", "succeeded"]


async def test_only_the_requester_can_edit_a_request(slack: Harness) -> None:
    """Someone else clicking Edit gets an ephemeral explanation and no modal."""
    _, view = await edit_modal(slack, user="U0PRIYA")
    assert view == {}
    [note] = slack.fake.calls_to("chat.postEphemeral")
    assert note.args["user"] == "U0PRIYA" and "Only the person who asked" in note.args["text"]
