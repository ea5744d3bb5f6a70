"""The database: engine, transactions and schema state. The caller of `transaction()` owns the commit."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from model.errors import StartupError
from store.files import private_file

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def build_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys and a busy timeout so threads can share it."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


class Database:
    """One database, embedded (SQLite, migrated on first use) or external (must be migrated explicitly)."""

    def __init__(self, url: str, *, embedded: bool = False) -> None:
        if url.startswith("sqlite:///") and embedded:
            private_file(Path(url.removeprefix("sqlite:///")))  # SQLite gives its -wal and -shm files this mode
        self.url = url
        self.embedded = embedded
        self.engine = build_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside one transaction: committed on success, rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def _alembic_config(self) -> Config:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return config

    def head_revision(self) -> str | None:
        return ScriptDirectory.from_config(self._alembic_config()).get_current_head()

    def current_revision(self) -> str | None:
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def upgrade(self) -> None:
        """Apply every pending migration."""
        with self.engine.begin() as connection:
            config = self._alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def ensure_ready(self) -> None:
        """Embedded: migrate silently. External: refuse to run on a schema that is behind the code."""
        try:
            if self.embedded:
                with self._migration_lock():
                    self.upgrade()
                return
            current, head = self.current_revision(), self.head_revision()
        except SQLAlchemyError as exc:
            raise StartupError(f"cannot reach the database ({self.safe_url}): {_first_line(exc)}") from exc
        if current != head:
            raise StartupError(
                f"the database schema is at {current or 'nothing'} but this Opsbot needs {head}: "
                "run `opsbot db upgrade`"
            )

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """Processes starting together on a new folder (serve and ingest) migrate one after the other."""
        database = self.engine.url.database
        if not database or database == ":memory:":
            yield
            return
        with private_file(Path(f"{database}.migrate-lock")).open("a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    @property
    def safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
