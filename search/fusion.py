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
