"""Qdrant behind one port (`Store`): the embedded engine (qdrant-edge) by default, a server through qdrant-client."""

from knowledge.store.base import Condition, DocumentState, IndexedPoint, SparseVec, Store, StoredHit
from knowledge.store.factory import open_store

__all__ = ["Condition", "DocumentState", "IndexedPoint", "SparseVec", "Store", "StoredHit", "open_store"]
