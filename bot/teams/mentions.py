"""Mentions out of Teams' text and into structured parts: `<at>Name</at>` never reaches the core as markup."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class TextPart:
    text: str


@dataclass(frozen=True)
class MentionPart:
    user_id: str  # the mentioned account's Teams id (`29:...` for people, `28:...` for bots)
    name: str
    is_bot: bool  # this bot itself

    @property
    def text(self) -> str:
        return f"@{self.name}"


Part = TextPart | MentionPart


def split_mentions(text: str, mentions: Sequence[tuple[str, str, str]], *, bot_id: str) -> tuple[Part, ...]:
    """The text cut at each mention entity's own text (in order of appearance), each mention a MentionPart.
    Mention markup that no entity backs stays plain text: Teams always sends the entity with the mention."""
    spans: list[tuple[int, int, MentionPart]] = []
    for markup, user_id, name in mentions:
        start = _free(text, markup, spans)
        if start >= 0:
            spans.append((start, start + len(markup), MentionPart(user_id, name, user_id == bot_id)))
    parts: list[Part] = []
    at = 0
    for start, end, mention in sorted(spans, key=lambda span: span[0]):
        if start > at:
            parts.append(TextPart(text[at:start]))
        parts.append(mention)
        at = end
    if at < len(text):
        parts.append(TextPart(text[at:]))
    return tuple(parts)


def _free(text: str, markup: str, taken: Sequence[tuple[int, int, MentionPart]]) -> int:
    """The first occurrence of `markup` not already claimed by an earlier mention entity (same name twice)."""
    start = text.find(markup)
    while start >= 0 and any(s <= start < e for s, e, _ in taken):
        start = text.find(markup, start + 1)
    return start
