"""The Teams harness: /api/messages served by the real aiohttp server (bot.serving) for the adapter the
composition root builds (bot/wiring.py), on the real pipeline (SQLite, Presidio redaction, the offline agent,
confirmations, escalation), talking to the fake Bot Framework on 127.0.0.1. Tests, goldens and bench/teams.py
build on it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from bot.serving import TEAMS_PATH, HttpServer, Service
from bot.settings import Settings, load_settings
from bot.settings.groups import PeopleSettings
from bot.wiring import Container
from store.db import Database
from tests.slack.searcher import RUNBOOKS, WordSearcher
from tests.teams import activities
from tests.teams.fake_botframework import APP_ID, APP_PASSWORD, TENANT_ID, FakeBotFramework, Sent

ESCALATION_CHANNEL = "19:oncall0000@thread.tacv2"
ONCALL_TAG = "tag-oncall-1"
SRE = activities.BOB["aadObjectId"]  # Bob is in the sre group (the approvers)


def teams_settings(home: Path, fake: FakeBotFramework, **more: str) -> Settings:
    env = {
        "OPSBOT_HOME": str(home),
        "OPSBOT_VAULT_KEY": "v" * 40,
        "TEAMS_APP_ID": APP_ID,
        "TEAMS_APP_PASSWORD": APP_PASSWORD,
        "TEAMS_TENANT_ID": TENANT_ID,
        "TEAMS_OPENID_METADATA_URL": fake.metadata_url,
        "TEAMS_TOKEN_URL": fake.token_url,
        "TEAMS_SERVICE_URL": fake.service_url,
        "TEAMS_ESCALATION_TEAM": activities.TEAM,
        "TEAMS_ESCALATION_CHANNEL": ESCALATION_CHANNEL,
        "TEAMS_ONCALL_TAG": ONCALL_TAG,
        **more,
    }
    settings = load_settings(env)
    people = PeopleSettings(default_groups=["everyone"], user_groups={SRE: ["sre"]})
    return settings.model_copy(update={"people": people})


def build_container(settings: Settings, database: Database, *, typing_delay: float = 0.0) -> Container:
    """The composition root (bot/wiring.py) on the test's database, with an in-memory searcher for knowledge."""
    searcher = WordSearcher(RUNBOOKS)
    return Container(settings, database=database, knowledge_access=searcher, teams_typing_delay=typing_delay)


async def post_activity(
    session: aiohttp.ClientSession,
    url: str,
    fake: FakeBotFramework,
    body: Any,
    *,
    token: str | None = "sign",
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """POST an activity; token="sign" signs a valid Bot Framework token for it, None sends none; (status, body)."""
    sent = dict(headers or {})
    if token is not None:
        sent["Authorization"] = f"Bearer {fake.sign() if token == 'sign' else token}"
    data = body if isinstance(body, bytes) else None
    async with session.post(url, json=None if data else body, data=data, headers=sent) as response:
        text = await response.text()
        json_body = text and response.content_type == "application/json"
        return response.status, (await response.json() if json_body else text)


@dataclass
class TeamsHarness:
    fake: FakeBotFramework
    service: Service
    server: HttpServer
    session: aiohttp.ClientSession
    database: Database
    box: Container

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}{TEAMS_PATH}"

    @property
    def service_url(self) -> str:
        return self.fake.service_url

    async def post(self, body: Any, *, token: str | None = "sign", headers: dict[str, str] | None = None) -> Any:
        """POST an activity, signed as the Bot Framework would (token=None: no token); (status, body)."""
        return await post_activity(self.session, self.url, self.fake, body, token=token, headers=headers)

    async def say(self, body: dict[str, Any]) -> None:
        """Post a message activity, expect 200 at once, and wait for the turn to finish."""
        status, _ = await self.post(body)
        assert status == 200
        await self.settle()

    async def settle(self) -> None:
        assert await self.service.worker.drain(20)

    def messages(self, where: Callable[[Sent], bool] = lambda s: True) -> list[Sent]:
        """Messages (not typing, not updates) the bot delivered, oldest first."""
        return [s for s in self.fake.delivered() if s.kind != "update" and s.body.get("type") == "message" and where(s)]

    async def wait_for_messages(self, count: int, seconds: float = 20) -> list[Sent]:
        for _ in range(int(seconds * 20)):
            if len(self.messages()) >= count:
                return self.messages()
            await asyncio.sleep(0.05)
        raise AssertionError(f"{len(self.messages())} messages delivered, {count} expected")
