"""The Slack Web API client: base URL from SLACK_API_URL, 429s retried after Retry-After, blips retried once."""

from __future__ import annotations

import logging

import aiohttp
from slack_sdk.errors import SlackClientError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.config import SlackSettings
from model.errors import ConfigError

SlackClient = AsyncWebClient  # for annotations outside the adapter, which never imports slack_sdk itself
RATE_LIMIT_RETRIES = 3
TIMEOUT_SECONDS = 15
# slack_sdk logs request bodies (message text) at DEBUG: keep its logger at INFO whatever OPSBOT_LOG_LEVEL says.
API_LOG = logging.getLogger("bot.slack.api")
API_LOG.setLevel(logging.INFO)
# What a Web API call can raise: an API error (ok: false, or 429 after the retries), or a transport failure.
SLACK_ERRORS = (SlackClientError, aiohttp.ClientError, TimeoutError)


def build_client(settings: SlackSettings) -> AsyncWebClient:
    """One client per process; every Web API call (replies, updates, reactions, directory) goes through it."""
    if settings.bot_token is None:
        raise ConfigError("SLACK_BOT_TOKEN is not set (the bot token, xoxb-..., from OAuth & Permissions)")
    return AsyncWebClient(
        token=settings.bot_token.get_secret_value(),
        base_url=settings.api_url,
        timeout=TIMEOUT_SECONDS,
        logger=API_LOG,
        retry_handlers=[
            AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
            AsyncConnectionErrorRetryHandler(max_retry_count=1),
            AsyncServerErrorRetryHandler(max_retry_count=1),
        ],
    )


def error_code(error: BaseException) -> str:
    """Slack's error code ('channel_not_found', 'ratelimited'...) or the exception type: safe to log."""
    data = getattr(getattr(error, "response", None), "data", None)
    code = data.get("error") if isinstance(data, dict) else None
    return str(code) if code else type(error).__name__
