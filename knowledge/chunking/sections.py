"""Markdown -> sections, each with its heading path; `#` lines inside code fences are not headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Section:
    """The text under one heading, up to the next heading of any level."""

    path: tuple[str, ...]
    text: str


def parse_sections(markdown: str, title: str) -> list[Section]:
    """Split at headings; a document without a level-1 heading gets its title as the root of every path."""
    has_h1 = any((found := _heading(line)) is not None and found[0] == 1 for line in _outside_fences(markdown))
    stack: list[tuple[int, str]] = [] if has_h1 else [(0, title)]
    sections: list[Section] = []
    lines: list[str] = []
    for line, in_fence in _lines_with_fences(markdown):
        heading = None if in_fence else _heading(line)
        if heading is None:
            lines.append(line)
            continue
        sections.append(Section(_path(stack, title), "\n".join(lines).strip()))
        lines = []
        level, name = heading
        stack = [entry for entry in stack if entry[0] < level] + [(level, name)]
    sections.append(Section(_path(stack, title), "\n".join(lines).strip()))
    return [section for section in sections if section.text]


def _path(stack: list[tuple[int, str]], title: str) -> tuple[str, ...]:
    return tuple(name for _, name in stack) or (title,)


def _heading(line: str) -> tuple[int, str] | None:
    match = _HEADING.match(line)
    if match is None:
        return None
    name = _LINK.sub(r"\1", match.group(2)).strip().strip("*_`").strip()
    return (len(match.group(1)), name) if name else None


def _outside_fences(markdown: str) -> list[str]:
    return [line for line, in_fence in _lines_with_fences(markdown) if not in_fence]


def _lines_with_fences(markdown: str) -> list[tuple[str, bool]]:
    """Each line with whether it is inside (or delimits) a fenced code block."""
    result: list[tuple[str, bool]] = []
    fence: str | None = None
    for line in markdown.splitlines():
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * len(match.group(1))
            result.append((line, True))
        elif fence is not None:
            result.append((line, True))
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
        else:
            result.append((line, False))
    return result
