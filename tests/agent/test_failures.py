"""Failures end in a clear outcome: a broken tool, a model that never stops, a provider that is down."""

from __future__ import annotations

from collections.abc import Sequence

import httpx
import openai
from llama_index.core.base.llms.types import ChatMessage

from bot.agent.llm_agent import EVERYTHING_DOWN, STEP_LIMIT, UNAVAILABLE, UNAVAILABLE_NOTHING_FOUND
from bot.testing.scripted_llm import Raise, Step, call, last_tool_output, say, step_index
from model.outcomes import Answer, NeedsHuman
from tests.agent.fakes import DISK, VPN, FakeSearcher, request


def connection_error() -> openai.APIConnectionError:
    return openai.APIConnectionError(request=httpx.Request("POST", "http://127.0.0.1/v1/chat/completions"))


async def test_search_failure_is_told_to_the_llm_which_still_answers(scripted, searcher: FakeSearcher) -> None:
    """When search raises, the LLM gets a plain failure message and its answer is shown as unverified."""
    searcher.error = RuntimeError("qdrant is gone")
    agent, model = scripted([call("search_knowledge", query="vpn"), say("Search is down; try restarting the VPN.")])

    result = await agent.respond(request("vpn drops"))

    assert isinstance(result.outcome, Answer) and result.outcome.grounded is False
    assert "search_knowledge failed and is unavailable" in last_tool_output(model.calls[1])
    assert "qdrant" not in model.seen_text()
    assert [(c["name"], c["valid"], c["ok"]) for c in result.usage.tool_calls] == [("search_knowledge", True, False)]


async def test_search_failure_can_end_in_a_hand_over(scripted, searcher: FakeSearcher) -> None:
    """When search raises, the LLM may escalate instead; the outcome is NeedsHuman, not a crash."""
    searcher.error = TimeoutError()
    agent, _ = scripted([call("search_knowledge", query="vpn"), call("escalate_to_human", reason="search is down")])

    result = await agent.respond(request("vpn drops"))

    assert result.outcome == NeedsHuman("search is down")


async def test_a_model_that_calls_tools_forever_ends_with_the_passages_found(scripted) -> None:
    """An LLM that never stops calling tools is stopped after max_steps calls with what it found, not a hand-over."""

    def forever(messages: Sequence[ChatMessage]) -> Step:
        return call("search_knowledge", query=f"again {step_index(messages)}")

    agent, model = scripted(forever, max_steps=4)

    result = await agent.respond(request("vpn drops"))

    assert isinstance(result.outcome, Answer) and result.outcome.grounded
    assert [c.source for c in result.outcome.citations] == [DISK.source, VPN.source]
    assert result.usage.notice == STEP_LIMIT
    assert len(model.calls) == 4 and len(result.usage.tool_calls) == 4


async def test_the_last_allowed_step_may_still_answer(scripted) -> None:
    """With max_steps=3, tools on steps 1-2 and an answer on step 3 is a normal answer."""
    script = [call("search_knowledge", query="vpn"), call("search_knowledge", query="sso"), say("Ok [1].")]
    agent, _ = scripted(script, max_steps=3)

    result = await agent.respond(request("vpn drops"))

    assert isinstance(result.outcome, Answer) and result.outcome.grounded


async def test_provider_failure_falls_back_to_the_offline_answer_with_a_notice(scripted) -> None:
    """When the model cannot be reached, the offline agent's cited passages come back with a notice."""
    agent, _ = scripted([Raise(connection_error())])

    result = await agent.respond(request("disk full"))

    assert isinstance(result.outcome, Answer) and result.outcome.grounded and result.outcome.citations
    assert result.usage.notice == UNAVAILABLE
    assert result.usage.prompt_version == "v2"


async def test_provider_failure_with_nothing_found_says_so(scripted, searcher: FakeSearcher) -> None:
    """When the model is down and retrieval finds nothing, the answer is 'not found' and the notice says so."""
    searcher.relevant, searcher.delay = False, 0.05
    agent, _ = scripted([call("search_knowledge", query="toner"), Raise(connection_error())])

    result = await agent.respond(request("toner?"))

    assert isinstance(result.outcome, Answer) and result.outcome.relevant is False
    assert result.usage.notice == UNAVAILABLE_NOTHING_FOUND
    assert [c["name"] for c in result.usage.tool_calls] == ["search_knowledge"]
    assert result.usage.retrieval_ms >= 100  # the agent's search and the offline answer's search


async def test_provider_and_search_both_down_hand_over(scripted, searcher: FakeSearcher) -> None:
    """When the model is down and the offline answer fails too, the outcome is NeedsHuman with a notice."""
    searcher.error = RuntimeError("qdrant is gone")
    agent, _ = scripted([Raise(connection_error())])

    result = await agent.respond(request("disk full"))

    assert result.outcome == NeedsHuman(EVERYTHING_DOWN)
    assert result.usage.notice is not None


async def test_a_bug_is_not_mistaken_for_a_provider_failure(scripted) -> None:
    """An unexpected error in the model layer propagates (the pipeline logs it with a reference id)."""
    agent, _ = scripted([Raise(KeyError("bug"))])

    try:
        await agent.respond(request("disk full"))
    except KeyError:
        return
    raise AssertionError("expected the KeyError to propagate")
