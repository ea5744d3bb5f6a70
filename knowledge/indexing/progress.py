"""A one-line progress bar on a terminal; silent anywhere else."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

WIDTH = 30


class Progress:
    """Redraws `label [####----] done/total detail` in place on `stream` when it is a terminal; `on_file(done, total)`
    hears of each step wherever it runs."""

    def __init__(
        self,
        total: int,
        *,
        enabled: bool,
        label: str = "ingest",
        stream: TextIO | None = None,
        on_file: Callable[[int, int], None] | None = None,
    ) -> None:
        self._stream = stream or sys.stderr
        self._on_file = on_file
        self._enabled = enabled and self._stream.isatty()
        self._total = max(total, 1)
        self._label = label
        self._done = 0

    def advance(self, detail: str = "") -> None:
        """Count one more item done and redraw."""
        self._done += 1
        if self._on_file is not None:
            self._on_file(self._done, self._total)
        if self._enabled:
            filled = WIDTH * self._done // self._total
            bar = "#" * filled + "-" * (WIDTH - filled)
            self._stream.write(f"\r{self._label} [{bar}] {self._done}/{self._total} {detail}\x1b[K")
            self._stream.flush()

    def close(self, detail: str = "") -> None:
        """Redraw the bar with the final `detail` (when given) and end its line."""
        if self._enabled:
            if detail:
                self._done -= 1
                self.advance(detail)
            self._stream.write("\n")
            self._stream.flush()
