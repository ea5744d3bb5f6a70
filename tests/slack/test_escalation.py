"""Escalation on Slack: on-call is told with a redacted summary, the bot goes quiet, and comes back when handed back."""

from __future__ import annotations

from datetime import timedelta

from bot.core.escalation import ChatNotifier, OncallRouter
from bot.slack.blocks import build_escalation_notice
from bot.slack.chat import SlackChat
from model.messages import ThreadRef
from model.replies import EscalationNotice
from tests.slack.harness import ESCALATIONS, ONCALL, Harness
from tests.slack.signed import click_body, command_body, mention, message

CHANNEL = "C0GENERAL"
ROOT = "200.000001"
PII = ("Priya", "Natarajan", "priya.natarajan", "northwind", "+44 7700 900123")


async def escalate(slack: Harness) -> dict[str, object]:
    """A question naming a person, then a request for a human in the same thread; returns the bot's reply."""
    question = (
        "Priya Natarajan (priya.natarajan@northwind.internal, phone +44 7700 900123) says the VPN keeps disconnecting"
    )
    await slack.event(mention(CHANNEL, "U0BOB", question, ROOT))
    await slack.settle()
    await slack.event(message(CHANNEL, "U0BOB", "this did not help, I need a human please", "200.000003", ROOT))
    await slack.settle()
    return slack.posts(CHANNEL)[-1]


async def test_on_call_gets_a_redacted_summary_a_link_and_a_group_mention(slack: Harness) -> None:
    """The escalation channel names the on-call group, links the thread and holds no personal data."""
    reply = await escalate(slack)
    assert reply["thread_ts"] == ROOT and "Hand back to Opsbot" in str(reply["blocks"])
    [notice] = slack.posts(ESCALATIONS)
    shown = notice["text"] + str(notice["blocks"])
    assert f"<!subteam^{ONCALL}>" in notice["text"] and "<@U0BOB>" in notice["text"]
    assert f"https://fake.slack.test/archives/{CHANNEL}/p{ROOT.replace('.', '')}" in shown
    assert "&lt;PERSON_1&gt;" in shown and "VPN keeps disconnecting" in shown
    assert not [word for word in PII if word in shown]


async def test_the_bot_stays_quiet_in_an_escalated_thread_until_handed_back(slack: Harness) -> None:
    """After escalation nobody gets an answer in the thread; 'Hand back' brings the bot back."""
    reply = await escalate(slack)
    answers = len(slack.posts(CHANNEL))
    await slack.event(message(CHANNEL, "U0SRE", "on it, what VPN client do you use?", "200.000005", ROOT))
    await slack.event(message(CHANNEL, "U0BOB", "the VPN keeps disconnecting still", "200.000006", ROOT))
    await slack.settle()
    assert len(slack.posts(CHANNEL)) == answers
    await slack.send(click_body("U0SRE", reply, "handback:"))
    await slack.settle()
    back = slack.posts(CHANNEL)[-1]
    assert "I'm back" in back["text"] and back["thread_ts"] == ROOT
    [closed] = slack.fake.calls_to("chat.update")
    assert "Handed back" in str(closed.args["blocks"]) and "handback:" not in str(closed.args["blocks"])
    await slack.event(message(CHANNEL, "U0BOB", "my VPN keeps disconnecting again", "200.000009", ROOT))
    await slack.settle()
    assert slack.posts(CHANNEL)[-1]["text"].startswith("Here is what I found")


