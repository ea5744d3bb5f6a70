"""A Qdrant server (QDRANT_URL) through qdrant-client; tests run the same adapter on its in-memory mode."""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import httpx
from qdrant_client import QdrantClient, models
from qdrant_client.http.exceptions import ApiException

from knowledge.errors import IncompatibleStoreError, StoreError
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


class ClientStore:
    """One collection on a Qdrant reached through `client` (a server, or local mode in tests)."""

    def __init__(self, client: QdrantClient, collection: str, dimension: int) -> None:
        self._client = client
        self._collection = collection
        with _translated_errors(collection):
            _ensure_collection(client, collection, dimension)

    def upsert(self, points: Sequence[IndexedPoint]) -> None:
        """Insert or replace points and wait until they are searchable."""
        if points:
            with _translated_errors(self._collection):
                self._client.upsert(self._collection, points=[_point(p) for p in points], wait=True)

    def delete(self, conditions: Sequence[Condition]) -> None:
        """Delete every point matching all conditions."""
        selector = models.FilterSelector(filter=_filter(conditions))
        self._client.delete(self._collection, points_selector=selector, wait=True)

    def documents(self, conditions: Sequence[Condition]) -> list[DocumentState]:
        """Scroll the head chunks (chunk_index 0) that match."""
        head = _filter([*conditions, Condition("chunk_index", (0,))])
        states: list[DocumentState] = []
        offset: Any = None
        while True:
            records, offset = self._client.scroll(
                self._collection, scroll_filter=head, limit=PAGE, offset=offset, with_payload=STATE_FIELDS
            )
            states.extend(document_state(dict(record.payload or {})) for record in records)
            if offset is None:
                return states

    def search(
        self, dense: list[float], sparse: SparseVec, conditions: Sequence[Condition], limit: int
    ) -> tuple[list[StoredHit], list[StoredHit]]:
        """Run the dense and the sparse query as one batch request."""
        where = _filter(conditions)
        queries: list[tuple[models.Query | list[float] | models.SparseVector, str]] = [(dense, DENSE)]
        if sparse.indices:
            queries.append((models.SparseVector(indices=sparse.indices, values=sparse.values), SPARSE))
        requests = [
            models.QueryRequest(query=query, using=using, filter=where, limit=limit, with_payload=True)
            for query, using in queries
        ]
        with _translated_errors(self._collection):
            responses = self._client.query_batch_points(self._collection, requests=requests)
        hits = [[StoredHit(str(p.id), float(p.score), dict(p.payload or {})) for p in r.points] for r in responses]
        return hits[0], hits[1] if len(hits) > 1 else []

    def points(self, offset: Any = None) -> tuple[list[IndexedPoint], Any]:
        """One page of points with their vectors."""
        records, following = self._client.scroll(
            self._collection, limit=PAGE, offset=offset, with_payload=True, with_vectors=True
        )
        return [_indexed(record) for record in records], following

    def count(self) -> int:
        """The number of points."""
        return int(self._client.count(self._collection, exact=True).count)

    def commit(self) -> None:
        """Nothing to do: writes wait for the server, which builds its indexes by itself."""

    def close(self) -> None:
        """Close the client."""
        self._client.close()


@contextmanager
def _translated_errors(collection: str) -> Iterator[None]:
    """Turn qdrant-client's transport and API errors into StoreError."""
    try:
        yield
    except (ApiException, httpx.HTTPError, OSError) as exc:
        raise StoreError(f"Qdrant failed on collection {collection!r}: {type(exc).__name__}: {exc}") from exc


def _ensure_collection(client: QdrantClient, collection: str, dimension: int) -> None:
    if client.collection_exists(collection):
        _check_dimension(client, collection, dimension)
        return
    client.create_collection(
        collection,
        vectors_config={DENSE: models.VectorParams(size=dimension, distance=models.Distance.COSINE)},
        sparse_vectors_config={SPARSE: models.SparseVectorParams(modifier=models.Modifier.IDF)},
    )
    with warnings.catch_warnings():  # local mode (tests) warns that payload indexes do nothing there
        warnings.simplefilter("ignore", UserWarning)
        for field in KEYWORD_FIELDS:
            client.create_payload_index(collection, field, models.PayloadSchemaType.KEYWORD)
        for field in INTEGER_FIELDS:
            client.create_payload_index(collection, field, models.PayloadSchemaType.INTEGER)


def _check_dimension(client: QdrantClient, collection: str, dimension: int) -> None:
    vectors = client.get_collection(collection).config.params.vectors
    size = vectors[DENSE].size if isinstance(vectors, dict) and DENSE in vectors else None
    if size != dimension:
        raise IncompatibleStoreError(f"the Qdrant collection {collection!r} holds other vectors than this model's")


def _point(point: IndexedPoint) -> models.PointStruct:
    sparse = models.SparseVector(indices=point.sparse.indices, values=point.sparse.values)
    return models.PointStruct(id=point.id, vector={DENSE: point.dense, SPARSE: sparse}, payload=point.payload)


def _indexed(record: models.Record) -> IndexedPoint:
    vectors: Any = record.vector
    return IndexedPoint(str(record.id), list(vectors[DENSE]), sparse_of(vectors[SPARSE]), dict(record.payload or {}))


def _filter(conditions: Sequence[Condition]) -> models.Filter:
    must: list[models.Condition] = [_condition(c) for c in conditions if not c.negate]
    must_not: list[models.Condition] = [_condition(c) for c in conditions if c.negate]
    return models.Filter(must=must or None, must_not=must_not or None)


def _condition(condition: Condition) -> models.FieldCondition:
    values = condition.values
    match: models.Match = (
        models.MatchValue(value=values[0]) if len(values) == 1 else models.MatchAny(any=[str(v) for v in values])
    )
    return models.FieldCondition(key=condition.key, match=match)
