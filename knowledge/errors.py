"""The knowledge package's errors, all under `KnowledgeError`.

- `KnowledgeError`: anything this package raises on purpose; its message is safe to show an operator.
  - `ConfigurationError`: the configuration cannot work (e.g. OpenAI embeddings without a key).
  - `EmbeddingError`: the embedding model is missing or its service failed.
  - `StoreError`: Qdrant could not be opened or used.
    - `StoreBusyError`: the embedded store is held by another process (one process per folder).
    - `IncompatibleStoreError`: the collection was built with vectors of another size.
  - `SourceError`: one file or record could not be read; ingestion reports it and carries on.
  - `IngestRunningError`: an ingest beside the served index is already running in this process.
"""

from __future__ import annotations


class KnowledgeError(Exception):
    """Base of every error raised on purpose by `knowledge`."""


class ConfigurationError(KnowledgeError):
    """The configuration cannot work as given."""


class EmbeddingError(KnowledgeError):
    """The embedding model is unavailable or failed."""


class StoreError(KnowledgeError):
    """Qdrant could not be opened or used."""


class StoreBusyError(StoreError):
    """Another process holds the embedded store."""


class IncompatibleStoreError(StoreError):
    """The collection exists with another vector size than the configured embedder produces."""


class SourceError(KnowledgeError):
    """A source file or record could not be read."""


class IngestRunningError(KnowledgeError):
    """Another ingest beside the served index is running; one at a time."""
