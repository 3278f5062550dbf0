"""Fit search/domain_probe.py's probe and search/relevance.py's DOMAIN_WEIGHTS from saved runs.

Two stages, so the second is not fitted to the first's echo: the probe (logistic on the query
vector, L2 ``l2``) gives every fitted question its log-odds out of fold (10-fold); a logistic of
answerable vs off-topic on (first hit's cosine, that log-odds) gives DOMAIN_WEIGHTS; the threshold
is the highest at which no fitted dev question with its answer in the top 10 is refused. The probe
shipped is then refitted on all the fitted questions. The blind splits are never fitted on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from search.domain_probe import DomainProbe, logistic, out_of_fold
from search.relevance import ANSWER_WINDOW, probability
from search.units import SearchUnit

FIT_SPLITS = ("calibration", "measure", "measure2")
L2 = 1.0


@dataclass(frozen=True)
class DomainModel:
    """A fitted probe, the stacked weights (intercept, cosine, log-odds) and the threshold."""

    probe: DomainProbe
    weights: tuple[float, float, float]
    cut: int
    held_out: dict[str, float]  # the log-odds each fitted question got out of fold


def score(cosine: float, logit: float, weights: Sequence[float]) -> int:
    return round(100 * probability((cosine, logit), weights))


def best_score(run: Any, logit: float, weights: Sequence[float]) -> int:
    """The run's decision score: the best of its first ANSWER_WINDOW hits (0 with no content)."""
    if not run.x:
        return 0
    return max(score(f[2], logit, weights) for f in run.x[:ANSWER_WINDOW])


# A heading's number (第三章, 第二节, 七、): the words after it are what a keyword query says.
NUMBERED = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+[编章节条]\s*)+|^[一二三四五六七八九十\d]+[、.]\s*"
)
# A title's date or version in brackets, and the state prefix a keyword query leaves out.
TITLE_NOISE = re.compile(r"[（(][^）)]*[）)]|^中华人民共和国")


def store_phrases(units: Sequence[SearchUnit], limit: int = 600) -> list[str]:
    """Short in-scope queries the store names itself — its works' titles (献血法, 医疗废物管理条例)
    and its headings (执业注册, 疫苗接种) — for the probe: the dev set's questions are whole
    sentences and the off-topic set's short lines are chit-chat, so without these the probe
    reads any keyword query (疫苗, 执业注册) as out of scope. A fixed sample of ``limit``."""
    phrases: set[str] = set()
    for unit in units:
        phrases.add(TITLE_NOISE.sub("", unit.work_title or unit.document_title).strip())
        phrases.update(TITLE_NOISE.sub("", NUMBERED.sub("", h)).strip() for h in unit.path)
    kept = sorted(p for p in phrases if 2 <= len(p) <= 30)
    rng = np.random.default_rng(0)
    return [kept[i] for i in sorted(rng.permutation(len(kept))[:limit])]


def fit_domain(
    runs: Sequence[Any],
    model: str,
    splits: Sequence[str] = FIT_SPLITS,
    l2: float = L2,
    extra: np.ndarray | None = None,
) -> DomainModel:
    """Fit on the runs of ``splits`` that have content and a saved query vector; ``extra`` are
    query vectors of in-scope phrases (``store_phrases``) that only the probe learns from."""
    fitted = [r for r in runs if r.split in splits and r.x and r.raw.get("vector")]
    x = np.array([r.raw["vector"] for r in fitted], dtype=np.float64)
    y = np.array([1.0 if r.answerable else 0.0 for r in fitted])
    held = out_of_fold(x, y, l2, extra=extra)
    cosine = np.array([r.x[0][2] for r in fitted])
    stacked = logistic(np.stack([cosine, held], 1), y, 0.1)
    weights = (
        round(float(stacked[0]), 2),
        round(float(stacked[1]), 2),
        round(float(stacked[2]), 2),
    )
    kept = [
        best_score(r, float(h), weights)
        for r, h in zip(fitted, held, strict=True)
        if r.answerable and r.rank is not None
    ]
    more = extra if extra is not None else np.zeros((0, x.shape[1]))
    every = logistic(np.vstack([x, more]), np.concatenate([y, np.ones(len(more))]), l2)
    probe = DomainProbe(model, every.astype(np.float32), l2)
    held_out = {r.question: float(h) for r, h in zip(fitted, held, strict=True)}
    return DomainModel(probe, weights, min(kept) if kept else 50, held_out)


def decide(run: Any, model: DomainModel, held_out: bool = True) -> bool:
    """Whether ``run`` is answered: with ``held_out`` a fitted question uses its out-of-fold
    log-odds (an honest estimate), otherwise the shipped probe's (what search shows)."""
    if not run.x or not run.raw.get("vector"):
        return False
    logit = model.held_out.get(run.question) if held_out else None
    if logit is None:
        logit = model.probe.logit(np.asarray(run.raw["vector"], dtype=np.float32))
    return best_score(run, logit, model.weights) >= model.cut
