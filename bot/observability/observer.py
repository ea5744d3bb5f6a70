"""What happens after each turn, outside the core: metrics, and the safety net's counts written to the database."""

from __future__ import annotations

from bot.core.telemetry import TurnStats
from bot.observability.metrics import Metrics
from bot.observability.safety_net import SafetyNetTally
from store.db import Database
from store.safety_net import record_catches


class TurnTelemetry:
    """Implements bot.core.telemetry.TurnObserver."""

    def __init__(self, *, metrics: Metrics, tally: SafetyNetTally, database: Database) -> None:
        self._metrics = metrics
        self._tally = tally
        self._db = database

    def turn_finished(self, stats: TurnStats) -> None:
        self._metrics.turn_finished(stats)
        self.flush()

    def flush(self) -> None:
        """Store the safety net's counts since the last flush (also called at shutdown)."""
        counts = self._tally.take()
        for sink, count in counts.items():
            self._metrics.safety_net.labels(sink).inc(count)
        if any(counts.values()):
            with self._db.transaction() as session:
                record_catches(session, counts=counts)
