"""The Teams app package (`opsbot teams package`): manifest.json and the two icons in a zip, checked against
Microsoft's published manifest schema (shipped in bot/teams/schema/, so the check runs offline).

The manifest declares the bot (TEAMS_APP_ID) for personal chats, group chats and teams, and the
resource-specific permission ChannelMessage.Read.Group, so that a follow-up in a channel thread reaches the bot
without a new @mention once a team owner installs the app.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from bot import __version__
from bot.teams.icons import ACCENT, color_icon, outline_icon
from model.errors import ConfigError

MANIFEST_VERSION = "1.30"
SCHEMA_FILE = f"MicrosoftTeams.schema.v{MANIFEST_VERSION}.json"
SCHEMA_URL = f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
SCOPES = ("personal", "team", "groupChat")
CHANNEL_MESSAGES = "ChannelMessage.Read.Group"
RSC_RESOURCE = "https://RscBasedStoreApp"  # the placeholder resource Microsoft documents for RSC-only apps
DESCRIPTION = (
    "Opsbot answers operations questions from your runbooks and ticket history, always with citations. It "
    "redacts personal data and secrets before any text reaches the language model, proposes actions that only "
    "run after the requester (or an approver) confirms them, and brings in the on-call team when it cannot help."
)


class ManifestInvalid(ConfigError):
    """The manifest does not validate against the schema; the message lists where and why."""


@dataclass(frozen=True)
class Publisher:
    """Who publishes the app, as Teams shows it on the app's About page (all three URLs must be http(s))."""

    name: str = "Opsbot"
    website_url: str = "https://example.com/opsbot"
    privacy_url: str = "https://example.com/opsbot/privacy"
    terms_url: str = "https://example.com/opsbot/terms"


def build_manifest(app_id: str, publisher: Publisher = Publisher()) -> dict[str, Any]:
    """manifest.json for the bot registered as `app_id` (the Azure Bot's Microsoft App ID)."""
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": __version__,
        "id": app_id,
        "developer": {
            "name": publisher.name,
            "websiteUrl": publisher.website_url,
            "privacyUrl": publisher.privacy_url,
            "termsOfUseUrl": publisher.terms_url,
        },
        "name": {"short": "Opsbot", "full": "Opsbot, the operations assistant"},
        "description": {"short": "Cited answers and confirmed actions for ops teams", "full": DESCRIPTION},
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT),
        "bots": [{"botId": app_id, "scopes": list(SCOPES), "supportsFiles": False, "isNotificationOnly": False}],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
        "webApplicationInfo": {"id": app_id, "resource": RSC_RESOURCE},
        "authorization": {
            "permissions": {"resourceSpecific": [{"name": CHANNEL_MESSAGES, "type": "Application"}]},
        },
    }


def validate_manifest(manifest: dict[str, Any]) -> None:
    """ManifestInvalid listing every violation (path: message), or nothing."""
    validator = jsonschema.Draft4Validator(manifest_schema())
    errors = sorted(validator.iter_errors(manifest), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}" for e in errors[:20]]
        raise ManifestInvalid("the Teams manifest does not match its schema:\n  " + "\n  ".join(lines))


def build_package(app_id: str, publisher: Publisher = Publisher()) -> bytes:
    """The zip Teams uploads: manifest.json, color.png and outline.png at its root."""
    manifest = build_manifest(app_id, publisher)
    validate_manifest(manifest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        archive.writestr("color.png", color_icon())
        archive.writestr("outline.png", outline_icon())
    return buffer.getvalue()


def write_package(app_id: str, out: Path, publisher: Publisher = Publisher()) -> Path:
    """Write the package to `out` (its folder must exist); the path written."""
    if not out.parent.is_dir():
        raise ConfigError(f"{out.parent} is not a folder: create it, or pass another --out")
    out.write_bytes(build_package(app_id, publisher))
    return out


@cache
def manifest_schema() -> dict[str, Any]:
    text = resources.files("bot.teams").joinpath("schema", SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
