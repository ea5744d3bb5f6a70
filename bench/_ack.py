"""What every chat platform's load bench shares: ack latency percentiles, and a core kept busy by another process.

"A busy core" is what a neighbour on the same host does to the bot: a separate process spinning on one core for
the whole run, so the bot, the fake platform and the load generator share what is left.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

SCENARIOS = (("idle", False), ("one core busy", True))


@dataclass(frozen=True)
class AckLatency:
    """Ack latency percentiles in milliseconds."""

    p50: float
    p95: float
    p99: float
    max: float

    @classmethod
    def of(cls, milliseconds: Sequence[float]) -> AckLatency:
        p50, p95, p99 = (statistics.quantiles(milliseconds, n=100, method="inclusive")[q - 1] for q in (50, 95, 99))
        return cls(p50, p95, p99, max(milliseconds))

    def line(self, label: str, target_p99: float) -> str:
        verdict = "ok" if self.p99 <= target_p99 else "ABOVE TARGET"
        return (
            f"ack latency ms ({label}): p50 {self.p50:.1f}  p95 {self.p95:.1f}  p99 {self.p99:.1f}  max {self.max:.1f}"
            f"  (target p99 <= {target_p99:.0f}: {verdict})"
        )


@contextmanager
def busy_core(busy: bool = True) -> Iterator[None]:
    """While inside, a separate process spins on one core (nothing when `busy` is False)."""
    if not busy:
        yield
        return
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        spinner.kill()
        spinner.wait()
