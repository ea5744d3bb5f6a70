"""App Home: each person's open requests, the requests waiting on their approval (with Confirm/Cancel), and their
recent actions, published when they open the Home tab and again after a click there.

A click on the Home goes through the same confirmation code as one on the card (`Pipeline.choose`, in the
request's thread); the outcome is told in that thread, and a refusal only to the clicker.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.pipeline import Pipeline
from bot.core.requests import SHOWN, requests_of, thread_of_request
from bot.core.worker import Worker
from bot.slack.blocks import Block, build_button, build_context, date_token, escape, section
from bot.slack.client import SLACK_ERRORS, error_code
from bot.slack.delivery import Delivery
from bot.slack.directory import Directory
from model.replies import Choice, Verb, parse_choice
from store.db import Database
from store.models import PendingAction

log = logging.getLogger(__name__)
HOME_ACTION = "opsbot_home"  # action ids opsbot_home_0, _1 ...: a click on the Home, not on a message
HOME_ID = re.compile(rf"^{HOME_ACTION}_\d+$")


def build_home(
    waiting: Sequence[PendingAction], recent: Sequence[PendingAction], to_approve: Sequence[PendingAction] = ()
) -> dict[str, Any]:
    blocks: list[Block] = [{"type": "header", "text": {"type": "plain_text", "text": "Opsbot"}}]
    if to_approve:
        blocks.append(section("*Waiting for your approval*"))
        for row in to_approve[:SHOWN]:
            blocks += [build_item(row, f"asked by <@{row.requester}> · expires {date_token(row.expires_at)}")]
            blocks.append(build_decision_buttons(row))
        blocks.append({"type": "divider"})
    blocks.append(section("*Waiting for confirmation*"))
    blocks += [build_item(row, f"expires {date_token(row.expires_at)}") for row in waiting[:SHOWN]]
    if not waiting:
        blocks.append(build_context(["Nothing is waiting for you."]))
    blocks += [{"type": "divider"}, section("*Your recent actions*")]
    blocks += [build_item(row, _decided(row)) for row in recent[:SHOWN]]
    if not recent:
        blocks.append(build_context(["No actions yet. Ask me in a channel or a DM, or type `/ops help`."]))
    return {"type": "home", "blocks": blocks}


def build_item(row: PendingAction, note: str) -> Block:
    params = ", ".join(f"{escape(k)}={escape(str(v))}" for k, v in row.params.items())
    text = f"`{escape(row.action)}` {params}"
    return section((text if len(text) <= 2900 else text[:2899] + "…") + f"\n_{row.status}_ · {note}")


def build_decision_buttons(row: PendingAction) -> Block:
    """Confirm and Cancel for a request, carrying only its id (as on the card)."""
    choices = (Choice("Confirm", Verb.CONFIRM, row.id, "primary"), Choice("Cancel", Verb.CANCEL, row.id, "danger"))
    buttons = [build_button(i, c) | {"action_id": f"{HOME_ACTION}_{i}"} for i, c in enumerate(choices)]
    return {"type": "actions", "block_id": f"decide_{row.id}", "elements": buttons}


def parse_home_click(body: Mapping[str, Any]) -> tuple[str, str] | None:
    """(user, button value) of a click on the Home tab."""
    actions, user = body.get("actions") or [], (body.get("user") or {}).get("id")
    if not (actions and isinstance(user, str)):
        return None
    return user, str(actions[0].get("value") or "")


def _decided(row: PendingAction) -> str:
    who = f"by <@{row.decided_by}> " if row.decided_by else ""
    when = row.finished_at or row.decided_at or row.created_at
    return f"{who}{date_token(when)}"


class Home:
    def __init__(
        self,
        *,
        client: AsyncWebClient,
        database: Database,
        directory: Directory | None = None,
        pipeline: Pipeline | None = None,
        delivery: Delivery | None = None,
    ) -> None:
        self._client = client
        self._db = database
        self._directory = directory
        self._pipeline = pipeline
        self._delivery = delivery

    async def publish(self, user: str) -> None:
        groups = sorted(self._directory.person(user).groups) if self._directory is not None else []
        requests = await requests_of(self._db, user, limit=SHOWN, groups=groups)
        view = build_home(requests.waiting, requests.recent, requests.to_approve)
        try:
            await self._client.views_publish(user_id=user, view=view)
        except SLACK_ERRORS as exc:
            log.warning("views.publish failed (%s)", error_code(exc))

    async def choose(self, user: str, value: str) -> None:
        """A Confirm/Cancel on the Home: decided like a card click, told in the request's thread, Home refreshed."""
        parsed = parse_choice(value)
        if self._pipeline is None or self._delivery is None or self._directory is None or parsed is None:
            return
        thread = await thread_of_request(self._db, parsed[1])
        if thread is not None:
            reply = await self._pipeline.choose(actor=self._directory.person(user), thread=thread, value=value)
            await self._delivery.reply(reply, channel=thread.channel, thread_ts=thread.thread, user=user)
        await self.publish(user)


def register(app: Any, home: Home, worker: Worker) -> None:
    async def handle_app_home_opened(event: dict[str, Any]) -> None:
        if event.get("tab") == "home" and isinstance(event.get("user"), str):
            worker.spawn(home.publish(event["user"]), name="publish home")

    async def handle_home_choice(ack: Any, body: dict[str, Any]) -> None:
        """Confirm/Cancel on the Home tab: ack at once, decide after."""
        await ack()
        click = parse_home_click(body)
        if click is not None:
            worker.spawn(home.choose(*click), name="home click")

    app.event("app_home_opened")(handle_app_home_opened)
    app.action(HOME_ID)(handle_home_choice)
