"""Traces: one per turn, its steps as spans, and never a person's data in them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from opentelemetry import trace
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import select

from bot.observability.safety_net import CountingScrubber, SafetyNetTally
from bot.testing.scripted_llm import call, say
from model.messages import InboundMessage, Person, ThreadRef
from store.models import Turn
from tests.observability.conftest import _PROCESSOR, PII, PII_MESSAGE, build_box

SCRIPT = [call("search_knowledge", query="VPN keeps disconnecting"), say("Reinstall the VPN profile [1].")]


def message(text: str) -> InboundMessage:
    return InboundMessage(
        user=Person("U1", frozenset({"everyone"})), thread=ThreadRef("console", "C1", "T1"), text=text
    )


async def test_a_turn_is_one_trace_with_its_steps_and_reference(
    tmp_path: Path, shared_retriever: Any, spans: InMemorySpanExporter
) -> None:
    """An operator sees receive, redact, decide, retrieve, each LLM and tool call and reply under one trace id."""
    box = build_box(tmp_path, shared_retriever, SCRIPT)
    await box.pipeline.handle(message("my VPN keeps disconnecting"))
    finished = spans.get_finished_spans()
    names = [s.name for s in finished]
    for step in ("turn", "receive", "redact", "decide", "retrieve", "llm", "tool", "reply"):
        assert step in names
    assert names.count("llm") == 2
    assert len({s.context.trace_id for s in finished}) == 1
    root = next(s for s in finished if s.name == "turn")
    with box.database.transaction() as session:
        reference = session.scalars(select(Turn.reference).where(Turn.role == "assistant")).one()
    assert root.attributes is not None and root.attributes["opsbot.reference"] == reference
    assert root.attributes["opsbot.outcome"] == "answer"
    tool = next(s for s in finished if s.name == "tool")
    assert tool.attributes is not None and tool.attributes["tool.name"] == "search_knowledge"
    assert tool.attributes["tool.valid"] is True and tool.attributes["tool.ok"] is True
    llm = next(s for s in finished if s.name == "llm")
    assert llm.attributes is not None and llm.attributes["llm.model"] == "scripted"
    assert llm.attributes["llm.prompt_version"] == "v2"
    box.close()


async def test_no_personal_data_reaches_a_span(
    tmp_path: Path, shared_retriever: Any, spans: InMemorySpanExporter
) -> None:
    """A message full of a person's name and e-mail leaves no trace of either in any span."""
    box = build_box(tmp_path, shared_retriever, SCRIPT)
    _PROCESSOR.scrubber = box.redactor
    await box.pipeline.handle(message(PII_MESSAGE))
    dumped = "\n".join(s.to_json() for s in spans.get_finished_spans())
    assert '"turn"' in dumped
    for value in PII:
        assert value not in dumped
    box.close()


def test_the_safety_net_scrubs_a_careless_attribute_and_counts_it(
    tmp_path: Path, shared_retriever: Any, spans: InMemorySpanExporter
) -> None:
    """Should code ever put an e-mail address on a span, the exporter sees a placeholder and the catch is counted."""
    box = build_box(tmp_path, shared_retriever, SCRIPT)
    tally = SafetyNetTally()
    _PROCESSOR.scrubber = CountingScrubber(box.redactor, tally, "trace")
    with trace.get_tracer("test").start_as_current_span("careless") as span:
        span.set_attribute("note", "mail priya.natarajan@northwind.internal")
    (finished,) = spans.get_finished_spans()
    assert finished.attributes is not None
    assert finished.attributes["note"] == "mail <EMAIL_ADDRESS>"
    assert tally.take() == {"trace": 1}
    box.close()
