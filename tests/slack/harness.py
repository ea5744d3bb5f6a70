"""The Slack harness: the real Bolt app behind the real aiohttp server, on the real pipeline (SQLite, Presidio
redaction, the offline agent, confirmations, escalation), talking to a fake Slack Web API on 127.0.0.1.
The tests' fixtures and bench/slack.py both build on it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from actions import DatabaseSwitches, build_registry
from bot.agent.offline import OfflineAgent
from bot.core.commands import ExplicitCommands
from bot.core.confirmation.service import ConfirmationService
from bot.core.escalation import EscalationService
from bot.core.pipeline import Pipeline
from bot.settings import Settings, SlackChannelSpec, load_settings
from bot.slack.app import SlackBot, build_directory, build_slack_bot
from bot.slack.client import build_client
from bot.slack.escalation import SlackNotifier, build_group_router
from bot.slack.server import EVENTS_PATH, HttpServer
from redaction import RedactionConfig, Redactor
from store.db import Database
from store.vaults import SqlVaultStore
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
    update: dict[str, Any] = {
        "default_groups": ["everyone"],
        "slack_channels": {HELPDESK: SlackChannelSpec(answer_untagged=True)},
    }
    return load_settings(env).model_copy(update=update)


def build_pipeline_and_bot(settings: Settings, database: Database, *, working_delay: float = 0.0) -> SlackBot:
    """The composition bot/wiring.py is asked to do, spelled out: one client, one directory, one escalation."""
    redactor = Redactor(RedactionConfig(vault_key="v" * 40), vault_store=SqlVaultStore(database))
    client = build_client(settings)
    directory = build_directory(settings, client, names=redactor)
    notifier = SlackNotifier(client, channel=settings.slack_escalation_channel)
    escalation = EscalationService(database, notifier=notifier, group_for=build_group_router(settings))
    registry = build_registry(switched_off=DatabaseSwitches(database))
    confirmations = ConfirmationService(
        database=database, registry=registry, directory=directory.groups_of, restorer=redactor, retry_backoff=0.01
    )
    pipeline = Pipeline(
        database=database,
        redactor=redactor,
        agent=OfflineAgent(WordSearcher(RUNBOOKS)),
        confirmations=confirmations,
        commands=ExplicitCommands(registry),
        escalation=escalation,
    )
    return build_slack_bot(
        settings,
        pipeline=pipeline,
        database=database,
        client=client,
        directory=directory,
        escalation=escalation,
        working_delay=working_delay,
    )


@dataclass
class Harness:
    fake: FakeSlack
    bot: SlackBot
    server: HttpServer
    session: aiohttp.ClientSession
    database: Database

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
