"""Does the store hold what the question asks? Its salient words against the first hits.

A question about a rule the store does not hold (抗菌药物特殊使用级, 三级查房) may still meet a
clause on the same subject at a middling cosine. A sign of it: a word of the question that is the
store's vocabulary (its share of the store's words above its share of everyday Chinese — jieba's
dictionary; ``DomainVocabulary.lift``) yet occurs in none of the first hits. Two forms, both read
off a saved run (the question's words with their idf and store counts, the shown hits' texts):
the idf-weighted share of the salient words missing from the first ``DEPTH`` hits, and the
highest idf among them. benchmarks/refusal_cv.py decides by cross-validation whether either adds
to the cosine and the domain probe; it is shipped only if it does. It did not (2026-12-07, seen
splits out of fold: 118 of 129 off-topic refused with or without it, one dev question more
answered and one train question fewer refused — a tie): the questions on rules the store
does not hold (抗菌药物特殊使用级, 三级查房, 处方用量) use words the store does hold —
三级查房 and 抗菌药物 occur in its inspection items, 处方 in its statutes — and their first
hits contain them, so nothing salient is missing; what is missing is usually an everyday word
(具体, 基本, 实行).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from benchmarks.refusal_cv import QueryFeature
from benchmarks.refusal_features import SMOOTHING, everyday_frequencies
from search.analyzer import fold

DEPTH = 5
SEEN = ("calibration", "measure", "measure2")


def salient(run: Any) -> list[tuple[str, float]]:
    """(word, idf) of the question's words that are the store's vocabulary (lift above 0)."""
    everyday, everyday_total = everyday_frequencies()
    total = run.raw.get("word_tokens") or 1.0
    out = []
    for word, idf, count in run.raw.get("words", []):
        lift = math.log(count / total + SMOOTHING) - math.log(
            everyday.get(word, 0) / everyday_total + SMOOTHING
        )
        if lift > 0:
            out.append((word, float(idf)))
    return out


def missing(run: Any, depth: int = DEPTH) -> list[tuple[str, float]]:
    hits = [fold(h[2]) for h in run.raw.get("hits", [])[:depth]]
    return [(w, idf) for w, idf in salient(run) if not any(w in h for h in hits)]


def missing_share(run: Any) -> float:
    """Share of the salient words' idf that none of the first hits contains (0: none salient)."""
    total = sum(idf for _, idf in salient(run))
    return sum(idf for _, idf in missing(run)) / total if total else 0.0


def missing_rarest(run: Any) -> float:
    """The highest idf of a salient word missing from the first hits, over 10 (0 if none)."""
    return max((idf for _, idf in missing(run)), default=0.0) / 10.0


def missing_any(run: Any) -> float:
    """1 when some salient word of the question is in none of the first hits."""
    return 1.0 if missing(run) else 0.0


def candidates(
    runs: Sequence[Any],
) -> list[tuple[str, tuple[str, ...], float, tuple[str, ...], tuple[QueryFeature, ...]]]:
    """The configurations benchmarks/refusal_cv.py compares: (name, fitted splits, probe L2,
    in-scope vector sets for the probe, query features). The salient-word forms are tried on
    both in-scope sets at the L2 the probe alone prefers."""
    with_train = (*SEEN, "measure3", "train")
    phrases = ("phrases",)
    both = ("phrases", "sentences")
    rows: list[tuple[str, tuple[str, ...], float, tuple[str, ...], tuple[QueryFeature, ...]]] = [
        ("before: cal+m+m2, L2 1, phrases", SEEN, 1.0, phrases, ()),
        ("+ measure3 + train, L2 1, phrases", with_train, 1.0, phrases, ()),
    ]
    for l2 in (0.3, 0.1, 0.03):
        rows.append((f"+ measure3 + train, L2 {l2}, phrases", with_train, l2, phrases, ()))
    for l2 in (1.0, 0.3, 0.1, 0.03):
        rows.append((f"+ measure3 + train, L2 {l2}, + sentences", with_train, l2, both, ()))
    for extra in (phrases, both):
        for feature in (missing_share, missing_rarest, missing_any):
            name = f"L2 0.1, {'+'.join(extra)}, + {feature.__name__}"
            rows.append((name, with_train, 0.1, extra, (feature,)))
    return rows
