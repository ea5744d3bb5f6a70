"""Fixtures for the knowledge tests: one real embedding model per session, small corpora written per test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge.config import KnowledgeConfig
from knowledge.embedding.base import Embedder
from knowledge.embedding.onnx_minilm import MiniLMEmbedder
from knowledge.ingest import IngestSummary, ingest
from knowledge.retrieval import Retriever
from knowledge.store import Store

CRASHLOOP = """---
title: Kube Pod Crash Looping
owners: [team-platform]
tags: [kubernetes, pods]
url: https://runbooks.example/KubePodCrashLooping
---

# KubePodCrashLooping

## Meaning

Pod is in CrashLoop which means the app dies or is unresponsive and kubernetes tries to restart it automatically.

## Diagnosis

- Check pod events via `kubectl -n $NAMESPACE describe pod $POD`.
- Check pod logs via `kubectl -n $NAMESPACE logs $POD -c $CONTAINER --previous`.

## Mitigation

Fix the application configuration or give the container more memory if it is OOMKilled.
"""

DISK = """# NodeFilesystemAlmostOutOfSpace

## Meaning

A filesystem on a node has less than 5% space left.

## Mitigation

Find the largest directories with `du -sh /var/* | sort -h` and remove old container images and logs.
"""

SECRET = """---
title: Break-glass access
acl: [sre, security]
tags: [sso, emergency]
---

# Break-glass access

## Where the credentials are

The break-glass kubeconfig is encrypted with age and stored in the breakglass bucket; two SRE leads hold the keys.
"""

TICKETS = [
    {
        "id": "OPS-1",
        "title": "VPN drops every few minutes",
        "description": "My VPN disconnects every 5 minutes since Monday. Call Jane Roe on +351 912 555 014.",
        "comments": [{"author": "Tom", "body": "Path MTU looks too small on the home line.", "created": "2026-01-01"}],
        "resolution": "Pushed the low-MTU VPN profile; user confirmed a full day without drops.",
        "status": "resolved",
        "tags": ["vpn"],
        "created": "2026-01-01T08:00:00Z",
        "resolved": "2026-01-01T10:00:00Z",
    },
    {
        "id": "OPS-2",
        "title": "Printer on floor 3 jams",
        "description": "The printer jams on every second page.",
        "resolution": "Replaced the fuser unit.",
        "status": "closed",
        "tags": ["printer"],
    },
]


def write_corpus(root: Path) -> Path:
    """A small folder like examples/: three runbooks and a ticket export."""
    (root / "runbooks" / "kubernetes").mkdir(parents=True)
    (root / "runbooks" / "node").mkdir(parents=True)
    (root / "tickets").mkdir()
    (root / "runbooks" / "kubernetes" / "KubePodCrashLooping.md").write_text(CRASHLOOP)
    (root / "runbooks" / "node" / "NodeFilesystemAlmostOutOfSpace.md").write_text(DISK)
    (root / "runbooks" / "Break-Glass.md").write_text(SECRET)
    (root / "tickets" / "tickets.jsonl").write_text("".join(json.dumps(t) + "\n" for t in TICKETS))
    return root


@pytest.fixture(scope="session")
def embedder() -> MiniLMEmbedder:
    """The real local embedding model, loaded once for the whole session."""
    return MiniLMEmbedder()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A fresh small corpus folder."""
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def config(tmp_path: Path) -> KnowledgeConfig:
    """A configuration whose home (and embedded Qdrant) lives in the test's temporary folder."""
    return KnowledgeConfig(home=tmp_path / "home")


class Index:
    """Ingest and search against one store, closing it at the end of the test."""

    def __init__(self, config: KnowledgeConfig, embedder: Embedder, store: Store) -> None:
        self.config, self.embedder, self.store = config, embedder, store
        self.retriever = Retriever(config, embedder=embedder, store=store)

    def ingest(self, *paths: Path, **options: object) -> IngestSummary:
        return ingest(self.config, list(paths), embedder=self.embedder, store=self.store, **options)  # type: ignore[arg-type]

    def sources(self, query: str, *, groups: tuple[str, ...] = (), top_k: int = 10, **filters: object) -> list[str]:
        result = self.retriever.search(query, groups=groups, top_k=top_k, **filters)  # type: ignore[arg-type]
        return [hit.source for hit in result.hits]


@pytest.fixture
def index(config: KnowledgeConfig, embedder: MiniLMEmbedder) -> Iterator[Index]:
    """An embedded (qdrant-edge) index in the test's temporary folder."""
    from knowledge.store.edge import EdgeStore

    store = EdgeStore(config.qdrant_path / config.collection, embedder.dimension)
    yield Index(config, embedder, store)
    store.close()
