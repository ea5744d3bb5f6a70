"""Where an identifier in the LLM's arguments came from: it must be one the user wrote or a tool returned.

A model that "remembers" OPS-1 from a confirmation card, or makes one up, must not get a card (or another
person's ticket) for it. An id such as OPS-12 counts as sourced when the user's messages in this thread (or an
action recorded in it) contain it, or its bare number ("ticket 12"), or when a tool result of this turn
contains it. The model's own earlier replies do not count: they are where invented ids come from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from bot.agent.turn import Turn

IDENTIFIER = re.compile(r"[A-Z][A-Z0-9]*-(\d+)")
_SYSTEM_ROLES = ("user", "action")


def unsourced(params: Mapping[str, Any], turn: Turn) -> list[tuple[str, str]]:
    """(field, value) for each identifier-shaped value that neither the user nor a tool gave."""
    return [(name, value) for name, value in _identifiers(params) if not sourced(value, turn)]


def sourced(identifier: str, turn: Turn) -> bool:
    number = IDENTIFIER.fullmatch(identifier)
    assert number is not None
    whole = re.compile(rf"(?<![\w-]){re.escape(identifier)}(?!\w)", re.IGNORECASE)
    bare = re.compile(rf"(?<![\w.,-])#?{number.group(1)}(?![\w.,])|{whole.pattern}", re.IGNORECASE)
    return any(bare.search(text) for text in user_texts(turn)) or any(whole.search(t) for t in turn.tool_text)


def user_texts(turn: Turn) -> Iterable[str]:
    """The user's message, and the user's messages and recorded actions earlier in the thread."""
    yield turn.request.text
    yield from (h.text for h in turn.request.history if h.role in _SYSTEM_ROLES)


def refusal(problems: list[tuple[str, str]]) -> str:
    """The tool error that tells the model what to do instead."""
    lines = [
        f"- {name}: {value} is not in the user's messages or in a tool result of this turn" for name, value in problems
    ]
    advice = "Use an id the user gave or a tool returned (search, or list the user's tickets), or ask the user."
    return "\n".join([*lines, advice])


def _identifiers(params: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    for name, value in params.items():
        if isinstance(value, str) and IDENTIFIER.fullmatch(value):
            yield name, value
