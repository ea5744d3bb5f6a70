"""What the Teams adapter needs to know, built by the composition root from the settings (never from os.environ)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import AliasChoices, BaseModel, Field, SecretStr

from model.errors import ConfigError

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"  # noqa: S105 - a URL, not a secret
SERVICE_URL = "https://smba.trafficmanager.net/teams/"
BOT_SCOPE = "https://api.botframework.com/.default"
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


@dataclass(frozen=True)
class TeamsConfig:
    """TEAMS_APP_ID, TEAMS_APP_PASSWORD, TEAMS_TENANT_ID, and the two endpoints tests point at a local fake."""

    app_id: str
    app_password: str = field(repr=False)
    tenant_id: str
    openid_metadata_url: str = OPENID_METADATA_URL  # TEAMS_OPENID_METADATA_URL
    token_url: str | None = None  # TEAMS_TOKEN_URL; by default the tenant's Entra token endpoint

    def __post_init__(self) -> None:
        for name in ("app_id", "tenant_id"):
            if not _GUID.match(getattr(self, name)):
                raise ConfigError(f"TEAMS_{name.upper()} must be a GUID (the Azure Bot's Microsoft App ID / tenant)")
        if not self.app_password.strip():
            raise ConfigError("TEAMS_APP_PASSWORD is empty: set the client secret of the Azure Bot's app registration")

    @property
    def entra_token_url(self) -> str:
        """Where outbound bot tokens come from: TEAMS_TOKEN_URL, else the single tenant's Entra endpoint."""
        return self.token_url or TOKEN_URL.format(tenant=self.tenant_id)


def _names(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class TeamsSettings(BaseModel):
    """The Teams adapter's settings (the `teams:` group of bot.settings); Teams is on when the three ids are set."""

    model_config = {"extra": "forbid", "populate_by_name": True}

    app_id: str | None = Field(None, validation_alias=_names("TEAMS_APP_ID", "teams_app_id"))
    app_password: SecretStr | None = Field(None, validation_alias=_names("TEAMS_APP_PASSWORD", "teams_app_password"))
    tenant_id: str | None = Field(None, validation_alias=_names("TEAMS_TENANT_ID", "teams_tenant_id"))
    openid_metadata_url: str = Field(
        OPENID_METADATA_URL, validation_alias=_names("TEAMS_OPENID_METADATA_URL", "teams_openid_metadata_url")
    )
    token_url: str | None = Field(None, validation_alias=_names("TEAMS_TOKEN_URL", "teams_token_url"))
    # where proactive messages go before any activity told us (Teams' public connector); activities override it
    service_url: str = Field(SERVICE_URL, validation_alias=_names("TEAMS_SERVICE_URL", "teams_service_url"))
    escalation_team: str | None = Field(None, validation_alias=_names("TEAMS_ESCALATION_TEAM", "teams_escalation_team"))
    escalation_channel: str | None = Field(
        None, validation_alias=_names("TEAMS_ESCALATION_CHANNEL", "teams_escalation_channel")
    )
    oncall_tag: str | None = Field(None, validation_alias=_names("TEAMS_ONCALL_TAG", "teams_oncall_tag"))
    # comma-separated Entra object ids of the people to mention when no tag is set
    oncall_users: str = Field("", validation_alias=_names("TEAMS_ONCALL_USERS", "teams_oncall_users"))

    @property
    def configured(self) -> bool:
        return bool(self.app_id and self.app_password and self.tenant_id)

    @property
    def oncall_user_ids(self) -> tuple[str, ...]:
        return tuple(u.strip() for u in self.oncall_users.split(",") if u.strip())

    def config(self) -> TeamsConfig:
        """The adapter's checked configuration; ConfigError names what is missing or not a GUID."""
        if not self.configured or self.app_password is None:
            raise ConfigError("TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID must all be set for Teams")
        password = self.app_password.get_secret_value()
        assert self.app_id is not None and self.tenant_id is not None
        return TeamsConfig(self.app_id, password, self.tenant_id, self.openid_metadata_url, self.token_url)
