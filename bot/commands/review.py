"""`opsbot review`: the learning loop. It lists the answers people rated 👎, the questions nothing answered and
the threads escalated to humans (all redacted, as stored), grouped by topic; `opsbot review export` drafts golden
conversation cases from them (the expected outcome left for a person) and writes the runbook-gap report."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

import yaml

from bot.commands.common import container
from bot.commands.report import since
from bot.core.review import Item, Topic, collect, gaps, group
from store.models import utcnow

DRAFTS = Path("evals/goldens/review")
GAPS_FILE = "runbook-gaps.md"
_LABELS = {"disliked": "👎", "unanswered": "unanswered", "escalated": "escalated"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("review", help="👎 answers, unanswered and escalated questions, grouped by topic")
    parser.add_argument("what", nargs="?", choices=("list", "export"), default="list", help="list (default) or export")
    parser.add_argument("--since", default="7d", help="how far back: 24h, 7d, 4w (default 7d)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text (list)")
    parser.add_argument("--select", default="", help="export only these codes, comma-separated (e.g. d3,u7)")
    parser.add_argument("--out", type=Path, default=DRAFTS, help=f"where export writes (default {DRAFTS})")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    start = since(args.since, utcnow())
    with container() as box, box.database.transaction() as session:
        topics = group(collect(session, since=start))
    if args.what == "export":
        return export(topics, start=start, out=args.out, select=_codes(args.select))
    if args.json:
        print(json.dumps([_topic_json(t) for t in topics], indent=2, ensure_ascii=False))
    else:
        print(render(topics, start=start))
    return 0


def render(topics: list[Topic], *, start: datetime) -> str:
    if not topics:
        return f"Nothing to review since {start:%Y-%m-%d %H:%M} UTC."
    lines = [f"To review since {start:%Y-%m-%d %H:%M} UTC (redacted):"]
    for topic in topics:
        lines.append(f"\n{topic.name} ({len(topic.items)})")
        lines += [f"  {_line(item)}" for item in topic.items]
    found = gaps(topics)
    if found:
        lines.append("\nRunbook gaps: " + ", ".join(f"{name} (asked {n}×)" for name, n in found))
    return "\n".join(lines)


def export(topics: list[Topic], *, start: datetime, out: Path, select: set[str]) -> int:
    """Golden drafts for the selected items (all if none selected) and the runbook-gap report, in `out`."""
    items = [item for t in topics for item in t.items if not select or item.code in select]
    unknown = select - {item.code for item in items}
    if unknown:
        print(f"opsbot review export: no such item: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    try:
        out.mkdir(parents=True, exist_ok=True)
        for item in items:
            (out / f"review-{item.code}.yaml").write_text(build_golden(item), encoding="utf-8")
        (out / GAPS_FILE).write_text(build_gap_report(topics, start=start), encoding="utf-8")
    except OSError as exc:
        print(f"opsbot review export: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Wrote {len(items)} golden draft(s) and {GAPS_FILE} to {out}")
    return 0


def build_golden(item: Item) -> str:
    """A golden conversation draft: the question as stored, and an empty expectation for a person to fill."""
    entry = item.entry
    case = {
        "name": f"review-{item.code}-{item.topic}",
        "category": "review",
        "description": f"From a {_LABELS[entry.kind]} question ({entry.reason or 'no reason given'}).",
        "turns": [{"say": entry.question, "expect": {}}],
    }
    head = (
        f"# Drafted by `opsbot review export` from a {_LABELS[entry.kind]} question on {entry.at:%Y-%m-%d}.\n"
        "# TODO (a person): fill in `expect` with what a good reply does (kind, contains, cites), then move this\n"
        "# file into evals/goldens/ so `make eval` runs it.\n"
    )
    return head + yaml.safe_dump(case, sort_keys=False, allow_unicode=True)


def build_gap_report(topics: list[Topic], *, start: datetime) -> str:
    """Markdown: each topic nothing answered, how often it was asked, and a few of the questions."""
    lines = [
        f"# Runbook gaps since {start:%Y-%m-%d}",
        "",
        "| Topic | Asked | Example questions (redacted) |",
        "|---|---|---|",
    ]
    for topic in topics:
        if topic.gaps:
            asked = [i.entry.question for i in topic.items if i.entry.kind != "disliked"][:3]
            examples = "; ".join(q.replace("|", "/").replace("\n", " ")[:120] for q in asked)
            lines.append(f"| {topic.name} | {topic.gaps} | {examples} |")
    if len(lines) == 4:
        lines.append("| _none_ | 0 | |")
    return "\n".join(lines) + "\n"


def _line(item: Item) -> str:
    entry = item.entry
    why = f" — {entry.reason}" if entry.reason else ""
    return (
        f"[{item.code}] {_LABELS[entry.kind]}: {entry.question.splitlines()[0][:100] if entry.question else '?'}{why}"
    )


def _topic_json(topic: Topic) -> dict[str, object]:
    items = [
        {"code": i.code, "kind": i.entry.kind, "question": i.entry.question, "answer": i.entry.answer,
         "reason": i.entry.reason, "at": i.entry.at.isoformat(timespec="seconds")}
        for i in topic.items
    ]  # fmt: skip
    return {"topic": topic.name, "gaps": topic.gaps, "items": items}


def _codes(text: str) -> set[str]:
    return {code.strip() for code in text.split(",") if code.strip()}
