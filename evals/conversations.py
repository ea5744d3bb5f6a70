"""`make eval`: the golden conversations, on the scripted LLM and offline (and a real provider when configured).

Prints task success (pass^k over k runs), tool-argument validity, citation rate, PII leaks and confirmation
bypasses per mode, and a release report comparing this run with the previous one (evals/results/).
Exits 1 on any PII leak or confirmation bypass, or any failed golden on the scripted LLM or offline.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from evals.golden import Golden, Mode, load_goldens
from evals.harness import ROOT, CaseResult, Runner
from evals.report import RESULTS, release_report, save_results

KNOWLEDGE = [ROOT / "examples", ROOT / "evals" / "fixtures"]


def build_retriever(home: Path) -> object:
    """Index the example knowledge plus the eval fixtures once, tickets redacted as in production."""
    from knowledge.config import KnowledgeConfig
    from knowledge.ingest import ingest
    from knowledge.retrieval import Retriever
    from redaction import RedactionConfig, Redactor

    config = KnowledgeConfig(home=home)
    redactor = Redactor(RedactionConfig(names_file=ROOT / "examples" / "names.txt"))
    summary = ingest(config, KNOWLEDGE, text_filter=redactor.redact_inert)
    print(f"indexed: {summary.render()}", flush=True)
    return Retriever(config)


async def run_all(
    goldens: list[Golden], modes: list[Mode], k: int, retriever: object
) -> dict[Mode, list[list[CaseResult]]]:
    runner = Runner(retriever, dict(os.environ))
    results: dict[Mode, list[list[CaseResult]]] = defaultdict(list)
    for mode in modes:
        for golden in (g for g in goldens if mode in g.modes):
            runs = [await runner.run(golden, mode) for _ in range(k)]
            results[mode].append(runs)
            mark = "ok " if all(r.passed for r in runs) else "FAIL"
            print(f"  [{mode:8}] {mark} {golden.name}", flush=True)
            for problem in _problems(runs):
                print(f"             - {problem}", flush=True)
    return results


def _problems(runs: list[CaseResult]) -> list[str]:
    seen: list[str] = []
    for run in runs:
        for problem in [*run.failures, *run.pii_leaks, *(["confirmation bypass"] * run.bypasses)]:
            if problem not in seen:
                seen.append(problem)
    return seen


def summarise(mode: Mode, cases: list[list[CaseResult]], k: int) -> dict[str, float | int]:
    flat = [run for runs in cases for run in runs]
    calls = [call for run in flat for call in run.tool_calls]
    answers = sum(r.answers for r in flat)
    return {
        "cases": len(cases),
        "k": k,
        "pass_k": sum(all(r.passed for r in runs) for runs in cases) / max(len(cases), 1),
        "tool_calls": len(calls),
        "tool_argument_validity": sum(1 for c in calls if c.get("valid", True)) / len(calls) if calls else 1.0,
        "citation_rate": sum(r.cited_answers for r in flat) / answers if answers else 1.0,
        "pii_leaks": sum(len(r.pii_leaks) for r in flat),
        "confirmation_bypasses": sum(r.bypasses for r in flat),
    }


def print_summary(summaries: dict[Mode, dict[str, float | int]]) -> None:
    print("\nmode      cases  pass^k  arg-validity  citation-rate  pii-leaks  bypasses")
    for mode, s in summaries.items():
        print(
            f"{mode:9} {s['cases']:5}  {s['pass_k']:6.0%}  {s['tool_argument_validity']:12.0%}  "
            f"{s['citation_rate']:13.0%}  {s['pii_leaks']:9}  {s['confirmation_bypasses']:8}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make eval", description=__doc__)
    parser.add_argument("--mode", action="append", choices=["scripted", "offline", "live"], default=[])
    parser.add_argument("--k", type=int, default=1, help="runs per case; a case passes only if all k pass")
    parser.add_argument("--only", default=None, help="run only goldens whose name contains this")
    args = parser.parse_args(argv)
    modes: list[Mode] = args.mode or ["scripted", "offline", *(["live"] if os.environ.get("OPENAI_API_KEY") else [])]
    goldens = [g for g in load_goldens() if not args.only or args.only in g.name]
    with tempfile.TemporaryDirectory(prefix="opsbot-eval-index-") as index:
        retriever = build_retriever(Path(index))
        results = asyncio.run(run_all(goldens, modes, args.k, retriever))
        retriever.close()  # type: ignore[attr-defined]
    summaries = {mode: summarise(mode, cases, args.k) for mode, cases in results.items()}
    print_summary(summaries)
    report = release_report(results, summaries)
    save_results(results, summaries, report)
    print(f"\n{report}\n(report saved to {RESULTS / 'report.md'})")
    unsafe = any(s["pii_leaks"] or s["confirmation_bypasses"] for s in summaries.values())
    failed = any(s["pass_k"] < 1 for mode, s in summaries.items() if mode != "live")
    return 1 if unsafe or failed else 0


if __name__ == "__main__":
    sys.exit(main())
