"""`opsbot sources`: what is indexed from which folder; forgetting a folder that was moved or deleted."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

from knowledge.cli import add_sources_arguments, run_search, run_sources
from knowledge.config import KnowledgeConfig
from knowledge.embedding.onnx_minilm import MiniLMEmbedder
from knowledge.ingest import ingest
from tests.knowledge.conftest import write_corpus


def sources_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_sources_arguments(parser)
    return parser.parse_args(argv)


def listed(config: KnowledgeConfig, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert run_sources(sources_args("--json"), config) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def found(config: KnowledgeConfig, capsys: pytest.CaptureFixture[str], query: str) -> list[str]:
    args = argparse.Namespace(query=query, top_k=10, group=[], kind=None, tag=[], json=True, batch=False)
    assert run_search(args, config) == 0
    return [hit["source"] for hit in json.loads(capsys.readouterr().out)]


def test_a_deleted_folder_is_shown_missing_and_can_be_forgotten(
    tmp_path: Path, config: KnowledgeConfig, embedder: MiniLMEmbedder, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two folders ingested; one is deleted: `sources` flags it, `sources forget` removes only its documents."""
    kept, gone = write_corpus(tmp_path / "kept"), write_corpus(tmp_path / "gone")
    ingest(config, [kept, gone], embedder=embedder)
    rows = listed(config, capsys)
    assert [(r["root"], r["runbooks"], r["tickets"], r["present"]) for r in rows] == [
        (str(gone), 3, 2, True),
        (str(kept), 3, 2, True),
    ]
    shutil.rmtree(gone)
    ingest(config, [kept], embedder=embedder, prune=True)  # pruning one folder never touches another
    assert [r["present"] for r in listed(config, capsys)] == [False, True]
    assert run_sources(sources_args(), config) == 0
    assert f"{gone}: 3 runbooks, 2 tickets  (folder not found" in capsys.readouterr().out
    assert found(config, capsys, "pod keeps crashing").count("runbooks/kubernetes/KubePodCrashLooping.md") == 2

    assert run_sources(sources_args("forget", str(gone)), config) == 0
    assert capsys.readouterr().out == f"forgot 5 documents indexed from {gone}\n"
    assert [r["root"] for r in listed(config, capsys)] == [str(kept)]
    assert found(config, capsys, "pod keeps crashing").count("runbooks/kubernetes/KubePodCrashLooping.md") == 1
    assert run_sources(sources_args("forget", str(gone)), config) == 1
    assert "nothing is indexed from" in capsys.readouterr().err
