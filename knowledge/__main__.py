"""`python -m knowledge ingest|search ...`: the knowledge CLI on its own, before (and besides) bot/cli.py.

The one place in this package that reads the environment: OPSBOT_HOME (default ./.opsbot).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from knowledge.cli import add_ingest_arguments, add_search_arguments, run_ingest, run_search
from knowledge.config import KnowledgeConfig


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the sub-command."""
    parser = argparse.ArgumentParser(prog="python -m knowledge")
    commands = parser.add_subparsers(dest="command", required=True)
    add_ingest_arguments(commands.add_parser("ingest", help="index runbooks and ticket exports"))
    add_search_arguments(commands.add_parser("search", help="search the index"))
    args = parser.parse_args(argv)
    config = KnowledgeConfig(home=Path(os.environ.get("OPSBOT_HOME", ".opsbot")))
    return run_ingest(args, config) if args.command == "ingest" else run_search(args, config)


if __name__ == "__main__":
    os.umask(0o077)  # the index under OPSBOT_HOME is owner-only, whatever the caller's umask
    sys.exit(main())
