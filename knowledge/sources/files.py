"""Read a source file as text, refusing what is not text rather than indexing garbage."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from knowledge.errors import SourceError

MAX_FILE_BYTES = 50 * 1024 * 1024
# Never follow a link swapped in after discovery checked the file, and never block on a FIFO.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def read_text(path: Path) -> str:
    """The file decoded as UTF-8 (a BOM is dropped); unreadable, non-regular, binary or huge files raise
    SourceError."""
    try:
        data = _read_regular(path)
    except OSError as exc:
        raise SourceError(exc.strerror or type(exc).__name__) from exc
    if b"\x00" in data:
        raise SourceError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8 text (byte {exc.start})") from exc


def _read_regular(path: Path) -> bytes:
    descriptor = os.open(path, _OPEN_FLAGS)
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise SourceError("not a regular file (FIFO, device or socket)")
        if info.st_size > MAX_FILE_BYTES:
            raise SourceError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
        return file.read(MAX_FILE_BYTES + 1)
