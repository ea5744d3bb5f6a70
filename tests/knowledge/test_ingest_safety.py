"""Ingestion never reads outside the folder it was given (issue 19, finding 1): symlinks out, FIFOs, devices and
Opsbot's own home are skipped and reported, and the file type comes from the real file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knowledge.cli import add_ingest_arguments, run_ingest
from knowledge.config import KnowledgeConfig
from tests.knowledge.cli_args import parse
from tests.knowledge.conftest import Index

PRIVATE = "The payroll export password is hunter2-private-note"


def _runbooks(tmp_path: Path) -> Path:
    runbooks = tmp_path / "runbooks"
    runbooks.mkdir()
    (runbooks / "Disk.md").write_text("# Disk full\n\nRemove old images with `crictl rmi --prune`.\n")
    return runbooks


def test_symlink_to_a_private_file_outside_the_folder_is_skipped_and_reported(index: Index, tmp_path: Path) -> None:
    """`notes.md -> /elsewhere/private.txt` is not indexed, is named in the summary, and search cannot find it."""
    runbooks = _runbooks(tmp_path)
    private = tmp_path / "elsewhere" / "private.txt"
    private.parent.mkdir()
    private.write_text(PRIVATE)
    (runbooks / "notes.md").symlink_to(private)
    summary = index.ingest(runbooks)
    assert summary.added == 1
    assert [where for where, _ in summary.skipped] == ["notes.md"]
    assert "outside the ingested folder" in summary.skipped[0][1]
    assert all("hunter2" not in hit for hit in index.sources("payroll export password"))
    texts = [h.text for h in index.retriever.search("payroll export password", groups=[]).hits]
    assert not any("hunter2" in text for text in texts)


def test_symlink_to_the_vault_key_in_opsbot_home_is_never_read(index: Index, tmp_path: Path) -> None:
    """`key.md -> $OPSBOT_HOME/vault.key` is skipped even though its name says markdown."""
    runbooks = _runbooks(tmp_path)
    index.config.home.mkdir(parents=True, exist_ok=True)
    key = index.config.home / "vault.key"
    key.write_text("c2VjcmV0LXZhdWx0LWtleS1tYXRlcmlhbA==")
    (runbooks / "key.md").symlink_to(key)
    summary = index.ingest(runbooks)
    assert summary.added == 1
    assert dict(summary.skipped)["key.md"].startswith("inside Opsbot's home")


def test_opsbot_home_inside_the_ingested_folder_is_not_walked(tmp_path: Path, embedder: object) -> None:
    """Ingesting a folder that contains OPSBOT_HOME indexes the runbooks but nothing of the home."""
    from knowledge.ingest import ingest

    runbooks = _runbooks(tmp_path)
    config = KnowledgeConfig(home=runbooks / "state")
    config.home.mkdir()
    (config.home / "notes.md").write_text(PRIVATE)
    summary = ingest(config, [runbooks], embedder=embedder)  # type: ignore[arg-type]
    assert summary.added == 1
    assert ("state/", "inside Opsbot's home folder (OPSBOT_HOME): never ingested") in summary.skipped


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_like_a_runbook_is_skipped_without_blocking(index: Index, tmp_path: Path) -> None:
    """A FIFO called `pipe.md` is reported as not a regular file; the ingest does not wait for a writer."""
    runbooks = _runbooks(tmp_path)
    os.mkfifo(runbooks / "pipe.md")
    summary = index.ingest(runbooks)
    assert summary.added == 1
    assert dict(summary.skipped)["pipe.md"].startswith("not a regular file")


def test_the_type_comes_from_the_real_file_not_the_link_name(index: Index, tmp_path: Path) -> None:
    """A link `export.md` to a ticket export inside the folder is read as tickets, not as a runbook."""
    runbooks = _runbooks(tmp_path)
    (runbooks / "data").mkdir()
    (runbooks / "data" / "tickets.jsonl").write_text('{"id": "OPS-9", "title": "Printer jams", "resolution": "x"}\n')
    (runbooks / "export.md").symlink_to(runbooks / "data" / "tickets.jsonl")
    index.ingest(runbooks)
    kinds = {hit.source: hit.kind for hit in index.retriever.search("printer jams", groups=[], top_k=5).hits}
    assert kinds.get("OPS-9") == "ticket"
    assert "export.md" not in kinds


def test_a_symlink_given_directly_that_points_elsewhere_is_skipped(index: Index, tmp_path: Path) -> None:
    """`opsbot ingest runbooks/notes.md` where notes.md links out of runbooks/ reads nothing."""
    runbooks = _runbooks(tmp_path)
    private = tmp_path / "private.txt"
    private.write_text(PRIVATE)
    (runbooks / "notes.md").symlink_to(private)
    summary = index.ingest(runbooks / "notes.md")
    assert summary.added == 0
    assert summary.skipped and "outside the ingested folder" in summary.skipped[0][1]


def test_ingest_with_a_skipped_file_exits_3_and_lists_it(
    config: KnowledgeConfig, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command says which file was skipped and why, and exits 3 (indexed, with problems)."""
    runbooks = _runbooks(tmp_path)
    (tmp_path / "private.txt").write_text(PRIVATE)
    (runbooks / "notes.md").symlink_to(tmp_path / "private.txt")
    assert run_ingest(parse(add_ingest_arguments, str(runbooks)), config) == 3
    out, err = capsys.readouterr()
    assert "skipped: notes.md: symbolic link to a file outside the ingested folder: skipped" in err
    assert "1 files skipped" in out


def test_a_folder_kept_inside_opsbot_home_can_be_named_but_not_the_home_itself(index: Index) -> None:
    """`opsbot ingest $OPSBOT_HOME/kb` indexes kb; `opsbot ingest $OPSBOT_HOME` reads nothing of the home."""
    kb = index.config.home / "kb"
    kb.mkdir(parents=True)
    (kb / "Vpn.md").write_text("# VPN reset\n\nOpen the client and pick Reset profile.\n")
    (index.config.home / "notes.md").write_text(PRIVATE)
    assert index.ingest(kb).added == 1
    refused = index.ingest(index.config.home)
    assert refused.added == 0 and refused.skipped
