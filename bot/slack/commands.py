"""The /ops slash command: the command is echoed into the channel as the root of a thread, and answered there,
so a card, its confirmation and any follow-up share one thread like any other conversation.

A slash command is private to its author until it is echoed: the echo shows it redacted (a token typed into
`/ops` must not land in the channel), the pipeline still gets the command as typed."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from typing import Any

from bot.core.responder import Responder
from bot.core.worker import Worker
from bot.slack.blocks import Message, build_fallback, section
from bot.slack.delivery import Delivery
from bot.slack.directory import Directory
from bot.slack.inbound import SlackMessage

COMMAND = "/ops"
NOT_HERE = "I can't post in this channel. Invite me with `/invite @opsbot`, or send me the command in a direct message."
Respond = Callable[..., Awaitable[Any]]


def parse_command(body: Mapping[str, Any]) -> SlackMessage | None:
    """The command as a message (its ts is filled in once the thread root is posted); None if incomplete."""
    user, channel = body.get("user_id"), body.get("channel_id")
    if not (isinstance(user, str) and isinstance(channel, str)):
        return None
    text = f"{COMMAND} {str(body.get('text') or '').strip()}".strip()
    team = str(body.get("team_id") or "")
    return SlackMessage(
        team, channel, user, ts="", thread_ts=None, text=text, direct=channel.startswith("D"), mentions_bot=True
    )


def build_echo(message: SlackMessage, redact: Callable[[str], str]) -> Message:
    text = build_fallback(f"<@{message.user}> ran {redact(message.text)}")
    return Message(text, [section(text)])


class Commands:
    def __init__(
        self, *, responder: Responder, delivery: Delivery, directory: Directory, redact: Callable[[str], str]
    ) -> None:
        self._responder = responder
        self._delivery = delivery
        self._directory = directory
        self._redact = redact

    async def run(self, message: SlackMessage, respond: Respond) -> None:
        echo = await asyncio.to_thread(build_echo, message, self._redact)
        root = await self._delivery.post(echo, channel=message.channel, thread_ts=None, user=None)
        if root is None:
            await respond(text=NOT_HERE, response_type="ephemeral")
            return
        posted = replace(message, ts=root)
        person = self._directory.person(message.user)
        await self._responder.answer(posted.to_inbound(person, bot_user_id=None, name_of=self._directory.name_of))


def register(app: Any, commands: Commands, worker: Worker) -> None:
    async def handle_ops_command(ack: Any, body: dict[str, Any], respond: Respond) -> None:
        """`/ops help`, `/ops create_ticket title="..."`: ack at once, answer in a thread after."""
        await ack()
        message = parse_command(body)
        if message is not None:
            worker.spawn(commands.run(message, respond), name="command")

    app.command(COMMAND)(handle_ops_command)
