"""Files Opsbot keeps in its home (the database, the log, the vault key): owner-only, whatever the umask.

A umask of 022 would make them readable by every local user; the modes here are set explicitly, and an existing
home or database file of ours that is wider is tightened.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """`path` (and missing parents) as a folder only its owner can enter."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    _tighten(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """`path` created empty if missing, in a private folder, readable and writable by its owner only."""
    private_dir(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    _tighten(path, PRIVATE_FILE)
    return path


@contextmanager
def owner_only_umask() -> Iterator[None]:
    """Everything created meanwhile (by us or a library: the vector store, SQLite's WAL) is owner-only."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _tighten(path: Path, mode: int) -> None:
    stat = path.stat()
    if stat.st_uid == os.getuid() and stat.st_mode & 0o777 != mode:
        path.chmod(mode)
