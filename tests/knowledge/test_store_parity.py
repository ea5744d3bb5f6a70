"""The embedded engine (qdrant-edge) and the server path (qdrant-client) run the same code and agree."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from qdrant_client import QdrantClient

from knowledge.config import KnowledgeConfig
from knowledge.embedding.onnx_minilm import MiniLMEmbedder
from knowledge.errors import StoreError
from knowledge.store import open_store
from knowledge.store.client import ClientStore
from knowledge.store.edge import EdgeStore
from tests.knowledge.conftest import Index

QUERIES = ["pods keep restarting", "disk almost full", "VPN drops", "break-glass credentials", "printer"]


@pytest.fixture
def both(config: KnowledgeConfig, embedder: MiniLMEmbedder, corpus: Path) -> Iterator[tuple[Index, Index]]:
    """The same corpus ingested into an embedded store and into qdrant-client's in-memory mode."""
    edge = Index(config, embedder, EdgeStore(config.qdrant_path / config.collection, embedder.dimension))
    client = Index(
        config, embedder, ClientStore(QdrantClient(location=":memory:"), config.collection, embedder.dimension)
    )
    yield edge, client
    edge.store.close()
    client.store.close()


def test_same_ingest_outcome_on_both_stores(both: tuple[Index, Index], corpus: Path) -> None:
    """First run, re-run and prune give the same counts on both stores."""
    edge, client = both
    for options in ({}, {}, {"prune": True}):
        a, b = edge.ingest(corpus, **options), client.ingest(corpus, **options)
        assert (a.added, a.updated, a.unchanged, a.removed, a.chunks) == (
            b.added,
            b.updated,
            b.unchanged,
            b.removed,
            b.chunks,
        )
        (corpus / "runbooks" / "node" / "NodeFilesystemAlmostOutOfSpace.md").unlink(missing_ok=True)
    assert edge.store.count() == client.store.count()


@pytest.mark.parametrize("groups", [(), ("sre",)])
def test_same_hits_on_both_stores(both: tuple[Index, Index], corpus: Path, groups: tuple[str, ...]) -> None:
    """The same queries and groups return the same documents in the same order from both stores."""
    edge, client = both
    edge.ingest(corpus)
    client.ingest(corpus)
    for query in QUERIES:
        assert edge.sources(query, groups=groups) == client.sources(query, groups=groups)


def test_configured_url_goes_through_qdrant_client(tmp_path: Path) -> None:
    """With qdrant_url set, the store is reached through qdrant-client, and an unreachable server is a StoreError."""
    config = KnowledgeConfig(home=tmp_path, qdrant_url="http://127.0.0.1:9")
    with warnings.catch_warnings():  # qdrant-client's version check warns from a thread when the server is down
        warnings.simplefilter("ignore", UserWarning)
        with pytest.raises(StoreError, match="Qdrant failed"):
            open_store(config, 384)
        for thread in threading.enumerate():
            if "_check_compatibility" in thread.name:
                thread.join(timeout=10)
    assert not (tmp_path / "qdrant").exists()


def test_server_path_applies_the_acl_filter_too(both: tuple[Index, Index], corpus: Path) -> None:
    """Through qdrant-client, a user outside the ACL groups never receives the restricted runbook either."""
    _, client = both
    client.ingest(corpus)
    assert "runbooks/Break-Glass.md" not in client.sources("break-glass kubeconfig encrypted with age", top_k=20)
    assert client.sources("break-glass kubeconfig encrypted with age", groups=("sre",), top_k=1) == [
        "runbooks/Break-Glass.md"
    ]
