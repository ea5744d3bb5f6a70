"""From the LLM's text to an Answer: citations are exactly the passages it cited that a tool really returned."""

from __future__ import annotations

import re

from bot.agent.turn import Turn
from model.outcomes import Answer

_MARKS = re.compile(r"(\s*)\[(\d+(?:\s*,\s*\d+)*)\]")


def _numbers(group: str) -> list[int]:
    return [int(part) for part in group.split(",")]


def cited(text: str, turn: Turn) -> list[int]:
    """The passage numbers the text cites, in order of first use, ignoring numbers no tool handed out."""
    order: list[int] = []
    for match in _MARKS.finditer(text):
        order += [n for n in _numbers(match.group(2)) if n in turn.citations and n not in order]
    return order


def answer_from(text: str, turn: Turn) -> Answer:
    """Citations renumbered 1..n in order of use (so the text matches the list shown); invented numbers dropped.

    grounded: at least one real citation. relevant: False only when every search found nothing relevant.
    """
    order = cited(text, turn)
    new = {old: position for position, old in enumerate(order, start=1)}

    def renumber(match: re.Match[str]) -> str:
        kept = dict.fromkeys(new[n] for n in _numbers(match.group(2)) if n in new)
        return match.group(1) + "".join(f"[{n}]" for n in kept) if kept else ""

    citations = tuple(turn.citations[n] for n in order)
    relevant = turn.searches == 0 or turn.relevant_searches > 0
    text = _MARKS.sub(renumber, text).strip()
    return Answer(text=text, citations=citations, grounded=bool(citations), relevant=relevant)
