"""`opsbot`: the command line. Parsing and exit codes only; each command lives in bot/commands/."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot import __version__
from bot.commands import actions, ask, chat, config, db, knowledge, prompts, purge, redact, report, review, serve
from bot.settings import load_settings
from bot.teams import command as teams
from model.errors import ConfigError, StartupError
from store.files import owner_only_umask

EXIT_CONFIG = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="opsbot", description="Opsbot: cited answers, redacted text and confirmed actions for ops teams."
    )
    parser.add_argument("--version", action="version", version=f"opsbot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (chat, ask, knowledge, redact, actions, prompts, report, review, serve, config, db, purge):
        module.register(sub)
    teams.register(sub, lambda: load_settings().teams.app_id)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        with owner_only_umask():  # the home's files: the database, logs, the vector store, reports
            return int(args.func(args))
    except (ConfigError, StartupError) as exc:
        print(f"opsbot: error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
