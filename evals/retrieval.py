"""Retrieval quality: recall@1, recall@5 and MRR@10 for dense, sparse and hybrid search, next to a LlamaIndex
quickstart baseline on the same embedding model, over both shared corpora ingested together.

`python -m evals.retrieval` (= `make eval-retrieval`). Options: `--home DIR` keeps the index between runs
(ingestion is incremental), `--no-baseline` skips the LlamaIndex index, `--misses` lists the questions missed,
`--calibrate` refits the confidence model (knowledge/retrieval/confidence.py) and prints its coefficients.

Questions: evals/data/retrieval_questions.yaml. A document counts as relevant when its file stem is listed.
Ranking is by document: a document's later chunks do not take places in the ranking.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from knowledge.config import KnowledgeConfig
from knowledge.embedding import Embedder, load_embedder
from knowledge.ingest import ingest
from knowledge.retrieval import Retriever
from knowledge.retrieval.confidence import features

ROOT = Path(__file__).resolve().parent
QUESTIONS = ROOT / "data" / "retrieval_questions.yaml"
CORPORA = [
    ROOT.parent.parent / "shared" / "corpus" / name for name in ("prometheus-operator-runbooks", "openshift-runbooks")
]
DEPTH = 10  # MRR is computed over the first DEPTH documents
Ranker = Callable[[str], list[str]]  # query -> ranked file paths (one per document)


@dataclass(frozen=True)
class Question:
    text: str
    relevant: frozenset[str]


@dataclass(frozen=True)
class Scores:
    recall_at_1: float
    recall_at_5: float
    mrr: float
    misses: list[tuple[str, list[str]]]


def load_questions(path: Path = QUESTIONS) -> tuple[list[Question], list[str]]:
    """(answerable questions with their relevant stems, unanswerable questions)."""
    data = yaml.safe_load(path.read_text())
    answerable = [Question(item["question"], frozenset(item["relevant"])) for item in data["answerable"]]
    return answerable, list(data["unanswerable"])


def check_labels(questions: Sequence[Question]) -> None:
    """Fail early when a label names no file of the corpora."""
    stems = {p.stem for corpus in CORPORA for p in corpus.rglob("*.md")}
    unknown = sorted({stem for q in questions for stem in q.relevant} - stems)
    if unknown:
        raise SystemExit(f"labels without a runbook: {', '.join(unknown)}")


def rank_of_first_relevant(ranked: Sequence[str], relevant: frozenset[str]) -> int:
    """1-based rank of the first relevant document among the first DEPTH, 0 if none."""
    documents = list(dict.fromkeys(ranked))[:DEPTH]
    return next((i for i, path in enumerate(documents, 1) if Path(path).stem in relevant), 0)


def score(ranker: Ranker, questions: Sequence[Question]) -> Scores:
    """Recall@1, recall@5 and MRR@DEPTH of one ranking method."""
    ranks, misses = [], []
    for question in questions:
        ranked = ranker(question.text)
        rank = rank_of_first_relevant(ranked, question.relevant)
        ranks.append(rank)
        if rank != 1:
            misses.append((f"[{rank or '-'}] {question.text}  want {sorted(question.relevant)}", ranked[:3]))
    n = len(ranks)
    return Scores(
        recall_at_1=sum(r == 1 for r in ranks) / n,
        recall_at_5=sum(0 < r <= 5 for r in ranks) / n,
        mrr=sum(1 / r for r in ranks if r) / n,
        misses=misses,
    )


def rankers(retriever: Retriever) -> dict[str, Ranker]:
    """Dense only, sparse only, and the hybrid search the agent uses."""

    def by(list_rank: str) -> Ranker:
        def ranked(query: str) -> list[str]:
            candidates = [c for c in retriever.evidence(query, groups=[]).candidates if getattr(c, list_rank)]
            candidates.sort(key=lambda c: getattr(c, list_rank))
            return [str(c.payload["file"]) for c in candidates]

        return ranked

    def hybrid(query: str) -> list[str]:
        return [hit.source for hit in retriever.search(query, groups=[], top_k=DEPTH).hits]

    return {"dense": by("dense_rank"), "sparse (BM25)": by("sparse_rank"), "hybrid (RRF)": hybrid}


def build_index(home: Path, embedder: Embedder) -> KnowledgeConfig:
    """Ingest both corpora (incrementally when `home` already holds them)."""
    config = KnowledgeConfig(home=home)
    summary = ingest(config, CORPORA, prune=True, embedder=embedder, progress=True)
    print(f"index: {summary.render()}", file=sys.stderr)
    return config


def print_table(rows: dict[str, Scores], n: int) -> None:
    print(f"\nretrieval over both corpora, {n} questions (document-level; MRR over the first {DEPTH})")
    print(f"{'method':<44} {'R@1':>6} {'R@5':>6} {'MRR':>6}")
    for name, s in rows.items():
        print(f"{name:<44} {s.recall_at_1:>6.3f} {s.recall_at_5:>6.3f} {s.mrr:>6.3f}")


def print_misses(rows: dict[str, Scores]) -> None:
    for name, s in rows.items():
        print(f"\n{name}: {len(s.misses)} not ranked first")
        for line, top in s.misses:
            print(f"  {line}\n      got {[Path(p).stem for p in top]}")


def calibration_data(
    retriever: Retriever, answerable: Sequence[Question], unanswerable: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Features per question, labelled 1 when a relevant document is in the top 5 (never for unanswerable)."""
    rows, labels = [], []
    for question in answerable:
        hits = retriever.search(question.text, groups=[], top_k=5).hits
        rows.append(features(retriever.evidence(question.text, groups=[])))
        labels.append(1.0 if rank_of_first_relevant([h.source for h in hits], question.relevant) else 0.0)
    for text in unanswerable:
        rows.append(features(retriever.evidence(text, groups=[])))
        labels.append(0.0)
    return np.array(rows, dtype=float), np.array(labels)


