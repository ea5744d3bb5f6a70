"""The Settings model: the core fields at the top, the rest in groups (bot.settings.groups)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field, SecretStr, field_validator

from bot.settings.groups import (
    ActionSettings,
    EscalationSettings,
    KnowledgeSettings,
    LlmSettings,
    ObservabilitySettings,
    PeopleSettings,
    RedactionSettings,
)
from bot.settings.urls import check_database_url
from bot.slack.config import SlackSettings
from bot.teams.config import TeamsSettings


def _names(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseModel):
    """Every setting Opsbot reads: the core ones at the top, the rest in groups."""

    model_config = {"extra": "forbid", "populate_by_name": True}

    home: Path = Field(Path(".opsbot"), validation_alias=_names("OPSBOT_HOME", "home"))
    database_url: str | None = Field(None, validation_alias=_names("DATABASE_URL", "database_url"))
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", validation_alias=_names("OPSBOT_LOG_LEVEL", "log_level")
    )
    retention_days: int = Field(30, ge=1, validation_alias=_names("OPSBOT_RETENTION_DAYS", "retention_days"))
    vault_key: SecretStr | None = Field(None, validation_alias=_names("OPSBOT_VAULT_KEY", "vault_key"))
    vault_previous_key: SecretStr | None = Field(
        None, validation_alias=_names("OPSBOT_VAULT_PREVIOUS_KEY", "vault_previous_key")
    )
    single_replica: bool = Field(False, validation_alias=_names("OPSBOT_SINGLE_REPLICA", "single_replica"))

    llm: LlmSettings = Field(default_factory=LlmSettings)
    observability: ObservabilitySettings = Field(default_factory=ObservabilitySettings)
    knowledge: KnowledgeSettings = Field(default_factory=KnowledgeSettings)
    redaction: RedactionSettings = Field(default_factory=RedactionSettings)
    actions: ActionSettings = Field(default_factory=ActionSettings)
    people: PeopleSettings = Field(default_factory=PeopleSettings)
    escalation: EscalationSettings = Field(default_factory=EscalationSettings)
    slack: SlackSettings = Field(default_factory=SlackSettings)
    teams: TeamsSettings = Field(default_factory=TeamsSettings)

    _check_database_url = field_validator("database_url")(check_database_url)

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.home / 'opsbot.db').resolve()}"

    @property
    def uses_embedded_database(self) -> bool:
        return self.database_url is None
