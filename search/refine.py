"""Refine the index: re-embed each unit with the student's paired query model.

The shipped student embeds documents at ~1,500 a second, so a new corpus is searchable in seconds.
Its teacher, which embeds the questions, embeds documents better still (dev set hybrid R@10 /
MRR with teacher document vectors vs the student's: see benchmarks/RESULTS.md) but at ~10 a
second on 2 cores. Both live in one vector space, so the index can swap its vectors one batch at a
time while it serves: a half-refined index is a valid index. Refined rows are flagged
(``refined.npy``), kept through re-ingest when their text is unchanged, and dropped when the
query model changes.

``regkg refine`` runs it in the foreground; ``regkg serve`` runs it in a background thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from search.dense import refiner_of
from search.searcher import Searcher
from search.units import SearchUnit, dense_text

log = logging.getLogger(__name__)

CHUNK = 32  # units per swap: at most ~15 s of teacher time, so a stop (server shutdown) is prompt
SAVE_EVERY = 60.0  # seconds between checkpoints; a crash loses at most this much work
BATCH = 16  # the teacher's batch (length-sorted within a chunk)
PER_UNIT = 40  # characters' worth of fixed cost per unit (prompt, special tokens), for the ETA


def _cost(unit: SearchUnit) -> int:
    """Rough teacher time of a unit, in characters: the ETA weighs long units by their length."""
    return len(dense_text(unit)) + PER_UNIT


@dataclass
class RefineStatus:
    """How far refinement has come; ``rate`` in units per second over this run."""

    total: int
    refined: int
    done_now: int = 0
    seconds: float = 0.0
    running: bool = False
    model: str | None = None
    error: str | None = None
    cost_done: int = 0  # ``_cost`` of the units refined in this run, and of those still to do
    cost_left: int = 0

    @property
    def rate(self) -> float:
        return self.done_now / self.seconds if self.seconds else 0.0

    @property
    def eta_seconds(self) -> float | None:
        """Seconds left at this run's pace per character (units go longest first, so a pace
        per unit would overstate it); None until a first chunk is done."""
        if self.refined >= self.total:
            return 0.0
        if not self.cost_done or not self.seconds:
            return None
        return self.cost_left * self.seconds / self.cost_done

    def as_json(self) -> dict[str, object]:
        eta = self.eta_seconds
        return {
            "model": self.model,
            "units": self.total,
            "refined": self.refined,
            "running": self.running,
            "units_per_second": round(self.rate, 2),
            "eta_seconds": None if eta is None else round(eta),
            "error": self.error,
        }


def status(searcher: Searcher) -> RefineStatus:
    refiner = refiner_of(searcher.encoder)
    with searcher.lock:
        total, refined = len(searcher.dense), int(searcher.dense.refined.sum())
    return RefineStatus(total, refined, model=refiner.name if refiner else None)


def refine(
    searcher: Searcher,
    *,
    limit: int | None = None,
    stop: threading.Event | None = None,
    on_progress: Callable[[RefineStatus], None] | None = None,
    save_every: float = SAVE_EVERY,
) -> RefineStatus:
    """Re-embed up to ``limit`` unrefined units (all by default) with the paired query model,
    swapping their vectors in as each chunk is done; stops early when ``stop`` is set.

    Raises nothing when the encoder has no paired model: the status says so (``model`` None).
    """
    state = status(searcher)
    refiner = refiner_of(searcher.encoder)
    if refiner is None:
        state.error = "the encoder names no query model to refine with"
        return state
    with searcher.lock:  # longest first: a chunk of similar lengths pads little
        pending = [searcher.units[row] for row in np.flatnonzero(~searcher.dense.refined)]
    pending.sort(key=lambda u: -len(dense_text(u)))
    if limit is not None:
        pending = pending[:limit]
    state.cost_left = sum(_cost(u) for u in pending)
    state.running = True
    started = last_save = time.perf_counter()
    try:
        for start in range(0, len(pending), CHUNK):
            if stop is not None and stop.is_set():
                break
            chunk = pending[start : start + CHUNK]
            texts = [dense_text(u) for u in chunk]
            vectors = refiner.encode_documents(texts, batch_size=BATCH)
            with searcher.lock:  # a unit re-ingested or removed meanwhile is skipped
                rows, keep = [], []
                for i, unit in enumerate(chunk):
                    row = searcher.row_of.get(unit.id)
                    if row is not None and dense_text(searcher.units[row]) == texts[i]:
                        rows.append(row)
                        keep.append(i)
                searcher.dense.replace(np.array(rows, dtype=np.int64), vectors[keep])
                state.refined = int(searcher.dense.refined.sum())
                state.total = len(searcher.dense)
                if time.perf_counter() - last_save > save_every:
                    searcher.save()
                    last_save = time.perf_counter()
            state.done_now += len(rows)
            cost = sum(_cost(u) for u in chunk)
            state.cost_done += cost
            state.cost_left -= cost
            state.seconds = time.perf_counter() - started
            if on_progress is not None:
                on_progress(state)
    finally:
        state.running = False
        if state.done_now:
            searcher.save()
    return state


class BackgroundRefiner:
    """Refines a searcher in a daemon thread (``regkg serve``); logs progress every ~10 %."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.stop_event = threading.Event()
        self.state = status(searcher)
        self._thread: threading.Thread | None = None
        self._logged = 0

    def start(self) -> bool:
        """Start unless running, nothing is left to do or there is no paired model; True if
        started. Call it again after an ingest: a running pass picks up the new units."""
        if self._thread is not None and self._thread.is_alive():
            return False
        self.state = status(self.searcher)
        if self.state.model is None or self.state.refined >= self.state.total:
            return False
        log.info(
            "refining %d of %d search units with %s in the background",
            self.state.total - self.state.refined,
            self.state.total,
            self.state.model,
        )
        self.state.running = True
        self._thread = threading.Thread(target=self._run, name="regkg-refine", daemon=True)
        self._thread.start()
        return True

    def stop(self, timeout: float = 30.0) -> None:
        self.stop_event.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def current(self) -> RefineStatus:
        if self.state.running or self.state.error:
            return self.state
        return status(self.searcher)

    def _run(self) -> None:
        try:
            while not self.stop_event.is_set():  # again while an ingest added units meanwhile
                self.state = refine(self.searcher, stop=self.stop_event, on_progress=self._progress)
                if not self.state.done_now or self.state.refined >= self.state.total:
                    break
        except Exception as exc:  # the search still serves with the vectors it has
            log.exception("refinement stopped")
            self.state.running = False
            self.state.error = f"{type(exc).__name__}: {exc}"
            return
        log.info("refinement done: %d of %d units", self.state.refined, self.state.total)

    def _progress(self, state: RefineStatus) -> None:
        self.state = state
        tenth = 10 * state.refined // max(state.total, 1)
        if tenth > self._logged:
            self._logged = tenth
            eta = state.eta_seconds
            log.info(
                "refined %d of %d units (%d/s, about %s left)",
                state.refined,
                state.total,
                round(state.rate),
                f"{eta / 60:.0f} min" if eta is not None else "?",
            )
