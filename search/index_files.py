"""Where a search index lives on disk: whole generations swapped in atomically, one writer at a
time across processes, and a cheap token that tells a reader another process wrote.

A generation is a folder ``gen-<n>`` holding every index file; ``CURRENT`` names the live one
and is replaced atomically, so a crash mid-write leaves the previous generation whole.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

CURRENT = "CURRENT"
LOCK = "index.lock"
_PREFIX = "gen-"
# Files of the layout before generations (written straight into the index folder).
_LEGACY = (
    "meta.json",
    "units.jsonl",
    "lexical.npz",
    "lexical.json",
    "vectors.npy",
    "ids.npy",
    "refined.npy",
    "dense.faiss",
    "dense.json",
)


class IndexFiles:
    """The generations of one index folder."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def generation(self) -> str | None:
        """The live generation's name; None for an index of the older flat layout or none."""
        try:
            name = (self.directory / CURRENT).read_text("utf-8").strip()
        except OSError:
            return None
        return name or None

    def current(self) -> Path:
        """The folder to read the live index from."""
        name = self.generation()
        return self.directory / name if name else self.directory

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """The writer lock, held across processes (a CLI ingest beside ``regkg serve``) and
        threads; re-entrant in the thread that holds it (a writer that reopens the index)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        path = (self.directory / LOCK).resolve()
        with _REGISTRY_LOCK:
            held = _HELD.setdefault(path, _Held())
        with held.lock:
            if held.depth:
                held.depth += 1
                try:
                    yield
                finally:
                    held.depth -= 1
                return
            with open(path, "a+b") as handle:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
                held.depth = 1
                try:
                    yield
                finally:
                    held.depth = 0
                    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def publish(self, write: Callable[[Path], None]) -> str:
        """Write a new generation with ``write(folder)``, make it live atomically, drop older
        ones; returns its name. Call with the writer lock held."""
        self.directory.mkdir(parents=True, exist_ok=True)
        number = 1 + max((_number(p.name) for p in self.directory.glob(f"{_PREFIX}*")), default=0)
        name = f"{_PREFIX}{number:06d}"
        staging = self.directory / f".{name}.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        write(staging)
        _fsync_folder(staging)
        staging.rename(self.directory / name)
        pointer = self.directory / f".{CURRENT}.tmp"
        pointer.write_text(name + "\n", "utf-8")
        with open(pointer, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(pointer, self.directory / CURRENT)
        self._prune(keep=name)
        return name

    def _prune(self, keep: str) -> None:
        # A reader that opened the previous generation a moment ago may still be reading it:
        # keep one generation before the live one.
        older = sorted(
            (p for p in self.directory.glob(f"{_PREFIX}*") if p.name != keep),
            key=lambda p: _number(p.name),
        )
        for stale in older[:-1]:
            shutil.rmtree(stale, ignore_errors=True)
        for leftover in self.directory.glob(f".{_PREFIX}*.tmp"):
            shutil.rmtree(leftover, ignore_errors=True)
        for name in _LEGACY:
            (self.directory / name).unlink(missing_ok=True)


class _Held:
    """This process's hold on one index's writer lock: flock is per open file, so two openers
    in one process would block each other; threads queue on ``lock`` instead."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.depth = 0


_REGISTRY_LOCK = threading.Lock()
_HELD: dict[Path, _Held] = {}


def _number(name: str) -> int:
    try:
        return int(name.removeprefix(_PREFIX))
    except ValueError:
        return 0


def _fsync_folder(folder: Path) -> None:
    for path in folder.iterdir():
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())
