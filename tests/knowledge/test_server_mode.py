"""With QDRANT_URL the index lives in a Qdrant server that every replica shares. qdrant-client's in-process local
mode stands in for that server here (a Qdrant server binary cannot be installed on this machine): the same
ClientStore code, one index, several replicas."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from qdrant_client import QdrantClient

from knowledge.config import KnowledgeConfig
from knowledge.embedding.onnx_minilm import MiniLMEmbedder
from knowledge.store.client import ClientStore
from tests.knowledge.conftest import Index

CRASHLOOP = "runbooks/kubernetes/KubePodCrashLooping.md"


@pytest.fixture
def server() -> Iterator[QdrantClient]:
    client = QdrantClient(location=":memory:")
    yield client
    client.close()


def replica(config: KnowledgeConfig, embedder: MiniLMEmbedder, server: QdrantClient) -> Index:
    """One process's view of the shared index: its own retriever and store on the same Qdrant."""
    return Index(config, embedder, ClientStore(server, config.collection, embedder.dimension))


def test_replicas_share_one_index_and_see_an_ingest_without_a_restart(
    config: KnowledgeConfig, embedder: MiniLMEmbedder, server: QdrantClient, corpus: Path
) -> None:
    """Two serving replicas find nothing before an ingest, and the same runbook right after another process (the
    `opsbot ingest`) wrote it; neither is refused while the other holds the index."""
    first, second, ingest = (replica(config, embedder, server) for _ in range(3))
    assert first.sources("pods keep restarting") == second.sources("pods keep restarting") == []
    summary = ingest.ingest(corpus)
    assert summary.added > 0
    assert first.sources("pods keep restarting")[0] == second.sources("pods keep restarting")[0] == CRASHLOOP
    assert first.retriever.indexed_chunks() == second.retriever.indexed_chunks() == summary.chunks


def test_a_prune_by_one_process_is_seen_by_every_replica(
    config: KnowledgeConfig, embedder: MiniLMEmbedder, server: QdrantClient, corpus: Path
) -> None:
    """A runbook removed from the sources and pruned by an ingest disappears from every replica's answers."""
    serving, ingest = replica(config, embedder, server), replica(config, embedder, server)
    ingest.ingest(corpus)
    (corpus / "runbooks" / "kubernetes" / "KubePodCrashLooping.md").unlink()
    assert ingest.ingest(corpus, prune=True).removed == 1
    assert CRASHLOOP not in serving.sources("pods keep restarting")


def test_the_acl_holds_for_every_replica_of_the_shared_index(
    config: KnowledgeConfig, embedder: MiniLMEmbedder, server: QdrantClient, corpus: Path
) -> None:
    """A replica that did not ingest still filters by group: the restricted runbook only reaches the SRE group."""
    replica(config, embedder, server).ingest(corpus)
    serving = replica(config, embedder, server)
    assert "runbooks/Break-Glass.md" not in serving.sources("break-glass kubeconfig encrypted with age", top_k=20)
    assert serving.sources("break-glass kubeconfig", groups=("sre",), top_k=1) == ["runbooks/Break-Glass.md"]
