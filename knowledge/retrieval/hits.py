"""What a search returns to the agent: ranked, cited hits and a calibrated confidence."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk with the fields needed to cite it."""

    text: str
    score: float
    source: str
    title: str
    section: str
    kind: str
    url: str | None
    doc_id: str
    chunk_id: str
    acl: tuple[str, ...] = ()  # the groups the document is shared with; () for a public one
    updated_at: str | None = None  # when the source last changed (ISO 8601)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict of every field."""
        return asdict(self)


@dataclass(frozen=True)
class SearchResult:
    """Hits best first; `confidence` is the estimated probability that the top hit answers the query."""

    hits: list[Hit]
    confidence: float
    relevant: bool
