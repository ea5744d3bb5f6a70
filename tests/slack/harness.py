"""The Slack harness: the real Bolt app behind the real aiohttp server, on the real pipeline (SQLite, Presidio
redaction, the offline agent, confirmations, escalation), talking to a fake Slack Web API on 127.0.0.1.
The tests' fixtures and bench/slack.py both build on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from bot.core.channels import ChannelRules
from bot.serving import HttpServer, Service, start_http
from bot.settings import Settings, load_settings
from bot.settings.groups import PeopleSettings
from bot.slack.app import SlackBot
from bot.slack.server import EVENTS_PATH
from bot.wiring import Container
from store.db import Database
from tests.slack.fake_slack import TOKEN, FakeSlack
from tests.slack.searcher import RUNBOOKS, WordSearcher
from tests.slack.signed import SECRET, Sent, event_body, send

ESCALATIONS = "C0ESCALATE"
ONCALL = "S0ONCALL"
HELPDESK = "C0HELPDESK"  # answers untagged top-level messages
USERS = [
    {"id": "U0PRIYA", "real_name": "Priya Natarajan", "profile": {"display_name": "priya"}},
    {"id": "U0SRE", "real_name": "Sam Okafor", "profile": {"display_name": "sam"}},
    {"id": "U0BOB", "real_name": "Bob Lindqvist", "profile": {"display_name": "bob"}},
    {"id": "U0OTHERBOT", "real_name": "Deploy Bot", "is_bot": True, "profile": {}},
]
USERGROUPS = [{"id": "S0SRE", "handle": "sre", "name": "SRE", "users": ["U0SRE"]}]


def slack_settings(home: Path, api_url: str, **more: str) -> Settings:
    env = {
        "OPSBOT_HOME": str(home),
        "OPSBOT_VAULT_KEY": "v" * 40,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api_url,
        "SLACK_ESCALATION_CHANNEL": ESCALATIONS,
        "SLACK_ONCALL_GROUP": ONCALL,
        **more,
    }
    settings = load_settings(env)
    return settings.model_copy(
        update={
            "people": PeopleSettings(default_groups=["everyone"]),
            "slack": settings.slack.model_copy(update={"channels": {HELPDESK: ChannelRules(answer_untagged=True)}}),
        }
    )


def build_container(settings: Settings, database: Database, *, working_delay: float = 0.0) -> Container:
    """The composition root (bot/wiring.py) on the test's database, with an in-memory searcher for knowledge."""
    return Container(
        settings, database=database, knowledge_access=WordSearcher(RUNBOOKS), slack_working_delay=working_delay
    )


def build_pipeline_and_bot(settings: Settings, database: Database, *, working_delay: float = 0.0) -> Service:
    """What `opsbot serve` runs, built by the composition root (bot/wiring.py)."""
    return build_container(settings, database, working_delay=working_delay).service


@dataclass
class Harness:
    fake: FakeSlack
    service: Service
    server: HttpServer
    session: aiohttp.ClientSession
    database: Database
    box: Container

    @property
    def bot(self) -> SlackBot:
        return self.service.slack

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}{EVENTS_PATH}"

    async def send(self, request: tuple[str, str], **signing: Any) -> Sent:
        return await send(self.session, self.url, request, **signing)

    async def event(self, event: dict[str, Any], **signing: Any) -> Sent:
        sent = await self.send(event_body(event), **signing)
        assert sent.status == 200, sent
        return sent

    async def settle(self) -> None:
        """Wait for every reply in flight (the work spawned after each ack)."""
        assert await self.bot.worker.drain(20)

    def posts(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Messages the bot posted (the arguments of each chat.postMessage, with the ts Slack gave it)."""
        calls = self.fake.calls_to("chat.postMessage")
        return [c.args | {"ts": c.response["ts"]} for c in calls if channel is None or c.args["channel"] == channel]


@asynccontextmanager
async def serving(tmp_path: Path, fake_slack: FakeSlack, settings: Settings) -> AsyncIterator[Harness]:
    """The app on `settings`, serving HTTP on a random loopback port, on a fresh SQLite database."""
    database = Database(f"sqlite:///{tmp_path / 'opsbot.db'}", embedded=True)
    database.ensure_ready()
    box = build_container(settings, database)
    server = await start_http(box.service, host="127.0.0.1", port=0)
    async with aiohttp.ClientSession() as session:
        yield Harness(fake_slack, box.service, server, session, database, box)
    await server.close()
    database.dispose()
