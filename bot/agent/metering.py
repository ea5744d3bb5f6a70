"""Per-turn LLM accounting from FunctionAgent's event stream: token counts as the provider reported them (prompt,
completion, and the prompt tokens it served from its cache), and
the time of each LLM call (from the AgentInput written just before it to the AgentOutput just after), each
call as an `llm` span with the model, the prompt version, its tokens and its latency.
"""

from __future__ import annotations

import time
from typing import Any

from llama_index.core.agent.workflow import AgentInput, AgentOutput
from opentelemetry.trace import Span, Status, StatusCode

from bot.core.telemetry import tracer
from model.outcomes import Usage


class Meter:
    def __init__(self, usage: Usage) -> None:
        self.usage = usage
        self._since: float | None = None
        self._span: Span | None = None

    def observe(self, event: object) -> None:
        if isinstance(event, AgentInput):
            self._since = time.perf_counter()
            attributes = {"llm.model": self.usage.model or "", "llm.prompt_version": self.usage.prompt_version or ""}
            self._span = tracer().start_span("llm", attributes=attributes)
        elif isinstance(event, AgentOutput):
            before = (self.usage.prompt_tokens, self.usage.completion_tokens)
            add_tokens(self.usage, event.raw)
            if self._span is not None:
                self._span.set_attribute("llm.prompt_tokens", self.usage.prompt_tokens - before[0])
                self._span.set_attribute("llm.completion_tokens", self.usage.completion_tokens - before[1])
                self._span.set_attribute("llm.tool_calls", len(event.tool_calls))
            self.stop(failed=False)

    def stop(self, *, failed: bool = True) -> None:
        """End the LLM call in flight, if any (also when it failed: a timeout's wait is LLM time too)."""
        if self._since is not None:
            ms = (time.perf_counter() - self._since) * 1000
            self.usage.llm_ms += ms
            self._since = None
            if self._span is not None:
                self._span.set_attribute("llm.ms", round(ms, 1))
                if failed:
                    self._span.set_status(Status(StatusCode.ERROR, "no response"))
                self._span.end()
                self._span = None


def add_tokens(usage: Usage, raw: Any) -> None:
    """OpenAI-style `usage` from a raw response (a dict, or an object); models that report none add nothing."""
    counts = _field(raw, "usage")
    if counts is None:
        return
    usage.prompt_tokens += int(_field(counts, "prompt_tokens") or 0)
    usage.completion_tokens += int(_field(counts, "completion_tokens") or 0)
    usage.cached_tokens += int(_field(_field(counts, "prompt_tokens_details"), "cached_tokens") or 0)


def reported_prompt_tokens(raw: Any) -> int:
    """The prompt tokens one raw response reports (0 when it reports none)."""
    return int(_field(_field(raw, "usage"), "prompt_tokens") or 0)


def _field(data: Any, name: str) -> Any:
    return data.get(name) if isinstance(data, dict) else getattr(data, name, None)
