"""`opsbot ingest` and `opsbot search`: argument definitions and runners, wired into bot/cli.py by the bot.

Exit codes of `ingest` (INGEST_EXIT_CODES, also in its --help and docs/cli.md):
0 every file found was indexed (or was already up to date);
1 nothing usable: a PATH does not exist (the others are still indexed: a mistyped folder must not look like
  success to a cron job), no runbook or ticket could be read from the paths, or the command could not run
  (e.g. the index is held by another process);
2 bad usage;
3 indexed, but some files or records failed or were skipped as unsafe (each listed on stderr).
`search` and `sources`: 0 ran, 1 could not run (or nothing to forget), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from knowledge.documents import KINDS
from knowledge.errors import KnowledgeError

if TYPE_CHECKING:  # the runners import them: `opsbot --help` must not load numpy and the index
    from knowledge.catalog import Source
    from knowledge.config import KnowledgeConfig
    from knowledge.ingest import IngestSummary
    from knowledge.retrieval import Retriever, SearchResult

INGEST_EXIT_CODES = """exit codes:
  0  every file found was indexed (or was already up to date)
  1  nothing usable: a PATH does not exist (the others are still indexed), nothing readable was found,
     or the index could not be opened (or the running bot it was handed to refused or failed it)
  2  bad usage
  3  indexed, but some files or records failed or were skipped as unsafe (listed on stderr)"""


def add_ingest_arguments(parser: argparse.ArgumentParser) -> None:
    """`PATH [PATH ...] [--kind runbook|ticket] [--acl GROUP ...] [--prune]`, with the exit codes in --help."""
    parser.epilog = INGEST_EXIT_CODES
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="folders or files to index")
    parser.add_argument("--kind", choices=KINDS, help="only index this kind (default: both)")
    parser.add_argument(
        "--acl", action="extend", nargs="+", default=[], metavar="GROUP",
        help="groups that may read documents which declare no acl of their own (default: public)",
    )  # fmt: skip
    parser.add_argument("--prune", action="store_true", help="remove documents that vanished from these paths")


def add_search_arguments(parser: argparse.ArgumentParser) -> None:
    """`"QUERY" [--top-k N] [--group G ...] [--kind K] [--tag T ...] [--json] [--batch]`."""
    parser.add_argument("query", nargs="?", help="the question (omit with --batch)")
    parser.add_argument("--top-k", type=int, default=5, metavar="N", help="number of hits (default 5)")
    parser.add_argument("--group", action="extend", nargs="+", default=[], metavar="G", help="the asker's groups")
    parser.add_argument("--kind", choices=KINDS, help="only this kind")
    parser.add_argument("--tag", action="extend", nargs="+", default=[], metavar="T", help="only documents with a tag")
    parser.add_argument("--json", action="store_true", help="print a JSON array of hits")
    parser.add_argument("--batch", action="store_true", help="read one query per line from stdin")


def run_ingest(
    args: argparse.Namespace, config: KnowledgeConfig, text_filter: Callable[[str], str] | None = None
) -> int:
    """Run an ingest; the summary goes to stdout, failures to stderr."""
    from knowledge.ingest import ingest

    try:
        summary = ingest(
            config, args.paths, kind=args.kind, acl=args.acl, prune=args.prune,
            text_filter=text_filter, progress=sys.stderr.isatty(),
        )  # fmt: skip
    except KnowledgeError as exc:
        print(f"opsbot ingest: {exc}", file=sys.stderr)
        return 1
    return report_ingest(args.paths, summary)


def report_ingest(paths: list[Path], summary: IngestSummary) -> int:
    """Print an ingest's failures (stderr) and summary (stdout); return the exit code."""
    for where, reason in summary.failures:
        print(f"failed: {where}: {reason}", file=sys.stderr)
    for where, reason in summary.skipped:
        print(f"skipped: {where}: {reason}", file=sys.stderr)
    print(summary.render())
    return _ingest_exit_code(paths, summary)


