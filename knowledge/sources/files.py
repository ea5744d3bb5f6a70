"""Read a source file as text, refusing what is not text rather than indexing garbage."""

from __future__ import annotations

from pathlib import Path

from knowledge.errors import SourceError

MAX_FILE_BYTES = 50 * 1024 * 1024


def read_text(path: Path) -> str:
    """The file decoded as UTF-8 (a BOM is dropped); unreadable, binary or huge files raise SourceError."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SourceError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(exc.strerror or type(exc).__name__) from exc
    if b"\x00" in data:
        raise SourceError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8 text (byte {exc.start})") from exc
