"""Passage ids that stay the same across a thread, and the citation marks that use them.

A passage's id is derived from what it is (source, section, text): the same passage found in turn 1 and turn 9 of
a thread has the same id, so "[r4kqm]" in an earlier answer still means what it meant, and a stored answer's
citations say which passage each mark was. An id is a letter for the kind (r runbook, t ticket, a action result,
p other), a digit, and three letters or digits: distinct from a plain number, from "[true]" and from "[1]".
The answer shown to people numbers its citations 1..n in order of use (the Sources list beside it); each
Citation carries its id in `ref`.
"""

from __future__ import annotations

import hashlib
import re

from model.replies import Citation

_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
_KIND = {"runbook": "r", "ticket": "t", "action": "a"}
ID = r"[a-z]\d[a-z0-9]{3,5}"
_ONE = rf"(?:{ID}|\d{{1,3}})"
MARKS = re.compile(rf"(\s*)\[({_ONE}(?:\s*,\s*{_ONE})*)\]")


def ref_for(citation: Citation, text: str, extra: int = 0) -> str:
    """The id of the passage `text` from `citation`; `extra` more characters when a shorter one is taken."""
    digest = hashlib.sha256(f"{citation.source}\0{citation.section}\0{text}".encode()).digest()
    letters = "".join(_ALPHABET[b % len(_ALPHABET)] for b in digest[1 : 4 + extra])
    return f"{_KIND.get(citation.kind, 'p')}{digest[0] % 10}{letters}"


def marks_in(group: str) -> list[str]:
    """The ids (or numbers) inside one `[...]` mark."""
    return [part.strip() for part in group.split(",")]


def cited(text: str) -> list[str]:
    """Every id or number the text cites, in order of first use."""
    order: list[str] = []
    for match in MARKS.finditer(text):
        order += [m for m in marks_in(match.group(2)) if m not in order]
    return order


def with_refs(text: str, citations: tuple[Citation, ...]) -> str:
    """An answer as stored (marks 1..n) with each mark turned back into its passage id, for the model to read.

    Marks without a known id are removed: a bare number from another turn would mean a different passage now.
    """

    def replace(match: re.Match[str]) -> str:
        refs = [_ref_at(mark, citations) for mark in marks_in(match.group(2))]
        known = [r for r in dict.fromkeys(refs) if r]
        return match.group(1) + "".join(f"[{r}]" for r in known) if known else ""

    return MARKS.sub(replace, text)


def _ref_at(mark: str, citations: tuple[Citation, ...]) -> str:
    if mark.isdigit():
        number = int(mark)
        return citations[number - 1].ref if 0 < number <= len(citations) else ""
    return mark if any(c.ref == mark for c in citations) else ""
