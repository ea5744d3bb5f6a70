"""BM25-style sparse vectors, computed in-process with no model download (qdrant-edge's `Bm25`).

Documents get BM25 term-frequency weights; queries get weight 1 per distinct term. The collection's sparse vector
uses Qdrant's IDF modifier, so the engine (embedded or server) supplies the IDF half of BM25 at query time.
"""

from __future__ import annotations

import qdrant_edge as qe

from knowledge.chunking.labels import spell_out_identifiers
from knowledge.store.base import SparseVec

# Average chunk length in BM25 tokens: our chunks average ~71 words on the shared corpora, about two thirds of
# them not stop words. (Measured: 50-60 retrieves better than the library's default of 256.)
AVERAGE_LENGTH = 50.0


class SparseEncoder:
    """English BM25 with stemming and stop words; CamelCase identifiers are also spelled out as words."""

    def __init__(self, *, average_length: float = AVERAGE_LENGTH) -> None:
        self._bm25 = qe.Bm25(qe.Bm25Config(language="english", avg_len=average_length))

    def encode_document(self, text: str) -> SparseVec:
        """Term-frequency weights of a chunk's indexed text."""
        return _convert(self._bm25.embed_document(text))

    def encode_query(self, text: str) -> SparseVec:
        """Distinct terms of a query, identifiers spelled out as well."""
        spelled = spell_out_identifiers(text)
        return _convert(self._bm25.embed_query(text if spelled == text else f"{text} {spelled}"))


def _convert(vector: qe.SparseVector) -> SparseVec:
    return SparseVec(indices=list(vector.indices), values=[float(v) for v in vector.values])
