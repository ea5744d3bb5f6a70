"""Logs: JSON lines that carry the reference a user sees, and no personal data."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from llama_index.core.base.llms.types import ChatMessage

from bot.logs import configure_logging
from bot.testing.scripted_llm import Step
from model.replies import ReplyKind
from tests.observability.conftest import PII, build_box
from tests.observability.test_tracing import message


def failing(messages: Sequence[ChatMessage]) -> Step:
    raise RuntimeError("lookup failed for priya.natarajan@northwind.internal")


async def test_a_failed_turn_logs_the_reference_the_user_sees_without_pii(
    tmp_path: Path, shared_retriever: Any, restore_logging: None
) -> None:
    """The 'ref' in 'something went wrong (ref ...)' is on the turn's JSON log lines, and the e-mail is not."""
    box = build_box(tmp_path, shared_retriever, failing)
    configure_logging(box.settings)
    box.redactor  # noqa: B018 - building it installs the safety net on the handlers
    reply = await box.pipeline.handle(message("where is my laptop? I'm Priya Natarajan"))
    assert reply is not None and reply.kind is ReplyKind.ERROR and reply.reference
    logging.getLogger().handlers[0].flush()
    lines = [json.loads(line) for line in (tmp_path / "opsbot.log").read_text().splitlines()]
    failed = [line for line in lines if line["message"] == "turn failed"]
    assert failed and failed[0]["ref"] == reply.reference and failed[0]["level"] == "ERROR"
    text = (tmp_path / "opsbot.log").read_text()
    assert "RuntimeError" in text and "<EMAIL_ADDRESS>" in text
    for value in PII:
        assert value not in text
    box.close()


async def test_log_lines_outside_a_turn_have_no_reference(tmp_path: Path, restore_logging: None) -> None:
    """A line logged between turns says ref null instead of borrowing another turn's id."""
    from bot.settings import load_settings

    configure_logging(load_settings({"OPSBOT_HOME": str(tmp_path)}))
    logging.getLogger("bot.test").warning("idle", extra={"count": 3})
    logging.getLogger().handlers[0].flush()
    (line,) = [json.loads(x) for x in (tmp_path / "opsbot.log").read_text().splitlines()]
    assert line["ref"] is None and line["count"] == 3 and line["message"] == "idle"
