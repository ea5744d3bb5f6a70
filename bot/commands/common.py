"""Shared helpers for commands: settings, the container, logging."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.wiring import Container


@contextmanager
def container() -> Iterator[Container]:
    """Settings loaded (ConfigError on a bad one), logging configured, adapters closed at the end."""
    from bot.logs import configure_logging
    from bot.settings import load_settings
    from bot.wiring import Container

    settings = load_settings()
    configure_logging(settings)
    box = Container(settings)
    try:
        yield box
    finally:
        box.close()
