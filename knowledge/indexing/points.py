"""A document's chunks and vectors -> the points stored in Qdrant, with the payload retrieval returns."""

from __future__ import annotations

from typing import Any

from knowledge.access import stored_groups
from knowledge.chunking import Chunk
from knowledge.documents import Document, chunk_id
from knowledge.embedding.base import Matrix
from knowledge.sparse import SparseEncoder
from knowledge.store.base import IndexedPoint


def build_points(
    document: Document, content_hash: str, chunks: list[Chunk], dense: Matrix, sparse: SparseEncoder
) -> list[IndexedPoint]:
    """One point per chunk; `dense` holds the chunks' vectors in order."""
    return [
        IndexedPoint(
            id=chunk_id(document.doc_id, content_hash, chunk.index),
            dense=vector.tolist(),
            sparse=sparse.encode_document(chunk.sparse_text),
            payload=payload(document, content_hash, chunk),
        )
        for chunk, vector in zip(chunks, dense, strict=True)
    ]


def payload(document: Document, content_hash: str, chunk: Chunk) -> dict[str, Any]:
    """What a hit carries: identity, citation fields, ACL groups and the chunk text."""
    return {
        "doc_id": document.doc_id,
        "doc_hash": content_hash,
        "chunk_index": chunk.index,
        "kind": document.kind,
        "root": document.origin.root,
        "file": document.origin.file,
        "source": document.source,
        "title": document.title,
        "section": chunk.section,
        "text": chunk.text,
        "url": document.url,
        "acl": stored_groups(document.acl),
        "tags": list(document.tags),
        "owners": list(document.owners),
        "updated_at": document.updated_at,
        "status": document.status,
    }
