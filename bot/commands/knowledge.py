"""`opsbot ingest`, `opsbot search` and `opsbot sources`: thin wrappers over knowledge.cli."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.commands.common import container


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from knowledge.cli import add_ingest_arguments, add_search_arguments, add_sources_arguments

    ingest = sub.add_parser("ingest", help="index runbooks and ticket exports")
    add_ingest_arguments(ingest)
    ingest.set_defaults(func=run_ingest)
    search = sub.add_parser("search", help="search the knowledge index")
    add_search_arguments(search)
    search.set_defaults(func=run_search)
    sources = sub.add_parser("sources", help="list the ingested folders; `sources forget PATH` removes one")
    add_sources_arguments(sources)
    sources.set_defaults(func=run_sources)


def run_ingest(args: argparse.Namespace) -> int:
    from knowledge.cli import run_ingest as ingest

    with container() as box:
        handed = _hand_off(args, box.settings.home)
        if handed is not None:
            return handed
        return ingest(args, box.knowledge_config, text_filter=box.ingest_text_filter)


def _hand_off(args: argparse.Namespace, home: Path) -> int | None:
    """When a bot serves this home it owns the index: it does the ingest and this shows its progress."""
    from bot.admin.client import HandOffError, hand_off
    from knowledge.cli import report_ingest
    from knowledge.indexing.progress import Progress

    bar: list[Progress] = []

    def show(done: int, total: int) -> None:
        if not bar:
            print("opsbot ingest: the running bot is doing the ingest; it keeps answering meanwhile", file=sys.stderr)
            bar.append(Progress(total, enabled=sys.stderr.isatty()))
        bar[0].advance()

    try:
        summary = hand_off(home, args.paths, kind=args.kind, acl=args.acl, prune=args.prune, on_file=show)
    except HandOffError as exc:
        print(f"opsbot ingest: {exc}", file=sys.stderr)
        return 1
    if summary is None:
        return None
    if bar:
        bar[0].close()
    return report_ingest(args.paths, summary)


def run_search(args: argparse.Namespace) -> int:
    from knowledge.cli import run_search as search

    with container() as box:
        return search(args, box.knowledge_config)


def run_sources(args: argparse.Namespace) -> int:
    from knowledge.cli import run_sources as sources

    with container() as box:
        return sources(args, box.knowledge_config)
