"""Dense vector index on faiss: exact inner product when small, IVF when large.

Saved as a faiss index file + the vectors as .npy + JSON metadata (no pickle). Vectors are
float32 and L2-normalised, so inner product is cosine similarity.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from search.errors import SearchError
from search.units import SearchUnit, dense_text

# Below this many vectors an exact scan costs a few milliseconds: no approximation needed.
# IVF over HNSW (measured in benchmarks/search_scale.py): builds in seconds not minutes at
# 1M and supports removal of ids, which document re-ingest needs.
EXACT_LIMIT = 100_000
DEFAULT_NPROBE = 16


class TextEncoder(Protocol):
    """What search needs from an encoder (``search.encoder.Encoder`` is one)."""

    name: str
    dimension: int

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_documents(
        self, texts: Sequence[str], batch_size: int = 64, progress: bool = False
    ) -> np.ndarray: ...


def refiner_of(encoder: TextEncoder) -> TextEncoder | None:
    """The model whose document vectors refine ``encoder``'s: the query model a student is paired
    with (same vector space, better vectors, ~200 times slower), or None."""
    refiner: TextEncoder | None = getattr(encoder, "query_encoder", None)
    return refiner


def _faiss() -> Any:
    try:
        import faiss
    except ImportError as err:  # pragma: no cover - faiss-cpu is a declared dependency
        raise ImportError("dense search needs faiss: pip install faiss-cpu") from err
    return faiss


def ivf_lists(n_vectors: int) -> int:
    """Number of IVF lists: about 4·√n, the faiss rule of thumb, at least 1."""
    return max(1, int(4 * np.sqrt(n_vectors)))


def make_index(vectors: np.ndarray, ids: np.ndarray, *, exact_limit: int = EXACT_LIMIT) -> Any:
    """An id-mapped faiss index over ``vectors``: flat when small, IVF-flat when large."""
    faiss = _faiss()
    n, dim = vectors.shape
    if n <= exact_limit:
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
    else:
        nlist = ivf_lists(n)
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
        index.cp.niter = 10  # coarse lists need no converged k-means; training time is linear
        # k-means needs ~40 points per list; more only slows training.
        rng = np.random.default_rng(0)
        sample = vectors[rng.choice(n, size=min(n, 40 * nlist), replace=False)]
        index.train(sample)
        index.nprobe = DEFAULT_NPROBE
    if n:
        index.add_with_ids(vectors, ids.astype(np.int64))
    return index


class DenseIndex:
    """Vectors with stable int64 ids; rows of ``vectors`` follow ``ids``."""

    def __init__(
        self,
        vectors: np.ndarray,
        ids: np.ndarray,
        index: Any | None = None,
        refined: np.ndarray | None = None,
    ) -> None:
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.ids = np.asarray(ids, dtype=np.int64)
        if len(self.vectors) != len(self.ids):
            raise SearchError(f"{len(self.vectors)} vectors but {len(self.ids)} ids")
        self.index = index if index is not None else make_index(self.vectors, self.ids)
        # Rows embedded by the paired query model (search/refine.py) rather than the student.
        self.refined = _flags(refined, len(self.ids))
        self._row_of = {int(i): row for row, i in enumerate(self.ids)}

    @property
    def dimension(self) -> int:
        return int(self.vectors.shape[1])

    @property
    def kind(self) -> str:
        return "ivf" if "IVF" in type(self.index).__name__ else "flat"

    def __len__(self) -> int:
        return len(self.ids)

    def search(
        self, query: np.ndarray, k: int, rows: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """(row, cosine) of the ``k`` nearest vectors; ``rows`` limits an exact scan to a subset."""
        query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        if rows is not None:
            # A filtered search scans the subset exactly: cheap, and never misses a row the
            # approximate index would have pruned.
            if rows.size == 0:
                return []
            sims = self.vectors[rows] @ query[0]
            order = np.lexsort((rows, -sims))[:k]
            return [(int(rows[i]), float(sims[i])) for i in order]
        if len(self) == 0:
            return []
        sims_2d, ids_2d = self.index.search(query, min(k, len(self)))
        hits = [
            (self._row_of[int(i)], float(s))
            for s, i in zip(sims_2d[0], ids_2d[0], strict=True)
            if i >= 0
        ]
        return sorted(hits, key=lambda hit: (-hit[1], hit[0]))

    def add(self, vectors: np.ndarray, ids: np.ndarray, refined: np.ndarray | None = None) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        ids = np.asarray(ids, dtype=np.int64)
        start = len(self.ids)
        self.vectors = np.vstack([self.vectors, vectors]) if start else vectors
        self.ids = np.concatenate([self.ids, ids])
        self.refined = np.concatenate([self.refined, _flags(refined, len(ids))])
        if len(vectors):
            self.index.add_with_ids(vectors, ids)
        for offset, i in enumerate(ids):
            self._row_of[int(i)] = start + offset

    def remove_rows(self, keep: np.ndarray) -> None:
        """Drop the rows where ``keep`` is false, from the arrays and the faiss index."""
        faiss = _faiss()
        gone = self.ids[~keep]
        if gone.size:
            self.index.remove_ids(faiss.IDSelectorBatch(gone))
        self.vectors = self.vectors[keep]
        self.ids = self.ids[keep]
        self.refined = self.refined[keep]
        self._row_of = {int(i): row for row, i in enumerate(self.ids)}

    def replace(self, rows: np.ndarray, vectors: np.ndarray) -> None:
        """Give ``rows`` new (refined) vectors, in the arrays and the faiss index."""
        faiss = _faiss()
        rows = np.asarray(rows, dtype=np.int64)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if rows.size == 0:
            return
        ids = self.ids[rows]
        self.index.remove_ids(faiss.IDSelectorBatch(ids))
        self.index.add_with_ids(vectors, ids)
        self.vectors[rows] = vectors
        self.refined[rows] = True

    def save(self, directory: Path, meta: dict[str, Any]) -> None:
        faiss = _faiss()
        np.save(directory / "vectors.npy", self.vectors, allow_pickle=False)
        np.save(directory / "ids.npy", self.ids, allow_pickle=False)
        np.save(directory / "refined.npy", self.refined, allow_pickle=False)
        faiss.write_index(self.index, str(directory / "dense.faiss"))
        body = {
            **meta,
            "dimension": self.dimension,
            "index_kind": self.kind,
            "count": len(self),
            "refined": int(self.refined.sum()),
        }
        (directory / "dense.json").write_text(json.dumps(body, ensure_ascii=False, indent=1))

    @classmethod
    def load(cls, directory: Path) -> tuple[DenseIndex, dict[str, Any]]:
        faiss = _faiss()
        try:
            meta = json.loads((directory / "dense.json").read_text())
            vectors = np.load(directory / "vectors.npy", allow_pickle=False)
            ids = np.load(directory / "ids.npy", allow_pickle=False)
            index = faiss.read_index(str(directory / "dense.faiss"))
            refined = _read_flags(directory)
        except (OSError, ValueError, RuntimeError) as err:
            raise SearchError(f"dense index in {directory} is unreadable ({err})") from err
        if index.ntotal != len(ids):
            raise SearchError(f"dense index in {directory} holds {index.ntotal} of {len(ids)} ids")
        if refined is not None and len(refined) != len(ids):
            raise SearchError(f"dense index in {directory} flags {len(refined)} of {len(ids)} rows")
        return cls(vectors, ids, index, refined), meta


def encode_units(encoder: TextEncoder, units: Sequence[SearchUnit]) -> np.ndarray:
    if not units:
        return np.zeros((0, encoder.dimension), dtype=np.float32)
    vectors = encoder.encode_documents([dense_text(u) for u in units])
    return np.ascontiguousarray(vectors, dtype=np.float32)


def reuse_vectors(
    directory: Path,
    meta: dict[str, Any],
    stored: Sequence[SearchUnit],
    target: Sequence[SearchUnit],
    encoder: TextEncoder,
    refiner: str | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Embeddings for ``target`` and which of them are refined: stored ones where the model and
    the dense text are unchanged (refined ones only if ``refiner`` made them), new ones encoded."""
    known: dict[tuple[str, str], tuple[np.ndarray, bool]] = {}
    if meta.get("model") == encoder.name and meta.get("dimension") == encoder.dimension:
        keep_refined = refiner is not None and meta.get("refined_by") == refiner
        try:
            vectors = np.load(directory / "vectors.npy", allow_pickle=False)
            flags = _read_flags(directory)
        except (OSError, ValueError):
            vectors = flags = None
        flags = _flags(flags, len(stored))
        if vectors is not None and len(vectors) == len(stored) == len(flags):
            known = {  # a vector refined by another model is dropped: its text is re-encoded
                (u.id, dense_text(u)): (v, bool(f))
                for u, v, f in zip(stored, vectors, flags, strict=True)
                if keep_refined or not f
            }
    missing = [u for u in target if (u.id, dense_text(u)) not in known]
    fresh = iter(encode_units(encoder, missing)) if missing else iter(())
    out = np.zeros((len(target), encoder.dimension), dtype=np.float32)
    refined = np.zeros(len(target), dtype=bool)
    for row, unit in enumerate(target):
        cached = known.get((unit.id, dense_text(unit)))
        if cached is None:
            out[row] = next(fresh)
        else:
            out[row], refined[row] = cached
    return out, refined


def _read_flags(directory: Path) -> np.ndarray | None:
    """The saved refined-row flags; None for an index saved before refinement existed."""
    path = directory / "refined.npy"
    return np.load(path, allow_pickle=False) if path.exists() else None


def _flags(flags: np.ndarray | None, n: int) -> np.ndarray:
    return np.zeros(n, dtype=bool) if flags is None else np.asarray(flags, dtype=bool).copy()
