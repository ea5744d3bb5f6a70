"""Printing for `evals.retrieval`: the side-by-side table, the gate figures, the reliability table, misses."""

from __future__ import annotations

import tempfile
from pathlib import Path

from evals.retrieval_scoring import GROUPS, RIGHT_AT, Outcome, gate, ranking, reliability
from knowledge.config import KnowledgeConfig
from knowledge.embedding import Embedder
from knowledge.ingest import ingest
from knowledge.retrieval import Retriever
from knowledge.tuning import RetrievalTuning

# The two cases of issue 16 (not tuned on): neither is answered by examples/.
ISSUE_EXAMPLES = ("how do I deploy a service to kubernetes?", "etcd quota")


PARTS = ("today's set", "new held-in", "new held-out", "fresh held-out")


def print_table(rows: dict[str, list[list[Outcome]]], sizes: list[int]) -> None:
    """One line per step: R@1 / R@5 / MRR on today's set, the held-in part and both held-out parts."""
    counts = ", ".join(f"{name} {n}" for name, n in zip(PARTS, sizes, strict=True))
    print(f"\nretrieval, document-level (MRR over the first 10); questions: {counts}")
    print("(counts include unanswerable ones, scored below; the fresh set is held out as a whole)")
    head = "".join(f"{part:>21}" for part in PARTS)
    print(f"{'step':<52}{head}\n{'':<52}" + "      R@1   R@5   MRR" * len(PARTS))
    for name, parts in rows.items():
        cells = "".join(f"    {r.recall_at_1:.3f} {r.recall_at_5:.3f} {r.mrr:.3f}" for r in map(ranking, parts))
        print(f"{name:<52}{cells}")


def print_gate(name: str, parts: list[list[Outcome]]) -> None:
    """Answered-anyway and refused rates, and the reliability of the printed confidence, per part."""
    print(f'\n"don\'t know" gate, step {name!r}')
    print(f"  (an answer is right when a relevant document is among its first {RIGHT_AT} hits)")
    for label, outcomes in zip(PARTS, parts, strict=True):
        if not outcomes:
            continue
        g = gate(outcomes)
        print(
            f"  {label:<13} unanswerable answered anyway {_rate(g.answered_anyway)}, answerable refused "
            f"{_rate(g.refused)}, shown but wrong {_rate(g.wrong_but_shown)}"
        )
    for label, outcomes in zip(PARTS[1:], parts[1:], strict=True):
        print(f"  reliability, {label}: confidence bin, answers, mean confidence, share right")
        for bin_name, count, mean, right in reliability(outcomes):
            print(f"    {bin_name:<9} {count:>4}   {mean:.2f}   {right:.2f}" if count else f"    {bin_name:<9}    0")


def print_misses(name: str, outcomes: list[Outcome]) -> None:
    """Held-in questions whose first relevant document is not first (the held-out part is never listed)."""
    misses = [o for o in outcomes if o.question.answerable and o.rank != 1]
    print(f"\n{name}: {len(misses)} held-in questions not ranked first")
    for o in misses:
        print(f"  [{o.rank or '-'}] {o.question.text}  want {sorted(o.question.relevant)}\n      got {list(o.top[:3])}")
    flagged = [o for o in outcomes if not o.question.answerable and o.relevant]
    for o in flagged:
        print(f"  answered anyway ({o.confidence:.2f}): {o.question.text}  got {list(o.top[:2])}")


def print_issue_examples(home: Path, embedder: Embedder, tuning: RetrievalTuning, examples: Path) -> None:
    """The issue's two cases on the demo's index (examples/ alone), as `opsbot search` prints them."""
    with tempfile.TemporaryDirectory(dir=home.parent, prefix="examples-only-") as scratch:
        config = KnowledgeConfig(home=Path(scratch), tuning=tuning)
        ingest(config, [examples], embedder=embedder)
        retriever = Retriever(config, embedder=embedder)
        try:
            print("\nissue 16's examples on the demo index (examples/ only):")
            for query in ISSUE_EXAMPLES:
                result = retriever.search(query, groups=GROUPS)
                verdict = "relevant" if result.relevant else "probably nothing relevant"
                top = result.hits[0].source if result.hits else "-"
                print(f"  {query!r}: confidence {result.confidence:.2f} ({verdict}); top hit {top}")
        finally:
            retriever.close()


def _rate(pair: tuple[int, int]) -> str:
    done, total = pair
    return f"{done}/{total} ({done / total:.1%})" if total else "0/0"