async def test_the_talk_to_a_human_button_escalates(slack: Harness) -> None:
    """Clicking 'Talk to a human' under an answer hands the thread to on-call."""
    await slack.event(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", ROOT))
    await slack.settle()
    [answer] = slack.posts(CHANNEL)
    await slack.send(click_body("U0BOB", answer, "human:"))
    await slack.settle()
    assert len(slack.posts(ESCALATIONS)) == 1
    assert "stay quiet" in slack.posts(CHANNEL)[-1]["text"]


async def test_unanswered_escalations_are_pinged_again(slack: Harness) -> None:
    """An escalation no human answered is posted again as a reminder; an answered one is not."""
    await escalate(slack)
    assert await slack.bot.worker.run(slack.box.escalation.reping_unanswered(after=timedelta(0))) == 1
    reminder = slack.posts(ESCALATIONS)[-1]
    assert reminder["text"].startswith(f"<!subteam^{ONCALL}> Reminder")
    await slack.event(message(CHANNEL, "U0SRE", "looking at it now", "200.000007", ROOT))
    await slack.settle()
    assert await slack.bot.worker.run(slack.box.escalation.reping_unanswered(after=timedelta(0))) == 0


def test_a_channel_can_have_its_own_on_call_group() -> None:
    """slack_oncall_groups routes a channel (or a topic) to its own group; other channels get the default."""
    group_for = OncallRouter({"C0NETWORK": "S0NETWORK", "database": "S0DBA"}, "S0DEFAULT")
    assert group_for(ThreadRef("slack", "C0NETWORK", "1.1"), "") == "S0NETWORK"
    assert group_for(ThreadRef("slack", "C0OTHER", "1.1"), "database") == "S0DBA"
    assert group_for(ThreadRef("slack", "C0OTHER", "1.1"), "") == "S0DEFAULT"


async def test_without_an_escalation_channel_the_person_is_told_it_failed(slack: Harness) -> None:
    """If SLACK_ESCALATION_CHANNEL is unset the notifier refuses, and the reply says to page on-call directly."""
    notifier = ChatNotifier({"slack": SlackChat(slack.bot.client, slack.bot.directory, escalation_channel=None)})
    notice = EscalationNotice(ThreadRef("slack", CHANNEL, ROOT), "U0BOB", "asked", "(no earlier messages)", None)
    try:
        await notifier.notify(notice)
    except Exception as exc:
        assert "SLACK_ESCALATION_CHANNEL" in str(exc)
    else:
        raise AssertionError("notify should have failed")


async def test_a_request_only_an_approver_can_confirm_brings_in_on_call(slack: Harness) -> None:
    """Bob asks for a production restart: the card is posted, on-call is asked to approve in the escalation channel,
    the bot goes quiet in the thread, the SRE's click runs it, and the card keeps its Hand back button."""
    restart = 'restart_service service=vpn-gateway environment=production reason="stuck after config push"'
    await slack.send(command_body("U0BOB", CHANNEL, restart))
    await slack.settle()
    card = slack.posts(CHANNEL)[-1]
    assert "restart_service needs approval from sre" in card["text"] and "stay quiet" in card["text"]
    assert "confirm:pa_" in str(card["blocks"]) and "handback:" in str(card["blocks"])
    [notice] = slack.posts(ESCALATIONS)
    assert f"<!subteam^{ONCALL}>" in notice["text"] and "restart_service needs approval from sre" in notice["text"]
    posted = len(slack.posts(CHANNEL))
    await slack.event(message(CHANNEL, "U0BOB", "any news on the restart?", "300.000002", card["thread_ts"]))
    await slack.settle()
    assert len(slack.posts(CHANNEL)) == posted
    confirm = next(e["value"] for b in card["blocks"] if b["type"] == "actions" for e in b["elements"])
    await slack.send(click_body("U0SRE", card, confirm))
    await slack.settle()
    [update] = slack.fake.calls_to("chat.update")
    assert "Restart of vpn-gateway in production requested" in update.args["text"]
    left = [e["value"] for b in update.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert left == ["handback:"]
    await slack.send(click_body("U0SRE", {**card, "blocks": update.args["blocks"]}, "handback:"))
    await slack.settle()
    assert "I'm back" in slack.posts(CHANNEL)[-1]["text"]


async def test_an_approver_asking_for_it_themselves_is_not_escalated(slack: Harness) -> None:
    """An SRE who may confirm their own high-risk request gets the card and no escalation."""
    restart = 'restart_service service=vpn-gateway environment=staging reason="testing the new config"'
    await slack.send(command_body("U0SRE", CHANNEL, restart))
    await slack.settle()
    assert "needs approval" not in slack.posts(CHANNEL)[-1]["text"]
    assert slack.posts(ESCALATIONS) == []


def test_the_on_call_notice_names_the_ticket_filed_with_the_transcript() -> None:
    """With escalation tickets on, on-call sees which ticket holds the conversation."""
    notice = EscalationNotice(ThreadRef("slack", CHANNEL, ROOT), "U0BOB", "asked", "(summary)", ONCALL, ticket="OPS-7")
    message = build_escalation_notice(notice, "https://fake.slack.test/archives/C0GENERAL/p200000001")
    assert "Ticket: OPS-7" in str(message.blocks[-1])
