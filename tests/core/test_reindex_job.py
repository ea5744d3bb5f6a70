"""The scheduled re-index of the configured knowledge sources, while serving."""

from __future__ import annotations

import asyncio
import logging
import threading
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


async def test_the_job_serves_what_changed_in_the_sources(tmp_path: Path) -> None:
    """A runbook added to a configured folder is answered after the next run, a deleted one no longer is."""
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
    retriever.close()


async def test_a_run_due_while_another_ingest_goes_on_is_skipped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """While a handed-over ingest runs, the scheduled run logs that it skipped and the ingest still completes."""
    config = KnowledgeConfig(home=tmp_path / "home")
    sources = write_corpus(tmp_path / "sources")
    retriever = Retriever(config, embedder=MiniLMEmbedder())
    reading, release = threading.Event(), threading.Event()

    def hold(text: str) -> str:  # the other ingest, paused on its first ticket text
        reading.set()
        release.wait(30)
        return text

    other = Reindexer(config, retriever, text_filter=hold)
    running = asyncio.ensure_future(asyncio.to_thread(other.run, [sources]))
    assert await asyncio.to_thread(reading.wait, 30)
    with caplog.at_level(logging.INFO, logger="bot.core.jobs"):
        await reindex_job(other, [sources], minutes=30).run()
    release.set()
    assert (await running).added == 5
    assert "scheduled re-index skipped: an ingest is running" in caplog.text
    retriever.close()
