"""Answering a message: decide whether it is addressed to the bot, run it through the pipeline, post the reply.

Dedupe has two layers. The pipeline claims the message's key in the database, which holds across restarts and
replicas; before that, a small in-process memory drops the twin event (app_mention + message) and Slack's
retries without even a reaction flicker.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

from bot.core.pipeline import Pipeline
from bot.slack.channels import ChannelPolicy
from bot.slack.delivery import Delivery
from bot.slack.directory import Directory
from bot.slack.inbound import SlackMessage
from model.errors import new_reference, something_went_wrong
from model.messages import Person
from model.replies import Reply, ReplyKind
from store import conversations
from store.db import Database

log = logging.getLogger(__name__)
REMEMBERED = 10_000


class RecentKeys:
    """The last few thousand message keys this process has taken on (a bounded, insertion-ordered set)."""

    def __init__(self, size: int = REMEMBERED) -> None:
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._size = size

    def add(self, key: str) -> bool:
        """True the first time `key` is seen."""
        if key in self._keys:
            return False
        self._keys[key] = None
        if len(self._keys) > self._size:
            self._keys.popitem(last=False)
        return True


class Responder:
    def __init__(
        self,
        *,
        pipeline: Pipeline,
        delivery: Delivery,
        directory: Directory,
        channels: ChannelPolicy,
        database: Database,
        working_delay: float,
    ) -> None:
        self._pipeline = pipeline
        self._delivery = delivery
        self._directory = directory
        self._channels = channels
        self._db = database
        self._delay = working_delay
        self._seen = RecentKeys()

    async def consider(self, message: SlackMessage) -> None:
        """Answer a message if it is for the bot: a DM, a mention, a follow-up in a thread the bot is in, or a
        top-level message in a channel set to answer untagged messages."""
        if await self.addressed(message):
            await self.answer(message)

    async def addressed(self, message: SlackMessage) -> bool:
        if message.direct or message.mentions_bot:
            return True
        if message.in_thread:
            return await asyncio.to_thread(self._knows_thread, message)
        return self._channels.answers_untagged(message.channel)

    async def answer(self, message: SlackMessage) -> None:
        """Run the message through the pipeline with a working indicator, and post the reply in its thread."""
        if not self._seen.add(message.key):
            return
        person = self._channels.scoped(self._directory.person(message.user), message.channel)
        async with self._delivery.working(channel=message.channel, ts=message.ts, delay=self._delay):
            reply = await self._handle(message, person)
            if reply is not None:
                thread_ts = message.thread.thread
                await self._delivery.reply(reply, channel=message.channel, thread_ts=thread_ts, user=message.user)

    async def _handle(self, message: SlackMessage, person: Person) -> Reply | None:
        try:
            return await self._pipeline.handle(message.to_inbound(person))
        except Exception:
            reference = new_reference()
            log.exception("message not handled (ref %s)", reference, extra={"ref": reference})
            return Reply(ReplyKind.ERROR, something_went_wrong(reference), reference=reference)

    def _knows_thread(self, message: SlackMessage) -> bool:
        with self._db.transaction() as session:
            return conversations.find_conversation(session, key=message.thread.key) is not None
