"""`opsbot ingest`, `opsbot search` and `opsbot sources`: thin wrappers over knowledge.cli."""

from __future__ import annotations

import argparse
from collections.abc import Callable

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
        text_filter: Callable[[str], str] | None = None
        if box.settings.knowledge.redact_tickets:
            redactor = box.redactor

            text_filter = redactor.redact_inert

        return ingest(args, box.knowledge_config, text_filter=text_filter)


def run_search(args: argparse.Namespace) -> int:
    from knowledge.cli import run_search as search

    with container() as box:
        return search(args, box.knowledge_config)


def run_sources(args: argparse.Namespace) -> int:
    from knowledge.cli import run_sources as sources

    with container() as box:
        return sources(args, box.knowledge_config)
