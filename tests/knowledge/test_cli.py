"""The `ingest` and `search` command-line contract."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.cli import add_ingest_arguments, add_search_arguments, run_ingest, run_search
from knowledge.config import KnowledgeConfig
from knowledge.embedding.onnx_minilm import MiniLMEmbedder
from knowledge.ingest import ingest

REQUIRED = {"source", "title", "section", "kind", "score", "text"}


def _args(add: object, *argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add(parser)  # type: ignore[operator]
    return parser.parse_args(argv)


@pytest.fixture
def ingested(config: KnowledgeConfig, embedder: MiniLMEmbedder, corpus: Path) -> KnowledgeConfig:
    """The small corpus ingested into the config's embedded store (closed again)."""
    ingest(config, [corpus], embedder=embedder)
    return config


def test_search_json_prints_one_array_of_cited_hits(
    ingested: KnowledgeConfig, capsys: pytest.CaptureFixture[str]
) -> None:
    """`search QUERY --json` prints one JSON array whose hits carry the contract fields and relative sources."""
    assert run_search(_args(add_search_arguments, "pods keep restarting", "--json", "--top-k", "2"), ingested) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 2
    assert all(set(hit) >= REQUIRED for hit in hits)
    assert hits[0]["source"] == "runbooks/kubernetes/KubePodCrashLooping.md"


def test_search_batch_answers_each_stdin_line(
    ingested: KnowledgeConfig, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`search --json --batch` prints one JSON array per input line, honouring the groups."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("pods keep restarting\nbreak-glass credentials\n"))
    assert run_search(_args(add_search_arguments, "--json", "--batch", "--group", "sre", "--top-k", "1"), ingested) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)[0]["source"] for line in lines] == [
        "runbooks/kubernetes/KubePodCrashLooping.md",
        "runbooks/Break-Glass.md",
    ]


def test_search_without_query_is_a_usage_error(config: KnowledgeConfig) -> None:
    """`search` with neither a query nor --batch exits with 2."""
    assert run_search(_args(add_search_arguments), config) == 2


def test_search_on_an_empty_index_says_to_ingest_first(
    config: KnowledgeConfig, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before any ingest, `search` still answers (no hits) and says on stderr why there are none."""
    assert run_search(_args(add_search_arguments, "pods keep restarting", "--json"), config) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == []
    assert "nothing is indexed yet; run `opsbot ingest PATH` first" in err


def test_ingest_prints_summary_and_failures(
    config: KnowledgeConfig, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ingest` prints the summary line, lists failures on stderr and exits 3: indexed, with failures."""
    (corpus / "broken.md").write_bytes(b"\x00")
    args = _args(add_ingest_arguments, str(corpus), "--acl", "ops", "--prune")
    assert (args.acl, args.prune, args.kind) == (["ops"], True, None)
    assert run_ingest(args, config) == 3
    out, err = capsys.readouterr()
    assert out.startswith("5 added, 0 updated, 0 unchanged, 0 removed, 1 failed documents;")
    assert "failed: broken.md: binary file" in err


def test_ingest_of_a_missing_folder_exits_1_after_indexing_the_rest(
    config: KnowledgeConfig, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped folder is an error a cron job sees, and the folders that exist are still indexed."""
    typo = tmp_path / "runbokos"
    assert run_ingest(_args(add_ingest_arguments, str(corpus), str(typo)), config) == 1
    out, err = capsys.readouterr()
    assert out.startswith("5 added,")
    assert f"opsbot ingest: not found, nothing indexed from: {typo}" in err


def test_module_entry_point_honours_opsbot_home(tmp_path: Path, corpus: Path) -> None:
    """`python -m knowledge ingest` then `search --json` work in a fresh process with OPSBOT_HOME set."""
    env = {**os.environ, "OPSBOT_HOME": str(tmp_path / "home")}
    run = lambda *argv: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "knowledge", *argv], env=env, capture_output=True, text=True, check=True, timeout=120
    )
    run("ingest", str(corpus / "runbooks" / "node"))
    hits = json.loads(run("search", "disk is almost full", "--json").stdout)
    assert hits[0]["source"] == "NodeFilesystemAlmostOutOfSpace.md"
    assert (tmp_path / "home" / "qdrant").is_dir()