def _ingest_exit_code(paths: list[Path], summary: IngestSummary) -> int:
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        print(f"opsbot ingest: not found, nothing indexed from: {', '.join(missing)}", file=sys.stderr)
        return 1
    if summary.documents == 0:
        print("opsbot ingest: no runbook or ticket export could be read from these paths", file=sys.stderr)
        return 1
    return 3 if summary.failures or summary.skipped else 0


def run_search(args: argparse.Namespace, config: KnowledgeConfig) -> int:
    """Answer one query, or one per stdin line with --batch, loading the models once."""
    from knowledge.retrieval import Retriever

    if not args.batch and not args.query:
        print("opsbot search: give a QUERY, or --batch to read queries from stdin", file=sys.stderr)
        return 2
    if args.top_k < 1:
        print("opsbot search: --top-k must be at least 1", file=sys.stderr)
        return 2
    try:
        retriever = Retriever(config)
        try:
            if retriever.indexed_chunks() == 0:
                print("opsbot search: nothing is indexed yet; run `opsbot ingest PATH` first", file=sys.stderr)
            for query in _queries(args):
                _print(_search(retriever, query, args), args, sys.stdout)
        finally:
            retriever.close()
    except KnowledgeError as exc:
        print(f"opsbot search: {exc}", file=sys.stderr)
        return 1
    return 0


def _queries(args: argparse.Namespace) -> list[str] | TextIO:
    return sys.stdin if args.batch else [args.query]


def _search(retriever: Retriever, query: str, args: argparse.Namespace) -> SearchResult:
    return retriever.search(query.strip(), groups=args.group, kind=args.kind, tags=args.tag, top_k=args.top_k)


def _print(result: SearchResult, args: argparse.Namespace, out: TextIO) -> None:
    if args.json:
        out.write(json.dumps([hit.to_json() for hit in result.hits], ensure_ascii=False) + "\n")
    else:
        verdict = "relevant" if result.relevant else "probably nothing relevant"
        out.write(f"confidence {result.confidence:.2f} ({verdict})\n")
        for rank, hit in enumerate(result.hits, start=1):
            snippet = " ".join(hit.text.split())[:160]
            out.write(f"{rank}. [{hit.score:.2f}] {hit.section}\n   {hit.title} ({hit.source})\n   {snippet}\n")
    out.flush()


def add_sources_arguments(parser: argparse.ArgumentParser) -> None:
    """`[--json]`, or `forget PATH [PATH ...]`."""
    parser.add_argument("--json", action="store_true", help="print JSON")
    actions = parser.add_subparsers(dest="sources_command", metavar="forget")
    forget_parser = actions.add_parser("forget", help="remove everything indexed from these folders")
    forget_parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="folders as they were ingested")


def run_sources(args: argparse.Namespace, config: KnowledgeConfig) -> int:
    """List the ingested folders, or forget some of them."""
    from knowledge.catalog import forget, open_catalog, sources

    try:
        store = open_catalog(config)
        try:
            known = sources(store)
            if getattr(args, "sources_command", None) != "forget":
                _print_sources(known, as_json=args.json)
                return 0
            code = 0
            for path in args.paths:
                root = str(path.expanduser().absolute().resolve(strict=False))
                removed = forget(store, root)
                if removed:
                    print(f"forgot {removed} documents indexed from {root}")
                else:
                    print(
                        f"opsbot sources: nothing is indexed from {root}; `opsbot sources` lists what is",
                        file=sys.stderr,
                    )
                    code = 1
            return code
        finally:
            store.close()
    except KnowledgeError as exc:
        print(f"opsbot sources: {exc}", file=sys.stderr)
        return 1


def _print_sources(known: list[Source], *, as_json: bool) -> None:
    if as_json:
        rows = [{"root": s.root, "runbooks": s.runbooks, "tickets": s.tickets, "present": s.present} for s in known]
        print(json.dumps(rows, indent=2))
    elif not known:
        print("Nothing is indexed yet: `opsbot ingest PATH`.")
    else:
        for source in known:
            print(source.render())
