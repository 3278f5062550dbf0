"""Candidate refusal signals beyond the cosine, and their selection on the calibration half only.

Each run saved by ``python -m benchmarks.relevance --runs FILE`` keeps what a cheap query-level
signal needs (the dense and lexical candidates, the question's words with their corpus counts,
the shown hits), so the candidates below are computed without searching again. A feature set is
chosen by 10-fold cross-validation inside the calibration half (the refusal rule refitted on
each training part: threshold at the lowest answerable question with its answer in the top 10);
the measure halves never take part in the choice.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from search.analyzer import BIGRAM_PREFIX
from search.lexical import BM25Index
from search.relevance import ANSWER_WINDOW, QueryTerms, features

# -- domain vocabulary -------------------------------------------------------------------
# A question made of words everyday Chinese uses often and the regulations hardly ever (天气,
# 红烧肉, 股票, 信用卡) looks unlikely to be about them; a rare word (胸牌) is rare in both and says
# nothing either way. Everyday frequencies are jieba's shipped dictionary's; the store's are the
# lexical index's own word counts, so no model is called.

# A word counts as domain vocabulary when its share of the store's words is above its share of
# everyday words: log-ratio above LIFT_FLOOR.
LIFT_FLOOR = 0.0
# Both shares are smoothed by the same small share (about one use in the sample corpus, 60 in
# jieba's dictionary), so a word neither uses is neutral, not domain vocabulary by default.
SMOOTHING = 1e-6


@lru_cache(maxsize=1)
def everyday_frequencies() -> tuple[Mapping[str, int], int]:
    """jieba's dictionary (general Chinese word counts) and their total, read once (~1 s)."""
    import jieba

    counts: dict[str, int] = {}
    with jieba.get_dict_file() as lines:
        for line in lines:
            text = line.decode("utf-8") if isinstance(line, bytes) else line
            parts = text.split()
            if len(parts) >= 2 and parts[1].isdigit():
                counts[parts[0]] = int(parts[1])
    return counts, sum(counts.values()) or 1


@dataclass(frozen=True, slots=True)
class DomainVocabulary:
    """How often the store uses each word (bigrams left out), against everyday Chinese."""

    counts: Mapping[str, float]
    total: float

    @classmethod
    def of(cls, lexical: BM25Index) -> DomainVocabulary:
        per_term = np.asarray(lexical.term_freqs.sum(axis=0)).ravel()
        counts = {
            term: float(per_term[i])
            for term, i in lexical.term_ids.items()
            if not term.startswith(BIGRAM_PREFIX)
        }
        return cls(counts, sum(counts.values()) or 1.0)

    def lift(self, word: str) -> float:
        """log(share of the store's words) − log(share of everyday words), both smoothed."""
        everyday, everyday_total = everyday_frequencies()
        ours = self.counts.get(word, 0.0) / self.total + SMOOTHING
        theirs = everyday.get(word, 0) / everyday_total + SMOOTHING
        return math.log(ours) - math.log(theirs)

    def share(self, words: Iterable[str]) -> float:
        """Share of the words' characters in domain vocabulary (0 for no words)."""
        kept = list(words)
        total = sum(len(w) for w in kept)
        if not total:
            return 0.0
        return sum(len(w) for w in kept if self.lift(w) > LIFT_FLOOR) / total


# Every candidate, by name: a function of one saved run (``Run.raw``) and one of its hits.
Candidate = Callable[[Mapping[str, Any], Sequence[Any]], float]


def dense_margin(raw: Mapping[str, Any], hit: Sequence[Any]) -> float:
    """Top-1 dense cosine minus the median of the dense candidates: a peak, not a flat field."""
    cos = [c for _, c in raw["dense"]]
    return float(cos[0] - np.median(cos)) if cos else 0.0


def rank_agreement(raw: Mapping[str, Any], hit: Sequence[Any]) -> float:
    """Share of the dense top 10 also in the lexical top 10: both readings point the same way."""
    dense = {row for row, _ in raw["dense"][:10]}
    lexical = {row for row, _ in raw["lexical"][:10]}
    return len(dense & lexical) / 10


def domain_share(raw: Mapping[str, Any], hit: Sequence[Any]) -> float:
    """Share of the question's content characters in words the store uses more than everyday
    Chinese does (``DomainVocabulary``)."""
    counts = {word: count for word, _, count in raw["words"]}
    return DomainVocabulary(counts, raw["word_tokens"]).share(counts)


