"""The composition root: the only module that builds concrete adapters from settings."""

from __future__ import annotations

import logging
import os
import re
import secrets
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.escalation import EscalationService
from bot.core.pipeline import Pipeline
from bot.logs import install_log_safety_net
from bot.settings import Settings, secret_env
from model.ports import Agent, ChatPort
from store.db import Database
from store.files import private_dir

if TYPE_CHECKING:
    from collections.abc import Callable

    from actions import ActionRegistry
    from bot.admin.server import AdminServer, IngestRequest
    from bot.agent.providers import LLM
    from bot.core.admin import AdminCommands
    from bot.core.confirmation.service import ConfirmationService
    from bot.core.confirmation.sweep import Interrupted
    from bot.core.corrections import Corrections
    from bot.core.jobs import Jobs
    from bot.core.knowledge_access import KnowledgeAccess
    from bot.core.worker import Worker
    from bot.observability.metrics import Metrics
    from bot.observability.observer import TurnTelemetry
    from bot.observability.safety_net import SafetyNetTally
    from bot.serving import Service
    from bot.slack.app import SlackBot
    from bot.slack.chat import SlackChat
    from bot.slack.client import SlackClient
    from bot.slack.directory import Directory
    from bot.teams.app import TeamsBot
    from bot.teams.chat import TeamsChat
    from bot.teams.people import TeamsPeople
    from bot.teams.tokens import BotTokens
    from knowledge.config import KnowledgeConfig
    from knowledge.ingest import IngestSummary
    from knowledge.rebuild import Reindexer
    from knowledge.retrieval import Retriever
    from redaction import Redactor
    from redaction.config import RedactionConfig

log = logging.getLogger(__name__)
_ENTRA_ID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


