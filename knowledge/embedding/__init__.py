"""Text -> dense vectors, behind one small interface (`Embedder`)."""

from knowledge.embedding.base import Embedder
from knowledge.embedding.factory import load_embedder

__all__ = ["Embedder", "load_embedder"]
