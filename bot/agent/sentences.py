"""An answer's text, sentence by sentence: sentences whose only citations were invented are dropped, the rest
keep their real citations, renumbered 1..n in order of use, and the whole is kept under a length cap.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.agent.citations import MARKS, marks_in

MAX_ANSWER_CHARS = 2400
_MARK_GROUP = rf"(?:{MARKS.pattern})+"
_MARK_AFTER_STOP = re.compile(rf"([.!?])({_MARK_GROUP})")
_SENTENCE_END = re.compile(r"(?<=[.!?])(\s+)")
_LIST_ITEM = re.compile(r"^(\s*(?:\d+[.)]|[-*•])\s+)")
_FENCE = re.compile(r"(```.*?```)", re.DOTALL)


def keep_supported(text: str, citable: Collection[str]) -> str:
    """Without the sentences (or list items) whose every citation is one no tool handed out."""
    text = _MARK_AFTER_STOP.sub(lambda m: f"{m.group(2)}{m.group(1)}", text)
    parts = _FENCE.split(text)
    kept = [p if p.startswith("```") else _lines(p, citable) for p in parts]
    return re.sub(r"\n{3,}", "\n\n", "".join(kept)).strip()


def _lines(text: str, citable: Collection[str]) -> str:
    lines = [_line(line, citable) for line in text.split("\n")]
    return "\n".join(line for line in lines if line is not None)


def _line(line: str, citable: Collection[str]) -> str | None:
    item = _LIST_ITEM.match(line)
    head, body = (item.group(1), line[item.end() :]) if item else ("", line)
    pieces = _SENTENCE_END.split(body)
    sentences, gaps = pieces[0::2], [*pieces[1::2], ""]
    kept = "".join(s + g for s, g in zip(sentences, gaps, strict=True) if not _invented_only(s, citable))
    if body.strip() and not kept.strip():
        return None
    return head + kept.rstrip()


def _invented_only(sentence: str, citable: Collection[str]) -> bool:
    marks = [m for match in MARKS.finditer(sentence) for m in marks_in(match.group(2))]
    return bool(marks) and not any(m in citable for m in marks)


def renumber(text: str, order: list[str]) -> str:
    """Each real citation becomes its position in `order` ([r4kqm] -> [1]); unknown marks are removed."""
    position = {ref: n for n, ref in enumerate(order, start=1)}

    def replace(match: re.Match[str]) -> str:
        kept = dict.fromkeys(position[m] for m in marks_in(match.group(2)) if m in position)
        return match.group(1) + "".join(f"[{n}]" for n in kept) if kept else ""

    return MARKS.sub(replace, text).strip()


def capped(text: str, limit: int = MAX_ANSWER_CHARS) -> str:
    """At most `limit` characters, ending at a line or sentence; an open code block is closed."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind("\n"), head.rfind(". ") + 1)
    short = (head[:end] if end > limit // 2 else head).rstrip() + " …"
    return short + "\n```" if short.count("```") % 2 else short
