"""Sending replies to Slack: post, update, ephemeral, the 'working' reaction, and what happens when a call fails.

429s are retried by the client (Retry-After). Any other failure is logged with its Slack error code and a
reference id, and the person is told, best effort: a short text-only message in the thread, else an ephemeral.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks import Message, build_reply
from bot.slack.client import SLACK_ERRORS, error_code
from bot.slack.edit_button import with_edit_button
from model.errors import new_reference
from model.replies import Reply

log = logging.getLogger(__name__)
WORKING = "eyes"


class Delivery:
    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    async def reply(self, reply: Reply, *, channel: str, thread_ts: str | None, user: str | None) -> str | None:
        """Post a reply in the thread (ephemeral ones to `user` only); the posted message's ts, or None."""
        message = with_edit_button(build_reply(reply), reply)
        if reply.ephemeral and user:
            await self.ephemeral(message, channel=channel, user=user, thread_ts=thread_ts)
            return None
        return await self.post(message, channel=channel, thread_ts=thread_ts, user=user)

    async def post(self, message: Message, *, channel: str, thread_ts: str | None, user: str | None) -> str | None:
        try:
            response = await self._client.chat_postMessage(
                channel=channel, thread_ts=thread_ts, unfurl_links=False, unfurl_media=False, **message.as_kwargs()
            )
        except SLACK_ERRORS as exc:
            await self._undelivered(exc, channel=channel, thread_ts=thread_ts, user=user)
            return None
        return str(response["ts"])

    async def update(self, message: Message, *, channel: str, ts: str) -> bool:
        try:
            await self._client.chat_update(channel=channel, ts=ts, **message.as_kwargs())
        except SLACK_ERRORS as exc:
            log.warning("chat.update failed (%s)", error_code(exc))
            return False
        return True

    async def ephemeral(self, message: Message, *, channel: str, user: str, thread_ts: str | None) -> bool:
        try:
            await self._client.chat_postEphemeral(
                channel=channel, user=user, thread_ts=thread_ts, **message.as_kwargs()
            )
        except SLACK_ERRORS as exc:
            reference = new_reference()
            log.error("ephemeral not delivered (%s, ref %s)", error_code(exc), reference, extra={"ref": reference})
            return False
        return True

    @asynccontextmanager
    async def working(self, *, channel: str, ts: str, delay: float) -> AsyncIterator[None]:
        """An :eyes: reaction on the person's message while the agent runs. Added only after `delay`, so quick
        no-reply turns (a redelivery, a human-owned thread) do not flicker; always removed if added."""
        started = asyncio.Event()

        async def add() -> bool:
            await asyncio.sleep(delay)
            started.set()
            return await self._react("reactions_add", channel=channel, ts=ts)

        task = asyncio.create_task(add())
        try:
            yield
        finally:
            if not started.is_set():
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task
            elif await task:
                await self._react("reactions_remove", channel=channel, ts=ts)

    async def _react(self, method: str, *, channel: str, ts: str) -> bool:
        try:
            await getattr(self._client, method)(channel=channel, timestamp=ts, name=WORKING)
        except SLACK_ERRORS as exc:
            log.info("%s skipped (%s)", method, error_code(exc))
            return False
        return True

    async def _undelivered(
        self, error: BaseException, *, channel: str, thread_ts: str | None, user: str | None
    ) -> None:
        reference = new_reference()
        log.error("reply not delivered (%s, ref %s)", error_code(error), reference, extra={"ref": reference})
        notice = f"I couldn't deliver my reply (ref {reference}). Please try again, or ask for a human."
        calls: list[tuple[str, dict[str, Any]]] = [("chat_postMessage", {"thread_ts": thread_ts})]
        if user:
            calls.append(("chat_postEphemeral", {"user": user, "thread_ts": thread_ts}))
        for method, extra in calls:
            try:
                await getattr(self._client, method)(channel=channel, text=notice, **extra)
                return
            except SLACK_ERRORS as exc:
                log.warning("%s fallback failed (%s, ref %s)", method, error_code(exc), reference)
