"""Fixtures for observability: an in-memory span exporter behind the scrubbing processor, and a real pipeline."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from bot.observability.tracing import ScrubbingSpanProcessor
from bot.settings import load_settings
from bot.testing.scripted_llm import Script, ScriptedLLM
from bot.wiring import Container

PII_MESSAGE = "I'm Priya Natarajan (priya.natarajan@northwind.internal) and my VPN keeps disconnecting"
PII = ("Priya", "Natarajan", "priya.natarajan@northwind.internal")


class _Identity:
    def scrub(self, text: str) -> str:
        return text


_PROCESSOR = ScrubbingSpanProcessor(SimpleSpanProcessor(InMemorySpanExporter()), _Identity())


@pytest.fixture(scope="session")
def _provider() -> TracerProvider:
    """OpenTelemetry allows one global provider per process: install ours once."""
    provider = TracerProvider()
    provider.add_span_processor(_PROCESSOR)
    trace.set_tracer_provider(provider)
    return provider


@pytest.fixture
def spans(_provider: TracerProvider) -> Iterator[InMemorySpanExporter]:
    """The finished spans of this test, after the scrubbing processor."""
    inner = _PROCESSOR.inner
    assert isinstance(inner, SimpleSpanProcessor)
    exporter = inner.span_exporter
    assert isinstance(exporter, InMemorySpanExporter)
    exporter.clear()
    yield exporter
    _PROCESSOR.scrubber = _Identity()


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Commands replace the root logger's handlers: put pytest's back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        handler.close()
    root.handlers, root.level = handlers, level


def build_box(tmp_path: Path, retriever: Any, script: Script, **settings: str) -> Container:
    """A container over the shared knowledge with an LLM that follows `script`."""
    env = {"OPSBOT_HOME": str(tmp_path), "OPSBOT_LLM_PROVIDER": "offline", **settings}
    return Container(load_settings(env), retriever=retriever, llm=ScriptedLLM(script).llm)
