"""Replicas at start-up: a second `opsbot serve` on a home whose embedded index is held stops with exit code 2 and
says what to do; on a shared external database, serving needs a shared vault key."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.commands.replicas import check_vault_key
from bot.settings import load_settings
from model.errors import ConfigError
from tests.slack.fake_slack import FakeSlack
from tests.slack.processes import listening_port, serve, stopped
from tests.slack.signed import SECRET

HTTP = ("--http", "--host", "127.0.0.1", "--port", "0")
PG = "postgresql+psycopg://opsbot@127.0.0.1:5432/opsbot"


async def test_a_second_serve_on_a_held_home_exits_2_saying_what_to_do(tmp_path: Path, fake_slack: FakeSlack) -> None:
    """While one `opsbot serve` runs on a home, a second one on it exits 2 at once, naming OPSBOT_HOME and
    QDRANT_URL, instead of starting and refusing every question; the first one keeps serving."""
    first = await serve(tmp_path, fake_slack, *HTTP, SLACK_SIGNING_SECRET=SECRET)
    try:
        await listening_port(first)
        second = await serve(tmp_path, fake_slack, *HTTP, SLACK_SIGNING_SECRET=SECRET)
        code = await asyncio.wait_for(second.wait(), 60)
        assert second.stderr is not None
        error = (await second.stderr.read()).decode()
        assert code == 2, error
        assert "another `opsbot serve` is running on OPSBOT_HOME=" in error
        assert "its own OPSBOT_HOME" in error and "QDRANT_URL" in error
        assert first.returncode is None
    finally:
        await stopped(first)


async def test_serve_on_an_external_database_without_a_vault_key_exits_2(tmp_path: Path, fake_slack: FakeSlack) -> None:
    """`opsbot serve` with DATABASE_URL on PostgreSQL and no OPSBOT_VAULT_KEY stops before connecting to anything,
    asking for a key shared by the replicas."""
    process = await serve(tmp_path, fake_slack, *HTTP, SLACK_SIGNING_SECRET=SECRET, DATABASE_URL=PG)
    code = await asyncio.wait_for(process.wait(), 60)
    assert process.stderr is not None
    error = (await process.stderr.read()).decode()
    assert code == 2, error
    assert "set OPSBOT_VAULT_KEY to the same secret on every replica" in error
    assert "OPSBOT_SINGLE_REPLICA=true" in error
    assert not (tmp_path / "vault.key").exists()


@pytest.mark.parametrize(
    ("env", "refused"),
    [
        ({"DATABASE_URL": PG}, True),
        ({"DATABASE_URL": PG, "OPSBOT_VAULT_KEY": "k" * 40}, False),
        ({"DATABASE_URL": PG, "OPSBOT_SINGLE_REPLICA": "true"}, False),
        ({}, False),
    ],
    ids=["shared-database", "shared-key", "single-replica", "embedded"],
)
def test_a_generated_vault_key_is_refused_only_where_replicas_could_share_the_database(
    env: dict[str, str], refused: bool
) -> None:
    """A generated key is fine on the embedded database or for a declared single replica, not for replicas."""
    settings = load_settings(env)
    if refused:
        with pytest.raises(ConfigError, match="OPSBOT_VAULT_KEY"):
            check_vault_key(settings)
    else:
        check_vault_key(settings)
