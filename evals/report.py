"""The release quality report: this eval run next to the previous one, ready to paste into a change description."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from evals.golden import Mode
from evals.harness import CaseResult

RESULTS = Path(__file__).parent / "results"
LAST = RESULTS / "last.json"


def outcomes(results: dict[Mode, list[list[CaseResult]]]) -> dict[str, dict[str, Any]]:
    """`mode/name` -> {category, passed} for every case of this run."""
    return {
        f"{mode}/{runs[0].name}": {"category": runs[0].category, "passed": all(r.passed for r in runs)}
        for mode, cases in results.items()
        for runs in cases
    }


def _by_category(cases: dict[str, dict[str, Any]]) -> dict[str, tuple[int, int]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key, case in cases.items():
        bucket = totals[f"{key.split('/')[0]}/{case['category']}"]
        bucket[0] += 1 if case["passed"] else 0
        bucket[1] += 1
    return {name: (passed, total) for name, (passed, total) in sorted(totals.items())}


def release_report(results: dict[Mode, list[list[CaseResult]]], summaries: dict[Mode, dict[str, Any]]) -> str:
    """Markdown: pass rate by category (now vs previous), new failures, fixed cases, safety metrics."""
    now = outcomes(results)
    before: dict[str, dict[str, Any]] = json.loads(LAST.read_text())["cases"] if LAST.exists() else {}
    lines = ["### Opsbot eval report", "", "| mode/category | now | previous |", "|---|---|---|"]
    previous = _by_category(before)
    for name, (passed, total) in _by_category(now).items():
        old = previous.get(name)
        lines.append(f"| {name} | {passed}/{total} | {f'{old[0]}/{old[1]}' if old else '—'} |")
    new_failures = [k for k, c in now.items() if not c["passed"] and before.get(k, {}).get("passed", True)]
    fixed = [k for k, c in now.items() if c["passed"] and before.get(k, {}).get("passed") is False]
    lines += ["", f"New failures: {', '.join(new_failures) or 'none'}", f"Fixed: {', '.join(fixed) or 'none'}", ""]
    for mode, s in summaries.items():
        lines.append(
            f"- {mode}: pass^{s['k']} {s['pass_k']:.0%}, argument validity {s['tool_argument_validity']:.0%}, "
            f"citation rate {s['citation_rate']:.0%}, PII leaks {s['pii_leaks']}, bypasses {s['confirmation_bypasses']}"
        )
    return "\n".join(lines)


def save_results(
    results: dict[Mode, list[list[CaseResult]]], summaries: dict[Mode, dict[str, Any]], report: str
) -> None:
    """Keep this run's report, and its outcomes as the baseline the next run compares with."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "report.md").write_text(report + "\n")
    LAST.write_text(json.dumps({"cases": outcomes(results), "summaries": summaries}, indent=2))
