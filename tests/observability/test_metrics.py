"""Metrics: /metrics shows the counters of turns, tools, confirmations and cost move as people use the bot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from prometheus_client.parser import text_string_to_metric_families

from bot.core.telemetry import TurnStats
from bot.observability.metrics import Metrics
from bot.serving import METRICS_PATH, add_metrics, start_metrics
from bot.settings import LlmPrice
from bot.testing.scripted_llm import call, say
from model.outcomes import Usage
from store.tickets import create_ticket
from tests.observability.conftest import build_box
from tests.observability.test_tracing import message

SCRIPT = [
    call("search_knowledge", query="x"),
    call("search_knowledge", query="VPN keeps disconnecting"),
    say("Ok [1]."),
]


async def scrape(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    server = await start_metrics(metrics.registry, host="127.0.0.1", port=0)
    try:
        url = f"http://127.0.0.1:{server.port}{METRICS_PATH}"
        async with aiohttp.ClientSession() as client, client.get(url) as response:
            assert response.status == 200
            text = await response.text()
    finally:
        await server.close()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_scraping_after_turns_shows_the_counters_moved(tmp_path: Path, shared_retriever: Any) -> None:
    """After an answered question, a proposed ticket and a request for a human, /metrics counts the turns, the tool
    calls, the confirmation step and the escalation."""
    box = build_box(tmp_path, shared_retriever, SCRIPT)
    await box.pipeline.handle(message("my VPN keeps disconnecting"))
    await box.pipeline.handle(message('/ops create_ticket title="New laptop"'))
    assert (await scrape(box.metrics)).get(("opsbot_escalations_total", ())) == 0
    await box.pipeline.handle(message("I need a human please"))
    seen = await scrape(box.metrics)
    assert seen[("opsbot_escalations_total", ())] == 1
    assert seen[("opsbot_turns_total", (("outcome", "answer"),))] == 1
    assert seen[("opsbot_turns_total", (("outcome", "proposed_action"),))] == 1
    assert seen[("opsbot_tool_calls_total", (("result", "failed"), ("tool", "search_knowledge")))] == 1
    assert seen[("opsbot_tool_calls_total", (("result", "ok"), ("tool", "search_knowledge")))] == 1
    assert seen[("opsbot_tool_invalid_arguments_total", (("tool", "search_knowledge"),))] == 1
    assert seen[("opsbot_confirmations_total", (("event", "proposed"),))] == 1
    assert seen[("opsbot_turn_seconds_count", ())] == 3
    box.close()


async def test_a_refused_read_is_counted(tmp_path: Path, shared_retriever: Any) -> None:
    """Someone asking for a colleague's ticket is told they can't see it, and /metrics counts the refusal."""
    box = build_box(tmp_path, shared_retriever, SCRIPT)
    with box.database.transaction() as session:
        create_ticket(session, title="Payroll export", description="", priority="normal", requester="U_OTHER")
    reply = await box.pipeline.handle(message("/ops get_ticket ticket=OPS-1"))
    assert reply is not None and reply.text == "You can't see OPS-1. Nothing was changed."
    seen = await scrape(box.metrics)
    assert seen[("opsbot_access_refused_total", (("action", "get_ticket"),))] == 1
    box.close()


def test_cost_is_estimated_from_the_price_table() -> None:
    """Tokens of a priced model add their cost; a model without a price adds tokens but no cost."""
    metrics = Metrics({"gpt-4o-mini": LlmPrice(input_per_1k=0.15, output_per_1k=0.6)})
    usage = Usage(model="gpt-4o-mini", prompt_tokens=2000, completion_tokens=500)
    metrics.turn_finished(TurnStats("answer", "answer", 120.0, usage))
    metrics.turn_finished(TurnStats("answer", "answer", 80.0, Usage(model="other", prompt_tokens=10)))
    assert metrics.registry.get_sample_value("opsbot_llm_cost_total", {"model": "gpt-4o-mini"}) == 0.6
    assert metrics.registry.get_sample_value("opsbot_llm_cost_total", {"model": "other"}) is None
    assert metrics.registry.get_sample_value("opsbot_llm_tokens_total", {"model": "other", "kind": "prompt"}) == 10


def test_the_http_app_serves_metrics() -> None:
    """HTTP mode's aiohttp app answers GET /metrics next to /slack/events."""
    from types import SimpleNamespace

    from bot.serving import build_web_app

    metrics = Metrics()
    app = build_web_app(SimpleNamespace(slack=None, teams=None), metrics.registry)  # type: ignore[arg-type]
    assert any(r.resource is not None and r.resource.canonical == METRICS_PATH for r in app.router.routes())
    assert isinstance(app, web.Application)


def test_cached_prompt_tokens_are_counted_and_priced_at_their_own_rate() -> None:
    """Prompt-cache hits show as their own token kind and cost the cached price when the price table has one."""
    price = LlmPrice(input_per_1k=1.0, output_per_1k=2.0, cached_input_per_1k=0.25)
    metrics = Metrics({"m": price})
    usage = Usage(model="m", prompt_tokens=2000, completion_tokens=1000, cached_tokens=1000)
    metrics.turn_finished(TurnStats("answer", "answer", 10.0, usage))
    assert metrics.registry.get_sample_value("opsbot_llm_tokens_total", {"model": "m", "kind": "cached"}) == 1000
    assert metrics.registry.get_sample_value("opsbot_llm_cost_total", {"model": "m"}) == 1.0 + 0.25 + 2.0


async def _scrape(remote: str, token: str | None, authorization: str | None = None) -> int:
    """GET /metrics on a real server, as if the scraper connected from `remote`."""

    @web.middleware
    async def connected_from(request: web.Request, handler: Any) -> web.StreamResponse:
        return await handler(request.clone(remote=remote))  # type: ignore[no-any-return]

    app = web.Application(middlewares=[connected_from])
    add_metrics(app, Metrics().registry, token)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    headers = {"Authorization": authorization} if authorization else {}
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}{METRICS_PATH}", headers=headers) as answer,
        ):
            return answer.status
    finally:
        await runner.cleanup()


async def test_metrics_answer_only_this_host_without_a_token() -> None:
    """HTTP mode listens on every interface for Slack, but /metrics is refused (403) to a scraper elsewhere."""
    assert await _scrape("127.0.0.1", None) == 200
    assert await _scrape("::1", None) == 200
    assert await _scrape("203.0.113.9", None) == 403


async def test_with_a_token_metrics_need_it_from_anywhere() -> None:
    """With OPSBOT_METRICS_TOKEN set, only `Authorization: Bearer <token>` is answered, on this host too."""
    assert await _scrape("203.0.113.9", "s3cret-metrics", "Bearer s3cret-metrics") == 200
    assert await _scrape("203.0.113.9", "s3cret-metrics", "Bearer wrong") == 403
    assert await _scrape("127.0.0.1", "s3cret-metrics") == 403
