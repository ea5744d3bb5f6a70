"""Intents the core recognises before any agent runs: a person asking for a human."""

from __future__ import annotations

import re

_HUMAN = re.compile(
    r"\b(i\s+(need|want)\s+(a|an|to\s+talk\s+to\s+a)\s+(human|person|engineer)|talk\s+to\s+(a\s+)?(human|person|someone)"
    r"|escalate|real\s+person|human\s+please|get\s+me\s+(a\s+)?human)\b",
    re.IGNORECASE,
)


def wants_human(text: str) -> bool:
    """True when the message asks for a person rather than an answer."""
    return bool(_HUMAN.search(text))
