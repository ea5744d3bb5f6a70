"""Usage is metered from the provider's own figures: prompt tokens (tool schemas included), cached tokens, and
the cost KPI built on them; answers are capped with max_tokens; a bare mention costs no LLM call at all."""

from __future__ import annotations

from collections.abc import Callable

from bot.agent.llm_agent import LlmAgent
from bot.agent.providers import build_llm
from bot.agent.tokens import request_tokens, tools_tokens
from bot.core.telemetry import TurnStats
from bot.observability.metrics import Metrics
from bot.settings import LlmPrice
from bot.testing.openai_stub import OpenAIStub
from bot.testing.scripted_llm import call, say
from model.outcomes import Info
from model.ports import HistoryTurn
from tests.agent.fakes import request

Build = Callable[..., LlmAgent]
LONG_THREAD = tuple(
    HistoryTurn(role, f"{role} message {n}: the VPN gateway vpn-gw-{n} drops clients every few minutes.")
    for n in range(14)
    for role in ("user", "assistant")
)


async def answered(build: Build, text: str, history: tuple[HistoryTurn, ...] = ()) -> tuple[object, OpenAIStub]:
    async with OpenAIStub([call("search_knowledge", query="vpn"), say("Restart the client [1].")]) as stub:
        llm = build_llm("openai_compatible", "gpt-4o-mini", None, stub.base_url, 2.0, 0)
        result = await build(llm).respond(request(text, history=history))
    return result, stub


async def test_prompt_tokens_are_the_providers_figures_tool_schemas_included(build: Build) -> None:
    """The stub counts like a provider (messages and tools); the turn's usage is the sum of what it reported."""
    result, stub = await answered(build, "my VPN drops")

    assert [u["prompt_tokens"] for u in stub.usage_reported] == [request_tokens(b) for b in stub.requests]
    assert stub.usage_reported[0]["prompt_tokens"] > tools_tokens(stub.requests[0]["tools"]) > 100
    assert result.usage.prompt_tokens == sum(u["prompt_tokens"] for u in stub.usage_reported)  # type: ignore[attr-defined]


async def test_the_cost_kpi_is_priced_on_the_reported_tokens(build: Build) -> None:
    """/metrics' cost is the configured price times the tokens the provider reported for the turn."""
    result, stub = await answered(build, "my VPN drops")
    metrics = Metrics({"gpt-4o-mini": LlmPrice(input_per_1k=1.0, output_per_1k=2.0)})

    metrics.turn_finished(TurnStats("answer", "answer", 10.0, result.usage))  # type: ignore[attr-defined]

    prompt = sum(u["prompt_tokens"] for u in stub.usage_reported)
    completion = sum(u["completion_tokens"] for u in stub.usage_reported)
    cost = metrics.registry.get_sample_value("opsbot_llm_cost_total", {"model": "gpt-4o-mini"})
    assert cost == prompt / 1000 * 1.0 + completion / 1000 * 2.0


async def test_cached_prompt_tokens_are_read(build: Build) -> None:
    """The second call of a turn repeats a long prefix; the provider's cached_tokens reach the turn's usage."""
    result, stub = await answered(build, "my VPN drops", LONG_THREAD)

    cached = [u["prompt_tokens_details"]["cached_tokens"] for u in stub.usage_reported]
    assert cached[0] == 0 and cached[1] >= 1024
    assert result.usage.cached_tokens == sum(cached)  # type: ignore[attr-defined]


async def test_answers_are_capped_with_max_tokens(build: Build) -> None:
    """Every request asks for at most 1,024 completion tokens."""
    _, stub = await answered(build, "my VPN drops")

    assert {body.get("max_tokens") for body in stub.requests} == {1024}


async def test_a_bare_mention_gets_a_greeting_without_any_llm_call(scripted) -> None:
    """An empty or whitespace-only message is answered without asking the model (LlamaIndex would raise)."""
    agent, model = scripted([say("unused")])

    results = [await agent.respond(request(text)) for text in ("", "   \n\t")]

    assert all(isinstance(r.outcome, Info) and "Ask me a question" in r.outcome.text for r in results)
    assert model.calls == []
