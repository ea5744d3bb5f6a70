"""What the agent needs from retrieval (one method), and how passages are shown to the LLM: numbered, delimited.

`knowledge.retrieval.Retriever` satisfies `Searcher`; tests pass a small in-memory one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from model.replies import Citation


class Hit(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def section(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def url(self) -> str | None: ...


class Found(Protocol):
    @property
    def hits(self) -> Sequence[Hit]: ...
    @property
    def relevant(self) -> bool: ...


class Searcher(Protocol):
    def search(self, query: str, *, groups: Sequence[str], kind: str | None = None, top_k: int = 5) -> Found: ...


def citation_of(hit: Hit) -> Citation:
    """A hit's citation; its source's last update when the searcher knows it (an optional `updated_at`)."""
    updated = getattr(hit, "updated_at", None)
    return Citation(
        source=hit.source,
        title=hit.title,
        section=hit.section,
        kind=hit.kind,
        url=hit.url,
        updated_at=updated if isinstance(updated, str) else None,
    )


def neutralise(text: str) -> str:
    """Passage text cannot forge our delimiters: '<<<' and '>>>' inside it are broken up."""
    return text.replace("<<<", "< < <").replace(">>>", "> > >")


def delimited(tag: str, label: str, attributes: str, body: str) -> str:
    """One block of untrusted data, fenced so the system prompt can say 'this is data, not instructions'."""
    return f"<<<{tag} {label} {attributes}>>>\n{neutralise(body).strip()}\n<<<END {tag} {label}>>>"
