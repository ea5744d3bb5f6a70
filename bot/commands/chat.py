"""`opsbot chat`: an interactive (or piped) session on the same pipeline Slack uses."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Iterator

from bot.commands.common import container
from bot.console.session import PROMPT, ConsoleSession
from bot.core.knowledge_access import EMPTY
from model.messages import Person


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


def run(args: argparse.Namespace) -> int:
    with container() as box:
        groups = box.settings.people.groups_of(args.user) | frozenset(args.group)
        session = ConsoleSession(box.pipeline, Person(args.user, groups), write=print)
        for closed in box.sweep_interrupted():
            if closed.requester == args.user:
                print(f"· Your earlier {closed.text}")
        if box.knowledge_access.is_empty():
            print(f"· {EMPTY}")
        interactive = sys.stdin.isatty()
        if interactive:
            print("Opsbot console. Ask a question; type a number to pick a choice; Ctrl-D to leave.")
        asyncio.run(session.run(_lines(interactive)))
        if interactive:
            print()
    return 0
