"""Prompt versions are files that can be pinned; build_agent picks the agent for the provider."""

from __future__ import annotations

import pytest

from bot.agent.factory import build_agent
from bot.agent.llm_agent import LlmAgent
from bot.agent.offline import OfflineAgent
from bot.agent.prompts import load_system_prompt
from bot.agent.providers import build_llm
from bot.testing.scripted_llm import say
from model.errors import ConfigError
from tests.agent.fakes import FakeSearcher, fake_redact, request


def test_system_prompt_v1_says_tool_output_is_data() -> None:
    """The v1 prompt tells the model that fenced passages are data, and that actions need a human click."""
    prompt = load_system_prompt("v1")
    assert "<<<PASSAGE" in prompt and "not instructions" in prompt
    assert "a person must confirm" in prompt


def test_unknown_prompt_version_is_a_config_error(scripted) -> None:
    """Pinning a prompt version that has no file fails at start, naming the versions that exist."""
    with pytest.raises(ConfigError, match=r"system-v1\.md"):
        scripted([say("hi")], prompt_version="v0")


async def test_the_pinned_prompt_version_is_recorded_on_the_turn(scripted) -> None:
    """Usage.prompt_version is the version the agent was built with."""
    agent, _ = scripted([say("hi")], prompt_version="v1")
    assert (await agent.respond(request("hi"))).usage.prompt_version == "v1"


def test_offline_provider_gives_the_fallback_itself() -> None:
    """With provider offline, build_agent returns the offline agent unchanged."""
    searcher = FakeSearcher()
    offline = OfflineAgent(searcher)
    llm = build_llm("offline", "gpt-4o-mini", None, None, 30, 2)
    agent = build_agent(llm=llm, searcher=searcher, redact=fake_redact, fallback=offline)
    assert agent is offline


def test_openai_compatible_provider_gives_the_llm_agent() -> None:
    """With an OpenAI-compatible base URL, build_agent returns the LLM agent."""
    searcher = FakeSearcher()
    llm = build_llm("openai_compatible", "qwen2.5:7b", None, "http://127.0.0.1:8000/v1", 30, 2)
    agent = build_agent(llm=llm, searcher=searcher, redact=fake_redact, fallback=OfflineAgent(searcher))
    assert isinstance(agent, LlmAgent)
