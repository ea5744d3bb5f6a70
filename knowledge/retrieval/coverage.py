"""How much of the query the best documents actually mention, for the confidence model.

A question about something the corpus lacks ("memcached hit ratio dropped", "istio sidecar injection") still gets
a strong-looking BM25 match on its common words; what gives it away is that its rare words appear nowhere among the
best documents. Terms are the BM25 encoder's (stemmed, stop words dropped), so this agrees with the sparse search.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.retrieval.fusion import Candidate
from knowledge.sparse import SparseEncoder
from knowledge.store.base import SparseVec

LOOKED_AT = 10  # best fused documents whose text is checked


def term_signals(query: SparseVec, candidates: Sequence[Candidate], sparse: SparseEncoder) -> tuple[float, float]:
    """(share of the query's terms in the top document, share of them in none of the first LOOKED_AT documents)."""
    wanted = set(query.indices)
    if not wanted or not candidates:
        return 0.0, 1.0
    found = [wanted & set(sparse.encode_document(_text(c)).indices) for c in candidates[:LOOKED_AT]]
    seen = set().union(*found)
    return len(found[0]) / len(wanted), len(wanted - seen) / len(wanted)


def _text(candidate: Candidate) -> str:
    payload = candidate.payload
    return f"{payload.get('title', '')}\n{payload.get('section', '')}\n{payload.get('text', '')}"
