"""`opsbot ask --json`: one question through the real pipeline, printed as JSON."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from actions import build_registry
from bot.agent.llm_agent import LlmAgent
from bot.agent.offline import OfflineAgent
from bot.agent.registry_actions import RegistryActions
from bot.commands import ask
from bot.core.confirmation.service import ConfirmationService
from bot.core.pipeline import Pipeline
from bot.settings.groups import PeopleSettings
from bot.testing.scripted_llm import Script, ScriptedLLM, call, say
from store.db import Database
from tests.agent.fakes import DISK, FakeSearcher, fake_redact


@dataclass(frozen=True)
class _Redacted:
    text: str


class FakeRedactor:
    def redact(self, text: str, *, scope: str | None = None) -> _Redacted:
        return _Redacted(fake_redact(text, scope or ""))

    def restore(self, text: str, *, scope: str) -> str:
        return text


def run_ask(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], database: Database, script: Script, *argv: str
) -> tuple[int, dict[str, object], ScriptedLLM]:
    """Run `opsbot ask ... --json` on a pipeline whose agent follows `script`; the exit code, JSON and model."""
    model = ScriptedLLM(script)
    searcher = FakeSearcher()
    registry = build_registry()
    agent = LlmAgent(
        llm=model.llm,
        searcher=searcher,
        actions=RegistryActions(registry, database),
        redact=fake_redact,
        fallback=OfflineAgent(searcher),
    )
    confirmations = ConfirmationService(database=database, registry=registry)
    pipeline = Pipeline(database=database, redactor=FakeRedactor(), agent=agent, confirmations=confirmations)
    settings = SimpleNamespace(people=PeopleSettings(default_groups=["staff"], user_groups={"alice": ["sre"]}))

    @contextmanager
    def fake_container() -> Iterator[SimpleNamespace]:
        yield SimpleNamespace(settings=settings, pipeline=pipeline)

    monkeypatch.setattr(ask, "container", fake_container)
    parser = argparse.ArgumentParser()
    ask.register(parser.add_subparsers())
    args = parser.parse_args(["ask", *argv, "--json"])
    code = args.func(args)
    return code, json.loads(capsys.readouterr().out), model


def test_ask_prints_a_cited_answer(monkeypatch: pytest.MonkeyPatch, capsys, agent_database: Database) -> None:
    """An answer comes out as type "answer" with its citations, in a fresh cli/ask thread."""
    script = [call("search_knowledge", query="disk full"), say("Vacuum the journal [1].")]
    code, out, model = run_ask(monkeypatch, capsys, agent_database, script, "disk full on db-2?", "--user", "alice")

    assert code == 0
    assert out["type"] == "answer" and out["text"] == "Vacuum the journal [1]." and out["unverified"] is False
    assert out["citations"] == [
        {"source": DISK.source, "section": DISK.section, "title": DISK.title, "kind": DISK.kind, "url": DISK.url}
    ]
    assert out["proposed_action"] is None
    assert model.calls[0][-1].content == "disk full on db-2?"


def test_ask_prints_a_proposal_with_its_pending_id(monkeypatch, capsys, agent_database: Database) -> None:
    """A proposal comes out as type "proposed_action" with the action, validated params and a pending id."""
    script = [call("propose_create_ticket", title="Disk full on db-2", priority="high")]
    code, out, _ = run_ask(monkeypatch, capsys, agent_database, script, "open a ticket: disk full on db-2")

    assert code == 0 and out["type"] == "proposed_action"
    proposal = out["proposed_action"]
    assert isinstance(proposal, dict)
    assert proposal["action"] == "create_ticket"
    assert proposal["params"] == {"title": "Disk full on db-2", "description": "", "priority": "high"}
    assert str(proposal["pending_id"]).startswith("pa_")


def test_build_json_of_nothing_to_say() -> None:
    """No reply (a redelivery, or a human owns the thread) is type "none"."""
    assert ask.build_json(None)["type"] == "none"
