"""YAML front matter between `---` lines at the top of a text file."""

from __future__ import annotations

import re
from typing import Any

import yaml

from knowledge.errors import SourceError

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return (front matter, body); a file without front matter has an empty mapping.

    Broken front matter is an error, not an empty mapping: it may carry the ACL, and guessing would leak.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid YAML front matter ({_first_line(exc)})") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError("front matter is not a mapping")
    return data, text[match.end() :]


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
