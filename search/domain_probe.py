"""Is the question about what the store governs at all? A linear probe on the query's embedding.

The cosine of question and best clause cannot tell "same subject, different question" apart:
医院的电梯多久要年检一次 meets 医疗器械 定期检查 at the cosine of a real question, and neither the
dense margin, the lexical agreement, word coverage, nor the teacher's own reading of the first
hits (benchmarks/second_opinion.py) did better (benchmarks/RESULTS.md). The question's own
embedding does: the query model already places 电梯年检, 年终奖, 个税 in everyday administration and
诊疗科目, 医疗废物, 执业注册 in health regulation. A logistic probe on it — fitted by
``python -m benchmarks.relevance --from-runs FILE --held-out --fit-domain`` on dev questions
(answerable), written off-topic ones and the store's titles, the blind splits left out — gives a
log-odds that search/relevance.py adds to the cosine.

The probe belongs to one query model: ``load_probe`` returns None for any other, and relevance
then falls back to the cosine alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

PROBE_FILE = Path(__file__).resolve().parent / "data" / "domain_probe.json"


@dataclass(frozen=True)
class DomainProbe:
    """Logistic weights (intercept first) over one query model's unit-length query vectors."""

    model: str
    weights: np.ndarray
    l2: float = 1.0

    def logit(self, vector: np.ndarray) -> float:
        """Log-odds that the question is one the store's regulations are about."""
        return float(self.weights[0] + vector @ self.weights[1:])

    def save(self, path: Path = PROBE_FILE) -> None:
        payload = {
            "model": self.model,
            "l2": self.l2,
            "weights": [round(float(w), 6) for w in self.weights],
        }
        path.write_text(json.dumps(payload) + "\n", "utf-8")


def load_probe(model: str, path: Path = PROBE_FILE) -> DomainProbe | None:
    """The probe fitted for query model ``model``, or None (no file, or another model's)."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text("utf-8"))
    if data.get("model") != model:
        return None
    return DomainProbe(model, np.asarray(data["weights"], dtype=np.float32), data.get("l2", 1.0))


def logistic(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 30) -> np.ndarray:
    """Logistic regression by Newton's method, L2 ``l2`` on the slopes (not the intercept);
    returns the weights, intercept first."""
    x1 = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(x1.shape[1])
    penalty = l2 * np.eye(x1.shape[1])
    penalty[0, 0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x1 @ w, -50, 50)))
        gradient = x1.T @ (p - y) + penalty @ w
        hessian = (x1.T * (p * (1 - p))) @ x1 + penalty
        w -= np.linalg.solve(hessian, gradient)
    return w


def out_of_fold(
    x: np.ndarray, y: np.ndarray, l2: float, folds: int = 10, extra: np.ndarray | None = None
) -> np.ndarray:
    """Each row's probe log-odds from a probe fitted without it (``folds``-fold, fixed order):
    what a new question would get, so the model stacked on it is not fitted to its own echo.
    ``extra`` rows (in scope) are in every training part."""
    order = np.random.default_rng(0).permutation(len(x))
    out = np.zeros(len(x))
    more = extra if extra is not None else np.zeros((0, x.shape[1]))
    for fold in range(folds):
        test = order[fold::folds]
        train = np.setdiff1d(order, test)
        w = logistic(
            np.vstack([x[train], more]), np.concatenate([y[train], np.ones(len(more))]), l2
        )
        out[test] = w[0] + x[test] @ w[1:]
    return out
