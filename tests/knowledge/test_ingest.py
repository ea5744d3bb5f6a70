"""Incremental, safe ingestion into the embedded store."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from knowledge.config import KnowledgeConfig
from knowledge.errors import StoreBusyError
from knowledge.ingest import ingest
from knowledge.store.edge import EdgeStore
from tests.knowledge.conftest import Index

CRASHLOOP_FILE = "runbooks/kubernetes/KubePodCrashLooping.md"


def _counts(summary: object) -> tuple[int, ...]:
    return tuple(getattr(summary, name) for name in ("added", "updated", "unchanged", "removed", "failed"))


def test_first_ingest_indexes_runbooks_and_tickets(index: Index, corpus: Path) -> None:
    """Ingesting a folder picks up the markdown runbooks and the JSONL tickets in it."""
    summary = index.ingest(corpus)
    assert _counts(summary) == (5, 0, 0, 0, 0)
    assert summary.chunks == index.store.count() > 5
    assert index.sources("pods keep restarting", top_k=1) == [CRASHLOOP_FILE]
    assert "OPS-1" in index.sources("VPN disconnects every few minutes")


def test_reingesting_unchanged_files_writes_nothing(index: Index, corpus: Path) -> None:
    """A second run over the same files skips every document and embeds no chunk."""
    index.ingest(corpus)
    points = index.store.count()
    summary = index.ingest(corpus)
    assert _counts(summary) == (0, 0, 5, 0, 0)
    assert (summary.chunks, index.store.count()) == (0, points)


def test_touching_a_file_without_changing_it_is_not_a_change(index: Index, corpus: Path) -> None:
    """A new modification time alone does not make a document updated."""
    index.ingest(corpus)
    path = corpus / "runbooks" / "node" / "NodeFilesystemAlmostOutOfSpace.md"
    path.write_text(path.read_text())
    assert _counts(index.ingest(corpus)) == (0, 0, 5, 0, 0)


def test_changed_file_replaces_its_old_chunks(index: Index, corpus: Path) -> None:
    """An edited runbook is updated: its new text is searchable and its old chunks are gone."""
    index.ingest(corpus)
    before = index.store.count()
    path = corpus / "runbooks" / "node" / "NodeFilesystemAlmostOutOfSpace.md"
    path.write_text(path.read_text().replace("old container images and logs", "the zebra quarantine folder"))
    summary = index.ingest(corpus)
    assert _counts(summary) == (0, 1, 4, 0, 0)
    assert index.store.count() == before
    result = index.retriever.search("zebra quarantine folder", groups=[], top_k=1)
    assert "zebra quarantine" in result.hits[0].text
    assert not any(
        "old container images" in hit.text for hit in index.retriever.search("old container images", groups=[]).hits
    )


def test_vanished_files_are_removed_only_with_prune(index: Index, corpus: Path) -> None:
    """A deleted file stays indexed on a plain run and is removed by a run with prune."""
    index.ingest(corpus)
    (corpus / CRASHLOOP_FILE).unlink()
    assert _counts(index.ingest(corpus)) == (0, 0, 4, 0, 0)
    assert CRASHLOOP_FILE in index.sources("pods keep restarting")
    assert _counts(index.ingest(corpus, prune=True)) == (0, 0, 4, 1, 0)
    assert CRASHLOOP_FILE not in index.sources("pods keep restarting")


def test_broken_file_is_reported_and_leaves_the_index_alone(index: Index, corpus: Path) -> None:
    """A file that breaks is reported and skipped; its last good version stays searchable, even with prune."""
    index.ingest(corpus)
    (corpus / CRASHLOOP_FILE).write_text('---\ntitle: "unclosed\nacl: [sre\n---\n# Broken\n')
    (corpus / "runbooks" / "binary.md").write_bytes(b"\x00\x01\x02")
    summary = index.ingest(corpus, prune=True)
    assert _counts(summary) == (0, 0, 4, 0, 2)
    assert {where for where, _ in summary.failures} == {CRASHLOOP_FILE, "runbooks/binary.md"}
    assert index.sources("pods keep restarting", top_k=1) == [CRASHLOOP_FILE]


def test_bad_ticket_line_skips_only_that_ticket(index: Index, corpus: Path) -> None:
    """A broken line in an export is reported; the export's other tickets are indexed and none is pruned."""
    export = corpus / "tickets" / "tickets.jsonl"
    index.ingest(corpus)
    export.write_text(export.read_text().splitlines()[0] + "\n{broken\n")
    summary = index.ingest(corpus, prune=True)
    assert _counts(summary) == (0, 0, 4, 0, 1)
    assert summary.failures[0][0] == "tickets/tickets.jsonl:2"
    assert "OPS-2" in index.sources("printer jams", top_k=3)


def test_text_filter_redacts_tickets_before_they_are_stored(index: Index, corpus: Path) -> None:
    """The text filter runs on ticket text before indexing, so the stored chunks never hold the original."""
    index.ingest(corpus, text_filter=lambda text: text.replace("Jane Roe", "<PERSON_1>"))
    texts = [hit.text for hit in index.retriever.search("VPN drops Jane Roe", groups=[], top_k=10).hits]
    assert any("<PERSON_1>" in text for text in texts)
    assert not any("Jane Roe" in text for text in texts)


def test_missing_path_is_a_failure_not_a_crash(index: Index, corpus: Path) -> None:
    """A path that does not exist is listed among the failures and the other paths are still ingested."""
    summary = index.ingest(corpus / "nope", corpus)
    assert summary.failures == [(str(corpus / "nope"), "no such file or directory")]
    assert summary.added == 5


def test_summary_renders_one_line(index: Index, corpus: Path) -> None:
    """The summary is one human line with every count, the chunks and the seconds."""
    line = index.ingest(corpus).render()
    assert "\n" not in line
    assert line.startswith("5 added, 0 updated, 0 unchanged, 0 removed, 0 failed documents;")


def test_a_second_process_cannot_open_the_embedded_store(config: KnowledgeConfig, embedder: object) -> None:
    """While one store holds the folder, opening it again fails with StoreBusyError."""
    first = EdgeStore(config.qdrant_path / config.collection, 384)
    try:
        with pytest.raises(StoreBusyError, match="in use"):
            EdgeStore(config.qdrant_path / config.collection, 384)
    finally:
        first.close()


def test_ingest_opens_and_closes_the_store_itself(config: KnowledgeConfig, embedder: object, corpus: Path) -> None:
    """Without an injected store, ingest opens the configured one and releases it for the next run."""
    assert ingest(config, [corpus], embedder=embedder).added == 5  # type: ignore[arg-type]
    assert ingest(config, [corpus], embedder=embedder).unchanged == 5  # type: ignore[arg-type]


def test_duplicate_ticket_id_is_reported_once_indexed_once(index: Index, corpus: Path) -> None:
    """A ticket id seen twice in one run is indexed from its first export and reported for the second."""
    (corpus / "tickets" / "more.jsonl").write_text('{"id": "OPS-2", "title": "Printer again"}\n')
    summary = index.ingest(corpus)
    assert (summary.added, summary.failed) == (5, 1)
    assert summary.failures[0] == ("tickets/tickets.jsonl:OPS-2", "duplicate: OPS-2 also appears in tickets/more.jsonl")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_ends_at_the_chunk_count_the_summary_prints(
    index: Index, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal the bar's last redraw shows the same number of chunks as the summary line."""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    summary = index.ingest(corpus, progress=True)
    last = terminal.getvalue().rstrip("\n").split("\r")[-1]
    assert f" {summary.chunks} chunks" in last
    assert f"; {summary.chunks} chunks in" in summary.render()
