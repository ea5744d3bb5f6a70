"""Logging set-up: JSON lines to a file under OPSBOT_HOME (the console stays readable), each with the turn's
reference id; message text never logged, and the redaction safety net on every handler."""

from __future__ import annotations

import io
import logging
import logging.handlers
from pathlib import Path
from typing import TYPE_CHECKING

from bot.observability.json_logs import JsonFormatter, ReferenceFilter, SafetyNetFilter
from bot.settings import Settings
from store.files import private_dir, private_file

if TYPE_CHECKING:
    from redaction.logging import Scrubber


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log and every file it rotates into are created owner-only (0600)."""

    def _open(self) -> io.TextIOWrapper:
        private_file(Path(self.baseFilename))
        return super()._open()


def configure_logging(settings: Settings) -> None:
    private_dir(settings.home)
    handler = PrivateRotatingFileHandler(
        settings.home / "opsbot.log", maxBytes=5_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ReferenceFilter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(settings.log_level)


def install_log_safety_net(redactor: Scrubber) -> None:
    """Scrub PII and secrets from every record on every handler: the last line of defence, not the first."""
    from redaction.logging import RedactingFilter

    safety_net = SafetyNetFilter(redactor)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(safety_net)
