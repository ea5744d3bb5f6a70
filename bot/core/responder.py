"""The conversation rules every chat platform shares: which messages are for the bot, each answered once, in the
channel's scope, with the platform's working indicator, and the reply posted in the thread (an answer only the asker
may read goes to them alone: see bot.core.audience).

Dedupe has two layers. The pipeline claims the message's event id in the database, which holds across restarts and
replicas; before that, a small in-process memory drops twin events (Slack's app_mention + message) and retries
without even a working indicator flickering.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

from bot.core.channels import ChannelPolicy
from bot.core.pipeline import Pipeline
from model.errors import new_reference, something_went_wrong
from model.messages import InboundMessage, ThreadRef
from model.ports import ChatPort
from model.replies import Reply, ReplyKind

log = logging.getLogger(__name__)
REMEMBERED = 10_000
WITHDRAWN = "The question was deleted, so I withdrew my answer."


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
    def __init__(self, *, pipeline: Pipeline, chat: ChatPort, channels: ChannelPolicy) -> None:
        self._pipeline = pipeline
        self._chat = chat
        self._channels = channels
        self._seen = RecentKeys()

    async def consider(self, message: InboundMessage) -> None:
        """Answer a message if it is for the bot: a DM, a mention, a follow-up in a thread the bot is in, or a
        top-level message in a channel set to answer untagged messages."""
        if await self.addressed(message):
            await self.answer(message)

    async def addressed(self, message: InboundMessage) -> bool:
        if message.direct or message.addressed:
            return True
        if message.in_thread:
            return await self._pipeline.knows(message.thread)
        return self._channels.answers_untagged(message.thread.channel)

    async def answer(self, message: InboundMessage) -> None:
        """Run the message through the pipeline with a working indicator, and post the reply in its thread."""
        if message.event_id and not self._seen.add(message.event_id):
            return
        async with self._chat.working(message):
            reply = await self._handle(message)
            if reply is not None:
                posted = await self._chat.post(message.thread, reply, user=message.user.id)
                if posted is not None:
                    await self._pipeline.posted(reply=reply, message_id=posted)
            if reply is not None and reply.private is not None:  # the fuller answer, for the asker alone
                await self._chat.post(message.thread, reply.private, user=message.user.id)

    async def revise(self, message: InboundMessage) -> None:
        """A question was edited: the bot's answer to it is replaced by the answer to the new text."""
        if (
            message.message_id is None
            or (answer := await self._pipeline.answer_to(message.thread, message.message_id)) is None
        ):
            return
        async with self._chat.working(message):
            reply = await self._handle(message)
        if reply is not None and not reply.ephemeral and await self._chat.update(message.thread, answer, reply):
            await self._pipeline.posted(reply=reply, message_id=answer)

    async def withdraw(self, thread: ThreadRef, message_id: str) -> None:
        """A question was deleted: the bot's answer to it is withdrawn (its text replaced by a short note)."""
        answer = await self._pipeline.answer_to(thread, message_id)
        if answer is not None:
            await self._chat.update(thread, answer, Reply(ReplyKind.NOTICE, WITHDRAWN))

    async def _handle(self, message: InboundMessage) -> Reply | None:
        try:
            return await self._pipeline.handle(message)
        except Exception:
            reference = new_reference()
            log.exception("message not handled (ref %s)", reference, extra={"ref": reference})
            return Reply(ReplyKind.ERROR, something_went_wrong(reference), reference=reference)
