"""`opsbot redact [--json]`: redact standard input line by line, streaming (each line is written as it is read)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from redaction.config import RedactionConfig
    from redaction.redactor import Redacted, Redactor


def add_redact_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json",
        action="store_true",
        help='one JSON object per line: {"text": ..., "entities": [{"type", "start", "end", "score"}]}',
    )
    parser.add_argument(
        "--scope",
        metavar="NAME",
        help="keep placeholders stable across lines under this name (in memory, for this run only)",
    )


def run_redact(args: argparse.Namespace, config: RedactionConfig) -> int:
    """Read messages from stdin, one per line, and print each redacted; offsets refer to the input line."""
    from redaction.redactor import Redactor

    redactor = Redactor(config)
    redact_stream(redactor, sys.stdin, sys.stdout, as_json=bool(args.json), scope=args.scope)
    return 0


def redact_stream(redactor: Redactor, source: TextIO, sink: TextIO, *, as_json: bool, scope: str | None) -> None:
    for line in iter(source.readline, ""):
        redacted = redactor.redact(line.rstrip("\r\n"), scope=scope)
        sink.write((to_json(redacted) if as_json else redacted.text) + "\n")
        sink.flush()


def to_json(redacted: Redacted) -> str:
    entities = [{"type": f.type, "start": f.start, "end": f.end, "score": f.score} for f in redacted.findings]
    return json.dumps({"text": redacted.text, "entities": entities}, ensure_ascii=False)
