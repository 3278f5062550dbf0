"""Fusion of ranked lists from several signals (lexical, dense) into one ranking.

The method is named by ``Ranker``; scores are normalised per signal before weighting, and
ties always break the same way (by the row number), so a ranking is reproducible.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

# Cormack et al. 2009: k = 60 makes RRF insensitive to the exact depth of each list.
RRF_K = 60
# A signal's top hit this many standard deviations above its list's mean is a confident match
# (dev set, tuned on odd questions: any of 2.5-3.5 lifts MRR by 0.01-0.02 on the even ones).
LEAD_Z = 3.0

# (row, score, raw score per signal), as ``Searcher.rank`` returns them
Ranked = tuple[int, float, dict[str, float]]


class Ranker(StrEnum):
    RRF = "rrf"  # reciprocal rank fusion: uses ranks only
    WEIGHTED = "weighted"  # weighted sum of per-signal min-max normalised scores
    ZSCORE = "zscore"  # weighted sum of per-signal z-scores, rescaled to [0, 1]


@dataclass(frozen=True, slots=True)
class Fused:
    row: int
    score: float
    signals: dict[str, float] = field(default_factory=dict)  # raw score per signal that found it
    ranks: dict[str, int] = field(default_factory=dict)  # 1-based rank per signal


def normalise(scores: Sequence[float]) -> list[float]:
    """Min-max to [0, 1] within one list; a list of equal scores maps to 1."""
    if not scores:
        return []
    low, high = min(scores), max(scores)
    if high - low < 1e-12:
        return [1.0] * len(scores)
    return [(s - low) / (high - low) for s in scores]


def standardise(scores: Sequence[float]) -> list[float]:
    """z-scores within one list (distance from its mean in standard deviations); constant → 0.

    Unlike min-max, one outlier does not squash the rest of the list, and a signal whose
    top score barely stands out from its candidates (a flat cosine list) gets little say.
    """
    if not scores:
        return []
    mean = sum(scores) / len(scores)
    spread = (sum((s - mean) ** 2 for s in scores) / len(scores)) ** 0.5
    if spread < 1e-12:
        return [0.0] * len(scores)
    return [(s - mean) / spread for s in scores]


def fuse(
    ranked: Mapping[str, Sequence[tuple[int, float]]],
    *,
    ranker: Ranker = Ranker.RRF,
    weights: Mapping[str, float] | None = None,
    rrf_k: int = RRF_K,
) -> list[Fused]:
    """Combine ``{signal: [(row, score), …] best first}`` into one list, best first.

    RRF adds ``weight / (k + rank)``; WEIGHTED adds ``weight · normalised score``; ZSCORE
    adds ``weight · z-score`` and rescales the totals to [0, 1], so fused scores stay
    non-negative like the others. A row absent from a list gets nothing from it (for ZSCORE:
    that list's mean). Ties break by smaller row.
    """
    weights = weights or {}
    totals: dict[int, float] = {}
    signals: dict[int, dict[str, float]] = {}
    ranks: dict[int, dict[str, int]] = {}
    for name, hits in ranked.items():
        weight = weights.get(name, 1.0)
        raw = [score for _, score in hits]
        norm = normalise(raw) if ranker is Ranker.WEIGHTED else standardise(raw)
        for position, (row, score) in enumerate(hits):
            if ranker is Ranker.RRF:
                contribution = weight / (rrf_k + position + 1)
            else:
                contribution = weight * norm[position]
            totals[row] = totals.get(row, 0.0) + contribution
            signals.setdefault(row, {})[name] = score
            ranks.setdefault(row, {})[name] = position + 1
    if ranker is Ranker.ZSCORE:
        totals = dict(zip(totals, normalise(list(totals.values())), strict=True))
    order = sorted(totals, key=lambda row: (-totals[row], row))
    return [Fused(row, totals[row], signals[row], ranks[row]) for row in order]


def lead_first(
    ranked: list[Ranked], hits: Sequence[tuple[int, float]], min_z: float = LEAD_Z
) -> list[Ranked]:
    """``ranked`` (best first) with the top of one signal's ``hits`` moved to rank 1, at the
    best score, when it stands ``min_z`` deviations above that signal's other candidates.

    Fusion averages away a clear exact-word match when the other signal prefers something
    else; a standout match (a quoted title, a term found in one clause only) should lead.
    """
    if not hits or not ranked or ranked[0][0] == hits[0][0]:
        return ranked
    if standardise([score for _, score in hits])[0] < min_z:
        return ranked
    lead = next((item for item in ranked if item[0] == hits[0][0]), None)
    if lead is None:
        return ranked
    rest = [item for item in ranked if item is not lead]
    return [(lead[0], ranked[0][1], lead[2]), *rest]
