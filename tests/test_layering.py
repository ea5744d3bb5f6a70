"""One direction of dependencies, read from the source with `ast` (imports inside functions count too):

    model <- store <- actions <- bot.core <- bot.agent <- chat adapters <- wiring / CLI
    (knowledge and redaction are leaves: anything may use them, they use nothing of ours)

Each layer imports only the layers below it. Chat adapters (bot/slack, bot/teams, bot/console) and
bot/observability sit side by side and never import each other. Slack's SDKs live in bot/slack only, the LLM
frameworks in bot/agent (and the test support in bot/testing), Microsoft's in bot/teams; no module outside
bot/slack writes Slack markup.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LEAVES = ("knowledge", "redaction")
LAYERS: tuple[tuple[str, ...], ...] = (
    ("model",),
    ("store",),
    ("actions",),
    ("bot.core",),
    ("bot.agent",),
    ("bot.slack", "bot.teams", "bot.console", "bot.observability"),  # side by side: none imports another
    ("bot.testing",),  # test support: scripted LLM and OpenAI stub
    ("bot.wiring", "bot.serving", "bot.cli", "bot.commands", "bot.settings", "bot.logs", "bot"),
)
THIRD_PARTY_HOMES = {
    "slack_bolt": ("bot.slack",),
    "slack_sdk": ("bot.slack",),
    "llama_index": ("bot.agent", "bot.testing"),
    "openai": ("bot.agent", "bot.testing"),
    "microsoft_teams": ("bot.teams",),
    "microsoft_agents": ("bot.teams",),
    "msal": ("bot.teams",),
}
PACKAGES = ("model", "store", "actions", "bot", *LEAVES)
SLACK_MARKUP = re.compile(r"<@[A-Z{]|<!(?:subteam|date|here|channel)|<#C|^mrkdwn$")
ADAPTERS = 5  # the index of the adapters' layer in LAYERS


def module_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files() -> Iterator[Path]:
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def group_of(module: str) -> tuple[int, str] | None:
    """(layer index, the group inside it) of one of our modules; None for a leaf or a third-party module."""
    best: tuple[int, str] | None = None
    for index, layer in enumerate(LAYERS):
        for prefix in layer:
            if within(module, (prefix,)) and (best is None or len(prefix) > len(best[1])):
                best = (index, prefix)
    return best


def offences(here: str, imported: Iterable[str]) -> list[str]:
    """Every import of module `here` that goes against the direction of the layers or leaves its home."""
    found = []
    for name in imported:
        top = name.split(".")[0]
        if top in THIRD_PARTY_HOMES and not within(here, THIRD_PARTY_HOMES[top]):
            found.append(f"{here} imports {name}")
        if top in LEAVES:
            if within(here, LEAVES) and not within(name, (here.split(".")[0],)):
                found.append(f"{here} (a leaf) imports {name}")
            continue
        if top not in PACKAGES:
            continue
        if within(here, LEAVES):
            found.append(f"{here} (a leaf) imports {name}")
            continue
        mine, theirs = group_of(here), group_of(name)
        if mine is None or theirs is None or mine[1] == theirs[1] or theirs[1] == "bot":
            continue
        if theirs[0] > mine[0] or (theirs[0] == mine[0] == ADAPTERS):
            found.append(f"{here} imports {name}")
    return found


def test_every_import_follows_the_direction_of_the_layers() -> None:
    """model <- store <- actions <- core <- agent <- adapters <- wiring/CLI; adapters never import each other."""
    found = [offence for path in source_files() for offence in offences(module_of(path), imports_of(path))]
    assert not found, sorted(found)


def test_no_module_outside_the_slack_adapter_writes_slack_markup() -> None:
    """`<@U…>`, `<!subteam^…>`, `<!date…>` and mrkdwn belong to bot/slack alone: the core speaks neutral text."""
    found = []
    for path in source_files():
        if within(module_of(path), ("bot.slack",)):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(doc) for doc in _docstrings(tree)}
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) and id(node) not in docstrings else None
            if isinstance(text, str) and SLACK_MARKUP.search(text):
                found.append(f"{module_of(path)}:{node.lineno}: {node.value[:60]!r}")
    assert not found, found


def _docstrings(tree: ast.AST) -> Iterator[ast.AST]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                yield first.value


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("def f():\n    from slack_sdk.web import WebClient\n", "bot.core.sample", ["imports slack_sdk.web"]),
        ("import bot.core.pipeline\n", "store.sample", ["imports bot.core.pipeline"]),
        ("from bot.slack.blocks import build_reply\n", "bot.teams.sample", ["imports bot.slack.blocks"]),
        ("from store.db import Database\n", "knowledge.sample", ["(a leaf) imports store.db"]),
        ("from model.messages import Person\nimport knowledge\n", "bot.core.sample", []),
    ],
)
def test_the_rule_catches_an_offender(tmp_path: Path, source: str, module: str, expected: list[str]) -> None:
    """The check reads imports the way Python does (inside functions too) and names each wrong one."""
    sample = tmp_path / "sample.py"
    sample.write_text(source)
    found = offences(module, imports_of(sample))
    assert [f.partition(" ")[2] for f in found] == expected
