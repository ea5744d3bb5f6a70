"""The core's ChatPort on Teams: replies in the chat or the channel's reply chain, card updates, the typing
indicator while a turn runs, on-call notices in the escalation channel (mentioning the on-call tag or people)
with a link to the reply chain, and people by Entra object id."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, replace
from typing import Literal
from urllib.parse import quote, unquote

from microsoft_teams.api.activities.message.message import MessageActivityInput
from microsoft_teams.api.models import Account

from bot.teams.connector import Connector
from bot.teams.people import TeamsPeople
from bot.teams.references import References
from bot.teams.render import build_reply, escape
from bot.teams.threads import PLATFORM, reply_conversation
from model.errors import DeliveryError
from model.messages import InboundMessage, Person, ThreadRef
from model.replies import EscalationNotice, Reply, ReplyKind

log = logging.getLogger(__name__)
TYPING_EVERY = 3.0  # Teams shows the indicator for about three seconds
TYPING_DELAY = 0.4  # seconds before it appears: quick turns show none, as in Slack
DEEP_LINK = "https://teams.microsoft.com/l/message/{channel}/{root}?tenantId={tenant}&parentMessageId={root}"
# Teams has no message that only one person in a shared conversation sees: an answer meant for the asker alone is
# withheld there, and the thread's note says where to ask for it instead.
ASK_PRIVATELY = (
    "Part of the answer is in documents not everyone here may read. Ask me in a 1:1 chat with Opsbot for all of it."
)
CHAT_LINK = "https://teams.microsoft.com/l/chat/{chat}/conversations?tenantId={tenant}"


@dataclass(frozen=True)
class Oncall:
    """Where on-call is told and whom to mention: TEAMS_ESCALATION_TEAM/CHANNEL, TEAMS_ONCALL_TAG/USERS."""

    team: str | None
    channel: str | None
    tag: str | None
    users: tuple[str, ...]


class TeamsChat:
    """Implements model.ports.ChatPort."""

    platform = PLATFORM

    def __init__(
        self,
        connector: Connector,
        people: TeamsPeople,
        references: References,
        *,
        oncall: Oncall,
        tenant_id: str,
        typing_every: float = TYPING_EVERY,
        typing_delay: float = TYPING_DELAY,
    ) -> None:
        self.connector = connector
        self.people = people
        self.references = references
        self._oncall = oncall
        self._tenant = tenant_id
        self._typing_every = typing_every
        self._typing_delay = typing_delay

    def person(self, user_id: str) -> Person:
        return self.people.person(user_id)

    async def post(self, thread: ThreadRef, reply: Reply, *, user: str | None = None) -> str | None:
        if reply.ephemeral and reply.kind is ReplyKind.ANSWER:  # the asker's own answer: never in a shared chat
            log.info("an answer for one person is not posted in a shared Teams conversation")
            return None
        if reply.private is not None:
            reply = replace(reply, text=f"{reply.text}\n\n{ASK_PRIVATELY}", private=None, follow_up=None)
        posted = await self.send(thread, reply, requester=user)
        if reply.follow_up is not None:
            await self.send(thread, reply.follow_up, requester=user)
        return posted

    async def send(self, thread: ThreadRef, reply: Reply, *, requester: str | None) -> str | None:
        """One reply as one activity; its id, or None when the connector refused it (logged with a reference)."""
        activity = build_reply(reply, viewers=self.viewers(reply, requester))
        if reply.mention:
            self._mention(activity, reply.mention, self.people.name_of(reply.mention))
        return await self._deliver(thread, activity)

    async def update(self, thread: ThreadRef, message_id: str, reply: Reply) -> bool:
        return await self.replace(thread, message_id, build_reply(reply))

    async def replace(self, thread: ThreadRef, message_id: str, activity: MessageActivityInput) -> bool:
        conversation = reply_conversation(thread)
        try:
            await self.connector.update(self._service_url(thread), conversation, message_id, activity)
        except DeliveryError:
            return False
        return True

    def viewers(self, reply: Reply, requester: str | None) -> list[str]:
        """Who gets the card's own view with the buttons: the approvers for a high-risk action, else the asker."""
        card = reply.card
        if card is None:
            return []
        if card.needs_approval_from:
            return self.people.members_of(card.needs_approval_from)
        return [requester] if requester else []

    def working(self, message: InboundMessage) -> AbstractAsyncContextManager[None]:
        return self._typing(message.thread)

    async def notify_oncall(self, notice: EscalationNotice) -> None:
        channel = self._oncall.channel
        if not channel:
            raise DeliveryError("TEAMS_ESCALATION_CHANNEL is not set, so on-call cannot be told.")
        link = await self.link_to(notice.thread)
        again = "Still waiting: " if notice.repeat else ""
        text = f"{again}Opsbot needs a human ({escape(notice.reason)}). Requested by {self._named(notice.requester)}."
        if link:
            text += f" [Open the conversation]({link})"
        if notice.ticket:
            text += f" Ticket: {escape(notice.ticket)}."
        activity = MessageActivityInput(text=f"{text}\n\n{escape(notice.summary)}")
        self._mention_oncall(activity)
        await self.connector.send(self.references.service_url(channel), channel, activity)

    async def link_to(self, thread: ThreadRef) -> str | None:
        """A deep link to the reply chain (or the chat) in Teams; None outside Teams."""
        if thread.platform != PLATFORM:
            return None
        channel, root = unquote(thread.channel), unquote(thread.thread)
        tenant = quote(self._tenant, safe="")
        if root == channel:
            return CHAT_LINK.format(chat=quote(channel, safe=""), tenant=tenant)
        return DEEP_LINK.format(channel=quote(channel, safe=""), root=quote(root, safe=""), tenant=tenant)

    def _named(self, user_id: str) -> str:
        return escape(self.people.name_of(user_id) or "someone")

    def _mention_oncall(self, activity: MessageActivityInput) -> None:
        if self._oncall.tag:
            self._mention(activity, self._oncall.tag, "on-call", kind="tag")
        for user in self._oncall.users:
            self._mention(activity, user, self.people.name_of(user) or "on-call")

    @staticmethod
    def _mention(
        activity: MessageActivityInput, user_id: str, name: str | None, kind: Literal["person", "tag"] = "person"
    ) -> None:
        """A real Teams mention before the text (an entity backs the `<at>` markup: plain text pings nobody)."""
        shown = escape(name or "you")
        activity.text = f"<at>{shown}</at> {activity.text or ''}"
        activity.add_mention(Account(id=user_id, name=shown, type=kind), text=shown, add_text=False)

    async def _deliver(self, thread: ThreadRef, activity: MessageActivityInput) -> str | None:
        try:
            return await self.connector.send(self._service_url(thread), reply_conversation(thread), activity)
        except DeliveryError:
            return None  # the connector logged it with a reference id

    def _service_url(self, thread: ThreadRef) -> str:
        return self.references.service_url(unquote(thread.channel))

    @asynccontextmanager
    async def _typing(self, thread: ThreadRef) -> AsyncIterator[None]:
        conversation, service_url = reply_conversation(thread), self._service_url(thread)

        async def keep_typing() -> None:
            await asyncio.sleep(self._typing_delay)
            while True:
                await self.connector.typing(service_url, conversation)
                await asyncio.sleep(self._typing_every)

        task = asyncio.create_task(keep_typing())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
