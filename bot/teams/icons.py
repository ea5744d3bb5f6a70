"""The app's two icons, drawn here (no image files, no imaging library): Teams wants a 192x192 full-colour PNG
and a 32x32 outline PNG that is white on a transparent background. The mark is a ring with a dot: an "O"."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

ACCENT = (0x44, 0x64, 0xEE)  # also the manifest's accentColor
WHITE = (0xFF, 0xFF, 0xFF)
Pixel = tuple[int, int, int, int]


def color_icon() -> bytes:
    """192x192, opaque: the white mark on the accent colour."""
    return png(192, lambda x, y: (*WHITE, 255) if _mark(x, y, 192) else (*ACCENT, 255))


def outline_icon() -> bytes:
    """32x32: the white mark, everything else fully transparent."""
    return png(32, lambda x, y: (*WHITE, 255) if _mark(x, y, 32) else (0, 0, 0, 0))


def _mark(x: int, y: int, size: int) -> bool:
    cx = cy = (size - 1) / 2
    r = ((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 / size
    return bool(0.27 <= r <= 0.40 or r <= 0.09)


def png(size: int, pixel: Callable[[int, int], Pixel]) -> bytes:
    """A square RGBA PNG, 8 bits a channel; deterministic bytes for the same drawing."""
    rows = b"".join(b"\x00" + bytes(c for x in range(size) for c in pixel(x, y)) for y in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 9)) + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
