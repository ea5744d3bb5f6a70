"""Fixtures for the Slack tests: a fake Slack Web API, and the app serving HTTP on a random loopback port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.serving import start_http
from store.db import Database
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import USERGROUPS, USERS, Harness, build_container, slack_settings


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack(users=USERS, usergroups=USERGROUPS)
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
async def slack(tmp_path: Path, fake_slack: FakeSlack) -> AsyncIterator[Harness]:
    settings = slack_settings(tmp_path, fake_slack.base_url)
    database = Database(f"sqlite:///{tmp_path / 'opsbot.db'}", embedded=True)
    database.ensure_ready()
    box = build_container(settings, database)
    server = await start_http(box.service, host="127.0.0.1", port=0)
    async with aiohttp.ClientSession() as session:
        yield Harness(fake_slack, box.service, server, session, database, box)
    await server.close()
    database.dispose()
