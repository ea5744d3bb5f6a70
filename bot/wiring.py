"""The composition root: the only module that builds concrete adapters from settings."""

from __future__ import annotations

import logging
import os
import secrets
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.escalation import EscalationService, Notifier
from bot.core.pipeline import Pipeline
from bot.core.ports import Agent
from bot.logs import install_log_safety_net
from bot.settings import Settings, secret_env
from bot.store.db import Database

if TYPE_CHECKING:
    from llama_index.core.llms.function_calling import FunctionCallingLLM
    from slack_sdk.web.async_client import AsyncWebClient

    from actions import ActionRegistry
    from actions.interrupted import Interrupted
    from bot.core.confirmation import ConfirmationService
    from bot.knowledge_access import KnowledgeAccess
    from bot.observability.metrics import Metrics
    from bot.observability.observer import TurnTelemetry
    from bot.observability.safety_net import SafetyNetTally
    from bot.slack.app import SlackBot
    from bot.slack.directory import Directory
    from knowledge.config import KnowledgeConfig
    from knowledge.retrieval import Retriever
    from redaction import Redactor
    from redaction.config import RedactionConfig

log = logging.getLogger(__name__)


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
            "names_file": s.redaction_names_file,
            "vault_key": self._vault_key(),
            "vault_previous_key": s.vault_previous_key,
            "retention_days": s.retention_days,
            "spacy_model": s.spacy_model,
        }
        if s.redaction_score_threshold is not None:
            overrides["score_threshold"] = s.redaction_score_threshold
        if s.redaction_allow_list:
            overrides["allow_list"] = [*RedactionConfig().allow_list, *s.redaction_allow_list]
        if s.redaction_patterns:
            overrides["custom_patterns"] = s.redaction_patterns
        return RedactionConfig.model_validate(overrides)

    @cached_property
    def redactor(self) -> Redactor:
        from bot.observability.safety_net import CountingScrubber
        from bot.store.vaults import SqlVaultStore
        from redaction import Redactor

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

        metrics = Metrics(self.settings.llm_prices)
        metrics.listen()
        return metrics

    @cached_property
    def telemetry(self) -> TurnTelemetry:
        """After each turn: metrics, and the safety net's counts stored; tracing installed if OPSBOT_TRACES says so."""
        from bot.observability.observer import TurnTelemetry
        from bot.observability.safety_net import CountingScrubber
        from bot.observability.tracing import install_tracing

        s = self.settings
        install_tracing(s.traces, s.otlp_endpoint, CountingScrubber(self.redactor, self.safety_net_tally, "trace"))
        return TurnTelemetry(metrics=self.metrics, tally=self.safety_net_tally, database=self.database)

    @cached_property
    def knowledge_config(self) -> KnowledgeConfig:
        from knowledge.config import KnowledgeConfig

        s = self.settings
        fields: dict[str, object] = {
            "home": s.home,
            "qdrant_url": s.qdrant_url,
            "qdrant_api_key": s.qdrant_api_key,
            "embedding_provider": s.embedding_provider,
            "openai_api_key": s.openai_api_key,
            "openai_base_url": s.openai_base_url,
        }
        if s.ticket_fields:
            fields["ticket_fields"] = s.ticket_fields
        return KnowledgeConfig.model_validate(fields)

    @cached_property
    def retriever(self) -> Retriever:
        from knowledge.retrieval import Retriever

        return Retriever(self.knowledge_config)

    @cached_property
    def knowledge_access(self) -> KnowledgeAccess:
        """What turns search through: knowledge errors become replies the user can act on."""
        from bot.knowledge_access import KnowledgeAccess

        return KnowledgeAccess(self.retriever)

    @cached_property
    def action_registry(self) -> ActionRegistry:
        from actions import DatabaseSwitches, build_registry

        s = self.settings
        return build_registry(
            s.http_actions,
            s.disabled_actions,
            secret_env,
            switched_off=DatabaseSwitches(self.database),
            ticket_agent_groups=s.ticket_agent_groups,
        )

    @cached_property
    def confirmations(self) -> ConfirmationService:
        from bot.core.confirmation import ConfirmationService

        return ConfirmationService(
            database=self.database,
            registry=self.action_registry,
            expiry=timedelta(minutes=self.settings.action_expiry_minutes),
            restorer=self.redactor,
            directory=self.slack_directory.groups_of if self.settings.slack_bot_token else None,
        )

    @cached_property
    def slack_client(self) -> AsyncWebClient:
        from bot.slack.client import build_client

        return build_client(self.settings)

    @cached_property
    def slack_directory(self) -> Directory:
        """Slack user -> groups (user groups plus the config mapping); its names feed the redaction list."""
        from bot.slack.app import build_directory

        return build_directory(self.settings, self.slack_client, names=self.redactor)

    @cached_property
    def notifier(self) -> Notifier | None:
        """Where escalations are announced: Slack's escalation channel; none in the console."""
        from bot.slack.escalation import SlackNotifier

        if self.settings.slack_bot_token is None:
            return None
        return SlackNotifier(self.slack_client, channel=self.settings.slack_escalation_channel)

    @cached_property
    def escalation(self) -> EscalationService:
        from bot.slack.escalation import build_group_router

        return EscalationService(
            self.database,
            notifier=self.notifier,
            group_for=build_group_router(self.settings),
            file_ticket=self.settings.escalation_ticket,
        )

    def sweep_interrupted(self) -> list[Interrupted]:
        """Close the actions a crash left running (see actions.interrupted); at start and every minute in serve."""
        from actions.interrupted import sweep_interrupted

        return sweep_interrupted(self.database, self.action_registry)

    @cached_property
    def slack_app(self) -> SlackBot:
        from bot.slack.app import build_slack_bot

        return build_slack_bot(
            self.settings,
            pipeline=self.pipeline,
            database=self.database,
            client=self.slack_client,
            directory=self.slack_directory,
            escalation=self.escalation,
            sweep=self.sweep_interrupted,
        )

    @cached_property
    def offline_agent(self) -> Agent:
        from bot.agent.offline import OfflineAgent

        return OfflineAgent(self.knowledge_access)

    @cached_property
    def llm(self) -> FunctionCallingLLM | None:
        """The configured LLM client; None in offline mode."""
        from bot.agent.providers import build_llm

        s = self.settings
        key = s.openai_api_key.get_secret_value() if s.openai_api_key else None
        return build_llm(
            s.effective_llm_provider,
            s.llm_model,
            key,
            s.openai_base_url,
            s.llm_timeout_seconds,
            s.llm_max_retries,
            context_window=s.llm_context_window,
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
            prompt_version=s.llm_prompt_version,
            pinned_prompt=self._pinned_prompt,
            turn_token_budget=s.llm_turn_token_budget,
            turn_timeout=turn_budget(s.llm_timeout_seconds, s.llm_max_retries),
        )

    @cached_property
    def pipeline(self) -> Pipeline:
        from bot.core.commands import ExplicitCommands

        return Pipeline(
            database=self.database,
            redactor=self.redactor,
            agent=self.agent,
            confirmations=self.confirmations,
            commands=ExplicitCommands(self.action_registry),
            escalation=self.escalation,
            observer=self.telemetry,
        )

    def _pinned_prompt(self) -> str | None:
        from bot.store.prompt_pin import pinned_prompt

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
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
