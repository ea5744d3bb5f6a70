"""The store port and the neutral values that cross it; the adapters translate them to their Qdrant API."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

DENSE = "dense"
SPARSE = "bm25"
# Keyword payload fields that filters use; both adapters index them.
KEYWORD_FIELDS = ("acl", "kind", "tags", "doc_id", "doc_hash", "root", "file")
INTEGER_FIELDS = ("chunk_index",)  # chunk_index == 0 marks one point per document, for manifest scans
STATE_FIELDS = ["doc_id", "doc_hash", "kind", "root", "file"]


@dataclass(frozen=True)
class SparseVec:
    """A sparse vector: token ids and weights."""

    indices: list[int]
    values: list[float]


@dataclass(frozen=True)
class IndexedPoint:
    """A chunk ready to store: id, both vectors, payload."""

    id: str
    dense: list[float]
    sparse: SparseVec
    payload: dict[str, Any]


@dataclass(frozen=True)
class Condition:
    """`key` must hold one of `values` (for list fields: any element does); `negate` inverts it."""

    key: str
    values: tuple[str | int, ...]
    negate: bool = False


@dataclass(frozen=True)
class StoredHit:
    """One point returned by a search."""

    id: str
    score: float
    payload: dict[str, Any]


@dataclass(frozen=True)
class DocumentState:
    """What the store knows about an indexed document, for incremental ingestion."""

    doc_id: str
    content_hash: str
    kind: str
    root: str
    file: str


class Store(Protocol):
    """A Qdrant collection with a named dense vector and a named IDF sparse vector."""

    def upsert(self, points: Sequence[IndexedPoint]) -> None:
        """Insert or replace points."""
        ...

    def delete(self, conditions: Sequence[Condition]) -> None:
        """Delete every point matching all conditions."""
        ...

    def documents(self, conditions: Sequence[Condition]) -> list[DocumentState]:
        """The state of every document whose head chunk matches the conditions."""
        ...

    def search(
        self, dense: list[float], sparse: SparseVec, conditions: Sequence[Condition], limit: int
    ) -> tuple[list[StoredHit], list[StoredHit]]:
        """(dense hits, sparse hits), each best first, both restricted by the conditions."""
        ...

    def count(self) -> int:
        """The number of points."""
        ...

    def points(self, offset: Any = None) -> tuple[list[IndexedPoint], Any]:
        """One page of points with their vectors and the offset of the next page (None after the last)."""
        ...

    def commit(self) -> None:
        """Make the writes so far durable (and, where it applies, build indexes)."""
        ...

    def close(self) -> None:
        """Release files and connections; the store is unusable afterwards."""
        ...


def sparse_of(vector: Any) -> SparseVec:
    """An adapter's sparse vector (anything with `indices` and `values`) as a SparseVec."""
    return SparseVec(list(vector.indices), list(vector.values))


def document_state(payload: dict[str, Any]) -> DocumentState:
    """Read a head chunk's payload back into a DocumentState."""
    return DocumentState(
        doc_id=str(payload["doc_id"]),
        content_hash=str(payload["doc_hash"]),
        kind=str(payload["kind"]),
        root=str(payload["root"]),
        file=str(payload["file"]),
    )
