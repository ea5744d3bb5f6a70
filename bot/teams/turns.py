"""What the core does with a Teams activity (implements server.TeamsHandler): messages go to the core's Responder,
clicks to `Pipeline.choose`, each on the work loop, so /api/messages answers at once.

Action.Execute answers in its HTTP response: a refreshing client gets its own view of a confirmation card (the
buttons only for someone who may decide, checked by the same confirmation code as Slack); a click gets the
decided card, which also replaces the posted activity for everyone; a refusal, a replay, a stale or expired card
gets a message only the clicker sees, and nothing runs.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any, Protocol

from microsoft_teams.api.activities.message.message import MessageActivityInput

from bot.core.pipeline import Pipeline
from bot.core.responder import Responder
from bot.core.worker import Worker
from bot.teams.cards import (
    REFRESH,
    attachment,
    build_confirmation,
    build_confirmation_view,
    build_decided,
    invoke_card,
    invoke_message,
)
from bot.teams.chat import TeamsChat
from bot.teams.inbound import CardAction, Feedback, TeamsMessage, Where
from model.messages import Person
from model.replies import Reply, Verb

HAND_BACK_WORDS = re.compile(r"^\s*hand(\s+it)?\s+back(\s+to\s+opsbot)?[\s.!]*$", re.IGNORECASE)
DONE = "Done."


class ConfirmationViews(Protocol):
    """bot.core.confirmation.service.ConfirmationService.view."""

    async def view(self, *, pending_id: str, actor: Person) -> tuple[Reply, bool] | None: ...


class TeamsTurns:
    def __init__(
        self,
        *,
        responder: Responder,
        pipeline: Pipeline,
        chat: TeamsChat,
        worker: Worker,
        views: ConfirmationViews | None = None,
    ) -> None:
        self._responder = responder
        self._pipeline = pipeline
        self._chat = chat
        self._worker = worker
        self._views = views

    async def on_message(self, message: TeamsMessage) -> None:
        self._worker.spawn(self._message(message), name="teams message")

    async def on_card_action(self, action: CardAction) -> dict[str, Any]:
        return await self._worker.run(self._card_action(action))

    async def on_feedback(self, feedback: Feedback) -> None:
        self._worker.spawn(self._feedback(feedback), name="teams feedback")

    async def _message(self, message: TeamsMessage) -> None:
        await self._remember(message.where)
        person = self._chat.people.seen(message.user)
        if message.mentions_bot and HAND_BACK_WORDS.match(message.text):  # `@Opsbot hand back`
            reply = await self._pipeline.choose(actor=person, thread=message.thread, value=f"{Verb.HANDBACK}:")
            await self._chat.post(message.thread, reply, user=person.id)
            return
        await self._responder.consider(message.to_inbound(person))

    async def _feedback(self, feedback: Feedback) -> None:
        await self._remember(feedback.where)
        actor = self._chat.people.seen(feedback.user)
        thread = feedback.where.thread(feedback.answer_activity_id or feedback.activity_id)
        await self._pipeline.choose(
            actor=actor, thread=thread, value=f"{Verb.FEEDBACK}:{'up' if feedback.up else 'down'}"
        )

    async def _card_action(self, action: CardAction) -> dict[str, Any]:
        await self._remember(action.where)
        actor = self._chat.people.seen(action.user)
        if action.verb == REFRESH:
            return await self._refresh(action, actor)
        thread = action.where.thread(action.card_activity_id or action.activity_id)
        viewed = await self._view(action.target, actor) if action.verb in (Verb.CONFIRM, Verb.CANCEL) else None
        reply = await self._pipeline.choose(actor=actor, thread=thread, value=action.choice_value)
        if reply.ephemeral:
            return invoke_message(reply.text)
        if action.verb in (Verb.CONFIRM, Verb.CANCEL):
            card = build_decided(viewed[0].card if viewed else None, reply.text, f"Decided by {self._name(actor)}")
        elif action.verb == Verb.HANDBACK:
            card = build_decided(None, "Handed back to Opsbot.", f"by {self._name(actor)}")
            await self._chat.post(thread, reply, user=actor.id)
        else:  # Talk to a human: the escalation reply goes to the thread, the button's card stays
            await self._chat.post(thread, reply, user=actor.id)
            return invoke_message(DONE)
        if action.card_activity_id:
            await self._chat.replace(thread, action.card_activity_id, _card_activity(card))
        return invoke_card(card)

    async def _refresh(self, action: CardAction, actor: Person) -> dict[str, Any]:
        """A client asking for its own view: the buttons only if this person may decide now."""
        viewed = await self._view(action.target, actor)
        card = viewed[0].card if viewed is not None else None
        if viewed is None or card is None:
            return invoke_message("I can't find that request any more.")
        reply, may = viewed
        build = build_confirmation_view if may else build_confirmation
        return invoke_card(build(card, reply.choices, [actor.id] if may else []))

    async def _view(self, pending_id: str, actor: Person) -> tuple[Reply, bool] | None:
        return await self._views.view(pending_id=pending_id, actor=actor) if self._views is not None else None

    async def _remember(self, where: Where) -> None:
        await asyncio.to_thread(self._chat.references.remember, where)

    def _name(self, actor: Person) -> str:
        return actor.display_name or "someone"


def _card_activity(card: dict[str, Any]) -> MessageActivityInput:
    return MessageActivityInput().add_attachments(attachment(card))
