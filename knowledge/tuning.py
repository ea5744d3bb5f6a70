"""How chunks are indexed and results fused: the retrieval choices measured by `make eval-retrieval`.

The defaults are the steps that helped on the held-in questions and held up on the held-out ones (see
docs/retrieval.md for the table). Changing an index-side choice (`chunk_header`, `chunk_context`) changes what is
embedded, so its `index_profile` is part of every document's content hash: the next ingest re-indexes everything.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class RetrievalTuning(BaseModel):
    """Index-side and query-side retrieval choices."""

    model_config = ConfigDict(frozen=True)

    # Index side: what each chunk's embedded and BM25 text carries besides its own text.
    chunk_header: bool = True  # the document title and the section path
    chunk_context: bool = True  # the document's summary (what the alert means, its symptoms)
    # Query side: reciprocal rank fusion of the dense and BM25 document rankings.
    dense_weight: float = Field(default=1.0, gt=0)
    sparse_weight: float = Field(default=1.0, ge=0)
    rrf_k: int = Field(default=10, ge=1)
    # Query side: ops shorthand ("rx", "am", "pg") spelled out in the searched text (knowledge/shorthand.py).
    expand_shorthand: bool = False

    @property
    def index_profile(self) -> str:
        """Names what the index-side choices put into the indexed text."""
        return f"header={int(self.chunk_header)},context={int(self.chunk_context)}"

    @property
    def weights(self) -> tuple[float, float]:
        """(dense, sparse) fusion weights."""
        return self.dense_weight, self.sparse_weight
