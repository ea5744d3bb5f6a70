"""Placeholders in an answer: the user's may be restored, a passage's never.

The user's messages carry restorable placeholders (`<PERSON_1>`: the vault of this thread knows who it is).
Ingested passages carry inert ones (`‹PERSON_1›`: some other person, nobody can restore them). A model that
writes a passage's `‹PERSON_1›` as `<PERSON_1>` would have the *user's* name restored into a sentence about
someone else. So a restorable placeholder survives in an answer only if the user's side of the thread (their
messages, recorded actions, this turn's tool results) contains it and no passage shown this turn has its
inert twin; anything else is made inert, and the reply shows it as the literal `<PERSON_1>`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

RESTORABLE = re.compile(r"<([A-Z][A-Z0-9_]*_\d+)>")
INERT = re.compile(r"‹([A-Z][A-Z0-9_]*)›")


def made_inert(text: str, *, ours: Iterable[str], theirs: Iterable[str]) -> str:
    """`text` with every placeholder that may not be restored turned inert.

    `ours`: texts whose restorable placeholders are the thread's own; `theirs`: texts shown to the model whose
    inert placeholders belong to other people (passages).
    """
    allowed = {m.group(1) for t in ours for m in RESTORABLE.finditer(t)}
    clashing = {m.group(1) for t in theirs for m in INERT.finditer(t)}

    def check(match: re.Match[str]) -> str:
        name = match.group(1)
        return match.group(0) if name in allowed and name not in clashing else f"‹{name}›"

    return RESTORABLE.sub(check, text)
