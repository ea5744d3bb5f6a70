"""Escalation: hand a thread to the on-call humans, stay quiet there, and take it back when asked.

On-call is told through the thread's chat platform (`ChatNotifier`; Slack posts to its escalation channel and
mentions the on-call group); the rules — when, to whom, what the summary holds, when to ping again — live here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import Protocol

from sqlalchemy.orm import Session

from model.messages import Person, ThreadRef
from model.ports import ChatPort
from model.replies import Choice, EscalationNotice, Reply, ReplyKind, Verb
from store import audit, conversations, escalations, tickets
from store.db import Database
from store.models import Conversation, Turn, utcnow

log = logging.getLogger(__name__)

HAND_BACK = Choice("Hand back to Opsbot", Verb.HANDBACK)
SUMMARY_TURNS = 6
SUMMARY_CHARS = 1500


class Notifier(Protocol):
    async def notify(self, notice: EscalationNotice) -> None: ...


GroupRouter = Callable[[ThreadRef, str], str | None]


class ChatNotifier:
    """Tells on-call on the platform the thread lives on, or on the first one configured (a console thread);
    with no chat platform at all there is nobody to tell."""

    def __init__(self, chats: Mapping[str, ChatPort]) -> None:
        self._chats = dict(chats)

    async def notify(self, notice: EscalationNotice) -> None:
        chat = self._chats.get(notice.thread.platform) or next(iter(self._chats.values()), None)
        if chat is not None:
            await chat.notify_oncall(notice)


class OncallRouter:
    """The on-call group for a thread: by its channel id, else by topic (an action name), else the default."""

    def __init__(self, overrides: Mapping[str, str], default: str | None) -> None:
        self._overrides = dict(overrides)
        self._default = default

    def __call__(self, thread: ThreadRef, topic: str) -> str | None:
        by_topic = self._overrides.get(topic) if topic else None
        return self._overrides.get(thread.channel) or by_topic or self._default


class EscalationService:
    def __init__(
        self, database: Database, *, notifier: Notifier | None, group_for: GroupRouter, file_ticket: bool = False
    ) -> None:
        self._db = database
        self._notifier = notifier
        self._group_for = group_for
        self._file_ticket = file_ticket

    async def escalate(self, *, thread: ThreadRef, requester: Person, reason: str, topic: str = "") -> Reply:
        """Make the thread human-owned, tell on-call with a redacted summary, and tell the person what happens next."""
        notice = await asyncio.to_thread(self._open, thread, requester.id, reason, topic)
        delivered = await self._send(notice)
        text = (
            f"I've asked the on-call team to join this thread ({reason}). "
            "I'll stay quiet here until someone hands the thread back to me."
        )
        if not delivered:
            text = (
                "I tried to reach the on-call team but could not deliver the request. "
                "Please page them directly; I'll stay quiet here until someone hands the thread back to me."
            )
        if notice.ticket:
            text += f" I've filed {notice.ticket} with the conversation so far."
        return Reply(ReplyKind.ESCALATION, text, choices=(HAND_BACK,))

    async def hand_back(self, *, thread: ThreadRef, actor: Person) -> Reply:
        """Return a human-owned thread to the bot."""
        changed = await asyncio.to_thread(self._close, thread, actor.id)
        if not changed:
            return Reply(ReplyKind.NOTICE, "I'm already handling this thread.", ephemeral=True)
        return Reply(ReplyKind.NOTICE, "Thanks, I'm back. Ask me anything in this thread.", mention=actor.id)

    async def reping_unanswered(self, *, after: timedelta) -> int:
        """Ping on-call again for escalations nobody answered within `after`; returns how many."""
        notices = await asyncio.to_thread(self._due, after)
        for notice in notices:
            await self._send(notice)
        return len(notices)

    async def _send(self, notice: EscalationNotice) -> bool:
        if self._notifier is None:
            return True
        try:
            await self._notifier.notify(notice)
        except Exception:
            log.exception("escalation notice not delivered")
            return False
        return True

    def _open(self, thread: ThreadRef, requester: str, reason: str, topic: str) -> EscalationNotice:
        group = self._group_for(thread, topic)
        with self._db.transaction() as session:
            conv = conversations.get_or_create_conversation(
                session, platform=thread.platform, channel=thread.channel, thread=thread.thread, started_by=requester
            )
            summary = summarise(conversations.recent_turns(session, conversation_id=conv.id, limit=SUMMARY_TURNS))
            conversations.set_owner(session, conversation=conv, state="escalated", owner="humans")
            escalations.open_escalation(
                session,
                conversation_id=conv.id,
                reason=reason,
                requested_by=requester,
                summary=summary,
                target_group=group,
                last_ping_at=utcnow(),
                pings=1,
            )
            ticket = self._ticket(session, thread, requester, reason, summary) if self._file_ticket else None
        return EscalationNotice(thread, requester, reason, summary, group, ticket=ticket)

    def _ticket(self, session: Session, thread: ThreadRef, requester: str, reason: str, summary: str) -> str:
        """A ticket holding the redacted transcript, so the escalation is tracked where the ops team works."""
        filed = tickets.create_ticket(
            session,
            title=f"Escalation: {reason}"[:200],
            description=f"Escalated from {thread.key} ({reason}).\n\nConversation so far (redacted):\n{summary}",
            priority="high",
            requester=requester,
            thread_key=thread.key,
        )
        ref = tickets.ticket_ref(filed)
        audit.record_audit(session, event="escalation_ticket", actor=requester, action="create_ticket", detail=ref)
        return ref

    def _close(self, thread: ThreadRef, actor: str) -> bool:
        with self._db.transaction() as session:
            conv = conversations.find_conversation(session, key=thread.key)
            if conv is None or conv.state != "escalated":
                return False
            conversations.set_owner(session, conversation=conv, state="active", owner="bot")
            conv.misses = 0
            active = escalations.active_escalation(session, conversation_id=conv.id)
            if active is not None:
                active.resolved_at, active.handed_back_by = utcnow(), actor
            return True

    def _due(self, after: timedelta) -> list[EscalationNotice]:
        now = utcnow()
        with self._db.transaction() as session:
            due = escalations.unanswered_escalations(session, pinged_before=now - after)
            notices = []
            for item in due:
                conv = session.get(Conversation, item.conversation_id)
                if conv is None:
                    continue
                item.last_ping_at, item.pings = now, item.pings + 1
                thread = ThreadRef(conv.platform, conv.channel, conv.thread)
                notices.append(
                    EscalationNotice(thread, item.requested_by, item.reason, item.summary, item.target_group, True)
                )
            return notices


def summarise(turns: Sequence[Turn]) -> str:
    """The last turns of the (already redacted) transcript, newest last, bounded in size."""
    lines = [f"{'Requester' if t.role == 'user' else 'Opsbot'}: {t.text}" for t in turns]
    text = "\n".join(lines) or "(no earlier messages)"
    return text if len(text) <= SUMMARY_CHARS else "…" + text[-SUMMARY_CHARS:]
