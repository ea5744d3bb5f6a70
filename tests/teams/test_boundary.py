"""Microsoft's SDKs stay inside bot/teams: no other package imports them, so the core stays platform-neutral."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.teams.config import TeamsConfig
from tests.test_layering import ROOT, forbidden, imports_of

MICROSOFT = ("microsoft_teams", "microsoft_agents", "msal", "botbuilder", "bot.teams")
FOLDERS = ("bot", "actions", "knowledge", "redaction")


def test_no_package_outside_bot_teams_imports_a_microsoft_sdk() -> None:
    """Only bot/teams imports microsoft_teams (or any other Microsoft bot SDK); nothing else imports bot.teams yet."""
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for folder in FOLDERS
        for path in sorted((ROOT / folder).rglob("*.py"))
        if Path("bot", "teams") not in path.relative_to(ROOT).parents
        for name in imports_of(path)
        if forbidden(name, MICROSOFT)
    }
    assert not offenders, sorted(offenders)


@pytest.mark.parametrize(
    ("app_id", "password", "tenant", "message"),
    [
        ("opsbot", "secret", "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f", "TEAMS_APP_ID must be a GUID"),
        ("7b1c3e2a-5d4f-4a6b-9c8d-0e1f2a3b4c5d", " ", "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f", "TEAMS_APP_PASSWORD"),
        ("7b1c3e2a-5d4f-4a6b-9c8d-0e1f2a3b4c5d", "secret", "contoso", "TEAMS_TENANT_ID must be a GUID"),
    ],
)
def test_settings_that_cannot_work_are_named(app_id: str, password: str, tenant: str, message: str) -> None:
    """A wrong app id, tenant or an empty secret stops start-up with the name of the setting to fix."""
    with pytest.raises(ConfigError, match=message):
        TeamsConfig(app_id, password, tenant)


def test_the_client_secret_is_not_in_the_config_repr() -> None:
    """Logging the config (or a traceback showing it) cannot leak TEAMS_APP_PASSWORD."""
    config = TeamsConfig("7b1c3e2a-5d4f-4a6b-9c8d-0e1f2a3b4c5d", "s3cr3t-value", "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f")
    assert "s3cr3t-value" not in repr(config)
