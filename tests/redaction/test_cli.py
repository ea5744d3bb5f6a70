"""`opsbot redact` / `python -m redaction`: one message per line in, one redacted line or JSON object out."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from redaction import RedactionConfig, Redactor
from redaction.cli import add_redact_arguments, redact_stream, run_redact

ROOT = Path(__file__).resolve().parents[2]


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_redact_arguments(parser)
    return parser.parse_args(argv)


def test_module_prints_entities_and_no_clear_value() -> None:
    """The issue's acceptance line: both entities reported at their offsets, neither value printed."""
    line = "mail jane.doe@corp.internal, key AKIAIOSFODNN7EXAMPLE"
    done = subprocess.run(
        [sys.executable, "-m", "redaction", "--json"],
        input=line + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    [row] = [json.loads(out) for out in done.stdout.splitlines()]
    assert row["text"] == "mail <EMAIL_ADDRESS_1>, key <SECRET>"
    assert [(e["type"], line[e["start"] : e["end"]]) for e in row["entities"]] == [
        ("EMAIL_ADDRESS", "jane.doe@corp.internal"),
        ("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"),
    ]
    assert all(isinstance(e["score"], float) for e in row["entities"])
    assert "jane.doe" not in done.stdout
    assert "AKIA" not in done.stdout


def test_run_redact_plain_text(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --json each input line gives one redacted line, empty lines included."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("Tom Becker here\n\ncall +1 415 555 0132\n"))
    assert run_redact(_args(), RedactionConfig(names=["Tom Becker"])) == 0
    assert capsys.readouterr().out == "<PERSON_1> here\n\ncall <PHONE_NUMBER_1>\n"


def test_scope_keeps_placeholders_across_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --scope, a value gets the same placeholder on every line of the run."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("a@corp.internal\nb@corp.internal\na@corp.internal\n"))
    run_redact(_args("--json", "--scope", "batch"), RedactionConfig())
    texts = [json.loads(line)["text"] for line in capsys.readouterr().out.splitlines()]
    assert texts == ["<EMAIL_ADDRESS_1>", "<EMAIL_ADDRESS_2>", "<EMAIL_ADDRESS_1>"]


def test_output_is_streamed_line_by_line(redactor: Redactor) -> None:
    """Each line is written before the next one is read, so the command works on an endless pipe."""
    sink = io.StringIO()

    class Source(io.StringIO):
        def readline(self, size: int | None = -1) -> str:
            lines_written = sink.getvalue().count("\n")
            line = super().readline()
            assert lines_written == self.getvalue()[: self.tell() - len(line)].count("\n")
            return line

    redact_stream(redactor, Source("one a@corp.internal\ntwo\nthree\n"), sink, as_json=False, scope=None)
    assert sink.getvalue() == "one <EMAIL_ADDRESS_1>\ntwo\nthree\n"
