"""Zero leaked values: PII and secrets pushed through ingestion and the console pipeline are found nowhere on disk."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.console.session import ConsoleSession
from bot.logs import configure_logging
from bot.settings import load_settings
from bot.wiring import Container
from knowledge.ingest import ingest
from model.messages import Person

ROOT = Path(__file__).resolve().parents[1]

# Values that appear in the example tickets (indexed) and in the messages below.
TICKET_VALUES = ["amara.nwosu@northwind.internal", "Amara Nwosu", "+44 7700 900 412", "jakub.nowak@northwind.internal"]
MESSAGE_VALUES = [
    "Priya Natarajan",
    "priya.natarajan@northwind.internal",
    "415 555 0134",
    "AKIAIOSFODNN7EXAMPLE",
    "Winter2026!",
    "xoxb-123456789012-123456789012-abcdefghijklmnopqrstuvwx",
]
MESSAGES = [
    "Priya Natarajan (priya.natarajan@northwind.internal, +1 415 555 0134) cannot reach the VPN",
    "her aws key is AKIAIOSFODNN7EXAMPLE and password: Winter2026!",
    "also our bot token xoxb-123456789012-123456789012-abcdefghijklmnopqrstuvwx leaked in #general",
    '/ops create_ticket title="VPN access for Priya Natarajan" priority=high',
    "1",
]


@pytest.mark.slow
async def test_nothing_sensitive_reaches_the_database_the_index_or_the_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """After ingesting tickets with PII and chatting with PII and secrets, no value is in any file or log line."""
    settings = load_settings(
        {
            "OPSBOT_HOME": str(tmp_path),
            "OPSBOT_LLM_PROVIDER": "offline",
            "OPSBOT_LOG_LEVEL": "DEBUG",
            "OPSBOT_REDACTION_NAMES_FILE": str(ROOT / "examples" / "names.txt"),
        }
    )
    configure_logging(settings)
    box = Container(settings)
    ingest(box.knowledge_config, [ROOT / "examples" / "tickets"], text_filter=box.redactor.redact_inert)
    caplog.set_level(logging.DEBUG)
    logging.getLogger().handlers[0].addFilter(lambda record: True)  # keep the file handler active alongside caplog
    out: list[str] = []
    session = ConsoleSession(box.pipeline, Person("U1", frozenset({"everyone"})), write=out.append)
    for message in MESSAGES:
        await session.send(message)
        logging.getLogger("opsbot.test").warning("user wrote %s", message)  # a careless log line
    assert "OPS-1" in out[-1]  # the ticket was created and the person sees their own words
    assert "Priya Natarajan" in "\n".join(out)
    box.close()

    haystacks = {p: p.read_bytes().lower() for p in tmp_path.rglob("*") if p.is_file()}
    assert any("qdrant" in str(p) for p in haystacks) and any(p.name.startswith("opsbot.db") for p in haystacks)
    for value in [*TICKET_VALUES, *MESSAGE_VALUES]:
        for path, content in haystacks.items():
            assert value.lower().encode() not in content, f"{value[:4]}… found in {path.relative_to(tmp_path)}"
        for record in caplog.records:
            assert value.lower() not in record.getMessage().lower(), f"{value[:4]}… logged"
