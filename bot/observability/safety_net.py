"""Counting what the last safety net (the log filter and the span scrubber) caught.

A catch is a placeholder (`<EMAIL_ADDRESS>`, `<SECRET>`) that `Redactor.scrub` put into a log line or a span
attribute which did not have it before: the text that reached the net still held PII or a secret. The counts
are kept per process and written to the database after each turn (`safety_net_catches`), so `opsbot report`
can add them up across processes; a crash loses at most one turn's count.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable
from typing import Protocol

PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]*>")
Scrub = Callable[[str], str]


class Scrubber(Protocol):
    def scrub(self, text: str) -> str: ...


class SafetyNetTally:
    """Thread-safe counts of catches by sink ("log", "trace")."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()

    def add(self, sink: str, count: int) -> None:
        if count > 0:
            with self._lock:
                self._counts[sink] += count

    def take(self) -> dict[str, int]:
        """The counts since the last take, and reset them."""
        with self._lock:
            counts, self._counts = dict(self._counts), Counter()
        return counts


class CountingScrubber:
    """`scrubber.scrub`, counting each catch into `tally` under `sink`."""

    def __init__(self, scrubber: Scrubber, tally: SafetyNetTally, sink: str) -> None:
        self._scrubber = scrubber
        self._tally = tally
        self._sink = sink

    def scrub(self, text: str) -> str:
        clean = self._scrubber.scrub(text)
        if clean != text:
            self._tally.add(self._sink, len(PLACEHOLDER.findall(clean)) - len(PLACEHOLDER.findall(text)))
        return clean