class Container:
    """Builds each adapter once, on first use, so a command only pays for what it touches."""

    def __init__(self, settings: Settings, **prebuilt: object) -> None:
        """`prebuilt` replaces adapters by name (tests and the eval harness share one retriever, swap the LLM)."""
        self.settings = settings
        adapters = {name for name, value in vars(Container).items() if isinstance(value, cached_property)}
        unknown = set(prebuilt) - adapters
        if unknown:
            raise TypeError(f"unknown adapters: {sorted(unknown)}")
        self.__dict__.update(prebuilt)

    @cached_property
    def database(self) -> Database:
        db = Database(self.settings.effective_database_url, embedded=self.settings.uses_embedded_database)
        db.ensure_ready()
        return db

    @cached_property
    def redaction_config(self) -> RedactionConfig:
        from redaction.config import RedactionConfig

        s = self.settings
        overrides: dict[str, object] = {
            "names_file": s.redaction.names_file,
            "vault_key": self._vault_key(),
            "vault_previous_key": s.vault_previous_key,
            "retention_days": s.retention_days,
            "spacy_model": s.redaction.spacy_model,
        }
        if s.redaction.score_threshold is not None:
            overrides["score_threshold"] = s.redaction.score_threshold
        if s.redaction.allow_list:
            overrides["allow_list"] = [*RedactionConfig().allow_list, *s.redaction.allow_list]
        if s.redaction.patterns:
            overrides["custom_patterns"] = s.redaction.patterns
        return RedactionConfig.model_validate(overrides)

    @cached_property
    def redactor(self) -> Redactor:
        from bot.observability.safety_net import CountingScrubber
        from redaction import Redactor
        from store.vaults import SqlVaultStore

        redactor = Redactor(self.redaction_config, vault_store=SqlVaultStore(self.database))
        install_log_safety_net(CountingScrubber(redactor, self.safety_net_tally, "log"))
        return redactor

    @cached_property
    def safety_net_tally(self) -> SafetyNetTally:
        from bot.observability.safety_net import SafetyNetTally

        return SafetyNetTally()

    @cached_property
    def metrics(self) -> Metrics:
        """This process's Prometheus registry and instruments (served at /metrics)."""
        from bot.observability.metrics import Metrics

        return Metrics(self.settings.llm.prices)

    @cached_property
    def telemetry(self) -> TurnTelemetry:
        """After each turn: metrics, and the safety net's counts stored; tracing installed if OPSBOT_TRACES says so."""
        from bot.observability.observer import TurnTelemetry
        from bot.observability.safety_net import CountingScrubber
        from bot.observability.tracing import install_tracing

        traces = self.settings.observability
        install_tracing(
            traces.traces, traces.otlp_endpoint, CountingScrubber(self.redactor, self.safety_net_tally, "trace")
        )
        self.metrics.listen()  # confirmations and escalations counted as the store inserts them
        return TurnTelemetry(metrics=self.metrics, tally=self.safety_net_tally, database=self.database)

    @cached_property
    def knowledge_config(self) -> KnowledgeConfig:
        from knowledge.config import KnowledgeConfig

        s = self.settings
        fields: dict[str, object] = {
            "home": s.home,
            "qdrant_url": s.knowledge.qdrant_url,
            "qdrant_api_key": s.knowledge.qdrant_api_key,
            "embedding_provider": s.knowledge.embedding_provider,
            "openai_api_key": s.llm.api_key,
            "openai_base_url": s.llm.base_url,
        }
        if s.knowledge.ticket_fields:
            fields["ticket_fields"] = s.knowledge.ticket_fields
        return KnowledgeConfig.model_validate(fields)

    @cached_property
    def retriever(self) -> Retriever:
        from knowledge.retrieval import Retriever

        return Retriever(self.knowledge_config)

    @cached_property
    def knowledge_access(self) -> KnowledgeAccess:
        """What turns search through: knowledge errors become replies the user can act on."""
        from bot.core.knowledge_access import KnowledgeAccess

        return KnowledgeAccess(self.retriever)

    @property
    def ingest_text_filter(self) -> Callable[[str], str] | None:
        """Ticket text passes the redactor before it is indexed, unless OPSBOT_REDACT_TICKETS is off."""
        return self.redactor.redact_inert if self.settings.knowledge.redact_tickets else None

    @cached_property
    def reindexer(self) -> Reindexer:
        """Ingests beside the served index while serving: handed over by `opsbot ingest`, or scheduled."""
        from knowledge.rebuild import Reindexer

        return Reindexer(self.knowledge_config, self.retriever, self.ingest_text_filter)

    @cached_property
    def admin_server(self) -> AdminServer:
        """The loopback endpoint through which `opsbot ingest` hands its work to the serving process."""
        from bot.admin.server import AdminServer

        def run(request: IngestRequest, on_file: Callable[[int, int], None]) -> IngestSummary:
            paths, kind, acl, prune = request.paths, request.kind, request.acl, request.prune
            return self.reindexer.run(paths, kind=kind, acl=acl, prune=prune, on_file=on_file)

        return AdminServer(self.settings.home, run)

    @cached_property
    def action_registry(self) -> ActionRegistry:
        from actions import DatabaseSwitches, build_registry

        s = self.settings
        return build_registry(
            s.actions.http_actions,
            s.actions.disabled,
            secret_env,
            switched_off=DatabaseSwitches(self.database),
            ticket_agent_groups=s.actions.ticket_agent_groups,
        )

    @cached_property
    def confirmations(self) -> ConfirmationService:
        from bot.core.confirmation.service import ConfirmationService

        return ConfirmationService(
            database=self.database,
            registry=self.action_registry,
            expiry=timedelta(minutes=self.settings.actions.expiry_minutes),
            restorer=self.redactor,
            directory=self._groups_now if self.settings.slack.configured else None,
        )

    def _groups_now(self, user_id: str) -> frozenset[str]:
        """A user's groups at decision time: Slack's directory for Slack ids, the config mapping for Entra ids."""
        if self.settings.teams.configured and _ENTRA_ID.match(user_id):
            return self.settings.people.groups_of(user_id)
        return frozenset(self.slack_directory.groups_of(user_id))

    @cached_property
    def worker(self) -> Worker:
        """The work loop: turns and Web API calls run there, so the serving loop only acks."""
        from bot.core.worker import Worker

        return Worker()

    @cached_property
    def slack_client(self) -> SlackClient:
        from bot.slack.client import build_client

        return build_client(self.settings.slack)

    @cached_property
    def slack_directory(self) -> Directory:
        """Slack user -> groups (user groups plus the config mapping); its names feed the redaction list."""
        from bot.slack.directory import Directory

        people = self.settings.people
        return Directory(
            self.slack_client, user_groups=people.user_groups, default_groups=people.default_groups, names=self.redactor
        )

    @cached_property
    def slack_working_delay(self) -> float:
        """Seconds before the :eyes: reaction shows that a turn is running (quick turns show none)."""
        from bot.slack.chat import WORKING_DELAY

        return WORKING_DELAY

    @cached_property
    def slack_chat(self) -> SlackChat:
        from bot.slack.chat import SlackChat

        channel, delay = self.settings.slack.escalation_channel, self.slack_working_delay
        return SlackChat(self.slack_client, self.slack_directory, escalation_channel=channel, working_delay=delay)

    @cached_property
    def teams_people(self) -> TeamsPeople:
        """Teams users by Entra object id, groups from the config's mapping; their names feed redaction."""
        from bot.teams.people import TeamsPeople

        people = self.settings.people
        return TeamsPeople(groups_of=people.groups_of, user_groups=people.user_groups, names=self.redactor)

    @cached_property
    def teams_typing_delay(self) -> float:
        """Seconds before Teams shows that Opsbot is typing (quick turns show none)."""
        from bot.teams.chat import TYPING_DELAY

        return TYPING_DELAY

    @cached_property
    def _teams_parts(self) -> tuple[TeamsChat, BotTokens]:
        from bot.teams.app import build_teams_chat
        from bot.teams.references import StoredReferences

        teams, delay, stored = self.settings.teams, self.teams_typing_delay, StoredReferences(self.database)
        return build_teams_chat(teams, teams.config(), self.teams_people, typing_delay=delay, store=stored)

    @cached_property
    def teams_chat(self) -> TeamsChat:
        return self._teams_parts[0]

    @cached_property
    def teams_bot(self) -> TeamsBot:
        from bot.core.channels import ChannelPolicy
        from bot.core.responder import Responder
        from bot.teams.app import build_teams_bot

        chat, tokens = self._teams_parts
        responder = Responder(pipeline=self.pipeline, chat=chat, channels=ChannelPolicy({}))
        return build_teams_bot(
            self.settings.teams.config(),
            chat=chat,
            tokens=tokens,
            pipeline=self.pipeline,
            responder=responder,
            worker=self.worker,
            views=self.confirmations,
        )

    @cached_property
    def chats(self) -> dict[str, ChatPort]:
        """The configured chat platforms, by name: where threads live and on-call is told."""
        chats: dict[str, ChatPort] = {"slack": self.slack_chat} if self.settings.slack.configured else {}
        if self.settings.teams.configured:
            chats["teams"] = self.teams_chat
        return chats

    @cached_property
    def escalation(self) -> EscalationService:
        from bot.core.escalation import ChatNotifier, OncallRouter

        slack = self.settings.slack
        return EscalationService(
            self.database,
            notifier=ChatNotifier(self.chats) if self.chats else None,
            group_for=OncallRouter(slack.oncall_groups, slack.oncall_group),
            file_ticket=self.settings.escalation.ticket,
        )

    def sweep_interrupted(self) -> list[Interrupted]:
        """Close the actions a crash left running (bot.core.confirmation.sweep): at start, and every minute in serve."""
        from bot.core.confirmation.sweep import sweep_interrupted

        return sweep_interrupted(self.database, self.action_registry)

    @cached_property
    def slack_app(self) -> SlackBot:
        from bot.core.channels import ChannelPolicy
        from bot.core.responder import Responder
        from bot.slack.app import build_slack_bot

        responder = Responder(
            pipeline=self.pipeline, chat=self.slack_chat, channels=ChannelPolicy(self.settings.slack.channels)
        )
        return build_slack_bot(
            self.settings.slack,
            pipeline=self.pipeline,
            responder=responder,
            database=self.database,
            client=self.slack_client,
            directory=self.slack_directory,
            chat=self.slack_chat,
            worker=self.worker,
            redact=lambda text: self.redactor.redact(text).text,
            corrections=self.corrections,
        )

    @cached_property
    def corrections(self) -> Corrections:
        """Correcting a request's parameters before it is confirmed (Slack's Edit modal)."""
        from bot.core.corrections import Corrections

        registry, confirmations = self.action_registry, self.confirmations
        return Corrections(
            database=self.database, registry=registry, redactor=self.redactor, confirmations=confirmations
        )

    @cached_property
    def jobs(self) -> Jobs:
        """The periodic jobs of `opsbot serve`: the core's, then each platform's own."""
        from bot.core.jobs import Jobs, purge_job, reindex_job, reping_job, sweep_job

        s = self.settings
        core = [
            purge_job(self.database, s.retention_days),
            reping_job(self.escalation, s.escalation.reping_minutes),
            sweep_job(self.sweep_interrupted, self.chats),
        ]
        if s.knowledge.reindex_minutes:
            core.append(reindex_job(self.reindexer, s.knowledge.sources, s.knowledge.reindex_minutes))
        platform = [*self.slack_app.jobs()] if self.settings.slack.configured else []
        platform += self.teams_bot.jobs() if self.settings.teams.configured else []
        return Jobs(self.worker, [*core, *platform])

    @cached_property
    def service(self) -> Service:
        from bot.serving import Service

        slack = self.slack_app if self.settings.slack.configured else None
        teams = self.teams_bot if self.settings.teams.configured else None
        return Service(self.worker, slack, self.jobs, self.admin_server, teams)

    @cached_property
    def offline_agent(self) -> Agent:
        from bot.agent.offline import OfflineAgent

        return OfflineAgent(self.knowledge_access)

    @cached_property
    def llm(self) -> LLM | None:
        """The configured LLM client; None in offline mode."""
        from bot.agent.providers import build_llm

        s = self.settings
        key = s.llm.api_key.get_secret_value() if s.llm.api_key else None
        return build_llm(
            s.llm.effective_provider,
            s.llm.model,
            key,
            s.llm.base_url,
            s.llm.timeout_seconds,
            s.llm.max_retries,
            context_window=s.llm.context_window,
        )

    @cached_property
    def agent(self) -> Agent:
        """The LLM agent, falling back to the offline agent when the provider fails; offline without an LLM."""
        from bot.agent.factory import build_agent, turn_budget
        from bot.agent.registry_actions import RegistryActions

        s, redactor = self.settings, self.redactor
        return build_agent(
            llm=self.llm,
            searcher=self.knowledge_access,
            redact=lambda text, scope: redactor.redact(text, scope=scope).text,
            fallback=self.offline_agent,
            actions=RegistryActions(
                self.action_registry, self.database, restore=lambda text, scope: redactor.restore(text, scope=scope)
            ),
            prompt_version=s.llm.prompt_version,
            pinned_prompt=self._pinned_prompt,
            turn_token_budget=s.llm.turn_token_budget,
            turn_timeout=turn_budget(s.llm.timeout_seconds, s.llm.max_retries),
        )

    @cached_property
    def pipeline(self) -> Pipeline:
        from bot.core.audience import Audiences
        from bot.core.channels import ChannelPolicy
        from bot.core.commands import ExplicitCommands

        return Pipeline(
            database=self.database,
            redactor=self.redactor,
            agent=self.agent,
            confirmations=self.confirmations,
            commands=ExplicitCommands(self.action_registry, self._admin()),
            escalation=self.escalation,
            observer=self.telemetry,
            audiences=Audiences(ChannelPolicy(self.settings.slack.channels), self.knowledge_access),
            stale_after=timedelta(days=self.settings.knowledge.stale_after_days),
        )

    def _admin(self) -> AdminCommands:
        from bot.agent.prompts import versions
        from bot.core.admin import AdminCommands

        group = self.settings.people.admin_group
        return AdminCommands(
            database=self.database, registry=self.action_registry, group=group, prompt_versions=versions()
        )

    def _pinned_prompt(self) -> str | None:
        from store.prompt_pin import pinned_prompt

        with self.database.transaction() as session:
            return pinned_prompt(session)

    def _vault_key(self) -> str:
        """The configured vault key, or one generated once into OPSBOT_HOME (0600) for the embedded setup."""
        if self.settings.vault_key is not None:
            return self.settings.vault_key.get_secret_value()
        path = self.settings.home / "vault.key"
        if not path.exists():
            _write_private(path, secrets.token_urlsafe(32))
        return path.read_text(encoding="utf-8").strip()

    def close(self) -> None:
        if "telemetry" in self.__dict__:
            self.telemetry.flush()
        if "metrics" in self.__dict__:
            self.metrics.close()
        if "retriever" in self.__dict__:
            self.retriever.close()
        if "database" in self.__dict__:
            self.database.dispose()


def _write_private(path: Path, text: str) -> None:
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
