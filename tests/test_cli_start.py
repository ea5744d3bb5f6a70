"""`opsbot --help` and the start of every command stay light: the model libraries load only where they are used."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("presidio_analyzer", "spacy", "onnxruntime", "llama_index", "slack_bolt", "qdrant_client", "qdrant_edge")
PROBE = """
import contextlib, io, json, sys
from bot import cli
HEAVY = sys.argv.pop(1).split(",")
with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.suppress(SystemExit):
    cli.main(sys.argv[1:])
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
print(json.dumps({"heavy": heavy, "printed": out.getvalue()}))
"""


def loaded_after(*argv: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(HEAVY), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_help_loads_no_model_library() -> None:
    """`opsbot --help` lists the commands without importing Presidio, spaCy, onnxruntime, LlamaIndex, Bolt or Qdrant."""
    after = loaded_after("--help")
    assert "chat" in str(after["printed"])
    assert after["heavy"] == []


def test_each_command_help_loads_no_model_library() -> None:
    """`opsbot ingest --help` and `opsbot chat --help` are as quick: their options are known without the models."""
    for command in ("ingest", "chat", "serve", "redact"):
        after = loaded_after(command, "--help")
        assert "usage: opsbot" in str(after["printed"]), command
        assert after["heavy"] == [], command
