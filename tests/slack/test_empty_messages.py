"""A bare @mention, or one followed by spaces only, gets a short pointer to what the bot can do, whatever the LLM."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.testing.openai_stub import OpenAIStub
from bot.testing.scripted_llm import say
from tests.slack.fake_slack import BOT_USER, FakeSlack
from tests.slack.harness import Harness, running, slack_settings
from tests.slack.signed import message

CHANNEL = "C0GENERAL"
LLM = {"OPSBOT_LLM_PROVIDER": "openai_compatible", "OPSBOT_LLM_MODEL": "stub-model", "OPSBOT_LLM_MAX_RETRIES": "0"}


@pytest.fixture(params=["offline", "llm"])
async def bot(request: pytest.FixtureRequest, tmp_path: Path, fake_slack: FakeSlack) -> AsyncIterator[Harness]:
    """The Slack app in offline mode, or in LLM mode against the local OpenAI stub (which would answer anything)."""
    async with OpenAIStub([say("An answer from the model.")] * 4) as stub:
        env = LLM | {"OPENAI_BASE_URL": stub.base_url} if request.param == "llm" else {}
        async with running(slack_settings(tmp_path, fake_slack.base_url, **env), fake_slack) as harness:
            yield harness


@pytest.mark.parametrize("text", [f"<@{BOT_USER}>", f"<@{BOT_USER}>   ", f"  <@{BOT_USER}>:\n "])
async def test_a_mention_with_nothing_asked_gets_a_pointer_to_help(bot: Harness, text: str) -> None:
    """`@opsbot` alone is answered in its thread with what to ask and `/ops help`, not with an error."""
    event = {"type": "app_mention", "channel": CHANNEL, "user": "U0BOB", "text": text, "ts": "500.000001"}
    await bot.event(event)
    await bot.settle()
    [reply] = bot.posts(CHANNEL)
    assert reply["thread_ts"] == "500.000001"
    assert "Ask me a question" in reply["text"] and "/ops help" in reply["text"]
    assert "went wrong" not in reply["text"]


async def test_an_empty_direct_message_gets_the_same_pointer(bot: Harness) -> None:
    """A DM of only spaces gets the pointer to help too."""
    await bot.event(message("D0BOB", "U0BOB", "   ", "501.000001"))
    await bot.settle()
    [reply] = bot.posts("D0BOB")
    assert "Ask me a question" in reply["text"] and "/ops help" in reply["text"]
