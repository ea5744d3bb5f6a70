"""Outbound bot tokens: the OAuth 2.0 client-credentials grant against Entra (TEAMS_TOKEN_URL), cached in memory.

Not MSAL: MSAL accepts only an https authority, so it cannot be pointed at the local fake token endpoint the tests
use; the grant itself is one form POST. A token is reused until five minutes before it expires.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

import httpx

from bot.teams.config import BOT_SCOPE, TeamsConfig
from model.errors import DeliveryError

log = logging.getLogger(__name__)
EARLY_SECONDS = 300
TIMEOUT_SECONDS = 10.0


class TokenUnavailable(DeliveryError):
    def __init__(self, reason: str) -> None:
        super().__init__("I couldn't sign in to Microsoft Teams to send my reply. Please try again in a minute.")
        self.reason = reason


class BotTokens:
    def __init__(
        self,
        config: TeamsConfig,
        *,
        http: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._config = config
        self._http = http or httpx.AsyncClient(timeout=TIMEOUT_SECONDS)
        self._clock = clock
        self._token: str | None = None
        self._good_until = 0.0
        self._lock = asyncio.Lock()

    async def __call__(self) -> str:
        """A bearer token for the Bot Connector; the SDK's HTTP client calls this before every request."""
        if self._token is None or self._clock() >= self._good_until:
            async with self._lock:
                if self._token is None or self._clock() >= self._good_until:
                    await self._fetch()
        assert self._token is not None
        return self._token

    async def close(self) -> None:
        await self._http.aclose()

    async def _fetch(self) -> None:
        form = {
            "grant_type": "client_credentials",
            "client_id": self._config.app_id,
            "client_secret": self._config.app_password,
            "scope": BOT_SCOPE,
        }
        try:
            response = await self._http.post(self._config.entra_token_url, data=form)
            response.raise_for_status()
            body = response.json()
            token, lifetime = body["access_token"], float(body.get("expires_in", 3600))
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            status = exc.response.status_code if isinstance(exc, httpx.HTTPStatusError) else None
            log.error("bot token not issued (%s, status %s)", type(exc).__name__, status)
            raise TokenUnavailable(type(exc).__name__) from exc
        if not isinstance(token, str) or not token:
            raise TokenUnavailable("empty access_token")
        self._token, self._good_until = token, self._clock() + max(lifetime - EARLY_SECONDS, 0.0)
