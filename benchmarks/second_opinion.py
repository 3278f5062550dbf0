"""The teacher's second opinion on the first hits — measured as a refusal signal, not shipped.

The index's document vectors are the static student's (``regkg-static-zh``). Could the teacher
(EmbeddingGemma), reading the first few hits itself, tell an off-topic question that shares its
subject with the store (医院的电梯多久要年检一次 → 医疗器械 定期检查) from a real one better
than the student's cosine? ``python -m benchmarks.relevance --runs`` records the teacher's
cosine with the first ``SECOND_OPINION_DEPTH`` hits of every question through this module
(vectors cached by clause text; a refined row already holds the teacher's vector).
Measured: no — the student is distilled from the teacher and their cosines agree to ~0.02, so
the teacher refuses the same near-topic questions (benchmarks/RESULTS.md), at ~0.3 s per clause
on 2 cores. What did help is the question's own embedding: search/domain_probe.py.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from search.dense import DenseIndex, TextEncoder
from search.units import SearchUnit, dense_text

# A clause to read: its unit, and its teacher vector when the index holds one (a refined row).
Reading = tuple[SearchUnit, np.ndarray | None]

# Teacher vectors kept (768 floats, 3 KB each): the clauses recent questions led to.
CACHE_SIZE = 20_000


def readings(units: Sequence[SearchUnit], dense: DenseIndex, rows: Sequence[int]) -> list[Reading]:
    """What the teacher needs of ``rows``: each unit, and its vector if the row is refined."""
    return [(units[r], dense.vectors[r].copy() if dense.refined[r] else None) for r in rows]


class SecondOpinion:
    """Teacher document vectors for chosen rows: refined rows from the index, others encoded
    once by ``teacher`` and cached by the clause's dense text (a re-ingested unchanged clause
    keeps its vector, a changed one gets a new one)."""

    def __init__(self, teacher: TextEncoder, capacity: int = CACHE_SIZE) -> None:
        self.teacher = teacher
        self.capacity = capacity
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def vectors(self, window: Sequence[Reading]) -> np.ndarray:
        """The teacher's unit-length vector of each reading's clause, in order."""
        out = np.zeros((len(window), self.teacher.dimension), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, (unit, refined) in enumerate(window):
                if refined is not None:
                    out[i] = refined
                    continue
                text = dense_text(unit)
                cached = self._cache.get(text)
                if cached is None:
                    missing.setdefault(text, []).append(i)
                else:
                    self._cache.move_to_end(text)
                    out[i] = cached
        if missing:
            texts = list(missing)
            encoded = self.teacher.encode_documents(texts, batch_size=len(texts))
            with self._lock:
                for text, vector in zip(texts, encoded, strict=True):
                    for i in missing[text]:
                        out[i] = vector
                    self._cache[text] = vector
                while len(self._cache) > self.capacity:
                    self._cache.popitem(last=False)
        return out

    def cosines(self, window: Sequence[Reading], query: np.ndarray) -> list[float]:
        """The teacher's cosine of the (teacher-embedded) query with each reading's clause."""
        if not window:
            return []
        values: list[float] = (self.vectors(window) @ query).astype(float).tolist()
        return values

    def clear(self) -> None:
        """Forget cached vectors (benchmarks time the model, not the cache)."""
        with self._lock:
            self._cache.clear()
