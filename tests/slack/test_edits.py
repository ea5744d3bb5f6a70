"""A question edited gets its answer updated in place; a question deleted gets the bot's answer withdrawn."""

from __future__ import annotations

from typing import Any

from tests.slack.harness import Harness
from tests.slack.signed import mention, message

CHANNEL = "C0GENERAL"


def changed(ts: str, text: str, previous: str, thread_ts: str | None = None) -> dict[str, Any]:
    edited = {"type": "message", "user": "U0BOB", "text": text, "ts": ts, "edited": {"user": "U0BOB", "ts": "9.9"}}
    edited |= {"thread_ts": thread_ts} if thread_ts else {}
    return {
        "type": "message", "subtype": "message_changed", "hidden": True, "channel": CHANNEL,
        "channel_type": "channel", "ts": "9.900001", "event_ts": "9.900001", "message": edited,
        "previous_message": {"type": "message", "user": "U0BOB", "text": previous, "ts": ts},
    }  # fmt: skip


def deleted(ts: str, thread_ts: str) -> dict[str, Any]:
    return {
        "type": "message", "subtype": "message_deleted", "hidden": True, "channel": CHANNEL, "channel_type": "channel",
        "deleted_ts": ts, "ts": "9.900002", "event_ts": "9.900002",
        "previous_message": {"type": "message", "user": "U0BOB", "text": "x", "ts": ts, "thread_ts": thread_ts},
    }  # fmt: skip


async def test_editing_a_question_updates_the_answer_in_place(slack: Harness) -> None:
    """The bot's answer message is replaced with the answer to the edited text; no second answer is posted."""
    await slack.event(mention(CHANNEL, "U0BOB", "what is the weather on mars", "500.000001"))
    await slack.settle()
    [answer] = slack.posts(CHANNEL)
    assert "couldn't find" in answer["text"]
    await slack.event(changed("500.000001", "my VPN keeps disconnecting", "what is the weather on mars"))
    await slack.settle()
    [update] = slack.fake.calls_to("chat.update")
    assert update.args["ts"] == answer["ts"] and "VPN keeps disconnecting" in update.text
    assert len(slack.posts(CHANNEL)) == 1


async def test_an_edit_that_keeps_the_words_or_to_an_unanswered_message_changes_nothing(slack: Harness) -> None:
    """An unfurl (same text) or an edit of a message the bot never answered leaves everything as it was."""
    await slack.event(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", "501.000001"))
    await slack.settle()
    await slack.event(changed("501.000001", "my VPN keeps disconnecting", "my VPN keeps disconnecting"))
    await slack.event(changed("777.000001", "my VPN keeps disconnecting", "lunch?"))
    await slack.settle()
    assert not slack.fake.calls_to("chat.update") and len(slack.posts(CHANNEL)) == 1


async def test_deleting_a_question_withdraws_the_answer(slack: Harness) -> None:
    """The answer to a deleted question (a follow-up in a thread) is replaced by a withdrawal note; others stay."""
    await slack.event(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", "502.000001"))
    await slack.settle()
    await slack.event(message(CHANNEL, "U0BOB", "and the Berlin VPN gateway?", "502.000002", "502.000001"))
    await slack.settle()
    first, second = slack.posts(CHANNEL)
    await slack.event(deleted("502.000002", "502.000001"))
    await slack.settle()
    [update] = slack.fake.calls_to("chat.update")
    assert update.args["ts"] == second["ts"] != first["ts"]
    assert "withdrew my answer" in update.args["text"] and "VPN" not in update.text
