"""What the Teams adapter needs to know, built by the composition root from the settings (never from os.environ)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from model.errors import ConfigError

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"  # noqa: S105 - a URL, not a secret
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
