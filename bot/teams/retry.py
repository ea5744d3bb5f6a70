"""Retries for the Bot Connector, as middleware of the Teams SDK's HTTP client: 429 and 503 wait for Retry-After.

Teams throttles per conversation and per app with 429 (and sheds load with 503), saying how long to wait. Each
retry goes back through the whole request (a fresh token included). After the last attempt the error is raised.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from collections.abc import Awaitable, Callable

import httpx
from microsoft_teams.common.http.client import MiddlewareContext, MiddlewareNext

log = logging.getLogger(__name__)
RETRIED = frozenset({429, 503})
ATTEMPTS = 4
DEFAULT_WAIT = 1.0  # when the answer does not say
MAX_WAIT = 30.0  # past this, give up rather than hold the turn


class RetryAfter:
    def __init__(self, *, attempts: int = ATTEMPTS, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._attempts = attempts
        self._sleep = sleep

    async def send(self, context: MiddlewareContext, next: MiddlewareNext) -> httpx.Response:
        for attempt in range(1, self._attempts + 1):
            try:
                return await next()
            except httpx.HTTPStatusError as exc:
                status = exc.response.status_code
                wait = retry_after(exc.response.headers.get("Retry-After"))
                if status not in RETRIED or attempt == self._attempts or wait > MAX_WAIT:
                    raise
                log.warning("connector %s %d, retry %d in %.1fs", context.method, status, attempt, wait)
                await self._sleep(wait)
        raise AssertionError("unreachable")


def retry_after(value: str | None, *, now: Callable[[], float] = time.time) -> float:
    """Seconds to wait: Retry-After as seconds or an HTTP date; DEFAULT_WAIT when missing or unreadable."""
    if not value:
        return DEFAULT_WAIT
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return DEFAULT_WAIT
    return max(when.timestamp() - now(), 0.0)
