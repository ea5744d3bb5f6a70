"""The command line as a new user meets it: version, help, chat from a pipe, and clear start-up errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def opsbot(*args: str, home: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("OPSBOT_", "OPENAI_", "SLACK_", "QDRANT_"))}
    environ.pop("DATABASE_URL", None)
    environ.update({"OPSBOT_HOME": str(home), "OPSBOT_LLM_PROVIDER": "offline", **env})
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=home,
        env=environ,
        timeout=300,
        check=False,
    )


def test_version_and_help(tmp_path: Path) -> None:
    """`opsbot --version` names the version and `--help` lists the commands."""
    assert opsbot("--version", home=tmp_path).stdout.startswith("opsbot 0.")
    help_text = opsbot("--help", home=tmp_path).stdout
    for command in ("chat", "ingest", "search", "redact", "config", "db", "purge"):
        assert command in help_text


@pytest.mark.slow
def test_chat_from_a_pipe_replies_and_exits_cleanly(tmp_path: Path) -> None:
    """Piped input gets a reply per line and the process exits 0 at end of input, creating the embedded database."""
    result = opsbot("chat", home=tmp_path, stdin="hello\n")
    assert result.returncode == 0, result.stderr
    assert "opsbot> " in result.stdout
    assert (tmp_path / "opsbot.db").exists()


@pytest.mark.slow
def test_chat_tells_you_about_your_action_a_crash_interrupted(tmp_path: Path) -> None:
    """A ticket creation left `executing` by a crash is closed at the next start and its requester is told."""
    from datetime import timedelta

    from store import pending
    from store.db import Database
    from store.models import utcnow

    database = Database(f"sqlite:///{tmp_path / 'opsbot.db'}", embedded=True)
    database.ensure_ready()
    an_hour_ago = utcnow() - timedelta(hours=1)
    with database.transaction() as session:
        row = pending.create_pending(
            session,
            expires_at=utcnow(),
            action="create_ticket",
            params={"title": "VPN down"},
            requester="console-user",
            confirm_by="requester",
            risk="low",
            thread_key="console:local:1",
        )
        pending.transition(
            session,
            pending_id=row.id,
            from_status="pending",
            to_status="executing",
            now=an_hour_ago,
            decided_by="console-user",
            decided_at=an_hour_ago,
        )
    database.dispose()
    result = opsbot("chat", home=tmp_path, stdin="")
    assert result.returncode == 0, result.stderr
    assert f"· Your earlier `create_ticket` (ref {row.id}) was interrupted" in result.stdout
    again = opsbot("chat", home=tmp_path, stdin="")
    assert "interrupted" not in again.stdout


def test_chat_on_an_empty_index_says_to_ingest_first(tmp_path: Path) -> None:
    """Before the first ingest the console says why every answer will be "I don't know"; after it, it does not."""
    empty = opsbot("chat", home=tmp_path, stdin="how do I reset my VPN?\n")
    assert empty.returncode == 0, empty.stderr
    assert empty.stdout.splitlines()[0].startswith("· Nothing is indexed yet")
    assert "`opsbot ingest PATH`" in empty.stdout
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "vpn.md").write_text("# VPN reset\n\nOpen the client and pick Reset profile.\n")
    assert opsbot("ingest", "kb", home=tmp_path).returncode == 0
    filled = opsbot("chat", home=tmp_path, stdin="how do I reset my VPN?\n")
    assert "Nothing is indexed yet" not in filled.stdout
    assert "VPN reset" in filled.stdout


def test_bad_database_url_is_one_clear_error(tmp_path: Path) -> None:
    """A malformed DATABASE_URL stops start-up with exit code 2 and names the setting."""
    result = opsbot("chat", home=tmp_path, stdin="hello\n", DATABASE_URL="not a url")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "opsbot: error: invalid setting DATABASE_URL: Value error, not a database URL "
        "(e.g. postgresql+psycopg://user@host:5432/db)"
    ]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("mysql://opsbot@db.internal/opsbot", "Opsbot runs on SQLite or PostgreSQL, not 'mysql'"),
        ("postgresql+psycopg2://opsbot@db.internal/opsbot", "database driver 'postgresql+psycopg2' is not installed"),
    ],
)
def test_unsupported_database_is_one_clear_error(tmp_path: Path, url: str, reason: str) -> None:
    """A database Opsbot does not run on, or a driver it does not ship, is named before any connection."""
    result = opsbot("chat", home=tmp_path, stdin="hello\n", DATABASE_URL=url)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"opsbot: error: invalid setting DATABASE_URL: Value error, {reason} "
        "(e.g. postgresql+psycopg://user@host:5432/db)"
    ]


def test_unreachable_database_is_one_clear_error(tmp_path: Path) -> None:
    """A database nobody listens on stops start-up with exit code 2, the password masked."""
    url = "postgresql+psycopg://opsbot:s3cret@127.0.0.1:9/opsbot"
    result = opsbot("chat", home=tmp_path, stdin="hello\n", DATABASE_URL=url)
    assert result.returncode == 2
    assert "cannot reach the database" in result.stderr
    assert "s3cret" not in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_config_file_is_one_clear_error(tmp_path: Path) -> None:
    """An unparseable config file, or an unknown or invalid setting in it, exits 2 with the reason."""
    bad_yaml = tmp_path / "bad.yml"
    bad_yaml.write_text("llm_provider: [unclosed\n")
    result = opsbot("config", "show", home=tmp_path, OPSBOT_CONFIG=str(bad_yaml))
    assert result.returncode == 2 and "not valid YAML" in result.stderr
    wrong = tmp_path / "wrong.yml"
    wrong.write_text("retention_days: soon\n")
    result = opsbot("config", "show", home=tmp_path, OPSBOT_CONFIG=str(wrong))
    assert result.returncode == 2
    assert "invalid setting OPSBOT_RETENTION_DAYS" in result.stderr
    missing = opsbot("config", "show", home=tmp_path, OPSBOT_CONFIG=str(tmp_path / "nope.yml"))
    assert missing.returncode == 2 and "cannot read config file" in missing.stderr


def test_config_show_masks_secrets(tmp_path: Path) -> None:
    """Secrets are shown as asterisks, never their values."""
    result = opsbot(
        "config", "show", "--json", home=tmp_path, OPENAI_API_KEY="sk-test-123456", SLACK_BOT_TOKEN="xoxb-1-2-3"
    )
    assert result.returncode == 0
    assert "sk-test-123456" not in result.stdout and "xoxb-1-2-3" not in result.stdout
    assert '"api_key": "********"' in result.stdout
    assert '"effective_provider": "offline"' in result.stdout


def test_the_demo_env_file_keeps_its_config_for_later_commands(tmp_path: Path) -> None:
    """A `.env` in the working directory (as `make demo` writes it) names the config for every later command."""
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "names.txt").write_text("Priya Natarajan\n")
    config = "user_groups: {console-user: [everyone, night-shift]}\nredaction_names_file: names.txt\n"
    (tmp_path / "conf" / "opsbot.yml").write_text(config)
    (tmp_path / ".env").write_text("OPSBOT_CONFIG=conf/opsbot.yml\n")
    shown = opsbot("config", "show", "--json", home=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "night-shift" in shown.stdout
    assert str(tmp_path / "conf" / "names.txt") in shown.stdout
    ignored = opsbot("config", "show", "--json", home=tmp_path, OPSBOT_ENV_FILE="")
    assert "night-shift" not in ignored.stdout
