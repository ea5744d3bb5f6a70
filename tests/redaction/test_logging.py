"""The log and trace safety nets scrub PII and secrets irreversibly, without the model and without a vault."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
import structlog
from structlog.testing import LogCapture

from redaction import MemoryVaultStore, Redactor
from redaction.logging import RedactingFilter, redact_event_dict

LEAKY = "user priya@corp.internal (Tom Becker, +1 415 555 0132) sent password=Hunter2!x"


@pytest.fixture
def log_stream(redactor: Redactor) -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter(redactor))
    logger = logging.getLogger("tests.redaction.leaky")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield logger, stream
    logger.removeHandler(handler)


def test_scrub_removes_every_kind(redactor: Redactor) -> None:
    """Secrets, e-mail addresses, phones and directory names are all replaced."""
    assert redactor.scrub(LEAKY) == ("user <EMAIL_ADDRESS> (<PERSON>, <PHONE_NUMBER>) sent password=<SECRET>")


def test_scrub_writes_no_vault(vaulted: Redactor, store: MemoryVaultStore) -> None:
    """Scrubbing is irreversible: it keeps no mapping anywhere."""
    vaulted.scrub(LEAKY)
    assert store.load("") is None


def test_filter_scrubs_message_and_arguments(log_stream: tuple[logging.Logger, io.StringIO]) -> None:
    """A record's %-arguments are formatted and scrubbed before any handler writes them."""
    logger, stream = log_stream
    logger.info("login failed for %s", LEAKY)
    written = stream.getvalue()
    assert "priya@" not in written
    assert "Tom Becker" not in written
    assert "Hunter2" not in written
    assert "<EMAIL_ADDRESS>" in written


def test_filter_scrubs_exception_text(log_stream: tuple[logging.Logger, io.StringIO]) -> None:
    """An exception message carrying PII is scrubbed in the traceback too."""
    logger, stream = log_stream
    try:
        raise RuntimeError(f"cannot notify {LEAKY}")
    except RuntimeError:
        logger.exception("notification failed")
    written = stream.getvalue()
    assert "RuntimeError" in written
    assert "priya@corp.internal" not in written


def test_filter_drops_records_logged_while_scrubbing() -> None:
    """A scrubber that itself logs (Presidio at DEBUG) cannot send the filter into recursion."""
    logger = logging.getLogger("tests.redaction.reentrant")

    class Chatty:
        def scrub(self, text: str) -> str:
            logger.warning("scrubbing %s", text)
            return "clean"

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter(Chatty()))
    logger.addHandler(handler)
    try:
        logger.warning("dirty")
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue() == "clean\n"


def test_structlog_processor_scrubs_nested_values(redactor: Redactor) -> None:
    """Every string in a structlog event is scrubbed, nested ones included; bookkeeping keys are kept."""
    capture = LogCapture()
    previous = structlog.get_config()
    structlog.configure(processors=[redact_event_dict(redactor), capture])
    try:
        structlog.get_logger().info(LEAKY, extra={"to": ["priya@corp.internal"]}, timestamp="2024-11-05 10:12:13")
    finally:
        structlog.configure(**previous)
    [entry] = capture.entries
    assert "priya@" not in str(entry)
    assert entry["extra"] == {"to": ["<EMAIL_ADDRESS>"]}
    assert entry["timestamp"] == "2024-11-05 10:12:13"
