"""Open the configured store: a Qdrant server when a URL is configured, the embedded engine otherwise."""

from __future__ import annotations

from knowledge.config import KnowledgeConfig
from knowledge.store.base import Store


def open_store(config: KnowledgeConfig, dimension: int) -> Store:
    """The store for `config`, with a collection for vectors of `dimension`."""
    if config.qdrant_url:
        from qdrant_client import QdrantClient

        from knowledge.store.client import ClientStore

        api_key = config.qdrant_api_key.get_secret_value() if config.qdrant_api_key else None
        return ClientStore(QdrantClient(url=config.qdrant_url, api_key=api_key), config.collection, dimension)
    from knowledge.store.edge import EdgeStore
    from knowledge.store.generations import served_folder

    return EdgeStore(served_folder(config), dimension)
