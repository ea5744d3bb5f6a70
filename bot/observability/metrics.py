"""Prometheus metrics, on a registry of this process's own (served at /metrics).

Turns, latencies, tools, tokens and cost come from each finished turn (`turn_finished`); confirmations and
escalations from the rows the store inserts (`audit_events`, `escalations`), whichever code path wrote them.
Labels are bounded: outcomes, our own tool names, models from the config, audit event names.
"""

from __future__ import annotations

import re
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from sqlalchemy import event

from bot.core.telemetry import TurnStats
from bot.observability.prices import LlmPrice
from model.access import ACCESS_REFUSED
from store.models import AuditEvent, Escalation

CONFIRMATION_EVENTS = frozenset({"proposed", "confirmed", "cancelled", "expired", "refused", "executed", "failed"})
SECONDS = (0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120)
_TOOL_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")


class Metrics:
    def __init__(self, prices: dict[str, LlmPrice] | None = None) -> None:
        self.registry = CollectorRegistry()
        self._prices = prices or {}
        r = self.registry
        self.turns = Counter("opsbot_turns", "Turns answered, by outcome", ["outcome"], registry=r)
        self.latency = Histogram("opsbot_turn_seconds", "End-to-end turn latency", buckets=SECONDS, registry=r)
        self.llm = Histogram("opsbot_llm_seconds", "LLM time per turn", buckets=SECONDS, registry=r)
        self.retrieval = Histogram("opsbot_retrieval_seconds", "Retrieval time per turn", buckets=SECONDS, registry=r)
        self.tool_time = Histogram("opsbot_tool_seconds", "Tool call latency", ["tool"], buckets=SECONDS, registry=r)
        self.tools = Counter("opsbot_tool_calls", "Tool calls, by result (ok|failed)", ["tool", "result"], registry=r)
        self.invalid = Counter(
            "opsbot_tool_invalid_arguments", "Tool calls with invalid arguments", ["tool"], registry=r
        )
        self.escalations = Counter("opsbot_escalations", "Threads handed to a human", registry=r)
        self.confirmations = Counter("opsbot_confirmations", "Confirmation steps, by event", ["event"], registry=r)
        self.tokens = Counter("opsbot_llm_tokens", "LLM tokens, by model and kind", ["model", "kind"], registry=r)
        self.cost = Counter("opsbot_llm_cost", "Estimated LLM cost (config llm_prices)", ["model"], registry=r)
        self.safety_net = Counter("opsbot_safety_net_catches", "PII scrubbed by the safety net", ["sink"], registry=r)
        self.refused = Counter(
            "opsbot_access_refused", "Reads and writes refused: the person may not see it", ["action"], registry=r
        )

    def turn_finished(self, stats: TurnStats) -> None:
        usage = stats.usage
        self.turns.labels(stats.outcome).inc()
        self.latency.observe(stats.latency_ms / 1000)
        self.llm.observe(usage.llm_ms / 1000)
        self.retrieval.observe(usage.retrieval_ms / 1000)
        for call in usage.tool_calls:
            tool = _tool_label(str(call.get("name", "")))
            self.tool_time.labels(tool).observe(float(call.get("ms", 0.0)) / 1000)
            self.tools.labels(tool, "ok" if call.get("ok") else "failed").inc()
            if not call.get("valid", True):
                self.invalid.labels(tool).inc()
        if usage.model:
            self.tokens.labels(usage.model, "prompt").inc(usage.prompt_tokens)
            self.tokens.labels(usage.model, "completion").inc(usage.completion_tokens)
            self.tokens.labels(usage.model, "cached").inc(usage.cached_tokens)
            cost = estimated_cost(
                self._prices, usage.model, usage.prompt_tokens, usage.completion_tokens, usage.cached_tokens
            )
            if cost is not None:
                self.cost.labels(usage.model).inc(cost)

    def listen(self) -> None:
        """Count confirmation steps and escalations as the store inserts them."""
        event.listen(AuditEvent, "after_insert", self._audit_inserted)
        event.listen(Escalation, "after_insert", self._escalation_inserted)

    def close(self) -> None:
        if event.contains(AuditEvent, "after_insert", self._audit_inserted):
            event.remove(AuditEvent, "after_insert", self._audit_inserted)
            event.remove(Escalation, "after_insert", self._escalation_inserted)

    def _audit_inserted(self, mapper: Any, connection: Any, target: AuditEvent) -> None:
        if target.event in CONFIRMATION_EVENTS:
            self.confirmations.labels(target.event).inc()
        elif target.event == ACCESS_REFUSED:
            self.refused.labels(_tool_label(target.action or "")).inc()

    def _escalation_inserted(self, mapper: Any, connection: Any, target: Escalation) -> None:
        self.escalations.inc()


def estimated_cost(
    prices: dict[str, LlmPrice], model: str | None, prompt: int, completion: int, cached: int = 0
) -> float | None:
    """Tokens times the configured price (cached prompt tokens at their own price, when one is set); None when the
    model has no price."""
    price = prices.get(model or "")
    if price is None:
        return None
    cached_price = price.input_per_1k if price.cached_input_per_1k is None else price.cached_input_per_1k
    fresh = max(prompt - cached, 0)
    return (fresh * price.input_per_1k + cached * cached_price + completion * price.output_per_1k) / 1000


def _tool_label(name: str) -> str:
    """Our tool names as they are; anything else the LLM made up is one label, so it cannot flood the series."""
    return name if _TOOL_NAME.fullmatch(name) else "other"
