"""Serving the Slack app: HTTP (POST /slack/events for events, interactivity and slash commands; GET /healthz)
or Socket Mode. Both stop cleanly on SIGINT/SIGTERM, letting replies in flight finish."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.slack.app import SlackBot

log = logging.getLogger(__name__)
SOCKET_LOG = logging.getLogger("bot.slack.socket")
SOCKET_LOG.setLevel(logging.INFO)  # the Socket Mode client logs payloads (message text) at DEBUG
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
BACKLOG = 1024  # a burst of new connections beyond the listen backlog waits a full SYN retry (1 s) for its ack


def add_metrics(web_app: web.Application, registry: CollectorRegistry) -> None:
    """GET /metrics: the Prometheus text format of `registry`."""

    async def handle_metrics(request: web.Request) -> web.Response:
        body = await asyncio.to_thread(generate_latest, registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    web_app.router.add_get(METRICS_PATH, handle_metrics)


async def start_metrics(registry: CollectorRegistry, *, host: str, port: int) -> HttpServer:
    """Socket Mode has no HTTP server of its own: serve /metrics alone on `port`."""
    web_app = web.Application()
    add_metrics(web_app, registry)
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return HttpServer(runner, int(runner.addresses[0][1]))


def build_web_app(bot: SlackBot, metrics: CollectorRegistry | None = None) -> web.Application:
    """The aiohttp application: Bolt verifies each request's signature and timestamp before any listener runs."""

    async def handle_events(request: web.Request) -> web.Response:
        response = await bot.app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    async def handle_health(request: web.Request) -> web.Response:
        return web.json_response({"ready": bot.ready}, status=200 if bot.ready else 503)

    async def started(app: web.Application) -> None:
        await bot.start()

    async def stopped(app: web.Application) -> None:
        await bot.stop()

    web_app = web.Application()
    web_app.router.add_post(EVENTS_PATH, handle_events)
    web_app.router.add_get(HEALTH_PATH, handle_health)
    if metrics is not None:
        add_metrics(web_app, metrics)
    web_app.on_startup.append(started)
    web_app.on_cleanup.append(stopped)
    return web_app


@dataclass
class HttpServer:
    runner: web.AppRunner
    port: int

    async def close(self) -> None:
        await self.runner.cleanup()


async def start_http(bot: SlackBot, *, host: str, port: int, metrics: CollectorRegistry | None = None) -> HttpServer:
    """Listen on host:port (0 picks a free port) and return once ready."""
    runner = web.AppRunner(build_web_app(bot, metrics), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port, backlog=BACKLOG)
    await site.start()
    return HttpServer(runner, int(runner.addresses[0][1]))


async def serve_http(bot: SlackBot, *, host: str, port: int, metrics: CollectorRegistry | None = None) -> None:
    server = await start_http(bot, host=host, port=port, metrics=metrics)
    log.info("serving Slack over HTTP on %s:%d%s", host, server.port, EVENTS_PATH)
    print(f"Opsbot is listening on http://{host}:{server.port}{EVENTS_PATH} (health: {HEALTH_PATH}). Ctrl-C stops.")
    try:
        await _until_stopped()
    finally:
        await server.close()


async def serve_socket(
    bot: SlackBot,
    *,
    app_token: str,
    metrics: CollectorRegistry | None = None,
    metrics_host: str = "",
    metrics_port: int = 0,
) -> None:
    """Socket Mode; with `metrics` and a `metrics_port`, /metrics on that port (0: no metrics server)."""
    handler = AsyncSocketModeHandler(bot.app, app_token, logger=SOCKET_LOG)
    exporter = None
    if metrics is not None and metrics_port:
        exporter = await start_metrics(metrics, host=metrics_host, port=metrics_port)
        print(f"Metrics: http://{metrics_host}:{exporter.port}{METRICS_PATH}")
    await bot.start()
    await handler.connect_async()  # type: ignore[no-untyped-call]
    log.info("connected to Slack over Socket Mode")
    print("Opsbot is connected to Slack (Socket Mode). Ctrl-C stops.")
    try:
        await _until_stopped()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]
        await bot.stop()
        if exporter is not None:
            await exporter.close()


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()
