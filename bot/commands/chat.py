"""`opsbot chat`: an interactive (or piped) session on the same pipeline Slack uses.

The prompt comes first: the redaction and embedding models and the agent load in the background while the user
types, and the first answer waits for them (`bot.console.warmup`).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bot.commands.common import container

if TYPE_CHECKING:
    from bot.core.pipeline import Pipeline
    from bot.settings import Settings
    from bot.wiring import Container

PROMPT = "you> "
OFFLINE = (
    "Offline mode (no LLM): answers are the most relevant passages, with their sources; ask for an action in plain "
    'words ("open a ticket: VPN drops") or with /ops. To use an LLM, set OPENAI_API_KEY (or OPENAI_BASE_URL and '
    "OPSBOT_LLM_PROVIDER=openai_compatible) in .env and restart."
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("chat", help="talk to Opsbot in the terminal (reads a pipe too)")
    parser.add_argument("--user", default="console-user", help="who you are (default: console-user)")
    parser.add_argument("--group", action="append", default=[], help="a group you belong to (repeatable)")
    parser.set_defaults(func=run)


def _lines(interactive: bool) -> Iterator[str]:
    while True:
        try:
            line = input(PROMPT) if interactive else sys.stdin.readline()
        except EOFError:
            return
        if not interactive and line == "":
            return
        yield line


def banner(settings: Settings) -> str:
    """What the console says first: how to use it, and whether an LLM answers."""
    llm = settings.llm
    mode = OFFLINE if llm.effective_provider == "offline" else f"LLM: {llm.model} ({llm.effective_provider})."
    return f"Opsbot console. Ask a question; type a number to pick a choice; Ctrl-D to leave.\n{mode}"


def _warm(box: Container) -> Pipeline:
    box.retriever.load_models()
    return box.pipeline


def run(args: argparse.Namespace) -> int:
    from bot.console.session import ConsoleSession
    from bot.console.warmup import Background
    from bot.core.knowledge_access import EMPTY
    from model.messages import Person

    with container() as box:
        groups = box.settings.people.groups_of(args.user) | frozenset(args.group)
        for closed in box.sweep_interrupted():
            if closed.requester == args.user:
                print(f"· Your earlier {closed.text}")
        if box.knowledge_access.is_empty():
            print(f"· {EMPTY}")
        pipeline = Background(lambda: _warm(box))
        interactive = sys.stdin.isatty()
        if interactive:
            print(banner(box.settings))
        lines = _lines(interactive)
        first = next(lines, None)
        session = ConsoleSession(pipeline.result(), Person(args.user, groups), write=print)
        if first is not None:
            asyncio.run(session.run(itertools.chain([first], lines)))
        if interactive:
            print()
    return 0
