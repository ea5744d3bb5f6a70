"""Sending to Teams through the Bot Connector, with the Teams SDK's conversation client.

Every call goes to the serviceUrl the conversation's activities came from (Teams has several; a reply sent to
the wrong one fails). One HTTP client serves them all: it adds a bot token to each request and retries 429/503
after Retry-After. A failure that remains is logged with its status and a reference id, never with message text,
and raised as ConnectorError (a DeliveryError) for the caller to tell the person.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeAlias

import httpx
from microsoft_teams.api.activities.message.message import MessageActivityInput
from microsoft_teams.api.activities.sent_activity import SentActivity
from microsoft_teams.api.activities.typing import TypingActivityInput
from microsoft_teams.api.clients.conversation.activity import ConversationActivityClient
from microsoft_teams.common import Client, ClientOptions

from bot.teams.render import build_typing
from bot.teams.retry import RetryAfter
from model.errors import DeliveryError, new_reference

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 15.0
Sendable: TypeAlias = MessageActivityInput | TypingActivityInput
TokenSource = Callable[[], Awaitable[str]]


class ConnectorError(DeliveryError):
    def __init__(self, operation: str, status: int | None, reference: str) -> None:
        super().__init__(f"I couldn't deliver my reply to Teams (ref {reference}). Please try again.")
        self.operation, self.status, self.reference = operation, status, reference


class Connector:
    def __init__(self, tokens: TokenSource, *, retry: RetryAfter | None = None, timeout: float = TIMEOUT_SECONDS):
        self._http = Client(ClientOptions(token=tokens, timeout=timeout))
        self._http.use(retry or RetryAfter())

    async def send(self, service_url: str, conversation_id: str, activity: Sendable) -> str:
        """Post to a conversation (a chat, or a channel reply chain `...;messageid=<root>`); the new activity id."""
        sent = await self._call("send", self._client(service_url).create(conversation_id, activity))
        return sent.id

    async def reply(self, service_url: str, conversation_id: str, reply_to_id: str, activity: Sendable) -> str:
        """Post in answer to one activity (threads it under that message where Teams shows threads)."""
        sent = await self._call("reply", self._client(service_url).reply(conversation_id, reply_to_id, activity))
        return sent.id

    async def update(self, service_url: str, conversation_id: str, activity_id: str, activity: Sendable) -> None:
        """Replace a posted activity for everyone (a decided confirmation card)."""
        await self._call("update", self._client(service_url).update(conversation_id, activity_id, activity))

    async def typing(self, service_url: str, conversation_id: str) -> None:
        """The typing indicator, while a turn runs; best effort (a failure is logged and dropped)."""
        try:
            await self.send(service_url, conversation_id, build_typing())
        except ConnectorError:
            log.info("typing indicator not shown")

    async def close(self) -> None:
        await self._http.http.aclose()

    def _client(self, service_url: str) -> ConversationActivityClient:
        return ConversationActivityClient(service_url, self._http)

    async def _call(self, operation: str, call: Awaitable[SentActivity]) -> SentActivity:
        try:
            return await call
        except (httpx.HTTPError, ValueError, KeyError) as exc:  # a TokenUnavailable says for itself what failed
            reference = new_reference()
            status = exc.response.status_code if isinstance(exc, httpx.HTTPStatusError) else None
            log.error("connector %s failed (%s, status %s, ref %s)", operation, type(exc).__name__, status, reference)
            raise ConnectorError(operation, status, reference) from exc
