"""Text -> dense vectors, behind one small interface (`Embedder`)."""

from knowledge.embedding.base import Embedder
from knowledge.embedding.factory import embedding_dimension, load_embedder

__all__ = ["Embedder", "embedding_dimension", "load_embedder"]
