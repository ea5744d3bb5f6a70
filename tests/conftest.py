"""Suite-wide fixtures: no test may reach beyond loopback, and every database test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ["OPSBOT_ENV_FILE"] = ""  # a developer's .env (say, the one `make demo` writes) never reaches a test

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


class NetworkAccessError(RuntimeError):
    """A test tried to open a connection beyond loopback."""


def _is_local(address: Any) -> bool:
    if isinstance(address, str | bytes):  # AF_UNIX path
        return True
    return _is_local_host(address[0])


def _is_local_host(host: Any) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if self.family != socket.AF_UNIX and not _is_local(address):
        raise NetworkAccessError(f"test tried to connect to {address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> Any:
    if self.family != socket.AF_UNIX and not _is_local(address):
        raise NetworkAccessError(f"test tried to connect to {address!r}")
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if not _is_local_host(host):
        raise NetworkAccessError(f"test tried to resolve {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True, scope="session")
def _block_network() -> Iterator[None]:
    """Fail any test that opens an outbound connection other than loopback."""
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _guarded_getaddrinfo
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _real_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _real_getaddrinfo


# --- Databases -------------------------------------------------------------------------------------------------

PG_ADMIN_URL = os.environ.get("OPSBOT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_database_url() -> Iterator[str]:
    """A throwaway PostgreSQL database for this test session; skipped locally (but failed in CI) if unreachable."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    name = f"opsbot_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        message = f"PostgreSQL unreachable at {PG_ADMIN_URL}: {str(exc.orig).strip().splitlines()[0]}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    yield from _postgres_database_url()


@pytest.fixture
def fresh_postgres_url() -> Iterator[str]:
    """An empty PostgreSQL database of its own, for tests about schema state."""
    yield from _postgres_database_url()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Any]:
    """A migrated, empty database: every test using it runs once on SQLite and once on PostgreSQL."""
    from sqlalchemy import text

    from store.db import Database
    from store.models import Base

    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'opsbot.db'}", embedded=True)
        db.ensure_ready()
    else:
        db = Database(request.getfixturevalue("postgres_url"))
        if db.current_revision() != db.head_revision():
            db.upgrade()
        with db.engine.begin() as connection:
            tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield db
    db.dispose()


# --- Knowledge -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def shared_retriever(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The example company's knowledge, indexed once per session (tickets redacted, as `opsbot ingest` does)."""
    from pathlib import Path

    from knowledge.config import KnowledgeConfig
    from knowledge.ingest import ingest
    from knowledge.retrieval import Retriever
    from redaction import RedactionConfig, Redactor

    root = Path(__file__).resolve().parents[1]
    config = KnowledgeConfig(home=tmp_path_factory.mktemp("knowledge"))
    redactor = Redactor(RedactionConfig(names_file=root / "examples" / "names.txt"))
    ingest(config, [root / "examples"], text_filter=redactor.redact_inert)
    retriever = Retriever(config)
    yield retriever
    retriever.close()
