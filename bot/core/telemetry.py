"""What the core tells observability about a turn, through OpenTelemetry's API only.

Without the SDK installed (bot/observability does that, from wiring) every span is a no-op. Span attributes
carry ids, names, counts and timings: never message text. `current_reference` is the turn's reference id,
the one a user sees in an error message; the JSON log formatter reads it for every line of the turn.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol

from opentelemetry import trace

from model.outcomes import Usage

TRACER_NAME = "opsbot"
REFERENCE = "opsbot.reference"

current_reference: ContextVar[str | None] = ContextVar("opsbot_reference", default=None)


def tracer() -> trace.Tracer:
    """The tracer of the provider installed now (a no-op one when tracing is off)."""
    return trace.get_tracer(TRACER_NAME)


@dataclass(frozen=True)
class TurnStats:
    """One finished turn, for metrics: no text."""

    outcome: str  # answer | proposed_action | needs_human | info | error
    reply_kind: str
    latency_ms: float
    usage: Usage


class TurnObserver(Protocol):
    def turn_finished(self, stats: TurnStats) -> None: ...
