"""`python -m redaction [--json]`: the redact command with default settings (no vault key: memory only)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from redaction.cli import add_redact_arguments, run_redact
from redaction.config import RedactionConfig


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m redaction", description="Redact PII and secrets from stdin.")
    add_redact_arguments(parser)
    return run_redact(parser.parse_args(argv), RedactionConfig())


if __name__ == "__main__":
    sys.exit(main())
