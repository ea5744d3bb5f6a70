"""Checks on URL-valued settings."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

_EXAMPLE = "(e.g. postgresql+psycopg://user@host:5432/db)"


def check_database_url(cls: type, value: str | None) -> str | None:
    """A database Opsbot runs on (SQLite, PostgreSQL) through a synchronous driver that is installed."""
    if not value:
        return value
    try:
        url = make_url(value)
    except ArgumentError as exc:
        raise ValueError(f"not a database URL {_EXAMPLE}") from exc
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(f"Opsbot runs on SQLite or PostgreSQL, not {url.get_backend_name()!r} {_EXAMPLE}")
    try:
        dialect = url.get_dialect()
        dialect.import_dbapi()
    except (ImportError, NoSuchModuleError) as exc:
        raise ValueError(f"database driver {url.drivername!r} is not installed {_EXAMPLE}") from exc
    if dialect.is_async:
        raise ValueError(f"database driver {url.drivername!r} is asynchronous; use a synchronous one {_EXAMPLE}")
    return value
