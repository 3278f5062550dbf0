"""Compare ways of fitting the "nothing found" model by cross-validation on the seen splits only.

One fold's model is fitted as shipped (benchmarks/domain_fit.py): the probe's out-of-fold log-odds,
a logistic of (first hit's cosine, log-odds[, query features]) on the training folds, and the
threshold at the lowest training dev question with its answer in the top 10. The test fold is
then decided with that model, so every seen question is judged by a model that never saw it —
the threshold included, which an in-sample "no fitted dev question refused" cannot show. Blind
splits (benchmarks/refusal_splits.py) never enter.

Run: ``python -m benchmarks.refusal_cv --from-runs FILE`` (prints one row per candidate).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.refusal_splits import BLIND, SEEN_OFFTOPIC, TRAIN
from search.domain_probe import logistic, out_of_fold
from search.relevance import ANSWER_WINDOW

FOLDS = 10
STACK_L2 = 0.1
_LOGITS: dict[tuple[Any, ...], np.ndarray] = {}
# A query feature: one number per run (benchmarks/salient_terms.py), None for "none".
QueryFeature = Callable[[Any], float]


@dataclass(frozen=True)
class Outcome:
    """Seen questions decided out of fold: refused off-topic per split, refused answerable."""

    offtopic_refused: dict[str, tuple[int, int]]  # split -> (refused, n)
    dev_refused: int  # answerable, answer in the top 10, refused
    dev_answered: tuple[int, int]  # answerable questions answered, of n

    def union(self, splits: Sequence[str] = ("measure", "measure2", "measure3")) -> tuple[int, int]:
        return (
            sum(self.offtopic_refused.get(s, (0, 0))[0] for s in splits),
            sum(self.offtopic_refused.get(s, (0, 0))[1] for s in splits),
        )


def fitted_runs(runs: Sequence[Any], splits: Sequence[str]) -> list[Any]:
    """Runs of ``splits`` with content and a query vector; blind splits are refused loudly."""
    assert not set(splits) & set(BLIND), "a blind split cannot be fitted on"
    return [r for r in runs if r.split in splits and r.x and r.raw.get("vector")]


def scores(run: Any, logit: float, extra: Sequence[float], weights: np.ndarray) -> int:
    """The run's decision score (0–100): the best of its first ANSWER_WINDOW hits."""
    best = 0.0
    for f in run.x[:ANSWER_WINDOW]:
        z = weights[0] + weights[1] * f[2] + weights[2] * logit
        z += sum(w * v for w, v in zip(weights[3:], extra, strict=True))
        best = max(best, 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50))))
    return round(100 * best)


def cross_validate(
    runs: Sequence[Any],
    splits: Sequence[str],
    l2: float,
    extra_vectors: np.ndarray | None = None,
    features: Sequence[QueryFeature] = (),
    folds: int = FOLDS,
) -> Outcome:
    """Decide every fitted run with a model fitted on the other folds (see the module doc)."""
    fitted = fitted_runs(runs, splits)
    x = np.array([r.raw["vector"] for r in fitted], dtype=np.float64)
    y = np.array([1.0 if r.answerable else 0.0 for r in fitted])
    key = (tuple(splits), l2, None if extra_vectors is None else extra_vectors.shape, len(x))
    if key not in _LOGITS:  # the probe's folds are the slow part; candidates share them
        _LOGITS[key] = out_of_fold(x, y, l2, extra=extra_vectors)
    logits = _LOGITS[key]
    extra = np.array([[f(r) for f in features] for r in fitted]).reshape(len(fitted), -1)
    cosine = np.array([r.x[0][2] for r in fitted])
    order = np.random.default_rng(1).permutation(len(fitted))
    answered = np.zeros(len(fitted), dtype=bool)
    for fold in range(folds):
        test = order[fold::folds]
        train = np.setdiff1d(order, test)
        design = np.column_stack([cosine[train], logits[train], extra[train]])
        weights = logistic(design, y[train], STACK_L2)
        kept = [
            scores(fitted[i], logits[i], extra[i], weights)
            for i in train
            if fitted[i].answerable and fitted[i].rank is not None
        ]
        cut = min(kept) if kept else 50
        for i in test:
            answered[i] = scores(fitted[i], logits[i], extra[i], weights) >= cut
    refused: dict[str, tuple[int, int]] = {}
    for split in (*SEEN_OFFTOPIC, TRAIN):
        idx = [i for i, r in enumerate(fitted) if r.split == split and not r.answerable]
        refused[split] = (int(sum(not answered[i] for i in idx)), len(idx))
    dev = [i for i, r in enumerate(fitted) if r.answerable]
    return Outcome(
        refused,
        int(sum(not answered[i] for i in dev if fitted[i].rank is not None)),
        (int(sum(answered[i] for i in dev)), len(dev)),
    )


def describe(name: str, outcome: Outcome) -> str:
    union = outcome.union()
    cells = "  ".join(f"{s} {a}/{n}" for s, (a, n) in outcome.offtopic_refused.items() if n)
    return (
        f"{name:44s} union {union[0]}/{union[1]}  {cells}  dev refused (top 10) "
        f"{outcome.dev_refused}, dev answered {outcome.dev_answered[0]}/{outcome.dev_answered[1]}"
    )


def load_runs(path: Path) -> list[Any]:
    from benchmarks.relevance import Run

    lines = path.read_text("utf-8").splitlines()
    return [Run(**{**row, "x": [tuple(f) for f in row["x"]]}) for row in map(json.loads, lines)]


def in_scope_vectors(cache: Path) -> dict[str, np.ndarray]:
    """Query vectors of the store's titles and headings (``phrases``) and of its units' first
    sentences (``sentences``; benchmarks/domain_fit.py), encoded once and kept in ``cache``."""
    from benchmarks.domain_fit import store_phrases, store_sentences
    from benchmarks.search_quality import sample_units
    from search import load_encoder
    from search.analyzer import fold

    cache.mkdir(parents=True, exist_ok=True)
    out = {}
    units = None
    for name, make in (("phrases", store_phrases), ("sentences", store_sentences)):
        file = cache / f"{name}.npy"
        if not file.is_file():
            units = units or sample_units()
            texts = [fold(t) for t in make(units)]
            np.save(file, load_encoder().encode_queries(texts), allow_pickle=False)
        out[name] = np.load(file, allow_pickle=False)
    return out


def main(argv: list[str] | None = None) -> int:
    from benchmarks.salient_terms import candidates

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from-runs", type=Path, required=True)
    parser.add_argument(
        "--vectors", type=Path, help="cache of in-scope phrase vectors (encoded when missing)"
    )
    args = parser.parse_args(argv)
    runs = load_runs(args.from_runs)
    vectors = in_scope_vectors(args.vectors) if args.vectors else {}
    for name, splits, l2, extra, feats in candidates(runs):
        sets = [vectors[k] for k in extra if k in vectors]
        if len(sets) < len(extra):
            continue  # needs --vectors
        more = np.vstack(sets) if sets else None
        outcome = cross_validate(runs, splits, l2, extra_vectors=more, features=feats)
        print(describe(name, outcome), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
