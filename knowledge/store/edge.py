"""The embedded store: Qdrant's engine in-process (qdrant-edge), one shard folder per collection."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import qdrant_edge as qe

from knowledge.errors import IncompatibleStoreError, StoreBusyError, StoreError
from knowledge.store.base import (
    DENSE,
    INTEGER_FIELDS,
    KEYWORD_FIELDS,
    SPARSE,
    STATE_FIELDS,
    Condition,
    DocumentState,
    IndexedPoint,
    SparseVec,
    StoredHit,
    document_state,
    sparse_of,
)

PAGE = 1000


class EdgeStore:
    """A qdrant-edge shard; only one process may hold a folder, a second one gets StoreBusyError."""

    def __init__(self, path: Path, dimension: int) -> None:
        self._path = path
        self._shard = _open(path, dimension)

    def upsert(self, points: Sequence[IndexedPoint]) -> None:
        """Insert or replace points."""
        if points:
            self._shard.update(qe.UpdateOperation.upsert_points([_point(point) for point in points]))

    def delete(self, conditions: Sequence[Condition]) -> None:
        """Delete every point matching all conditions."""
        self._shard.update(qe.UpdateOperation.delete_points_by_filter(_filter(conditions)))

    def documents(self, conditions: Sequence[Condition]) -> list[DocumentState]:
        """Scroll the head chunks (chunk_index 0) that match."""
        head = _filter([*conditions, Condition("chunk_index", (0,))])
        states: list[DocumentState] = []
        offset: Any = None
        while True:
            request = qe.ScrollRequest(offset=offset, limit=PAGE, filter=head, with_payload=_include(STATE_FIELDS))
            records, offset = self._shard.scroll(request)
            states.extend(document_state(dict(record.payload or {})) for record in records)
            if offset is None:
                return states

    def search(
        self, dense: list[float], sparse: SparseVec, conditions: Sequence[Condition], limit: int
    ) -> tuple[list[StoredHit], list[StoredHit]]:
        """Run the dense and the sparse query as one batch."""
        where = _filter(conditions)
        queries = [qe.Query.Nearest(dense, using=DENSE)]
        if sparse.indices:
            queries.append(qe.Query.Nearest(qe.SparseVector(sparse.indices, sparse.values), using=SPARSE))
        requests = [qe.QueryRequest(limit=limit, query=q, filter=where, with_payload=True) for q in queries]
        results = self._shard.query_batch(qe.QueryBatchRequest(requests))
        hits = [[StoredHit(str(p.id), float(p.score), dict(p.payload or {})) for p in points] for points in results]
        return hits[0], hits[1] if len(hits) > 1 else []

    def points(self, offset: Any = None) -> tuple[list[IndexedPoint], Any]:
        """One page of points with their vectors, for copying the index into a new folder."""
        request = qe.ScrollRequest(offset=offset, limit=PAGE, with_payload=True, with_vector=True)
        records, following = self._shard.scroll(request)
        return [_indexed(record) for record in records], following

    def count(self) -> int:
        """The number of points."""
        return int(self._shard.count(qe.CountRequest(exact=True)))

    def commit(self) -> None:
        """Flush to disk and let the engine build its indexes and merge segments."""
        self._shard.flush()
        self._shard.optimize()

    def close(self) -> None:
        """Flush and release the folder."""
        self._shard.flush()
        self._shard.close()


def _config(dimension: int) -> qe.EdgeConfig:
    return qe.EdgeConfig(
        vectors={DENSE: qe.EdgeVectorParams(size=dimension, distance=qe.Distance.Cosine)},
        sparse_vectors={SPARSE: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
    )


def _open(path: Path, dimension: int) -> qe.EdgeShard:
    exists = (path / "edge_config.json").exists()
    try:
        shard = qe.EdgeShard.load(str(path), _config(dimension)) if exists else _create(path, dimension)
    except Exception as exc:  # qdrant-edge raises bare Exception with a message
        raise _store_error(path, exc) from exc
    return shard


def _create(path: Path, dimension: int) -> qe.EdgeShard:
    path.mkdir(parents=True, exist_ok=True)
    shard = qe.EdgeShard.create(str(path), _config(dimension))
    for field in KEYWORD_FIELDS:
        shard.update(qe.UpdateOperation.create_field_index(field, qe.PayloadSchemaType.Keyword))
    for field in INTEGER_FIELDS:
        shard.update(qe.UpdateOperation.create_field_index(field, qe.PayloadSchemaType.Integer))
    return shard


def _store_error(path: Path, exc: Exception) -> StoreError:
    message = str(exc)
    if "WouldBlock" in message:
        return StoreBusyError(f"the knowledge index at {path} is in use by another process")
    if "ncompatible" in message:
        return IncompatibleStoreError(f"the knowledge index at {path} was built with another embedding model")
    return StoreError(f"cannot open the knowledge index at {path}: {message}")


def _point(point: IndexedPoint) -> qe.Point:
    vectors: dict[str, Any] = {DENSE: point.dense, SPARSE: qe.SparseVector(point.sparse.indices, point.sparse.values)}
    return qe.Point(point.id, vectors, point.payload)


def _indexed(record: Any) -> IndexedPoint:
    vectors = record.vector
    return IndexedPoint(str(record.id), list(vectors[DENSE]), sparse_of(vectors[SPARSE]), dict(record.payload or {}))


def _include(fields: list[str]) -> qe.PayloadSelector:
    return qe.PayloadSelector.Include(fields)


def _filter(conditions: Sequence[Condition]) -> qe.Filter:
    must: list[qe.ConditionType] = [_condition(c) for c in conditions if not c.negate]
    must_not: list[qe.ConditionType] = [_condition(c) for c in conditions if c.negate]
    return qe.Filter(must=must or None, must_not=must_not or None)


def _condition(condition: Condition) -> qe.FieldCondition:
    values = condition.values
    match = qe.MatchValue(values[0]) if len(values) == 1 else qe.MatchAny([str(value) for value in values])
    return qe.FieldCondition(condition.key, match=match)
