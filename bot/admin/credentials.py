"""Where a running bot's admin endpoint listens and its token: `OPSBOT_HOME/admin.json`, readable by its owner only.

Written when serving starts (a new token each time), removed when it stops; a file left by a killed bot points at
a closed port, which `opsbot ingest` treats as "no bot running".
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

FILE_NAME = "admin.json"


@dataclass(frozen=True)
class AdminEndpoint:
    """The loopback port of a running bot's admin endpoint and the bearer token it requires."""

    port: int
    token: str


def admin_file(home: Path) -> Path:
    return home / FILE_NAME


def publish(home: Path, endpoint: AdminEndpoint) -> None:
    """Write the endpoint for `opsbot ingest` to find, owner-only (0600), replacing any earlier file in one rename."""
    path = admin_file(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f".{FILE_NAME}.{os.getpid()}")
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"port": endpoint.port, "token": endpoint.token, "pid": os.getpid()}, handle)
    os.replace(staged, path)


def discover(home: Path) -> AdminEndpoint | None:
    """The published endpoint, or None when no bot has published one (or the file is unreadable)."""
    try:
        data = json.loads(admin_file(home).read_text(encoding="utf-8"))
        return AdminEndpoint(port=int(data["port"]), token=str(data["token"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def withdraw(home: Path, endpoint: AdminEndpoint) -> None:
    """Remove the file if it still describes `endpoint` (another bot may have published its own since)."""
    if discover(home) == endpoint:
        admin_file(home).unlink(missing_ok=True)
