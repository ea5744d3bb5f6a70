"""When Slack pushes back: rate limits are waited out, other failures are logged with a reference the user sees."""

from __future__ import annotations

import logging
import re

import pytest

from tests.slack.harness import Harness
from tests.slack.signed import command_body, mention

CHANNEL = "C0GENERAL"


async def test_a_rate_limited_answer_is_retried_after_retry_after_and_delivered(slack: Harness) -> None:
    """A 429 on chat.postMessage is retried once Retry-After has passed, and the answer arrives once."""
    slack.fake.rate_limit_next("chat.postMessage", retry_after=1)
    await slack.event(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", "400.1"))
    await slack.settle()
    [limited] = slack.fake.calls_to("chat.postMessage", ok=False)
    [delivered] = slack.fake.calls_to("chat.postMessage")
    assert delivered.args["thread_ts"] == "400.1" and delivered.at - limited.at >= 1.0


async def test_a_failed_answer_is_logged_with_a_reference_the_person_sees(
    slack: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """If Slack refuses the answer, a short note with a reference id goes to the thread; the log has the same id."""
    slack.fake.fail_next("chat.postMessage", error="invalid_blocks")
    with caplog.at_level(logging.ERROR, logger="bot.slack"):
        await slack.event(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", "400.2"))
        await slack.settle()
    [note] = slack.fake.calls_to("chat.postMessage")
    reference = re.search(r"ref ([0-9a-f]{6})", note.args["text"])
    assert reference and note.args["thread_ts"] == "400.2" and "blocks" not in note.args
    [record] = [r for r in caplog.records if "not delivered" in r.getMessage()]
    assert reference.group(1) in record.getMessage() and "invalid_blocks" in record.getMessage()
    assert "VPN" not in caplog.text


async def test_ops_help_is_answered_in_a_thread_of_its_own(slack: Harness) -> None:
    """`/ops help` is echoed into the channel and the list of actions is posted in that message's thread."""
    await slack.send(command_body("U0BOB", CHANNEL, "help"))
    await slack.settle()
    root, answer = slack.posts(CHANNEL)
    assert answer["thread_ts"] == root["ts"] and "Actions I can run" in answer["text"]


async def test_the_echo_of_a_command_shows_it_redacted(slack: Harness) -> None:
    """`/ops` with a GitHub token and an e-mail address puts neither in the channel; the echo has placeholders."""
    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    text = f'create_ticket title="Repo access for alice.smith@example.com" description="my token is {token}"'
    await slack.send(command_body("U0BOB", CHANNEL, text))
    await slack.settle()
    root = slack.posts(CHANNEL)[0]
    assert root["text"].startswith("<@U0BOB> ran /ops create_ticket title=")
    assert token not in str(root) and "alice.smith@example.com" not in str(root)
    assert "my token is &lt;SECRET&gt;" in root["text"] and "for &lt;EMAIL_ADDRESS_1&gt;" in root["text"]


async def test_a_command_where_the_bot_cannot_post_is_answered_privately(slack: Harness) -> None:
    """In a channel the bot is not in, /ops answers through the response URL, visible to the person only."""
    slack.fake.fail_next("chat.postMessage", error="not_in_channel", times=2)
    await slack.send(command_body("U0BOB", "C0PRIVATE", "help", response_url=slack.fake.base_url + "response_url"))
    await slack.settle()
    [private] = slack.fake.calls_to("response_url")
    assert private.args["response_type"] == "ephemeral" and "/invite @opsbot" in private.args["text"]
