"""`python -m evals.redaction`: every set on the current code, side by side with the recorded steps.

Errors (misses, leaks, false positives) are only ever printed for held-in parts: the held-out parts are for
checking, never for tuning.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evals.redaction import report, steps
from evals.redaction.scoring import Score, score
from evals.redaction.sets import (
    CUSTOM_PATTERNS,
    DIRECTORY,
    HELD_IN,
    HELD_OUT,
    Sample,
    load_chat,
    load_fresh,
    load_issues,
    load_opschat,
    load_round2,
    load_synthetic,
)
from redaction import Redactor
from redaction.config import RedactionConfig
from redaction.entities import SECRET_ENTITIES

# (row name, loader, with the directory's names, held in)
SETS: list[tuple[str, Callable[[], list[Sample]], bool, bool]] = [
    ("opschat held-in", lambda: load_opschat(part=HELD_IN), True, True),
    ("opschat held-out", lambda: load_opschat(part=HELD_OUT), True, False),
    ("fresh held-out", load_fresh, True, False),
    ("round2 held-in", load_round2, True, True),
    ("chat held-in", lambda: load_chat(part=HELD_IN), True, True),
    ("chat held-out", lambda: load_chat(part=HELD_OUT), True, False),
    ("issues", load_issues, True, True),
    ("synthetic held-in", lambda: load_synthetic(part=HELD_IN), False, True),
    ("synthetic held-out", lambda: load_synthetic(part=HELD_OUT), False, False),
]


def build_redactor(*, directory: bool, spacy_model: str | None = None) -> Redactor:
    model = {"spacy_model": spacy_model} if spacy_model else {}
    return Redactor(RedactionConfig(names=DIRECTORY if directory else [], custom_patterns=CUSTOM_PATTERNS, **model))


def run(spacy_model: str | None, wanted: set[str]) -> dict[str, tuple[Score, int, bool]]:
    results = {}
    for name, load, directory, held_in in SETS:
        if not wanted or name.split()[0] in wanted:
            samples = load()
            redactor = build_redactor(directory=directory, spacy_model=spacy_model)
            results[name] = (score(samples, redactor), len(samples), held_in)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.redaction", description=__doc__.splitlines()[0])
    sets = ["opschat", "fresh", "round2", "chat", "issues", "synthetic"]
    parser.add_argument("--set", action="append", choices=sets, help="default: all")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print N errors per held-in part")
    parser.add_argument("--detail", action="store_true", help="a table per set with a row per entity type")
    parser.add_argument("--model", help="spaCy model package for the live run (default: the configured one)")
    parser.add_argument("--record", metavar="STEP", help="store the live figures as STEP (with the commit id)")
    parser.add_argument("--steps-file", type=Path, default=steps.STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--note", default="", help="what the recorded step changed")
    args = parser.parse_args(argv)
    results = run(args.model, set(args.set or []))
    for name, (result, _, held_in) in results.items():
        if args.detail:
            print("\n".join(report.per_type(name, result)))
        if held_in:
            for line in result.errors[: args.errors]:
                print(f"  [{name}] {line}")
    live = {name: report.summary(result, n) for name, (result, n, _) in results.items()}
    table: list[tuple[str, dict[str, Any]]] = [(s["step"], s["rows"]) for s in steps.recorded(args.steps_file)]
    print("\n" + "\n".join(report.side_by_side([*table, (f"this checkout{_model(args.model)}", live)])))
    print(f"Secret types ({', '.join(SECRET_ENTITIES)}) are one type (SECRET): all become <SECRET>.")
    print("Latencies: wall clock per message on a shared 2-core machine; `make bench` measures them properly.")
    if args.record:
        steps.record(args.record, args.note, live, args.steps_file)
    return 0


def _model(model: str | None) -> str:
    return f" ({model})" if model else ""


if __name__ == "__main__":
    sys.exit(main())
