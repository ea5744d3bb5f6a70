"""Placeholder syntax: `<PERSON_1>` is restorable within its thread, `<SECRET>` never is.

A placeholder the *user* typed must never be resolved into a stored value, so typed ones are neutralised before
analysis: `<PERSON_1>` becomes `‹PERSON_1›` (one code point each way, so offsets do not move). `restore` turns
them back into the literal text the user wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_TYPED = re.compile(r"<([A-Z][A-Z0-9_]*)>")
_RESTORABLE = re.compile(r"<(?P<real>[A-Z][A-Z0-9_]*_\d+)>|‹(?P<typed>[A-Z][A-Z0-9_]*)›")


def placeholder(entity: str, number: int) -> str:
    return f"<{entity}_{number}>"


def neutralise(text: str) -> str:
    """Make every placeholder-shaped token in incoming text inert, keeping its length."""
    return _TYPED.sub(lambda m: f"‹{m.group(1)}›", text)


def substitute(text: str, lookup: Callable[[str], str | None]) -> str:
    """Replace known placeholders by `lookup(placeholder)`; unknown ones stay; typed ones read as typed."""

    def replace(match: re.Match[str]) -> str:
        if match.group("typed") is not None:
            return f"<{match.group('typed')}>"
        value = lookup(match.group(0))
        return match.group(0) if value is None else value

    return _RESTORABLE.sub(replace, text)
