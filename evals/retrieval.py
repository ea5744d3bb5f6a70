"""Retrieval quality, step by step: R@1, R@5 and MRR on today's set and on the held-in and held-out parts of the new
set, then the "don't know" gate and a reliability table of the printed confidence.

`python -m evals.retrieval` (= `make eval-retrieval`) indexes both public corpora and examples/ once per index
profile and runs every question through `Retriever.search`, the code path of `opsbot search`. Options: `--home DIR`
keeps the indexes between runs (ingestion is incremental), `--misses` lists the held-in questions a step misses
(never the held-out ones), `--tune` searches fusion weights on the held-in part, `--calibrate` refits the
confidence model on the held-in part (evals/retrieval_calibration.py). The split is explained in
evals/retrieval_sets.py; the steps and what they cost in docs/retrieval.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from evals.retrieval_report import print_gate, print_issue_examples, print_misses, print_table
from evals.retrieval_scoring import Outcome, Rewrite, run
from evals.retrieval_sets import (
    CORPORA,
    EXAMPLES,
    Question,
    check_labels,
    fresh_set,
    known_labels,
    new_set,
    restricted,
    todays_set,
)
from knowledge.config import KnowledgeConfig
from knowledge.embedding import Embedder, load_embedder
from knowledge.followup import search_query
from knowledge.ingest import ingest
from knowledge.retrieval import Retriever
from knowledge.tuning import RetrievalTuning

TODAY = RetrievalTuning(chunk_context=False, dense_weight=1.5, sparse_weight=1.0, rrf_k=60)
# Today's unanswerable questions that our examples/ now answer (they were written for the public corpora alone).
ANSWERED_BY_EXAMPLES = frozenset(
    {
        "I lost my phone with the authenticator app, how do I reset MFA?",
        "the VPN keeps disconnecting on hotel wifi",
        "my Windows laptop is asking for the BitLocker recovery key",
        "our GitHub Actions jobs sit in the queue for a long time",
        "pgbouncer says no more connections allowed",
    }
)


@dataclass(frozen=True)
class Step:
    name: str
    tuning: RetrievalTuning
    followups: bool = False


STEPS = [
    Step("today's code (title+section embedded, RRF 1.5:1)", TODAY),
    Step("- title and section path left out", TODAY.model_copy(update={"chunk_header": False})),
    Step("+ document summary in every chunk", TODAY.model_copy(update={"chunk_context": True})),
    Step("+ fusion weights tuned on held-in", RetrievalTuning()),
    Step("+ follow-up query from the thread", RetrievalTuning(), followups=True),
    Step("+ ops shorthand spelled out (round 2)", RetrievalTuning(expand_shorthand=True), followups=True),
]


class Indexes:
    """One index of both corpora and examples/ per index profile, built on first use."""

    def __init__(self, home: Path, embedder: Embedder, folders: Sequence[Path], prefix: str = "") -> None:
        self._home, self._embedder, self._folders, self._prefix = home, embedder, list(folders), prefix
        self._open: dict[str, Retriever] = {}

    def retriever(self, tuning: RetrievalTuning) -> Retriever:
        """A retriever on the index built with `tuning`'s index profile, searching with its fusion settings."""
        profile = tuning.index_profile
        if profile not in self._open:
            name = self._prefix + profile.replace(",", "-").replace("=", "")
            config = KnowledgeConfig(home=self._home / name, tuning=tuning)
            summary = ingest(config, self._folders, prune=True, embedder=self._embedder, progress=True)
            print(f"index {profile}: {summary.render()}", file=sys.stderr)
            self._open[profile] = Retriever(config, embedder=self._embedder)
        base = self._open[profile]
        config = base._config.model_copy(update={"tuning": tuning})
        return Retriever(config, embedder=self._embedder, store=base._open())

    def close(self) -> None:
        for retriever in self._open.values():
            retriever.close()


def rewrite_for(step: Step) -> Rewrite:
    """The query a step searches with: the question alone, or the question with its thread."""
    if step.followups:
        return lambda q: search_query(q.text, q.thread)
    return lambda q: q.text


def evaluate(indexes: Indexes, step: Step, questions: Sequence[Question]) -> list[Outcome]:
    return run(indexes.retriever(step.tuning), questions, rewrite_for(step))


def demo_outcomes(
    home: Path, embedder: Embedder, step: Step, parts: Sequence[Sequence[Question]]
) -> list[list[Outcome]]:
    """The parts (held-in, held-out, fresh) asked of the demo's index (examples/ alone), where the public corpora's
    questions have no answer: the gate must hold on a small company index as well as on the large one."""
    indexes = Indexes(home, embedder, [EXAMPLES], prefix="examples-only-")
    labels = known_labels([EXAMPLES])
    try:
        return [evaluate(indexes, step, restricted(part, labels)) for part in parts]
    finally:
        indexes.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.retrieval", description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="keep the indexes here between runs")
    parser.add_argument("--misses", metavar="STEP", type=int, help="list held-in misses of step STEP (0-based)")
    parser.add_argument("--tune", action="store_true", help="search fusion weights on the held-in part")
    parser.add_argument("--calibrate", action="store_true", help="refit the confidence model on the held-in part")
    parser.add_argument("--steps", type=int, nargs="*", help="only these steps (0-based)")
    args = parser.parse_args(argv)
    today, new, fresh = todays_set(), new_set(), fresh_set()
    check_labels([today, new, fresh], known_labels([*CORPORA, EXAMPLES]))
    today_questions = [q for q in today.questions if q.text not in ANSWERED_BY_EXAMPLES]
    held_in, held_out = new.part("held-in").questions, new.part("held-out").questions
    parts = (today_questions, held_in, held_out, fresh.questions)
    with tempfile.TemporaryDirectory(prefix="opsbot-eval-") as scratch:
        embedder = load_embedder(KnowledgeConfig(home=Path(scratch)))
        indexes = Indexes(args.home or Path(scratch), embedder, [*CORPORA, EXAMPLES])
        try:
            if args.tune:
                from evals.retrieval_tuning import tune

                return tune(indexes, held_in)
            chosen = [STEPS[i] for i in args.steps] if args.steps else STEPS
            rows = {s.name: [evaluate(indexes, s, qs) for qs in parts] for s in chosen}
            print_table(rows, [len(part) for part in parts])
            for name in dict.fromkeys([chosen[0].name, chosen[-1].name]):
                print_gate(name, rows[name])
            demo = demo_outcomes(args.home or Path(scratch), embedder, chosen[-1], parts[1:])
            print_gate(f"{chosen[-1].name}, demo index (examples/ only)", [[], *demo])
            if args.calibrate:
                from evals.retrieval_calibration import calibrate

                last = rows[chosen[-1].name]
                calibrate([*last[1], *demo[0]], [*last[2], *last[3], *demo[1], *demo[2]])
            if args.misses is not None:
                print_misses(STEPS[args.misses].name, rows[STEPS[args.misses].name][1])
        finally:
            indexes.close()
        print_issue_examples(Path(scratch) / "examples-only", embedder, chosen[-1].tuning, EXAMPLES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
