"""Ingest beside a served index: questions asked meanwhile get the old content, then the new content is served."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.config import KnowledgeConfig
from knowledge.embedding.onnx_minilm import MiniLMEmbedder
from knowledge.ingest import ingest
from knowledge.rebuild import ingest_beside
from knowledge.retrieval import Retriever
from knowledge.store.generations import served_folder

CERTS = """# CertificateExpiringSoon

## Meaning

The TLS certificate of an ingress expires in less than 7 days.

## Mitigation

Renew it with `cert-manager renew` and check the new expiry date with `openssl s_client`.
"""
CERT_QUESTION = "tls certificate about to expire"
CERT_SOURCE = "runbooks/CertificateExpiringSoon.md"


def _new_content(root: Path) -> Path:
    (root / "runbooks").mkdir(parents=True)
    (root / "runbooks" / "CertificateExpiringSoon.md").write_text(CERTS)
    ticket = {"id": "OPS-9", "title": "Cert warning", "description": "Browser warns", "resolution": "Renewed"}
    (root / "tickets.jsonl").write_text(json.dumps(ticket) + "\n")
    return root


def _sources(retriever: Retriever, query: str) -> list[str]:
    return [hit.source for hit in retriever.search(query, groups=(), top_k=10).hits]


def test_questions_during_an_ingest_get_the_old_content_and_the_new_content_is_served_after(
    config: KnowledgeConfig, embedder: MiniLMEmbedder, corpus: Path, tmp_path: Path
) -> None:
    """While the serving process ingests new runbooks, searches still answer from what was indexed; then both are."""
    ingest(config, [corpus], embedder=embedder)
    retriever = Retriever(config, embedder=embedder)
    assert _sources(retriever, "pods keep restarting")[0] == "runbooks/kubernetes/KubePodCrashLooping.md"
    old_folder = served_folder(config)
    during: list[list[str]] = []

    def ask_meanwhile(text: str) -> str:  # runs inside the ingest, on each ticket text it reads
        during.append(_sources(retriever, CERT_QUESTION))
        return text

    summary = ingest_beside(config, retriever, [_new_content(tmp_path / "new")], text_filter=ask_meanwhile)

    assert summary.added == 2
    assert during and all(CERT_SOURCE not in sources for sources in during)
    assert all("runbooks/kubernetes/KubePodCrashLooping.md" in sources for sources in during)
    assert _sources(retriever, CERT_QUESTION)[0] == CERT_SOURCE
    assert _sources(retriever, "pods keep restarting")[0] == "runbooks/kubernetes/KubePodCrashLooping.md"
    retriever.close()
    assert not old_folder.exists()
    restarted = Retriever(config, embedder=embedder)
    assert _sources(restarted, CERT_QUESTION)[0] == CERT_SOURCE
    restarted.close()


def test_a_failed_ingest_beside_leaves_the_old_content_served(
    config: KnowledgeConfig, embedder: MiniLMEmbedder, corpus: Path, tmp_path: Path
) -> None:
    """An ingest that breaks off half-way changes nothing that is served and leaves no half-built folder behind."""
    ingest(config, [corpus], embedder=embedder)
    retriever = Retriever(config, embedder=embedder)
    served = served_folder(config)

    def break_off(text: str) -> str:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_beside(config, retriever, [_new_content(tmp_path / "new")], text_filter=break_off)
    assert served_folder(config) == served
    assert sorted(p.name for p in config.qdrant_path.iterdir() if p.is_dir()) == [served.name]
    assert _sources(retriever, "pods keep restarting")[0] == "runbooks/kubernetes/KubePodCrashLooping.md"
    assert CERT_SOURCE not in _sources(retriever, CERT_QUESTION)
    retriever.close()
