"""The Teams adapter assembled: the /api/messages endpoint, the connector and its tokens, the chat port and the
turns handler. The composition root (bot/wiring.py) builds it; bot/serving.py serves it beside Slack, or alone.

Like Slack's listeners, the endpoint only checks, parses and spawns: every connector call (replies, typing, card
updates, proactive notices) runs on the core's Worker loop, so one HTTP client pool serves them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.jobs import Job
from bot.core.pipeline import Pipeline
from bot.core.responder import Responder
from bot.core.worker import Worker
from bot.teams.auth import InboundAuth
from bot.teams.chat import Oncall, TeamsChat
from bot.teams.config import TeamsConfig, TeamsSettings
from bot.teams.connector import Connector
from bot.teams.keys import SigningKeys
from bot.teams.people import TeamsPeople
from bot.teams.references import References, ReferenceStore
from bot.teams.server import TeamsEndpoint
from bot.teams.tokens import BotTokens
from bot.teams.turns import ConfirmationViews, TeamsTurns


@dataclass
class TeamsBot:
    endpoint: TeamsEndpoint
    chat: TeamsChat
    worker: Worker
    keys: SigningKeys
    tokens: BotTokens
    ready: bool = False

    def jobs(self) -> list[Job]:
        """Teams has no periodic job of its own (names arrive with each activity)."""
        return []

    async def start(self) -> None:
        """Ready once the Bot Framework's signing keys are read (or could not be, which the log says)."""
        await self.keys.warm()
        self.ready = True

    async def stop(self) -> None:
        """Close the connector's and the token endpoint's clients on the work loop, the key fetcher here."""
        self.ready = False
        await self.worker.run(self._close())
        await self.keys.close()

    async def _close(self) -> None:
        await self.chat.connector.close()
        await self.tokens.close()


def build_teams_chat(
    settings: TeamsSettings,
    config: TeamsConfig,
    people: TeamsPeople,
    *,
    typing_delay: float,
    store: ReferenceStore | None = None,
) -> tuple[TeamsChat, BotTokens]:
    """The chat port (and the token source it sends with), for what the composition root built."""
    tokens = BotTokens(config)
    oncall = Oncall(
        settings.escalation_team, settings.escalation_channel, settings.oncall_tag, settings.oncall_user_ids
    )
    references = References(settings.service_url, store)
    chat = TeamsChat(
        Connector(tokens), people, references, oncall=oncall, tenant_id=config.tenant_id, typing_delay=typing_delay
    )
    return chat, tokens


def build_teams_bot(
    config: TeamsConfig,
    *,
    chat: TeamsChat,
    tokens: BotTokens,
    pipeline: Pipeline,
    responder: Responder,
    worker: Worker,
    views: ConfirmationViews | None,
) -> TeamsBot:
    keys = SigningKeys(config.openid_metadata_url)
    turns = TeamsTurns(responder=responder, pipeline=pipeline, chat=chat, worker=worker, views=views)
    endpoint = TeamsEndpoint(InboundAuth(config, keys), turns)
    return TeamsBot(endpoint, chat, worker, keys, tokens)