def fit_logistic(x: np.ndarray, y: np.ndarray, *, l2: float = 1e-2, steps: int = 50) -> np.ndarray:
    """Weights [intercept, w1, w2, ...] by Newton's method with a small ridge penalty."""
    design = np.hstack([np.ones((len(x), 1)), x])
    weights = np.zeros(design.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-design @ weights))
        gradient = design.T @ (p - y) + l2 * weights
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + l2 * np.eye(len(weights))
        weights -= np.linalg.solve(hessian, gradient)
    return weights


def report_calibration(retriever: Retriever, answerable: Sequence[Question], unanswerable: Sequence[str]) -> None:
    x, y = calibration_data(retriever, answerable, unanswerable)
    folds = np.arange(len(y)) % 5
    held_out = np.zeros(len(y))
    for fold in range(5):
        w = fit_logistic(x[folds != fold], y[folds != fold])
        held_out[folds == fold] = 1 / (1 + np.exp(-(w[0] + x[folds == fold] @ w[1:])))
    weights = fit_logistic(x, y)
    print("\nconfidence calibration (5-fold held-out predictions)")
    print(
        f"  brier score {np.mean((held_out - y) ** 2):.3f}; positives {int(y.sum())}, negatives {int(len(y) - y.sum())}"
    )
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
        flagged = held_out >= threshold
        print(
            f"  threshold {threshold:.1f}: relevant kept {flagged[y == 1].mean():.3f}, "
            f"irrelevant rejected {(~flagged[y == 0]).mean():.3f}"
        )
    print(
        f"  fitted on all: INTERCEPT = {weights[0]:.2f}, COSINE_WEIGHT = {weights[1]:.2f}, "
        f"BM25_PER_TERM_WEIGHT = {weights[2]:.2f}"
    )


def report_confidence(retriever: Retriever, answerable: Sequence[Question], unanswerable: Sequence[str]) -> None:
    kept = [retriever.search(q.text, groups=[]).relevant for q in answerable]
    rejected = [not retriever.search(text, groups=[]).relevant for text in unanswerable]
    print(
        f"\nconfidence (threshold {retriever.min_relevance:.2f}): answerable flagged relevant "
        f"{sum(kept)}/{len(kept)}, unanswerable flagged not relevant {sum(rejected)}/{len(rejected)}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.retrieval", description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="keep the index here between runs")
    parser.add_argument("--no-baseline", action="store_true", help="skip the LlamaIndex baseline")
    parser.add_argument("--misses", action="store_true", help="list the questions not answered first")
    parser.add_argument("--calibrate", action="store_true", help="refit the confidence model")
    args = parser.parse_args(argv)
    answerable, unanswerable = load_questions()
    check_labels(answerable)
    with tempfile.TemporaryDirectory(prefix="opsbot-eval-") as scratch:
        embedder = load_embedder(KnowledgeConfig(home=Path(scratch)))
        config = build_index(args.home or Path(scratch), embedder)
        retriever = Retriever(config, embedder=embedder)
        try:
            rows = {name: score(ranker, answerable) for name, ranker in rankers(retriever).items()}
            if not args.no_baseline:
                rows["LlamaIndex quickstart (VectorStoreIndex defaults)"] = score(_baseline(embedder), answerable)
            print_table(rows, len(answerable))
            report_confidence(retriever, answerable, unanswerable)
            if args.calibrate:
                report_calibration(retriever, answerable, unanswerable)
            if args.misses:
                print_misses(rows)
        finally:
            retriever.close()
    return 0


def _baseline(embedder: Embedder) -> Ranker:
    from evals.retrieval_baseline import build_baseline

    started = time.perf_counter()
    search = build_baseline(CORPORA, embedder, top_k=3 * DEPTH)
    print(f"baseline index built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return search


if __name__ == "__main__":
    sys.exit(main())
