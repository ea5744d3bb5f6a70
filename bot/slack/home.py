"""App Home: each person's pending confirmations and recent actions, published when they open the Home tab."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.requests import SHOWN, requests_of
from bot.core.worker import Worker
from bot.slack.blocks import Block, build_context, date_token, escape, section
from bot.slack.client import SLACK_ERRORS, error_code
from store.db import Database
from store.models import PendingAction

log = logging.getLogger(__name__)


def build_home(waiting: Sequence[PendingAction], recent: Sequence[PendingAction]) -> dict[str, Any]:
    blocks: list[Block] = [{"type": "header", "text": {"type": "plain_text", "text": "Opsbot"}}]
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


def _decided(row: PendingAction) -> str:
    who = f"by <@{row.decided_by}> " if row.decided_by else ""
    when = row.finished_at or row.decided_at or row.created_at
    return f"{who}{date_token(when)}"


class Home:
    def __init__(self, *, client: AsyncWebClient, database: Database) -> None:
        self._client = client
        self._db = database

    async def publish(self, user: str) -> None:
        requests = await requests_of(self._db, user, limit=SHOWN)
        try:
            await self._client.views_publish(user_id=user, view=build_home(requests.waiting, requests.recent))
        except SLACK_ERRORS as exc:
            log.warning("views.publish failed (%s)", error_code(exc))


def register(app: Any, home: Home, worker: Worker) -> None:
    async def handle_app_home_opened(event: dict[str, Any]) -> None:
        if event.get("tab") == "home" and isinstance(event.get("user"), str):
            worker.spawn(home.publish(event["user"]), name="publish home")

    app.event("app_home_opened")(handle_app_home_opened)
