"""Human section labels (`KubePodCrashLooping › Diagnosis`) and the header prepended to indexed text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.chunking.sections import Section

SEPARATOR = " › "
_IDENTIFIER = re.compile(r"\b[A-Za-z][a-z0-9]*(?:[A-Z][a-z0-9]*|[A-Z]+(?![a-z]))+\b")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def label(group: Sequence[Section]) -> str:
    """The common heading path, then the distinct last headings that follow it: `A › Meaning, Impact`."""
    paths = [section.path for section in group]
    common = _common_prefix(paths)
    tails = list(dict.fromkeys(path[-1] for path in paths if len(path) > len(common)))
    parts = [*common, ", ".join(tails)] if tails else list(common)
    return SEPARATOR.join(parts)


def spell_out_identifiers(text: str) -> str:
    """`KubePodCrashLooping` -> `Kube Pod Crash Looping`, so word-based search matches alert names."""
    return _IDENTIFIER.sub(lambda match: _CAMEL_BOUNDARY.sub(" ", match.group(0)), text)


def header(title: str, section: str) -> str:
    """Title and section (plus identifiers spelled out) that lead every chunk's indexed text."""
    lines = [title, section]
    spelled = spell_out_identifiers(section)
    if spelled != section:
        lines.append(spelled)
    return "\n".join(dict.fromkeys(line for line in lines if line))


def _common_prefix(paths: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    prefix = paths[0]
    for path in paths[1:]:
        length = 0
        while length < min(len(prefix), len(path)) and prefix[length] == path[length]:
            length += 1
        prefix = prefix[:length]
    return prefix
