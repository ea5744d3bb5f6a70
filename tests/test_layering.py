"""The platform-neutral parts import no chat platform and no LLM framework, so Teams is one more adapter.

Read from the source with `ast` (imports inside functions count too): a new `import slack_sdk` in bot/core fails
here before it becomes a habit.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLATFORMS = ("slack_bolt", "slack_sdk", "slack", "bot.slack")
LLM_FRAMEWORKS = ("llama_index", "openai", "bot.agent")
OUR_APP = ("bot",)

RULES = {
    "bot/core": PLATFORMS + LLM_FRAMEWORKS,
    "model": PLATFORMS + LLM_FRAMEWORKS + OUR_APP + ("store", "actions"),
    "store": PLATFORMS + LLM_FRAMEWORKS + OUR_APP + ("actions",),
    "bot/console": PLATFORMS + LLM_FRAMEWORKS,
    "actions": PLATFORMS + LLM_FRAMEWORKS,
    "knowledge": PLATFORMS + OUR_APP,
    "redaction": PLATFORMS + LLM_FRAMEWORKS + OUR_APP,
}


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def forbidden(name: str, banned: tuple[str, ...]) -> bool:
    return any(name == b or name.startswith(b + ".") for b in banned)


@pytest.mark.parametrize("folder", sorted(RULES))
def test_the_neutral_parts_import_no_platform_or_llm_framework(folder: str) -> None:
    """bot/core, bot/store, bot/console, actions: no Slack, no LlamaIndex; knowledge and redaction: not even bot."""
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files, folder
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in files
        for name in imports_of(path)
        if forbidden(name, RULES[folder])
    }
    assert not offenders, sorted(offenders)


def test_the_rule_catches_an_offender(tmp_path: Path) -> None:
    """The check reads imports the way Python does, including ones inside functions."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from slack_sdk.web import WebClient\n    import llama_index.core\n")
    assert {n for n in imports_of(sample) if forbidden(n, PLATFORMS + LLM_FRAMEWORKS)} == {
        "slack_sdk.web",
        "llama_index.core",
    }
