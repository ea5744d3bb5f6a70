"""Keep chunks between MIN_CHARS and MAX_CHARS: split long sections at paragraphs, merge tiny neighbours."""

from __future__ import annotations

from collections.abc import Iterator

from knowledge.chunking.sections import Section

# Measured on the shared corpora (evals/retrieval.py): no merging at all, or merging below 60 characters, retrieve
# best; merging up to 100-300 characters blurs the short "Meaning" sections that match symptom questions. Up to
# 1,200 characters (~300 MiniLM tokens, of which the model reads 256) keeps most sections whole.
MAX_CHARS = 1200
MIN_CHARS = 60


def split_long(section: Section, max_chars: int = MAX_CHARS) -> list[Section]:
    """Pieces of at most `max_chars`, cut at blank lines, then at line ends, then anywhere."""
    if len(section.text) <= max_chars:
        return [section]
    pieces = _pack(_units(section.text, max_chars), max_chars)
    return [Section(section.path, piece) for piece in pieces]


def merge_small(sections: list[Section], min_chars: int = MIN_CHARS, max_chars: int = MAX_CHARS) -> list[list[Section]]:
    """Group consecutive sections of the same document part while a group or the next section is tiny."""
    groups: list[list[Section]] = []
    size = 0
    for section in sections:
        fits = groups and size + len(section.text) <= max_chars and groups[-1][0].path[:1] == section.path[:1]
        if fits and (size < min_chars or len(section.text) < min_chars):
            groups[-1].append(section)
            size += len(section.text)
        else:
            groups.append([section])
            size = len(section.text)
    return groups


def _units(text: str, max_chars: int) -> Iterator[tuple[str, str]]:
    """(piece, separator before it): paragraphs join with a blank line, lines of a long paragraph with one newline."""
    for paragraph in _paragraphs(text):
        if len(paragraph) <= max_chars:
            yield paragraph, "\n\n"
            continue
        for line in paragraph.splitlines():
            yield from ((line[i : i + max_chars], "\n") for i in range(0, max(len(line), 1), max_chars))


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks; a fenced code block is never cut at its blank lines."""
    blocks: list[str] = []
    current: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not line.strip() and not fenced and current:
            blocks.append("\n".join(current))
            current = []
        elif line.strip() or current:
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def _pack(units: Iterator[tuple[str, str]], max_chars: int) -> list[str]:
    pieces: list[str] = []
    for unit, separator in units:
        if pieces and len(pieces[-1]) + len(separator) + len(unit) <= max_chars:
            pieces[-1] = f"{pieces[-1]}{separator}{unit}"
        else:
            pieces.append(unit)
    return pieces
