"""BM25 over search units, on numpy/scipy sparse matrices, saved as arrays + JSON (no pickle).

The term-frequency matrix is what is stored; BM25 weights are derived on load, so adding or
removing a document's units only touches its rows and the idf is always current.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from scipy import sparse

from search.analyzer import Analyzer, char_bigrams


class BM25Index:
    """Okapi BM25 (k1, b) with Lucene's non-negative idf, one row per unit."""

    def __init__(
        self,
        vocabulary: list[str],
        term_freqs: sparse.csr_matrix,
        *,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        self.vocabulary = vocabulary
        self.term_ids = {term: i for i, term in enumerate(vocabulary)}
        self.term_freqs = term_freqs.tocsr().astype(np.float32)
        self.k1, self.b = k1, b
        self._weights = self._bm25_weights()

    @classmethod
    def build(
        cls, token_lists: Iterable[Sequence[str]], *, k1: float = 1.2, b: float = 0.75
    ) -> BM25Index:
        vocabulary: list[str] = []
        term_ids: dict[str, int] = {}
        matrix = _tf_matrix(token_lists, vocabulary, term_ids)
        return cls(vocabulary, matrix, k1=k1, b=b)

    def __len__(self) -> int:
        return int(self.term_freqs.shape[0])

    def _bm25_weights(self) -> sparse.csc_matrix:
        tf = self.term_freqs
        n_docs = tf.shape[0]
        if n_docs == 0:
            return sparse.csc_matrix(tf.shape, dtype=np.float32)
        lengths = np.asarray(tf.sum(axis=1)).ravel()
        average = float(lengths.mean()) or 1.0
        doc_freq = np.bincount(tf.indices, minlength=tf.shape[1])
        idf = np.log1p((n_docs - doc_freq + 0.5) / (doc_freq + 0.5)).astype(np.float32)
        norm = self.k1 * (1.0 - self.b + self.b * lengths / average)
        rows = np.repeat(np.arange(n_docs), np.diff(tf.indptr))
        data = tf.data * (self.k1 + 1.0) / (tf.data + norm[rows])
        data *= idf[tf.indices]
        weights = sparse.csr_matrix((data, tf.indices, tf.indptr), shape=tf.shape)
        return weights.tocsc()

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every unit for a tokenised query (a repeated query term counts once)."""
        ids = sorted({self.term_ids[t] for t in tokens if t in self.term_ids})
        if not ids:
            return np.zeros(len(self), dtype=np.float32)
        return np.asarray(self._weights[:, ids].sum(axis=1)).ravel().astype(np.float32)

    def add(self, token_lists: Iterable[Sequence[str]]) -> None:
        """Append units (rows) at the end; new terms extend the vocabulary."""
        extra = _tf_matrix(token_lists, self.vocabulary, self.term_ids)
        current = self.term_freqs
        current.resize((current.shape[0], len(self.vocabulary)))
        self.term_freqs = sparse.vstack([current, extra], format="csr").astype(np.float32)
        self._weights = self._bm25_weights()

    def remove_rows(self, keep: np.ndarray) -> None:
        """Keep only the rows where the boolean mask ``keep`` is true (order preserved)."""
        self.term_freqs = self.term_freqs[np.flatnonzero(keep)]
        self._weights = self._bm25_weights()

    def save(self, directory: Path, name: str = "lexical") -> None:
        tf = self.term_freqs
        np.savez(
            directory / f"{name}.npz",
            data=tf.data,
            indices=tf.indices,
            indptr=tf.indptr,
            shape=np.asarray(tf.shape),
        )
        meta = {"k1": self.k1, "b": self.b, "vocabulary": self.vocabulary}
        (directory / f"{name}.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, directory: Path, name: str = "lexical") -> BM25Index:
        meta = json.loads((directory / f"{name}.json").read_text("utf-8"))
        with np.load(directory / f"{name}.npz", allow_pickle=False) as arrays:
            shape = tuple(int(x) for x in arrays["shape"])
            matrix = sparse.csr_matrix(
                (arrays["data"], arrays["indices"], arrays["indptr"]), shape=shape
            )
        return cls(meta["vocabulary"], matrix, k1=meta["k1"], b=meta["b"])


def _tf_matrix(
    token_lists: Iterable[Sequence[str]], vocabulary: list[str], term_ids: dict[str, int]
) -> sparse.csr_matrix:
    indptr, indices, data = [0], [], []
    for tokens in token_lists:
        for term, count in Counter(tokens).items():
            term_id = term_ids.get(term)
            if term_id is None:
                term_id = term_ids[term] = len(vocabulary)
                vocabulary.append(term)
            indices.append(term_id)
            data.append(count)
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32), indptr),
        shape=(len(indptr) - 1, len(vocabulary)),
    )


def top_k(scores: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
    """Rows with the ``k`` highest positive scores (ties by row), optionally within ``mask``."""
    if mask is not None:
        scores = np.where(mask, scores, 0.0)
    candidates = np.flatnonzero(scores > 0)
    if candidates.size == 0:
        return []
    if candidates.size > k:
        part = np.argpartition(-scores[candidates], k - 1)[:k]
        candidates = candidates[part]
    order = np.lexsort((candidates, -scores[candidates]))
    return [(int(candidates[i]), float(scores[candidates[i]])) for i in order]


def bigram_bm25(texts: Iterable[str], analyzer: Analyzer = char_bigrams) -> BM25Index:
    """The plain character-bigram BM25 baseline reported beside the analyzer's index."""
    return BM25Index.build(analyzer(text) for text in texts)
