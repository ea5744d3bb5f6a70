"""The last safety net: scrub log records and structlog events with the fast, irreversible `Redactor.scrub`.

Attach `RedactingFilter` to *handlers* (a filter on a logger misses records propagated from child loggers) and put
`redact_event_dict` last before the renderer in structlog's processor chain.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, MutableMapping
from typing import Any, Protocol

# structlog's own bookkeeping: never PII, and a timestamp should not look like a phone number to the scrubber.
_state = threading.local()
_KEEP = frozenset({"timestamp", "level", "log_level", "logger", "logger_name", "lineno", "func_name", "pathname"})


class Scrubber(Protocol):
    def scrub(self, text: str) -> str: ...


class RedactingFilter(logging.Filter):
    """Formats the message, scrubs it, and stores the result so no handler sees the original arguments."""

    def __init__(self, redactor: Scrubber) -> None:
        super().__init__()
        self._redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(_state, "active", False):
            return False  # a record logged by the scrubber itself (Presidio at DEBUG): drop it, do not recurse
        _state.active = True
        try:
            self._scrub(record)
        finally:
            _state.active = False
        return True

    def _scrub(self, record: logging.LogRecord) -> None:
        record.msg = self._redactor.scrub(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redactor.scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = self._redactor.scrub(record.stack_info)


EventDict = MutableMapping[str, Any]


def redact_event_dict(redactor: Scrubber) -> Callable[[Any, str, EventDict], EventDict]:
    """A structlog processor that scrubs every string value (nested in dicts, lists and tuples too)."""

    def processor(_logger: Any, _method: str, event_dict: EventDict) -> EventDict:
        for key, value in event_dict.items():
            if key not in _KEEP:
                event_dict[key] = _scrub(redactor, value)
        return event_dict

    return processor


def _scrub(redactor: Scrubber, value: Any) -> Any:
    if isinstance(value, str):
        return redactor.scrub(value)
    if isinstance(value, dict):
        return {k: _scrub(redactor, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(redactor, v) for v in value]
    if isinstance(value, BaseException):
        return redactor.scrub(repr(value))
    return value
