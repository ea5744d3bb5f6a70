"""`opsbot report`: the KPIs since a moment, as text, JSON or a self-contained HTML page."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import datetime, timedelta
from pathlib import Path

from bot.commands.common import container
from model.errors import ConfigError

_SINCE = re.compile(r"(\d+)([hdw])")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("report", help="KPIs from the database: completion, escalations, tools, latency, cost")
    parser.add_argument("--since", default="7d", help="how far back: 24h, 7d, 4w (default 7d)")
    parser.add_argument("--html", type=Path, metavar="FILE", help="also write a self-contained HTML page with charts")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(func=run)


def since(text: str, now: datetime) -> datetime:
    match = _SINCE.fullmatch(text.strip())
    if match is None:
        raise ConfigError(f"--since {text!r}: use a number and h, d or w (e.g. 7d)")
    return now - timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def run(args: argparse.Namespace) -> int:
    from bot.observability import kpis, report_html
    from store.models import utcnow

    start = since(args.since, utcnow())
    with container() as box, box.database.transaction() as session:
        result = kpis.compute(session, since=start, prices=box.settings.llm.prices)
    if args.html:
        try:
            args.html.write_text(report_html.render(result), encoding="utf-8")
        except OSError as exc:
            print(f"opsbot report: cannot write {args.html}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
    else:
        print(f"Since {result.since}")
        for label, value in report_html.rows(result):
            print(f"  {label:<30} {value:<16} {report_html.DEFINITIONS[label]}")
    if args.html:
        print(f"Wrote {args.html}")
    return 0
