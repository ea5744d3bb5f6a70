"""`opsbot db upgrade|current`: schema migrations."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.db import Database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("db", help="database migrations")
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    actions.add_parser("upgrade", help="apply pending migrations").set_defaults(func=run_upgrade)
    actions.add_parser("current", help="print the schema revision").set_defaults(func=run_current)


def _database() -> Database:
    from bot.settings import load_settings
    from store.db import Database

    settings = load_settings()
    return Database(settings.effective_database_url, embedded=settings.uses_embedded_database)


def run_upgrade(args: argparse.Namespace) -> int:
    db = _database()
    try:
        db.ensure_ready() if db.embedded else _upgrade_external(db)
        print(f"database at revision {db.current_revision()} ({db.safe_url})")
    finally:
        db.dispose()
    return 0


def _upgrade_external(db: Database) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from model.errors import StartupError

    try:
        db.upgrade()
    except SQLAlchemyError as exc:
        raise StartupError(
            f"cannot migrate the database ({db.safe_url}): {str(getattr(exc, 'orig', None) or exc).strip()}"
        ) from exc


def run_current(args: argparse.Namespace) -> int:
    db = _database()
    try:
        print(f"current {db.current_revision()} · head {db.head_revision()}")
    finally:
        db.dispose()
    return 0
