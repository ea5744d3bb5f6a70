"""Events API listeners: mentions and messages become work for the Responder, spawned so the ack is immediate."""

from __future__ import annotations

from typing import Any

from bot.core.worker import Worker
from bot.slack.answering import Responder
from bot.slack.inbound import parse_message


def register(app: Any, responder: Responder, worker: Worker) -> None:
    async def handle_app_mention(body: dict[str, Any], event: dict[str, Any], context: Any) -> None:
        """An @mention in a channel: always for the bot (its twin `message` event is dropped as a duplicate)."""
        message = parse_message(body, event, context.bot_user_id)
        if message is not None:
            worker.spawn(responder.answer(message), name="answer mention")

    async def handle_message(body: dict[str, Any], event: dict[str, Any], context: Any) -> None:
        """Any message the bot can see; the Responder decides whether it is addressed to the bot."""
        message = parse_message(body, event, context.bot_user_id)
        if message is not None:
            worker.spawn(responder.consider(message), name="consider message")

    app.event("app_mention")(handle_app_mention)
    app.event("message")(handle_message)
