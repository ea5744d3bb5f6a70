"""Interactivity listeners: a button click becomes `pipeline.choose`, and its outcome goes back where it belongs.

A refusal or an unknown, tampered, expired or already-decided request comes back ephemeral: only the clicker
sees it and nothing changes. A decided card loses its buttons and shows the outcome and who decided.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.pipeline import Pipeline
from bot.core.worker import Worker
from bot.slack.blocks import CHOICE_ACTION, Block, build_closed, build_decided, build_reply
from bot.slack.delivery import Delivery
from bot.slack.directory import Directory
from bot.slack.edit_button import without_edit_button
from bot.slack.inbound import PLATFORM
from bot.slack.views import build_reason_modal, open_view
from model.messages import ThreadRef
from model.replies import Verb, parse_choice

CHOICE_ID = re.compile(rf"^{CHOICE_ACTION}_\d+$")


@dataclass(frozen=True)
class Click:
    user: str
    channel: str
    message_ts: str
    thread_ts: str
    value: str
    blocks: Sequence[Block]
    trigger_id: str | None = None

    @property
    def verb(self) -> Verb | None:
        parsed = parse_choice(self.value)
        return parsed[0] if parsed else None


def parse_click(body: Mapping[str, Any]) -> Click | None:
    """The clicked button on a message in a channel, DM or thread; None for anything else."""
    actions, message = body.get("actions") or [], body.get("message") or {}
    user, channel = _id(body.get("user")), _id(body.get("channel"))
    ts = message.get("ts") or (body.get("container") or {}).get("message_ts")
    if not (actions and isinstance(user, str) and isinstance(channel, str) and isinstance(ts, str)):
        return None
    value = str(actions[0].get("value") or "")
    trigger = body.get("trigger_id")
    thread_ts = message.get("thread_ts") or ts
    return Click(user, channel, ts, thread_ts, value, message.get("blocks") or [], trigger if trigger else None)


def _id(value: Any) -> Any:
    return value.get("id") if isinstance(value, Mapping) else None


class Clicks:
    def __init__(
        self, *, pipeline: Pipeline, delivery: Delivery, directory: Directory, client: AsyncWebClient | None = None
    ) -> None:
        self._client = client
        self._pipeline = pipeline
        self._delivery = delivery
        self._directory = directory

    async def choose(self, click: Click) -> None:
        actor = self._directory.person(click.user)
        thread = ThreadRef(PLATFORM, click.channel, click.thread_ts)
        reply = await self._pipeline.choose(actor=actor, thread=thread, value=click.value, message_id=click.message_ts)
        where = {"channel": click.channel, "thread_ts": click.thread_ts}
        if reply.asks_reason is not None and await self._ask_reason(click, reply.asks_reason):
            return
        if reply.ephemeral:
            await self._delivery.ephemeral(build_reply(reply), user=click.user, **where)
            return
        if click.verb in (Verb.CONFIRM, Verb.CANCEL):
            blocks = without_edit_button(list(click.blocks))
            card = build_reply(reply) if reply.card is not None else build_decided(blocks, reply, click.user)
            if await self._delivery.update(card, channel=click.channel, ts=click.message_ts):
                return
        elif click.verb is Verb.HANDBACK:
            note = f"by <@{click.user}>"  # a card's Confirm/Cancel stay: the request is still waiting for them
            closed = build_closed(
                click.blocks, outcome="Handed back to Opsbot.", note=note, keep=(f"{Verb.CONFIRM}:", f"{Verb.CANCEL}:")
            )
            await self._delivery.update(closed, channel=click.channel, ts=click.message_ts)
        await self._delivery.reply(reply, user=click.user, **where)

    async def _ask_reason(self, click: Click, feedback_id: int) -> bool:
        """After a 👎: the "what was wrong?" modal, when Slack gave a trigger to open one."""
        if self._client is None or click.trigger_id is None:
            return False
        modal = build_reason_modal(feedback_id, channel=click.channel, thread_ts=click.thread_ts)
        return await open_view(self._client, trigger_id=click.trigger_id, view=modal)


def register(app: Any, clicks: Clicks, worker: Worker) -> None:
    async def handle_choice(ack: Any, body: dict[str, Any]) -> None:
        """Any Opsbot button: ack at once, decide after."""
        await ack()
        click = parse_click(body)
        if click is not None:
            worker.spawn(clicks.choose(click), name=f"click {click.verb}")

    app.action(CHOICE_ID)(handle_choice)
