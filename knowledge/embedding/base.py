"""The port every embedding model implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into L2-normalised dense vectors of a fixed dimension."""

    @property
    def model_id(self) -> str:
        """A stable name for the model; a different id means vectors are not comparable."""
        ...

    @property
    def dimension(self) -> int:
        """The length of every vector this model returns."""
        ...

    def embed_documents(self, texts: Sequence[str]) -> Matrix:
        """Embed passages for indexing, one row per text."""
        ...

    def embed_query(self, text: str) -> Matrix:
        """Embed one search query as a 1-d vector."""
        ...
