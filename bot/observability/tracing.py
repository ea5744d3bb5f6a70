"""OpenTelemetry set-up: one tracer provider per process, its exporter chosen by `OPSBOT_TRACES`.

Every finished span passes `ScrubbingSpanProcessor` before any exporter sees it: string attributes, event
attributes and the status text are run through the redactor's `scrub`. The code sets only ids, names,
counts and timings; this is the last line of defence, not the first.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from typing import Any

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import Event, ReadableSpan, Span, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.trace import Status

from bot.observability.safety_net import Scrubber

log = logging.getLogger(__name__)
SERVICE = "opsbot"
_installed: TracerProvider | None = None


class ScrubbingSpanProcessor(SpanProcessor):
    """Hands `inner` a copy of each finished span with every string scrubbed."""

    def __init__(self, inner: SpanProcessor, scrubber: Scrubber) -> None:
        self.inner = inner
        self.scrubber = scrubber

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        self.inner.on_start(span, parent_context)

    def on_end(self, span: ReadableSpan) -> None:
        self.inner.on_end(scrubbed(span, self.scrubber))

    def shutdown(self) -> None:
        self.inner.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self.inner.force_flush(timeout_millis)


def scrubbed(span: ReadableSpan, scrubber: Scrubber) -> ReadableSpan:
    events = [Event(e.name, _clean(e.attributes, scrubber), e.timestamp) for e in span.events]
    status = span.status
    if status.description:
        status = Status(status.status_code, scrubber.scrub(status.description))
    return ReadableSpan(
        name=span.name,
        context=span.context,
        parent=span.parent,
        resource=span.resource,
        attributes=_clean(span.attributes, scrubber),
        events=events,
        links=span.links,
        kind=span.kind,
        status=status,
        start_time=span.start_time,
        end_time=span.end_time,
        instrumentation_scope=span.instrumentation_scope,
    )


def _clean(attributes: Mapping[str, Any] | None, scrubber: Scrubber) -> dict[str, Any]:
    def one(value: Any) -> Any:
        if isinstance(value, str):
            return scrubber.scrub(value)
        if isinstance(value, tuple | list):
            return tuple(one(v) for v in value)
        return value

    return {key: one(value) for key, value in (attributes or {}).items()}


def build_exporter(mode: str, endpoint: str | None) -> SpanExporter | None:
    """None for "none"; the console exporter; or OTLP over HTTP to `endpoint` (its default when unset)."""
    if mode == "console":  # on stderr: stdout carries `opsbot ask --json` and the console conversation
        return ConsoleSpanExporter(service_name=SERVICE, out=sys.stderr)
    if mode == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        traces = f"{endpoint.rstrip('/')}/v1/traces" if endpoint else None
        return OTLPSpanExporter(endpoint=traces)
    return None


def install_tracing(mode: str, endpoint: str | None, scrubber: Scrubber) -> TracerProvider | None:
    """Install the process's tracer provider once (OpenTelemetry allows one); None when tracing is off."""
    global _installed
    exporter = build_exporter(mode, endpoint)
    if exporter is None or _installed is not None:
        return _installed
    provider = TracerProvider(resource=Resource.create({"service.name": SERVICE}))
    provider.add_span_processor(ScrubbingSpanProcessor(BatchSpanProcessor(exporter), scrubber))
    trace.set_tracer_provider(provider)
    _installed = provider
    log.info("tracing on", extra={"exporter": mode})
    return provider


def shutdown_tracing() -> None:
    """Flush the spans still queued (at exit)."""
    if _installed is not None:
        _installed.shutdown()
