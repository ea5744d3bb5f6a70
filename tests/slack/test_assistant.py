"""The assistant container and DMs: 'is thinking…', suggested prompts, thread titles, and the manifest's scope."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.slack.harness import Harness
from tests.slack.signed import message

DM = "D0BOB"


async def test_a_dm_shows_is_thinking_until_the_answer_is_posted(slack: Harness) -> None:
    """In a DM the bot sets Slack's 'is thinking…' status, answers, then clears it; no :eyes: reaction."""
    await slack.event(message(DM, "U0BOB", "my VPN keeps disconnecting", "400.000001", "399.000001"))
    await slack.settle()
    first, cleared = slack.fake.calls_to("assistant.threads.setStatus")
    assert first.args["status"] == "is thinking…" and first.args["channel_id"] == DM
    assert first.args["thread_ts"] == "399.000001" and first.args["loading_messages"]
    assert cleared.args["status"] == ""
    [post] = slack.fake.calls_to("chat.postMessage")
    assert first.at <= post.at <= cleared.at and not slack.fake.calls_to("reactions.add")


async def test_the_thread_gets_a_title_from_its_first_question_once(slack: Harness) -> None:
    """The first question names the assistant thread; a follow-up does not rename it."""
    long = "My VPN keeps disconnecting every few minutes since this morning when I work from the Berlin office"
    await slack.event(message(DM, "U0BOB", long, "401.000001", "400.500000"))
    await slack.settle()
    await slack.event(message(DM, "U0BOB", "still dropping after the VPN fix", "401.000002", "400.500000"))
    await slack.settle()
    [title] = slack.fake.calls_to("assistant.threads.setTitle")
    assert title.args["title"].startswith("My VPN keeps disconnecting") and title.args["title"].endswith("…")
    assert len(title.args["title"]) <= 60


async def test_where_slack_refuses_the_status_the_reaction_shows_instead(slack: Harness) -> None:
    """A DM of an app without the assistant view falls back to the :eyes: reaction."""
    slack.fake.fail_next("assistant.threads.setStatus", error="not_allowed_token_type")
    await slack.event(message(DM, "U0BOB", "my VPN keeps disconnecting", "402.000001"))
    await slack.settle()
    assert slack.fake.calls_to("reactions.add") and slack.posts(DM)
    assert not slack.fake.calls_to("assistant.threads.setTitle")


async def test_opening_an_assistant_thread_offers_suggested_prompts(slack: Harness) -> None:
    """assistant_thread_started gets a title and a few prompts to start from, in that thread."""
    event = {
        "type": "assistant_thread_started",
        "assistant_thread": {"user_id": "U0BOB", "channel_id": DM, "thread_ts": "403.000001", "context": {}},
    }
    await slack.event(event)
    await slack.settle()
    [call] = slack.fake.calls_to("assistant.threads.setSuggestedPrompts")
    assert (call.args["channel_id"], call.args["thread_ts"]) == (DM, "403.000001")
    assert all(p["title"] and p["message"] for p in call.args["prompts"]) and len(call.args["prompts"]) == 4


def test_the_manifest_asks_for_the_assistant_scope_and_events() -> None:
    """manifest.yml has assistant:write, the assistant view and its events, so the surface works once installed."""
    manifest = yaml.safe_load((Path(__file__).parents[2] / "manifest.yml").read_text())
    assert "assistant:write" in manifest["oauth_config"]["scopes"]["bot"]
    assert "assistant_view" in manifest["features"]
    assert "assistant_thread_started" in manifest["settings"]["event_subscriptions"]["bot_events"]
