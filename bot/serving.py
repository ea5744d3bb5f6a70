"""Serving: the chat adapters, the work loop and the periodic jobs started and stopped together, over HTTP
(POST /slack/events and/or Teams' POST /api/messages, GET /healthz, GET /metrics) or Slack's Socket Mode. Both
stop cleanly on SIGINT/SIGTERM, letting replies in flight finish."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import logging
import signal
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from bot.admin.server import AdminServer
from bot.core.jobs import Jobs
from bot.core.worker import Worker
from bot.slack import server as slack_server
from bot.slack.app import SlackBot

if TYPE_CHECKING:
    from bot.teams.app import TeamsBot

log = logging.getLogger(__name__)
TEAMS_PATH = "/api/messages"  # bot.teams.server.MESSAGES_PATH, without loading the Teams SDK for Slack alone
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
BACKLOG = 1024  # a burst of new connections beyond the listen backlog waits a full SYN retry (1 s) for its ack
DRAIN_SECONDS = 10.0
GIL_SWITCH_SECONDS = 0.0005


@dataclass
class Service:
    """What one `opsbot serve` process runs: the Slack app and/or the Teams bot, the shared work loop, the periodic
    jobs, and the admin endpoint through which `opsbot ingest` hands over its work."""

    worker: Worker
    slack: SlackBot | None
    jobs: Jobs | None = None
    admin: AdminServer | None = None
    teams: TeamsBot | None = None

    @property
    def bots(self) -> list[SlackBot | TeamsBot]:
        return [bot for bot in (self.slack, self.teams) if bot is not None]

    @property
    def ready(self) -> bool:
        return all(bot.ready for bot in self.bots)

    async def start(self) -> None:
        # Turns run CPU-bound code (spaCy, embeddings) on the work thread; a shorter GIL switch interval lets the
        # serving loop take the GIL sooner, so acks do not wait behind a long stretch of turn work.
        sys.setswitchinterval(GIL_SWITCH_SECONDS)
        for bot in self.bots:
            await bot.start()
        if self.jobs is not None:
            self.jobs.start()
        if self.admin is not None:
            await self.admin.start()

    async def stop(self) -> None:
        """Stop the periodic jobs, let replies in flight finish (bounded), close the connections."""
        if self.admin is not None:
            await self.admin.stop()
        if self.jobs is not None:
            self.jobs.stop()
        if not await self.worker.drain(DRAIN_SECONDS):
            log.warning("stopping with %d replies still in flight", self.worker.busy)
            self.worker.cancel()
        for bot in self.bots:
            await bot.stop()
        self.worker.close()


def add_metrics(web_app: web.Application, registry: CollectorRegistry, token: str | None = None) -> None:
    """GET /metrics: the Prometheus text format of `registry`, for a scraper on this host, or anywhere with
    `Authorization: Bearer <OPSBOT_METRICS_TOKEN>` when a token is set (HTTP mode shares the public Slack port)."""

    async def handle_metrics(request: web.Request) -> web.Response:
        refusal = metrics_refusal(request.remote, request.headers.get("Authorization"), token)
        if refusal:
            return web.Response(status=403, text=refusal)
        body = await asyncio.to_thread(generate_latest, registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    web_app.router.add_get(METRICS_PATH, handle_metrics)


def metrics_refusal(remote: str | None, authorization: str | None, token: str | None) -> str | None:
    """Why this scrape is refused, or None. With a token, only the token counts; without one, only loopback."""
    if token:
        given = (authorization or "").removeprefix("Bearer ").strip()
        return None if hmac.compare_digest(given.encode(), token.encode()) else "GET /metrics needs the metrics token"
    try:
        local = remote is not None and ipaddress.ip_address(remote).is_loopback
    except ValueError:
        local = False
    return None if local else "GET /metrics answers only on this host unless OPSBOT_METRICS_TOKEN is set"


async def start_metrics(registry: CollectorRegistry, *, host: str, port: int, token: str | None = None) -> HttpServer:
    """Socket Mode has no HTTP server of its own: serve /metrics alone on `port`."""
    web_app = web.Application()
    add_metrics(web_app, registry, token)
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return HttpServer(runner, int(runner.addresses[0][1]))


def build_web_app(
    service: Service, metrics: CollectorRegistry | None = None, metrics_token: str | None = None
) -> web.Application:
    """The aiohttp application: each platform's endpoint, the health check and (optionally) metrics."""

    async def handle_health(request: web.Request) -> web.Response:
        return web.json_response({"ready": service.ready}, status=200 if service.ready else 503)

    async def started(app: web.Application) -> None:
        await service.start()

    async def stopped(app: web.Application) -> None:
        await service.stop()

    web_app = web.Application()
    if service.slack is not None:
        slack_server.add_routes(web_app, service.slack)
    if service.teams is not None:
        from bot.teams import server as teams_server

        teams_server.add_routes(web_app, service.teams.endpoint, TEAMS_PATH)
    web_app.router.add_get(HEALTH_PATH, handle_health)
    if metrics is not None:
        add_metrics(web_app, metrics, metrics_token)
    web_app.on_startup.append(started)
    web_app.on_cleanup.append(stopped)
    return web_app


@dataclass
class HttpServer:
    runner: web.AppRunner
    port: int

    async def close(self) -> None:
        await self.runner.cleanup()


async def start_http(
    service: Service,
    *,
    host: str,
    port: int,
    metrics: CollectorRegistry | None = None,
    metrics_token: str | None = None,
) -> HttpServer:
    """Listen on host:port (0 picks a free port) and return once ready."""
    runner = web.AppRunner(build_web_app(service, metrics, metrics_token), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port, backlog=BACKLOG)
    await site.start()
    return HttpServer(runner, int(runner.addresses[0][1]))


async def serve_http(
    service: Service,
    *,
    host: str,
    port: int,
    metrics: CollectorRegistry | None = None,
    metrics_token: str | None = None,
) -> None:
    server = await start_http(service, host=host, port=port, metrics=metrics, metrics_token=metrics_token)
    paths = [slack_server.EVENTS_PATH] if service.slack is not None else []
    paths += [TEAMS_PATH] if service.teams is not None else []
    base = f"http://{host}:{server.port}"
    log.info("serving over HTTP on %s:%d (%s)", host, server.port, ", ".join(paths))
    shown = " and ".join(f"{base}{path}" for path in paths)
    print(f"Opsbot is listening on {shown} (health: {HEALTH_PATH}). Ctrl-C stops.")
    try:
        await _until_stopped()
    finally:
        await server.close()


async def serve_socket(
    service: Service,
    *,
    app_token: str,
    metrics: CollectorRegistry | None = None,
    metrics_host: str = "",
    metrics_port: int = 0,
    metrics_token: str | None = None,
) -> None:
    """Socket Mode; with `metrics` and a `metrics_port`, /metrics on that port (0: no metrics server)."""
    assert service.slack is not None, "Socket Mode is Slack's"
    handler = slack_server.socket_handler(service.slack, app_token)
    exporter = None
    if metrics is not None and metrics_port:
        exporter = await start_metrics(metrics, host=metrics_host, port=metrics_port, token=metrics_token)
        print(f"Metrics: http://{metrics_host}:{exporter.port}{METRICS_PATH}")
    await service.start()
    await handler.connect_async()  # type: ignore[no-untyped-call]
    log.info("connected to Slack over Socket Mode")
    print("Opsbot is connected to Slack (Socket Mode). Ctrl-C stops.")
    try:
        await _until_stopped()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]
        await service.stop()
        if exporter is not None:
            await exporter.close()


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()