def _terms(raw: Mapping[str, Any]) -> QueryTerms:
    words, bigrams = raw["words"], raw["bigrams"]
    return QueryTerms(
        tuple(w for w, _, _ in words),
        tuple(v for _, v, _ in words),
        tuple(g for g, _ in bigrams),
        tuple(v for _, v in bigrams),
    )


def _hit_feature(index: int) -> Candidate:
    def read(raw: Mapping[str, Any], hit: Sequence[Any]) -> float:
        return features(_terms(raw), hit[2], hit[1])[index]

    return read


CANDIDATES: dict[str, Candidate] = {
    "cosine": _hit_feature(2),
    "word coverage": _hit_feature(0),
    "bigram coverage": _hit_feature(1),
    "dense margin": dense_margin,
    "rank agreement": rank_agreement,
    "domain share": domain_share,
}

# The sets compared: the cosine alone (the shipped model) and the cosine with each candidate.
FEATURE_SETS: tuple[tuple[str, ...], ...] = (
    ("cosine",),
    *(("cosine", name) for name in CANDIDATES if name != "cosine"),
    ("cosine", "dense margin", "rank agreement", "domain share"),
)


class Question:
    """One saved run as the selection reads it: label, split, features of its first hits."""

    def __init__(self, run: Mapping[str, Any], used: Sequence[str]) -> None:
        raw = run["raw"]
        self.answerable: bool = run["answerable"]
        self.gold_in_top10: bool = run["rank"] is not None
        self.split: str = run["split"]
        empty = not raw["words"] and not raw["bigrams"]
        self.x = (
            []
            if empty
            else [[CANDIDATES[n](raw, hit) for n in used] for hit in raw["hits"][:ANSWER_WINDOW]]
        )


def fit(questions: Sequence[Question], l2: float = 0.1, steps: int = 50) -> np.ndarray:
    """Logistic regression of answerable vs off-topic on the first hit's features (Newton)."""
    rows = [(q.x[0], 1.0 if q.answerable else 0.0) for q in questions if q.x]
    x = np.array([[1.0, *f] for f, _ in rows])
    y = np.array([label for _, label in rows])
    w = np.zeros(x.shape[1])
    penalty = l2 * np.diag([0.0] + [1.0] * (x.shape[1] - 1))
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        w -= np.linalg.solve((x.T * (p * (1 - p))) @ x + penalty, x.T @ (p - y) + penalty @ w)
    return w


def score(question: Question, w: np.ndarray) -> int:
    """The question's relevance (0–100): the best of its first hits, 0 when it has no content."""
    if not question.x:
        return 0
    z = [float(w[0] + np.dot(w[1:], f)) for f in question.x]
    return max(round(100 / (1 + math.exp(-max(-50.0, min(50.0, v))))) for v in z)


def cut_for(questions: Sequence[Question], w: np.ndarray) -> int:
    """The highest threshold refusing no answerable question with its answer in the top 10."""
    kept = [score(q, w) for q in questions if q.answerable and q.gold_in_top10]
    return min(kept) if kept else 50


def cross_validate(questions: Sequence[Question], folds: int = 10) -> tuple[int, int]:
    """(off-topic answered, answerable-with-gold refused) over ``folds`` folds, seed 0."""
    order = np.random.default_rng(0).permutation(len(questions))
    off_answered = dev_refused = 0
    for k in range(folds):
        held = set(order[k::folds].tolist())
        train = [q for i, q in enumerate(questions) if i not in held]
        w = fit(train)
        cut = cut_for(train, w)
        for i in held:
            q = questions[i]
            s = score(q, w)
            off_answered += not q.answerable and s >= cut
            dev_refused += q.answerable and q.gold_in_top10 and s < cut
    return off_answered, dev_refused


def select(runs: Sequence[Mapping[str, Any]]) -> list[tuple[tuple[str, ...], int, int]]:
    """Each feature set's cross-validated errors on the calibration half, fewest first; a tie
    keeps the smaller set (listed first)."""
    calibration = [r for r in runs if r["split"] == "calibration"]
    table = []
    for used in FEATURE_SETS:
        off, dev = cross_validate([Question(r, used) for r in calibration])
        table.append((used, off, dev))
    return sorted(table, key=lambda row: (row[1] + row[2], len(row[0])))
