"""The core's ChatPort on Slack: replies in threads, card updates, the working reaction, on-call notices in the
escalation channel (mentioning the on-call user group) with a link to the thread, and people from the directory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.assistant import Assistant
from bot.slack.blocks import build_escalation_notice, build_reply
from bot.slack.client import SLACK_ERRORS, error_code
from bot.slack.delivery import Delivery
from bot.slack.directory import Directory
from bot.slack.inbound import PLATFORM
from model.errors import DeliveryError
from model.messages import InboundMessage, Person, ThreadRef
from model.replies import EscalationNotice, Reply

log = logging.getLogger(__name__)
ARCHIVE = "https://slack.com/archives/{channel}/p{ts}"
WORKING_DELAY = 0.4  # seconds before the :eyes: reaction appears


class SlackChat:
    """Implements model.ports.ChatPort."""

    platform = PLATFORM

    def __init__(
        self,
        client: AsyncWebClient,
        directory: Directory,
        *,
        escalation_channel: str | None,
        working_delay: float = WORKING_DELAY,
    ) -> None:
        self._client = client
        self.delivery = Delivery(client)
        self.assistant = Assistant(client)
        self._directory = directory
        self._channel = escalation_channel
        self._delay = working_delay

    def person(self, user_id: str) -> Person:
        return self._directory.person(user_id)

    async def post(self, thread: ThreadRef, reply: Reply, *, user: str | None = None) -> str | None:
        return await self.delivery.reply(reply, channel=thread.channel, thread_ts=thread.thread, user=user)

    async def update(self, thread: ThreadRef, message_id: str, reply: Reply) -> bool:
        return await self.delivery.update(build_reply(reply), channel=thread.channel, ts=message_id)

    def working(self, message: InboundMessage) -> AbstractAsyncContextManager[None]:
        if message.message_id is None:
            return _nothing()
        if message.direct:
            return self._thinking(message, message.message_id)
        channel, ts = message.thread.channel, message.message_id
        return self.delivery.working(channel=channel, ts=ts, delay=self._delay)

    @asynccontextmanager
    async def _thinking(self, message: InboundMessage, message_id: str) -> AsyncIterator[None]:
        """In a DM or the assistant container, Slack's 'is thinking…' status; the reaction where Slack refuses it."""
        thread = message.thread
        async with self.assistant.thinking(
            channel=thread.channel, thread_ts=thread.thread, question=message.text
        ) as shown:
            if shown:
                yield
                return
            async with self.delivery.working(channel=thread.channel, ts=message_id, delay=self._delay):
                yield

    async def notify_oncall(self, notice: EscalationNotice) -> None:
        if not self._channel:
            raise DeliveryError("SLACK_ESCALATION_CHANNEL is not set, so on-call cannot be told.")
        message = build_escalation_notice(notice, await self.link_to(notice.thread))
        await self._client.chat_postMessage(channel=self._channel, unfurl_links=False, **message.as_kwargs())

    async def link_to(self, thread: ThreadRef) -> str | None:
        """The thread's permalink, or its archive URL if Slack cannot give one; None outside Slack."""
        if thread.platform != PLATFORM:
            return None
        try:
            response = await self._client.chat_getPermalink(channel=thread.channel, message_ts=thread.thread)
            return str(response["permalink"])
        except SLACK_ERRORS as exc:
            log.info("chat.getPermalink failed (%s); using the archive URL", error_code(exc))
            return ARCHIVE.format(channel=thread.channel, ts=thread.thread.replace(".", ""))


@asynccontextmanager
async def _nothing() -> AsyncIterator[None]:
    yield
