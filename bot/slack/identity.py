"""Who the bot is in this workspace (auth.test), asked once at start and then served from memory.

Bolt's default single-workspace authorization would call auth.test on the first request of each burst, which is
exactly when Slack is waiting for acks; this authorize function answers every request from the cached result.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from slack_bolt.authorization import AuthorizeResult
from slack_sdk.web.async_client import AsyncWebClient


class Identity:
    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._result: AuthorizeResult | None = None
        self._lock = asyncio.Lock()

    async def load(self) -> AuthorizeResult:
        """auth.test, once (concurrent callers wait for the same call)."""
        if self._result is None:
            async with self._lock:
                if self._result is None:
                    response = await self._client.auth_test()
                    self._result = AuthorizeResult.from_auth_test_response(
                        auth_test_response=response, bot_token=self._client.token
                    )
        return self._result

    def authorizer(self) -> Callable[[], Awaitable[AuthorizeResult]]:
        """Bolt's `authorize` for a single workspace (a plain function: Bolt injects arguments by name)."""

        async def authorize() -> AuthorizeResult:
            return await self.load()

        return authorize
