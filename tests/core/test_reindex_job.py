"""The scheduled re-index of the configured knowledge sources, while serving."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.core.jobs import reindex_job
from knowledge.config import KnowledgeConfig
from knowledge.embedding.onnx_minilm import MiniLMEmbedder
from knowledge.ingest import ingest
from knowledge.rebuild import Reindexer
from knowledge.retrieval import Retriever
from tests.knowledge.conftest import write_corpus
from tests.knowledge.test_rebuild import CERT_QUESTION, CERT_SOURCE, CERTS


async def test_the_job_serves_what_changed_in_the_sources_and_skips_while_an_ingest_runs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A runbook added to a configured folder is answered after the next run, a deleted one no longer is; a run
    that comes while another ingest is going is skipped with a log line."""
    config, embedder = KnowledgeConfig(home=tmp_path / "home"), MiniLMEmbedder()
    sources = write_corpus(tmp_path / "sources")
    ingest(config, [sources], embedder=embedder)
    retriever = Retriever(config, embedder=embedder)
    reindexer = Reindexer(config, retriever)
    job = reindex_job(reindexer, [sources], minutes=30)
    assert job.seconds == 30 * 60
    (sources / "runbooks" / "CertificateExpiringSoon.md").write_text(CERTS)
    (sources / "runbooks" / "node" / "NodeFilesystemAlmostOutOfSpace.md").unlink()

    await job.run()

    hits = [hit.source for hit in retriever.search(CERT_QUESTION, groups=(), top_k=10).hits]
    assert hits[0] == CERT_SOURCE
    assert "runbooks/node/NodeFilesystemAlmostOutOfSpace.md" not in hits
    with caplog.at_level(logging.INFO, logger="bot.core.jobs"), reindexer._lock:
        await job.run()
    assert "scheduled re-index skipped: an ingest is running" in caplog.text
    retriever.close()
