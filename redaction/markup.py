"""Slack markup to plain text before analysis, with a map back to offsets in the original message.

`<mailto:a@b.c|a@b.c>` hides the address from an e-mail pattern, `<tel:...>` a phone, a link label a name.
Each markup token becomes one *edit*: a finding that touches it is reported over the whole original token.
User mentions (`<@U123>`) stay mentions.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"<(?P<body>[@#!][^<>\s|]+(?:\|[^<>]*)?|(?:mailto|tel|https?|ftp):[^<>\s|]+(?:\|[^<>]*)?)>|&(?:amp|lt|gt);"
)
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}


@dataclass(frozen=True)
class Edit:
    """One markup token: where it sits in the original and what replaced it in the normalised text."""

    orig_start: int
    orig_end: int
    norm_start: int
    norm_end: int


@dataclass(frozen=True)
class Normalised:
    text: str
    edits: tuple[Edit, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original message for a span of the normalised text."""
        return self._start(start), self._end(end)

    def _start(self, pos: int) -> int:
        index = bisect.bisect_right([e.norm_start for e in self.edits], pos) - 1
        if index < 0:
            return pos
        edit = self.edits[index]
        return edit.orig_start if pos < edit.norm_end else pos + edit.orig_end - edit.norm_end

    def _end(self, pos: int) -> int:
        index = bisect.bisect_left([e.norm_start for e in self.edits], pos) - 1
        if index < 0:
            return pos
        edit = self.edits[index]
        return edit.orig_end if pos <= edit.norm_end else pos + edit.orig_end - edit.norm_end


def normalise(text: str) -> Normalised:
    """Replace Slack markup by what a reader sees; leave every other character where it was."""
    parts: list[str] = []
    edits: list[Edit] = []
    last = norm = 0
    for match in _TOKEN.finditer(text):
        plain = _render(match)
        if plain == match.group(0):
            continue
        parts.append(text[last : match.start()])
        norm += match.start() - last
        edits.append(Edit(match.start(), match.end(), norm, norm + len(plain)))
        parts.append(plain)
        norm += len(plain)
        last = match.end()
    parts.append(text[last:])
    return Normalised("".join(parts), tuple(edits))


def _render(match: re.Match[str]) -> str:
    body = match.group("body")
    if body is None:
        return _ENTITIES[match.group(0)]
    target, _, label = body.partition("|")
    if target.startswith("@"):
        return f"<{target}>"
    if target.startswith("#"):
        return f"#{label}" if label else match.group(0)
    if target.startswith("!"):
        return label or "@" + target[1:]
    if target.startswith(("mailto:", "tel:")):
        target = target.partition(":")[2]
    return _with_label(target, label)


def _with_label(target: str, label: str) -> str:
    """A link shows its label; keep the target too when it says something else (it may hold PII)."""
    if not label or _same(label, target):
        return target
    return f"{label} ({target})"


def _same(label: str, target: str) -> bool:
    squeeze = re.compile(r"[\s()+.-]")
    return squeeze.sub("", label).casefold() == squeeze.sub("", target).casefold()
