"""Scripted replies cite passages by position: `[1]` is the first passage shown this turn, whatever its id."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.testing.steps import Call

LABEL = re.compile(r"<<<(?:PASSAGE|RESULT) \[([a-z]\d[a-z0-9]{3,5})\]")
NUMBERS = re.compile(r"\[(\d{1,2}(?:\s*,\s*\d{1,2})*)\]")


def shown_ids(tool_texts: Sequence[str]) -> list[str]:
    """The passage and result ids in these tool outputs, in the order they were first shown."""
    return list(dict.fromkeys(ref for text in tool_texts for ref in LABEL.findall(text)))


def cite_shown(text: str, ids: Sequence[str]) -> str:
    """`[n]` -> the id of the n-th passage shown; numbers beyond them stay as written."""

    def replace(match: re.Match[str]) -> str:
        numbers = [int(n) for n in match.group(1).split(",")]
        if not all(0 < n <= len(ids) for n in numbers):
            return match.group(0)
        return "[" + ", ".join(ids[n - 1] for n in numbers) + "]"

    return NUMBERS.sub(replace, text)


def cite_in_call(step: Call, ids: Sequence[str]) -> Call:
    """A tool call whose text arguments cite `[n]`, with the ids filled in (final_answer's text, say)."""
    if isinstance(step.arguments, str):
        return step
    return Call(step.name, {k: cite_shown(v, ids) if isinstance(v, str) else v for k, v in step.arguments.items()})
