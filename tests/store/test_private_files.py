"""Opsbot's home is owner-only whatever the umask (issue 19, finding 2): the database, its side files, the log and
everything the CLI creates there are 0600 in 0700 folders, and a wider home or database file is tightened."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.logs import PrivateRotatingFileHandler
from store import audit
from store.db import Database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _modes(home: Path) -> dict[str, str]:
    found = {".": oct(stat.S_IMODE(home.stat().st_mode))}
    for path in home.rglob("*"):
        found[str(path.relative_to(home))] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def _wider_than_owner(home: Path) -> dict[str, str]:
    return {name: mode for name, mode in _modes(home).items() if int(mode, 8) & 0o077}


@pytest.mark.usefixtures("umask_022")
def test_the_embedded_database_and_its_side_files_are_owner_only(tmp_path: Path) -> None:
    """Under umask 022 the new home is 0700 and opsbot.db, its WAL files and the migration lock are 0600."""
    home = tmp_path / "home"
    database = Database(f"sqlite:///{home / 'opsbot.db'}", embedded=True)
    database.ensure_ready()
    with database.transaction() as session:
        audit.record_audit(session, event="executed", actor="U1", action="create_ticket")
    database.dispose()
    assert {"opsbot.db", "opsbot.db.migrate-lock"} <= set(_modes(home))
    assert _wider_than_owner(home) == {}


@pytest.mark.usefixtures("umask_022")
def test_a_home_and_database_left_readable_by_everyone_are_tightened(tmp_path: Path) -> None:
    """A home made 0755 and a database file made 0644 by an older Opsbot become 0700 and 0600 at the next start."""
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    (home / "opsbot.db").touch(mode=0o644)
    Database(f"sqlite:///{home / 'opsbot.db'}", embedded=True).dispose()
    assert _modes(home) == {".": "0o700", "opsbot.db": "0o600"}


@pytest.mark.usefixtures("umask_022")
def test_the_log_and_the_files_it_rotates_into_are_owner_only(tmp_path: Path) -> None:
    """Under umask 022 opsbot.log is 0600, and so is the fresh file after a rotation."""
    home = tmp_path / "home"
    handler = PrivateRotatingFileHandler(home / "opsbot.log", maxBytes=50, backupCount=2, encoding="utf-8")
    try:
        for number in range(5):
            handler.emit(logging.makeLogRecord({"msg": f"event number {number} " * 3}))
    finally:
        handler.close()
    assert {"opsbot.log", "opsbot.log.1"} <= set(_modes(home))
    assert _wider_than_owner(home) == {}


def test_everything_the_cli_creates_in_its_home_is_owner_only(tmp_path: Path) -> None:
    """`opsbot ingest` and `opsbot chat`, started with umask 022, leave nothing in OPSBOT_HOME others can read."""
    home = tmp_path / "home"
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "vpn.md").write_text("# VPN reset\n\nOpen the client and pick Reset profile.\n")
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("OPSBOT_", "OPENAI_", "SLACK_", "QDRANT_"))}
    environ.pop("DATABASE_URL", None)
    environ.update({"OPSBOT_HOME": str(home), "OPSBOT_LLM_PROVIDER": "offline"})
    for args, stdin in ((["ingest", str(tmp_path / "kb")], ""), (["chat"], "how do I reset my VPN?\n")):
        result = subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=environ,
            timeout=300,
            check=False,
            umask=0o022,
        )
        assert result.returncode == 0, result.stderr
    assert {"opsbot.db", "opsbot.log", "qdrant"} <= set(_modes(home))
    assert _wider_than_owner(home) == {}
