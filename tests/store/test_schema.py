"""Schema state: the embedded database migrates itself; an external one that is behind refuses to start."""

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from model.errors import StartupError
from store.db import Database


def test_embedded_database_is_created_and_migrated_on_first_use(tmp_path: Path) -> None:
    """A new user never runs a migration: the SQLite file appears at head on first use."""
    db = Database(f"sqlite:///{tmp_path / 'nested' / 'opsbot.db'}", embedded=True)
    db.ensure_ready()
    assert db.current_revision() == db.head_revision()
    assert (tmp_path / "nested" / "opsbot.db").exists()


def test_external_database_behind_the_code_stops_startup(fresh_postgres_url: str) -> None:
    """An unmigrated external database gives a message telling the operator to run `opsbot db upgrade`."""
    db = Database(fresh_postgres_url)
    with pytest.raises(StartupError, match="opsbot db upgrade"):
        db.ensure_ready()
    db.upgrade()
    db.ensure_ready()
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM tickets")).scalar() == 0
    db.dispose()


def test_unreachable_database_is_a_clear_startup_error() -> None:
    """A database nobody listens on is reported with its (password-masked) URL, not a stack trace."""
    db = Database("postgresql+psycopg://opsbot:hunter2@127.0.0.1:9/opsbot")
    with pytest.raises(StartupError, match="cannot reach the database") as excinfo:
        db.ensure_ready()
    assert "hunter2" not in str(excinfo.value)
    db.dispose()


def test_processes_starting_together_on_a_new_home_all_start(tmp_path: Path) -> None:
    """`opsbot serve` and `opsbot ingest` launched at once on a new folder: one migrates, the others wait for it."""
    url = f"sqlite:///{tmp_path / 'opsbot.db'}"
    script = "import sys; from store.db import Database; Database(sys.argv[1], embedded=True).ensure_ready()"
    starts = [
        subprocess.Popen([sys.executable, "-c", script, url], stderr=subprocess.PIPE, text=True) for _ in range(6)
    ]
    errors = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in starts]
    assert [code for code, _ in errors] == [0] * 6, [err[-300:] for _, err in errors]
    db = Database(url, embedded=True)
    assert db.current_revision() == db.head_revision()
    db.dispose()
