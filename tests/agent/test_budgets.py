"""Budgets: a repeated call is not run again, and a turn stops at its prompt-token budget with what it found."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from llama_index.core.base.llms.types import ChatMessage

from bot.agent.providers import build_llm
from bot.settings import load_settings
from bot.testing.openai_stub import OpenAIStub
from bot.testing.scripted_llm import Call, ScriptedLLM, Step, call, last_tool_output, step_index
from bot.wiring import Container
from model.messages import InboundMessage, Person, ThreadRef
from model.outcomes import Answer
from tests.agent.fakes import FakeSearcher, request

STEP_LIMIT = "I could not finish this within the steps I am allowed, so here is what I found."
BUDGET_SPENT = "This question needed more of the language model than one message may use, so here is what I found."


def looping(messages: Sequence[ChatMessage]) -> Step:
    return call("search_knowledge", query="vpn keeps disconnecting")


async def test_a_repeated_search_is_answered_with_the_ids_already_found(scripted, searcher: FakeSearcher) -> None:
    """The same search twice runs once; the second call is told the passages are above, by id."""
    agent, model = scripted(looping, max_steps=3)

    result = await agent.respond(request("vpn drops"))

    assert len(searcher.calls) == 1
    ids = [c.ref for c in result.outcome.citations]  # type: ignore[union-attr]
    assert last_tool_output(model.calls[2]) == (
        f"Already retrieved: the results of this exact search_knowledge call are above as [{ids[0]}], [{ids[1]}]. "
        "Use them."
    )


async def test_the_looping_model_ends_with_the_passages_within_the_step_limit(scripted) -> None:
    """A model stuck on one search gets max_steps calls, then the passages found and a notice, not on-call."""
    agent, model = scripted(looping, max_steps=8)

    result = await agent.respond(request("vpn drops"))

    assert isinstance(result.outcome, Answer) and result.outcome.grounded and result.outcome.citations
    assert result.usage.notice == STEP_LIMIT and len(model.calls) == 8


async def test_a_turn_stops_before_its_prompt_token_budget(build, searcher: FakeSearcher) -> None:
    """With a 4,000-token budget, a model searching new words each time is stopped before the provider's
    reported prompt tokens for the turn pass 4,000, and answers with the passages it found."""

    def new_words(body: dict[str, Any]) -> Call:
        return Call("search_knowledge", {"query": f"vpn attempt {len(body['messages'])}"})

    async with OpenAIStub(new_words) as stub:
        llm = build_llm("openai_compatible", "any-local-model", None, stub.base_url, 2.0, 0)
        result = await build(llm, turn_token_budget=4000, max_steps=20).respond(request("vpn drops"))

    reported = sum(u["prompt_tokens"] for u in stub.usage_reported)
    assert reported <= 4000 and len(stub.requests) >= 2
    assert result.usage.prompt_tokens == reported
    assert result.usage.notice == BUDGET_SPENT
    assert isinstance(result.outcome, Answer) and result.outcome.citations


async def test_the_budget_setting_reaches_the_agent(tmp_path: Path, shared_retriever: Any) -> None:
    """OPSBOT_LLM_TURN_TOKEN_BUDGET is read from the environment and limits a turn in the running pipeline."""
    model = ScriptedLLM(lambda messages: call("search_knowledge", query=f"vpn {step_index(messages)}"))
    env = {"OPSBOT_HOME": str(tmp_path), "OPSBOT_LLM_PROVIDER": "offline", "OPSBOT_LLM_TURN_TOKEN_BUDGET": "2500"}
    settings = load_settings(env)
    box = Container(settings, retriever=shared_retriever, llm=model.llm)
    thread = ThreadRef("test", "C1", "budget")
    reply = await box.pipeline.handle(InboundMessage(thread, Person("U1", frozenset({"everyone"})), "my VPN drops"))
    box.close()

    assert settings.llm.turn_token_budget == 2500
    assert reply is not None and BUDGET_SPENT in reply.said
    assert len(model.calls) < 8
