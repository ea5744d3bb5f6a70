"""A runbook's summary, repeated in each of its chunks' indexed text so every chunk carries what the document is
about (contextual chunk embeddings): a Diagnosis or Mitigation chunk rarely says which symptom it belongs to, while
people ask by symptom.

The summary is the document's first "meaning"-like section (Meaning, Symptoms, Overview, ...) and the text under its
first heading (its introduction), each flattened and cut to PART_CHARS at a word boundary. It follows the chunk's
own text, so a long chunk loses (part of) the summary to the embedding model's 256-token window, never its own text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.chunking.sections import Section

PART_CHARS = 250
_SUMMARY_HEADINGS = ("meaning", "symptom", "summary", "overview", "description", "problem", "what it means")
_MARKUP = re.compile(r"`{1,3}|\*\*|__|<[^>]+>|\[([^\]]*)\]\([^)]*\)")


def summary(sections: Sequence[Section]) -> str:
    """The introduction and the first meaning-like section, or "" when the document has neither."""
    if not sections:
        return ""
    meaning = next((s for s in sections if s.path[-1].lower().startswith(_SUMMARY_HEADINGS)), None)
    parts = [meaning] if meaning is not None else []
    if len(sections[0].path) <= 1 and sections[0] is not meaning:
        parts.append(sections[0])
    return " ".join(_cut(flatten(part.text)) for part in parts)


def flatten(text: str) -> str:
    """Text without markdown emphasis, code ticks, tags and link targets, on one line."""
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or " ", text).split())


def _cut(text: str) -> str:
    if len(text) <= PART_CHARS:
        return text
    return text[:PART_CHARS].rsplit(" ", 1)[0] + " …"
