"""Confirmation cards and clicks, through signed block_actions: who may confirm, double clicks, forged values."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from store import pending, tickets
from store.models import utcnow
from tests.slack.harness import Harness
from tests.slack.signed import click_body, command_body

CHANNEL = "C0GENERAL"
TICKET = 'create_ticket title="VPN down in Berlin" priority=high'


async def card_for(slack: Harness, text: str = TICKET, user: str = "U0BOB") -> dict[str, Any]:
    """Run `/ops TEXT` and return the confirmation card the bot posted."""
    sent = await slack.send(command_body(user, CHANNEL, text))
    assert sent.status == 200
    await slack.settle()
    root, card = slack.posts(CHANNEL)[-2:]
    assert card["thread_ts"] == root["ts"] and f"<@{user}> ran /ops" in root["text"]
    return card


def buttons(blocks: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    return [
        (e["text"]["text"], e["value"], e.get("style")) for b in blocks if b["type"] == "actions" for e in b["elements"]
    ]


def ticket_count(slack: Harness, requester: str = "U0BOB") -> int:
    with slack.database.transaction() as session:
        return len(tickets.tickets_of(session, requester=requester))


async def test_the_card_shows_exactly_what_will_run_and_carries_only_the_pending_id(slack: Harness) -> None:
    """The card lists the action, each parameter, the risk, who may confirm and the expiry; buttons carry ids."""
    card = await card_for(slack)
    shown = str(card["blocks"])
    for fact in ("`create_ticket`", "*title*: VPN down in Berlin", "*priority*: high", "Risk: *low*"):
        assert fact in shown
    assert "May confirm: the person who asked" in shown and "<!date^" in shown
    [(confirm, value, style), (cancel, other, _)] = buttons(card["blocks"])
    assert (confirm, style, cancel) == ("Confirm", "primary", "Cancel")
    assert value.startswith("confirm:pa_") and other == "cancel:" + value.removeprefix("confirm:")


async def test_the_requester_confirms_and_the_card_shows_the_outcome_and_who(slack: Harness) -> None:
    """Confirm runs the action once; the card loses its buttons and says what happened and who confirmed."""
    card = await card_for(slack)
    [(_, confirm, _), _] = buttons(card["blocks"])
    await slack.send(click_body("U0BOB", card, confirm))
    await slack.settle()
    assert ticket_count(slack) == 1
    [update] = slack.fake.calls_to("chat.update")
    assert update.args["ts"] == card["ts"] and not buttons(update.args["blocks"])
    assert "Created OPS-1" in update.args["text"] and "Confirmed by <@U0BOB>" in str(update.args["blocks"])


async def test_someone_else_clicking_confirm_gets_an_ephemeral_and_nothing_runs(slack: Harness) -> None:
    """A click by a person who may not confirm is explained to them alone; no ticket, the card is unchanged."""
    card = await card_for(slack)
    [(_, confirm, _), _] = buttons(card["blocks"])
    await slack.send(click_body("U0PRIYA", card, confirm))
    await slack.settle()
    [note] = slack.fake.calls_to("chat.postEphemeral")
    assert note.args["user"] == "U0PRIYA" and "Nothing was changed" in note.args["text"]
    assert ticket_count(slack) == 0 and not slack.fake.calls_to("chat.update")


async def test_a_double_click_runs_the_action_once(slack: Harness) -> None:
    """Two Confirm clicks at the same moment: one ticket, one card update, and an 'already' note for the other."""
    card = await card_for(slack)
    [(_, confirm, _), _] = buttons(card["blocks"])
    sent = await asyncio.gather(*(slack.send(click_body("U0BOB", card, confirm)) for _ in range(2)))
    await slack.settle()
    assert [s.status for s in sent] == [200, 200]
    assert ticket_count(slack) == 1
    assert len(slack.fake.calls_to("chat.update")) == 1
    [note] = slack.fake.calls_to("chat.postEphemeral")
    assert "already" in note.args["text"]


async def test_a_forged_or_unknown_value_gets_an_ephemeral_and_changes_nothing(slack: Harness) -> None:
    """Values the bot never issued (a made-up id, an unknown verb) are refused to the clicker alone."""
    card = await card_for(slack)
    for forged in ("confirm:pa_0000000000000000000000", "confirm:../../etc", "delete:everything", "confirm:"):
        await slack.send(click_body("U0BOB", card, forged))
    await slack.settle()
    notes = slack.fake.calls_to("chat.postEphemeral")
    assert len(notes) == 4 and all(n.args["user"] == "U0BOB" for n in notes)
    assert ticket_count(slack) == 0 and not slack.fake.calls_to("chat.update")


async def test_cancel_closes_the_card_and_a_later_confirm_is_refused(slack: Harness) -> None:
    """After Cancel the card says who cancelled; a late Confirm on the old card runs nothing."""
    card = await card_for(slack)
    [(_, confirm, _), (_, cancel, _)] = buttons(card["blocks"])
    await slack.send(click_body("U0BOB", card, cancel))
    await slack.settle()
    await slack.send(click_body("U0BOB", card, confirm))
    await slack.settle()
    [update] = slack.fake.calls_to("chat.update")
    assert "Cancelled by <@U0BOB>" in str(update.args["blocks"])
    [note] = slack.fake.calls_to("chat.postEphemeral")
    assert "was cancelled by U0BOB" in note.args["text"]
    assert ticket_count(slack) == 0


async def test_slack_user_groups_decide_who_may_approve(slack: Harness) -> None:
    """A high-risk restart needs the sre group: the Slack user group member confirms, others are refused."""
    request = 'restart_service service=vpn-gateway environment=production reason="hung after deploy"'
    card = await card_for(slack, request)
    [(_, confirm, _), _, (hand_back, _, _)] = buttons(card["blocks"])  # Bob cannot approve: on-call was asked
    assert hand_back == "Hand back to Opsbot"
    await slack.send(click_body("U0BOB", card, confirm))
    await slack.settle()
    assert not slack.fake.calls_to("chat.update")
    await slack.send(click_body("U0SRE", card, confirm))
    await slack.settle()
    [update] = slack.fake.calls_to("chat.update")
    assert "Confirmed by <@U0SRE>" in str(update.args["blocks"])
    with slack.database.transaction() as session:
        [row] = pending.recent_for_user(session, user_id="U0BOB")
        assert (row.status, row.decided_by) == ("succeeded", "U0SRE")


async def test_an_action_a_crash_left_running_is_announced_in_its_thread(slack: Harness) -> None:
    """A confirmed run whose process died is closed by the sweep, and the requester is told in the thread to check."""
    card = await card_for(slack)
    pending_id = buttons(card["blocks"])[0][1].removeprefix("confirm:")
    with slack.database.transaction() as session:  # a click claimed it an hour ago, then the process died
        assert pending.transition(
            session,
            pending_id=pending_id,
            from_status="pending",
            to_status="executing",
            decided_by="U0BOB",
            decided_at=utcnow() - timedelta(hours=1),
        )
    assert slack.service.jobs is not None
    [sweep] = [job for job in slack.service.jobs.jobs if job.name == "interrupted actions"]
    await slack.bot.worker.run(sweep.run())  # type: ignore[arg-type]
    notice = slack.posts(CHANNEL)[-1]
    assert notice["thread_ts"] == card["thread_ts"]
    assert notice["text"].startswith("<@U0BOB> `create_ticket`") and "was interrupted" in notice["text"]
    assert ticket_count(slack) == 0
    with slack.database.transaction() as session:
        row = pending.get_pending(session, pending_id=pending_id)
        assert row is not None and row.status == "failed"
