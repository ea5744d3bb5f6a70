"""Who the bot is in this workspace (auth.test), asked once at start and then served from memory.

Bolt's default single-workspace authorization would call auth.test on the first request of each burst, which is
exactly when Slack is waiting for acks; this authorize function answers every request from the cached result.
The workspace the bot token belongs to (auth.test's team_id) is the only one served: a signed request from any
other workspace (the same app installed elsewhere) is refused before a listener sees it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from slack_bolt.authorization import AuthorizeResult
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)


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

    def authorizer(self) -> Callable[..., Awaitable[AuthorizeResult | None]]:
        """Bolt's `authorize` for a single workspace (a plain function: Bolt injects arguments by name); None for a
        request from another workspace, which Bolt then drops."""

        async def authorize(team_id: str | None = None) -> AuthorizeResult | None:
            result = await self.load()
            if team_id and result.team_id and team_id != result.team_id:
                log.warning("request from another workspace refused", extra={"team": team_id})
                return None
            return result

        return authorize
