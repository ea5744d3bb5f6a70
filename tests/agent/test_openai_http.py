"""The real OpenAI client path, over HTTP to a local stub of /v1/chat/completions: tools, streaming, failures."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from bot.agent.llm_agent import UNAVAILABLE, LlmAgent
from bot.agent.providers import build_llm
from bot.testing.openai_stub import Fail, Hang, OpenAIStub, refused_base_url
from bot.testing.scripted_llm import call, say
from model.outcomes import Answer, Info, ProposedAction
from tests.agent.fakes import DISK, TICKET, FakeSearcher, request

Build = Callable[..., LlmAgent]


def agent_for(build: Build, url: str, *, timeout: float = 2.0, retries: int = 0, streaming: bool = False) -> LlmAgent:
    llm = build_llm("openai_compatible", "any-local-model", None, url, timeout, retries)
    assert llm is not None
    return build(llm, streaming=streaming)


@pytest.mark.parametrize("streaming", [False, True], ids=["json", "sse"])
async def test_tool_call_then_cited_answer(build: Build, searcher: FakeSearcher, streaming: bool) -> None:
    """A search tool call then an answer, over HTTP, gives a cited Answer and the provider's token counts."""
    searcher.hits = [DISK, TICKET]
    async with OpenAIStub([call("search_knowledge", query="disk full"), say("Vacuum the journal [1].")]) as stub:
        result = await agent_for(build, stub.base_url, streaming=streaming).respond(request("disk full on db-2"))

    assert isinstance(result.outcome, Answer)
    assert result.outcome.text == "Vacuum the journal [1]."
    assert [c.source for c in result.outcome.citations] == [DISK.source]
    assert result.usage.prompt_tokens == sum(u["prompt_tokens"] for u in stub.usage_reported) > 0
    assert result.usage.completion_tokens == sum(u["completion_tokens"] for u in stub.usage_reported) > 0
    assert result.usage.model == "any-local-model"
    assert [bool(body.get("stream")) for body in stub.requests] == [streaming, streaming]


async def test_no_pii_from_tool_output_reaches_the_provider(build: Build, searcher: FakeSearcher, ticket: str) -> None:
    """E-mail addresses in a retrieved passage and in a ticket never appear in any request to the provider."""
    searcher.hits = [TICKET]
    script = [call("search_knowledge", query="disk"), call("get_ticket", ticket=ticket), say("See [2].")]
    async with OpenAIStub(script) as stub:
        result = await agent_for(build, stub.base_url).respond(request(f"what happened in {ticket}?"))

    assert [c.source for c in result.outcome.citations] == [f"ticket:{ticket}"]
    sent = stub.sent_text()
    assert "alice@example.com" not in sent
    assert sent.count("<EMAIL_ADDRESS_1>") >= 2  # once from the passage, once from the ticket


async def test_tools_are_sent_with_the_action_params_schema(build: Build) -> None:
    """The provider receives propose_update_ticket_status with the params model's schema, tightened."""
    async with OpenAIStub([say("Which status?")]) as stub:
        await agent_for(build, stub.base_url).respond(request("close OPS-7"))

    tools = {t["function"]["name"]: t["function"] for t in stub.requests[0]["tools"]}
    params = tools["propose_update_ticket_status"]["parameters"]
    assert params["required"] == ["ticket", "status"]
    assert params["properties"]["status"]["enum"] == ["open", "in_progress", "resolved", "closed"]
    assert params["properties"]["ticket"]["pattern"] == "^OPS-[0-9]+$"
    assert params["additionalProperties"] is False and "title" not in params["properties"]["ticket"]
    assert stub.requests[0]["parallel_tool_calls"] is False


async def test_streamed_proposal_arrives_in_pieces_and_is_validated(build: Build, ticket: str) -> None:
    """A proposal whose arguments stream in fragments is reassembled, validated, and returned; nothing runs."""
    async with OpenAIStub([call("propose_update_ticket_status", ticket=ticket, status="closed")]) as stub:
        result = await agent_for(build, stub.base_url, streaming=True).respond(request(f"close {ticket}"))

    assert result.outcome == ProposedAction("update_ticket_status", {"ticket": ticket, "status": "closed"})
    assert len(stub.requests) == 1


async def test_server_errors_are_retried_then_fall_back_offline(build: Build) -> None:
    """A provider answering 500 is retried (max_retries) and then the offline answer comes back with a notice."""
    started = time.perf_counter()
    async with OpenAIStub(lambda body: Fail(500)) as stub:
        result = await agent_for(build, stub.base_url, retries=1).respond(request("disk full"))

    assert len(stub.requests) == 2
    assert isinstance(result.outcome, Answer) and result.outcome.citations
    assert result.usage.notice == UNAVAILABLE
    assert time.perf_counter() - started < 3.0


async def test_a_retry_that_succeeds_gives_a_normal_answer(build: Build) -> None:
    """One 503 followed by a good response is invisible to the user."""
    async with OpenAIStub([Fail(503), say("What can I help with?")]) as stub:
        result = await agent_for(build, stub.base_url, retries=1).respond(request("hi"))

    assert result.outcome == Info("What can I help with?")
    assert result.usage.notice is None


async def test_connection_refused_falls_back_offline(build: Build) -> None:
    """A provider that refuses connections gives the offline answer with the notice, not an exception."""
    result = await agent_for(build, refused_base_url(), retries=0).respond(request("disk full"))

    assert isinstance(result.outcome, Answer) and result.outcome.citations
    assert result.usage.notice == UNAVAILABLE


async def test_a_hung_provider_times_out_within_the_budget(build: Build) -> None:
    """A provider that does not answer within the timeout (each retry included) falls back offline in time."""
    async with OpenAIStub(lambda body: Hang(5.0)) as stub:
        started = time.perf_counter()
        result = await agent_for(build, stub.base_url, timeout=0.3, retries=1).respond(request("disk full"))
        elapsed = time.perf_counter() - started

    assert result.usage.notice == UNAVAILABLE
    assert len(stub.requests) == 2
    assert 600 <= result.usage.llm_ms < elapsed * 1000  # both timed-out attempts (and the backoff) count as LLM time
    assert elapsed < 2.0


async def test_a_turn_over_its_time_budget_falls_back_offline(build: Build) -> None:
    """A turn that outlives its budget (a slow model, many steps) ends with the offline answer, not a hang."""
    async with OpenAIStub(lambda body: Hang(5.0)) as stub:
        llm = build_llm("openai_compatible", "slow-model", None, stub.base_url, 10.0, 0)
        assert llm is not None
        started = time.perf_counter()
        result = await build(llm, turn_timeout=0.5).respond(request("disk full"))
        elapsed = time.perf_counter() - started

    assert result.usage.notice == UNAVAILABLE
    assert elapsed < 2.0
