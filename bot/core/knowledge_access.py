"""Retrieval as the conversation sees it: a knowledge error becomes a reply the user can act on.

The embedded index is held by one process at a time, so a turn that arrives while `opsbot ingest` runs on the same
folder cannot search; the user is told so (and that a human is one click away) instead of "something went wrong".
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from knowledge.errors import KnowledgeError, StoreBusyError
from model.access import Readable, may_read
from model.errors import UserFacingError, new_reference
from model.messages import Person

if TYPE_CHECKING:
    from knowledge.retrieval import Retriever
    from knowledge.retrieval.hits import SearchResult

log = logging.getLogger(__name__)

BUSY = (
    "I can't search the knowledge base right now: it is being updated (an ingest is running). "
    "Please try again in a few minutes, or ask for a human."
)
EMPTY = 'Nothing is indexed yet, so every answer will be "I don\'t know": run `opsbot ingest PATH` first.'
UNAVAILABLE = "I can't search the knowledge base right now (ref {ref}). Please try again later, or ask for a human."


class KnowledgeAccess:
    """`Retriever.search` with its errors turned into `UserFacingError`s, and every hit passed through the read rule
    (model.access.may_read) as well as the store's ACL filter: a hit the groups may not read never leaves."""

    def __init__(self, retriever: Retriever) -> None:
        self._retriever = retriever

    def is_empty(self) -> bool:
        """True when nothing is indexed yet; False when the index has chunks or cannot be read right now."""
        try:
            return self._retriever.indexed_chunks() == 0
        except KnowledgeError as exc:
            log.warning("could not count the indexed chunks: %s", exc)
            return False

    def search(self, query: str, *, groups: Sequence[str], kind: str | None = None, top_k: int = 5) -> SearchResult:
        try:
            found = self._retriever.search(query, groups=groups, kind=kind, top_k=top_k)
        except StoreBusyError as exc:
            log.warning("knowledge search refused: %s", exc)
            raise UserFacingError(BUSY) from exc
        except KnowledgeError as exc:
            ref = new_reference()
            log.error("knowledge search failed: %s", exc, extra={"ref": ref})
            raise UserFacingError(UNAVAILABLE.format(ref=ref)) from exc
        reader = Person("", frozenset(groups))
        hits = [hit for hit in found.hits if may_read(reader, Readable.document(hit.source, hit.acl))]
        return found if len(hits) == len(found.hits) else replace(found, hits=hits)
