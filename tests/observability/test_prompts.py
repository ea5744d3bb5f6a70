"""`opsbot prompts`: list the versions and pin one at run time; every turn records the version it used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.agent import llm_agent
from bot.cli import main
from bot.commands import prompts
from bot.settings import load_settings
from bot.testing.scripted_llm import ScriptedLLM, say
from bot.wiring import Container
from store.models import Turn
from tests.observability.test_tracing import message

TEXTS = {"v1": "You are Opsbot (v1).", "v2": "You are Opsbot, second edition (v2)."}


@pytest.fixture
def two_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_logging: None) -> Path:
    """Two prompt versions on offer, and a home for the CLI and the pipeline to share."""
    monkeypatch.setattr(prompts, "versions", lambda: sorted(TEXTS))
    monkeypatch.setattr(llm_agent, "load_system_prompt", lambda version="v1": TEXTS[version])
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPSBOT_HOME", str(tmp_path))
    monkeypatch.setenv("OPSBOT_LLM_PROVIDER", "offline")
    monkeypatch.setenv("OPSBOT_PROMPT_VERSION", "v1")  # configured v1, so pinning v2 is a change
    return tmp_path


async def ask(home: Path, retriever: Any) -> tuple[str | None, str]:
    """One turn; the prompt version on its row, and the system prompt the model was shown."""
    model = ScriptedLLM([say("How can I help?")])
    settings = load_settings(
        {"OPSBOT_HOME": str(home), "OPSBOT_LLM_PROVIDER": "offline", "OPSBOT_PROMPT_VERSION": "v1"}
    )
    box = Container(settings, retriever=retriever, llm=model.llm)
    await box.pipeline.handle(message("hello"))
    with box.database.transaction() as session:
        version = session.scalars(select(Turn.prompt_version).where(Turn.role == "assistant")).all()[-1]
    box.close()
    return version, model.calls[-1][0].content or ""


async def test_use_switches_the_prompt_from_the_next_turn(
    two_versions: Path, shared_retriever: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """After `opsbot prompts use v2` the next turn runs on v2 and records it; `use v1` rolls back."""
    assert await ask(two_versions, shared_retriever) == ("v1", TEXTS["v1"])
    assert main(["prompts", "use", "v2", "--reason", "trial"]) == 0
    assert await ask(two_versions, shared_retriever) == ("v2", TEXTS["v2"])
    assert main(["prompts", "use", "v1"]) == 0
    assert await ask(two_versions, shared_retriever) == ("v1", TEXTS["v1"])


def test_list_marks_the_active_version_and_use_refuses_unknown_ones(
    two_versions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The list stars the active version; pinning a version that does not exist changes nothing."""
    assert main(["prompts", "list"]) == 0
    assert "* v1 (OPSBOT_PROMPT_VERSION)" in capsys.readouterr().out
    assert main(["prompts", "use", "v9"]) == 1
    assert main(["prompts", "use", "v2"]) == 0
    capsys.readouterr()
    assert main(["prompts"]) == 0
    out = capsys.readouterr().out
    assert "* v2 (pinned" in out and "  v1" in out
