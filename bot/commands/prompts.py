"""`opsbot prompts`: list the system prompt versions, and pin one at run time (rollback without a restart)."""

from __future__ import annotations

import argparse

from bot.agent.prompts import versions
from bot.commands.actions import _operator
from bot.commands.common import container


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("prompts", help="list the system prompt versions, or pin one for every process")
    parser.set_defaults(func=run_list)
    verbs = parser.add_subparsers(dest="prompts_command", metavar="VERB", help="with no VERB, list them")
    verbs.add_parser("list", help="list the versions; * marks the active one").set_defaults(func=run_list)
    use = verbs.add_parser("use", help="make VERSION the active prompt from the next message, no restart")
    use.add_argument("version", help="e.g. v1 (see `opsbot prompts list`)")
    use.add_argument("--reason", default=None, help="why, for the audit log")
    use.set_defaults(func=run_use)


def run_list(args: argparse.Namespace) -> int:
    from store.prompt_pin import pinned_prompt

    with container() as box, box.database.transaction() as session:
        pinned = pinned_prompt(session)
        active = pinned or box.settings.llm.prompt_version
    for version in versions():
        mark = "*" if version == active else " "
        where = " (pinned with `opsbot prompts use`)" if version == pinned else ""
        where = where or (" (OPSBOT_PROMPT_VERSION)" if version == active else "")
        print(f"{mark} {version}{where}")
    return 0


def run_use(args: argparse.Namespace) -> int:
    from store.prompt_pin import pin_prompt

    if args.version not in versions():
        print(f"opsbot: no prompt version {args.version!r} (have: {', '.join(versions())})")
        return 1
    with container() as box, box.database.transaction() as session:
        pin_prompt(session, version=args.version, actor=_operator(), detail=args.reason)
    print(f"Prompt {args.version} is now active for every Opsbot process (from the next message).")
    return 0
