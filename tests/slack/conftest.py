"""Fixtures for the Slack tests: a fake Slack Web API, and the app serving HTTP on a random loopback port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import USERGROUPS, USERS, Harness, serving, slack_settings


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack(users=USERS, usergroups=USERGROUPS)
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
async def slack(tmp_path: Path, fake_slack: FakeSlack) -> AsyncIterator[Harness]:
    async with serving(tmp_path, fake_slack, slack_settings(tmp_path, fake_slack.base_url)) as harness:
        yield harness
