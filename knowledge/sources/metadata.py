"""Normalise loosely typed metadata values (front matter, export columns) into plain strings and tuples."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

_LIST_SEPARATORS = re.compile(r"[;,]")


def as_text(value: Any) -> str:
    """A value as stripped text; None becomes empty."""
    if value is None:
        return ""
    return str(value).strip()


def as_optional_text(value: Any) -> str | None:
    """A value as stripped text, or None when empty."""
    return as_text(value) or None


def as_list(value: Any) -> tuple[str, ...]:
    """A list, or a `;`/`,` separated string, as a tuple of non-empty strings."""
    if value is None:
        return ()
    items = _LIST_SEPARATORS.split(value) if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        items = [items]
    return tuple(dict.fromkeys(text for item in items if (text := as_text(item))))


def as_timestamp(value: Any) -> str | None:
    """Dates and datetimes as ISO 8601; strings kept as given."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return as_optional_text(value)


def pick(record: Mapping[str, Any], *names: str) -> Any:
    """The first of `names` present (and not None) in `record`."""
    for name in names:
        if record.get(name) is not None:
            return record[name]
    return None
