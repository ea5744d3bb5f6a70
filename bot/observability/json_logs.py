"""JSON log lines, one object per line, each with the turn's reference id (`ref`) while a turn runs.

`ref` is the id a user sees in "something went wrong (ref ab12cd)", so a support question leads straight to
the turn's log lines, its trace (attribute `opsbot.reference`) and its row in `turns`.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from bot.core.telemetry import current_reference
from redaction.logging import RedactingFilter, Scrubber

_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}


def extras(record: logging.LogRecord) -> dict[str, Any]:
    """The fields a caller passed with `extra=`."""
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD}


class ReferenceFilter(logging.Filter):
    """Stamps each record with the current turn's reference (unless the caller gave one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "ref", None) is None:
            record.ref = current_reference.get()
        return True


class SafetyNetFilter(RedactingFilter):
    """The redaction safety net for the message and the exception, and for every string `extra=` field too."""

    def __init__(self, redactor: Scrubber) -> None:
        super().__init__(redactor)
        self._scrubber = redactor

    def _scrub(self, record: logging.LogRecord) -> None:
        super()._scrub(record)
        for key, value in extras(record).items():
            if isinstance(value, str) and key != "ref":
                setattr(record, key, self._scrubber.scrub(value))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({k: _plain(v) for k, v in extras(record).items()})
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


def _plain(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool) or value is None else repr(value)
