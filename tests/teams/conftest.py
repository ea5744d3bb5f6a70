"""Fixtures for the Teams tests: the fake Bot Framework, and /api/messages served on a random loopback port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.serving import start_http
from bot.teams.auth import InboundAuth
from bot.teams.cards import invoke_message
from bot.teams.config import TeamsConfig
from bot.teams.inbound import CardAction, Feedback, TeamsMessage
from bot.teams.keys import SigningKeys
from bot.teams.server import MESSAGES_PATH, TeamsEndpoint, add_routes
from store.db import Database
from tests.teams.fake_botframework import APP_ID, APP_PASSWORD, TENANT_ID, FakeBotFramework
from tests.teams.harness import TeamsHarness, build_container, post_activity, teams_settings


@dataclass
class RecordingHandler:
    """Stands where the core will be wired: keeps what the adapter handed over, answers clicks with a message."""

    messages: list[TeamsMessage] = field(default_factory=list)
    actions: list[CardAction] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)

    @property
    def calls(self) -> int:
        return len(self.messages) + len(self.actions) + len(self.feedback)

    async def on_message(self, message: TeamsMessage) -> None:
        self.messages.append(message)

    async def on_card_action(self, action: CardAction) -> dict[str, Any]:
        self.actions.append(action)
        return invoke_message(f"{action.verb} {action.target}")

    async def on_feedback(self, feedback: Feedback) -> None:
        self.feedback.append(feedback)


@dataclass
class Endpoint:
    fake: FakeBotFramework
    handler: RecordingHandler
    session: aiohttp.ClientSession
    url: str

    async def post(
        self, body: Any, *, token: str | None = "sign", headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        """POST an activity; token="sign" signs a valid Bot Framework token for it, None sends none."""
        return await post_activity(self.session, self.url, self.fake, body, token=token, headers=headers)


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotFramework]:
    bot_framework = FakeBotFramework()
    await bot_framework.start()
    yield bot_framework
    await bot_framework.close()


@pytest.fixture
def config(fake: FakeBotFramework) -> TeamsConfig:
    return TeamsConfig(APP_ID, APP_PASSWORD, TENANT_ID, openid_metadata_url=fake.metadata_url, token_url=fake.token_url)


@pytest.fixture
async def endpoint(fake: FakeBotFramework, config: TeamsConfig) -> AsyncIterator[Endpoint]:
    keys = SigningKeys(config.openid_metadata_url)
    handler = RecordingHandler()
    web_app = web.Application()
    add_routes(web_app, TeamsEndpoint(InboundAuth(config, keys), handler))
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}{MESSAGES_PATH}"
    async with aiohttp.ClientSession() as session:
        yield Endpoint(fake, handler, session, url)
    await runner.cleanup()
    await keys.close()


@pytest.fixture
async def teams(tmp_path: Path, fake: FakeBotFramework) -> AsyncIterator[TeamsHarness]:
    """The whole bot as `opsbot serve --http` runs it with only Teams configured, against the fake Bot Framework."""
    database = Database(f"sqlite:///{tmp_path / 'opsbot.db'}", embedded=True)
    database.ensure_ready()
    box = build_container(teams_settings(tmp_path, fake), database)
    server = await start_http(box.service, host="127.0.0.1", port=0)
    async with aiohttp.ClientSession() as session:
        yield TeamsHarness(fake, box.service, server, session, database, box)
    await server.close()
    database.dispose()
