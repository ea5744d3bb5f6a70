"""Refit the confidence model (knowledge/retrieval/confidence.py) on the held-in part only, then show how the
refitted probabilities behave on the held-out part, and which gate threshold the held-in part suggests."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from evals.retrieval_scoring import Outcome

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)


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


def _data(outcomes: Sequence[Outcome]) -> tuple[np.ndarray, np.ndarray]:
    return np.array([o.signals for o in outcomes], dtype=float), np.array([float(o.right) for o in outcomes])


def calibrate(held_in: Sequence[Outcome], held_out: Sequence[Outcome]) -> None:
    """Print the coefficients fitted on held-in and their reliability and gate figures on both parts."""
    x, y = _data(held_in)
    weights = fit_logistic(x, y)
    print("\nconfidence model refitted on the held-in part (paste into knowledge/retrieval/confidence.py):")
    print(f"  INTERCEPT = {weights[0]:.2f}\n  WEIGHTS = ({', '.join(f'{w:.2f}' for w in weights[1:])})")
    for name, outcomes in (("held-in", held_in), ("held-out", held_out)):
        xs, ys = _data(outcomes)
        p = 1 / (1 + np.exp(-(weights[0] + xs @ weights[1:])))
        answerable = np.array([o.question.answerable for o in outcomes])
        print(f"  {name}: brier {np.mean((p - ys) ** 2):.3f}")
        for t in THRESHOLDS:
            shown = p >= t
            print(
                f"    threshold {t:.1f}: unanswerable answered {shown[~answerable].mean():.3f}, "
                f"answerable refused {(~shown[answerable]).mean():.3f}, shown but wrong "
                f"{(1 - ys[shown]).mean() if shown.any() else 0:.3f}"
            )
