"""`opsbot serve`: run the Slack app, over Socket Mode (default) or HTTP (`--http`), and the Teams bot (HTTP only:
POST /api/messages, beside /slack/events when both are configured, alone when only Teams is)."""

from __future__ import annotations

import argparse
import asyncio
import logging
from typing import TYPE_CHECKING

from bot.commands.common import container
from bot.commands.replicas import check_vault_key, serving_home
from model.errors import ConfigError

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_PORT = 3000
ALL_INTERFACES = "0.0.0.0"  # noqa: S104 - Slack (or the ingress in front) must reach the HTTP endpoint


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("serve", help="run the Slack app (Socket Mode by default; --http for the Events API)")
    parser.add_argument(
        "--http",
        action="store_true",
        help="serve POST /slack/events (and /api/messages for Teams), GET /healthz, GET /metrics; not Socket Mode",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"HTTP port (default {DEFAULT_PORT})")
    parser.add_argument("--host", default=ALL_INTERFACES, help=f"HTTP interface (default {ALL_INTERFACES})")
    parser.set_defaults(func=run)


def require_slack_settings(settings: Settings, *, http: bool) -> None:
    """Stop before anything starts if a token the chosen mode needs is missing (ConfigError: exit code 2)."""
    needed = {"SLACK_BOT_TOKEN": settings.slack.bot_token}
    if http:
        needed["SLACK_SIGNING_SECRET"] = settings.slack.signing_secret
    else:
        needed["SLACK_APP_TOKEN"] = settings.slack.app_token
    missing = [name for name, value in needed.items() if value is None or not value.get_secret_value().strip()]
    if missing:
        mode = "HTTP mode" if http else "Socket Mode (or use --http)"
        raise ConfigError(f"{' and '.join(missing)} must be set for {mode}; see .env.example")


def require_platform_settings(settings: Settings, *, http: bool) -> None:
    """Teams alone needs only its three settings and --http; otherwise Slack's tokens for the mode are needed."""
    if settings.teams.configured:
        settings.teams.config()  # ConfigError names an id that is not a GUID
        if not http:
            raise ConfigError("Teams is served over HTTP only: run `opsbot serve --http` (POST /api/messages)")
        if settings.slack.bot_token is None:
            return
    require_slack_settings(settings, http=http)


def run(args: argparse.Namespace) -> int:
    from bot.core.knowledge_access import EMPTY
    from bot.serving import serve_http, serve_socket

    with container() as box, serving_home(box.settings):
        settings = box.settings
        require_platform_settings(settings, http=args.http)
        check_vault_key(settings)
        service, metrics = box.service, box.metrics.registry
        secret = settings.observability.metrics_token
        token = secret.get_secret_value() if secret is not None else None
        if box.knowledge_access.is_empty():
            log.warning(EMPTY)
        if args.http:
            asyncio.run(serve_http(service, host=args.host, port=args.port, metrics=metrics, metrics_token=token))
        else:
            assert settings.slack.app_token is not None
            app_token = settings.slack.app_token.get_secret_value()
            port = settings.observability.metrics_port
            socket = serve_socket(
                service,
                app_token=app_token,
                metrics=metrics,
                metrics_host=args.host,
                metrics_port=port,
                metrics_token=token,
            )
            asyncio.run(socket)
    return 0
