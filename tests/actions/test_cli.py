"""`opsbot actions` and `opsbot audit`: listing, the runtime kill switch for every process, the audit log."""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.commands import actions as actions_command
from store.db import Database
from tests.actions.support import registry_on

pytestmark = pytest.mark.db
Run = Callable[..., tuple[int, str]]


@pytest.fixture
def opsbot(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Run]:
    """Run `opsbot actions|audit ...` in this process against the test database; returns (exit code, stdout)."""
    for name in ("OPSBOT_CONFIG", "OPENAI_API_KEY", "OPSBOT_LLM_PROVIDER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPSBOT_HOME", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", database.url)
    parser = argparse.ArgumentParser(prog="opsbot")
    actions_command.register(parser.add_subparsers(dest="command"))
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level

    def run(*argv: str) -> tuple[int, str]:
        args = parser.parse_args(argv)
        code = int(args.func(args))
        return code, capsys.readouterr().out

    yield run
    root.handlers, root.level = handlers, level


def test_actions_lists_every_action_with_its_policy(opsbot: Run) -> None:
    """`opsbot actions --json` gives each action's schema, kind, risk, who confirms and whether it is on."""
    code, out = opsbot("actions", "--json")
    schemas = {s["name"]: s for s in json.loads(out)}
    assert code == 0 and schemas["restart_service"]["confirm_by"] == "approvers"
    assert schemas["create_ticket"]["parameters"]["properties"]["title"]["description"]
    assert all(s["enabled"] for s in schemas.values())


def test_disable_reaches_every_process_until_enabled(opsbot: Run, database: Database) -> None:
    """`actions disable` switches the action off for a registry built elsewhere, and `enable` brings it back."""
    other_process = registry_on(database)
    code, out = opsbot("actions", "disable", "create_ticket", "--reason", "ticket queue migration")
    assert code == 0 and "create_ticket is now off" in out
    assert not other_process.is_enabled("create_ticket")
    assert "OFF create_ticket" in opsbot("actions")[1]
    assert opsbot("actions", "disable", "create_ticket") == (1, "opsbot: create_ticket is already off\n")
    assert opsbot("actions", "enable", "create_ticket")[0] == 0
    assert other_process.is_enabled("create_ticket")


def test_switching_an_unknown_action_suggests_the_closest(opsbot: Run) -> None:
    """A typo in the name changes nothing and names the real action."""
    assert opsbot("actions", "disable", "create_tickets") == (
        1,
        "opsbot: no action called 'create_tickets'; did you mean create_ticket?\n",
    )


def test_audit_shows_who_switched_what(opsbot: Run) -> None:
    """`opsbot audit --json` lists the newest events, including kill-switch changes and their reason."""
    opsbot("actions", "disable", "restart_service", "--reason", "change freeze")
    opsbot("actions", "enable", "restart_service")
    code, out = opsbot("audit", "--json", "--limit", "1")
    events = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [e["event"] for e in events] == ["action_enabled"]
    text = opsbot("audit")[1]
    assert "action_disabled" in text and "change freeze" in text and "by cli:" in text
