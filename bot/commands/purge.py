"""`opsbot purge`: delete conversation text and pseudonym vaults older than the retention period."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta

from bot.commands.common import container


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("purge", help="apply the retention period (OPSBOT_RETENTION_DAYS) now")
    parser.add_argument("--days", type=int, default=None, help="override the retention period for this run")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from store.retention import purge_before

    with container() as box:
        days = args.days if args.days is not None else box.settings.retention_days
        with box.database.transaction() as session:
            counts = purge_before(session, before=datetime.now(UTC) - timedelta(days=days))
        print(counts.render() + f" (older than {days} days; the audit log is kept)")
    return 0
