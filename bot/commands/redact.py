"""`opsbot redact [--json]`: redact standard input, one message per line."""

from __future__ import annotations

import argparse

from bot.commands.common import container


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from redaction.cli import add_redact_arguments

    parser = sub.add_parser("redact", help="redact PII and secrets from standard input, line by line")
    add_redact_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from redaction.cli import run_redact

    with container() as box:
        return run_redact(args, box.redaction_config)
