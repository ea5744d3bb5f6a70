"""Steps tried, recorded: each step's figures as measured at its commit, kept in evals/data/redaction_steps.json.

A step is a change of code (a rule, a model), so its figures can only be measured at the commit that made it:
`python -m evals.redaction --record NAME --note "..."` runs every set on the current checkout and stores the result
under NAME with the commit id (re-recording a name replaces it). `make eval-redaction` prints them all, side by side
with a live run of the checkout. Latencies depend on the load of the (shared) machine when recorded.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from evals.redaction.sets import DATA

STEPS = DATA / "redaction_steps.json"


def recorded(path: Path = STEPS) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    steps: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return steps


def record(name: str, note: str, rows: dict[str, dict[str, Any]], path: Path = STEPS) -> None:
    """Store (or replace) step `name` with the current commit id."""
    steps = [s for s in recorded(path) if s["step"] != name]
    steps.append({"step": name, "commit": _commit(), "note": note, "rows": rows})
    path.write_text(json.dumps(steps, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=False).stdout.strip()

    return git("rev-parse", "--short", "HEAD") + ("+uncommitted" if git("status", "--porcelain", "redaction") else "")
