"""Events API listeners: mentions and messages become neutral messages for the core's Responder, spawned so the
ack is immediate."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from bot.core.responder import Responder
from bot.core.worker import Worker
from bot.slack.directory import Directory
from bot.slack.inbound import SlackMessage, parse_deletion, parse_edit, parse_message
from model.messages import InboundMessage


def register(app: Any, responder: Responder, worker: Worker, directory: Directory) -> None:
    def neutral(message: SlackMessage, bot_user_id: str | None) -> InboundMessage:
        person = directory.person(message.user)
        return message.to_inbound(person, bot_user_id=bot_user_id, name_of=directory.name_of)

    async def handle_app_mention(body: dict[str, Any], event: dict[str, Any], context: Any) -> None:
        """An @mention in a channel: always for the bot (its twin `message` event is dropped as a duplicate)."""
        message = parse_message(body, event, context.bot_user_id)
        if message is not None:
            worker.spawn(responder.answer(neutral(message, context.bot_user_id)), name="answer mention")

    async def handle_message(body: dict[str, Any], event: dict[str, Any], context: Any) -> None:
        """Any message the bot can see; the Responder decides whether it is addressed to the bot."""
        message = parse_message(body, event, context.bot_user_id)
        if message is not None:
            worker.spawn(responder.consider(neutral(message, context.bot_user_id)), name="consider message")
        elif (edited := parse_edit(body, event, context.bot_user_id)) is not None:
            revised = neutral(edited, context.bot_user_id)
            version = str((event.get("message") or {}).get("edited", {}).get("ts") or event.get("event_ts") or "")
            worker.spawn(responder.revise(replace(revised, event_id=f"{edited.key}:edit:{version}")), name="edit")
        elif (deleted := parse_deletion(event)) is not None:
            worker.spawn(responder.withdraw(deleted, str(event["deleted_ts"])), name="withdraw answer")

    app.event("app_mention")(handle_app_mention)
    app.event("message")(handle_message)


def register_ignored(app: Any) -> None:
    """Events the app receives but does not act on get Slack's expected 200 (a 404 would make Slack retry)."""

    async def handle_ignored(ack: Any) -> None:
        await ack()

    app.event(re.compile(".+"))(handle_ignored)
