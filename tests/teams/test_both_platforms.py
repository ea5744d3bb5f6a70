"""Slack and Teams configured together: one `opsbot serve --http` process serves /slack/events and /api/messages,
each answered on its own platform from the same core and database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.serving import start_http
from store.db import Database
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import USERGROUPS, USERS, slack_settings
from tests.slack.signed import event_body, message, send
from tests.teams import activities
from tests.teams.fake_botframework import APP_ID, APP_PASSWORD, TENANT_ID, FakeBotFramework
from tests.teams.harness import TeamsHarness, build_container


@pytest.fixture
async def both(tmp_path: Path, fake: FakeBotFramework) -> AsyncIterator[tuple[TeamsHarness, FakeSlack]]:
    fake_slack = FakeSlack(users=USERS, usergroups=USERGROUPS)
    await fake_slack.start()
    teams_env = {"TEAMS_APP_ID": APP_ID, "TEAMS_APP_PASSWORD": APP_PASSWORD, "TEAMS_TENANT_ID": TENANT_ID}
    teams_env |= {"TEAMS_OPENID_METADATA_URL": fake.metadata_url, "TEAMS_TOKEN_URL": fake.token_url}
    settings = slack_settings(tmp_path, fake_slack.base_url, **teams_env)
    database = Database(f"sqlite:///{tmp_path / 'opsbot.db'}", embedded=True)
    database.ensure_ready()
    box = build_container(settings, database)
    server = await start_http(box.service, host="127.0.0.1", port=0)
    async with aiohttp.ClientSession() as session:
        yield TeamsHarness(fake, box.service, server, session, database, box), fake_slack
    await server.close()
    database.dispose()
    await fake_slack.close()


async def test_one_process_answers_slack_and_teams(both: tuple[TeamsHarness, FakeSlack]) -> None:
    """A Slack DM is answered through Slack's Web API and a Teams chat through the Bot Connector, side by side."""
    teams, fake_slack = both
    slack_url = teams.url.replace("/api/messages", "/slack/events")
    sent = await send(teams.session, slack_url, event_body(message("D0BOB", "U0BOB", "VPN keeps disconnecting", "1.1")))
    assert sent.status == 200
    await teams.say(activities.personal(teams.service_url, "VPN keeps disconnecting"))
    [slack_answer] = await fake_slack.wait_for("chat.postMessage", seconds=20)
    assert slack_answer.args["channel"] == "D0BOB"
    [teams_answer] = teams.messages()
    assert teams_answer.conversation_id == "a:1personalann" and "[1]" in teams_answer.body["text"]
    async with teams.session.get(teams.url.replace("/api/messages", "/healthz")) as health:
        assert (health.status, await health.json()) == (200, {"ready": True})
