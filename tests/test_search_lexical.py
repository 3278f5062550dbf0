"""Unit tests of BM25 and the dense index: scoring, persistence, incremental updates."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from search.analyzer import analyze, char_bigrams
from search.dense import DenseIndex
from search.errors import SearchError
from search.lexical import BM25Index, bigram_bm25, top_k

# Real clauses (医疗机构管理条例 2022, 第二十一条 / 第二十六条 / 第四十四条, shortened).
CLAUSES = [
    "床位不满100张的医疗机构，其《医疗机构执业许可证》每年校验1次；床位在100张以上的医疗机构每3年校验1次。",
    "医疗机构必须按照核准登记或者备案的诊疗科目开展诊疗活动。",
    "违反本条例第二十一条规定，逾期不校验《医疗机构执业许可证》仍从事诊疗活动的，责令其限期补办校验手续。",
]


@pytest.fixture(scope="module")
def bm25() -> BM25Index:
    return BM25Index.build(analyze(text) for text in CLAUSES)


def test_bm25_ranks_the_clause_that_answers(bm25: BM25Index) -> None:
    scores = bm25.scores(analyze("执业许可证多久校验一次"))
    assert [row for row, _ in top_k(scores, 3)] == [0, 2]  # row 1 shares no term
    assert scores[1] == 0.0


def test_bm25_save_load_round_trip(bm25: BM25Index, tmp_path: Path) -> None:
    bm25.save(tmp_path)
    assert not list(tmp_path.glob("*.pkl"))
    again = BM25Index.load(tmp_path)
    query = analyze("诊疗科目")
    np.testing.assert_allclose(again.scores(query), bm25.scores(query))


def test_bm25_add_and_remove_match_a_fresh_build() -> None:
    grown = BM25Index.build(analyze(t) for t in CLAUSES[:2])
    grown.add([analyze(CLAUSES[2])])
    query = analyze("逾期不校验")
    fresh = BM25Index.build(map(analyze, CLAUSES))
    np.testing.assert_allclose(grown.scores(query), fresh.scores(query))
    grown.remove_rows(np.array([True, False, True]))
    fresh = BM25Index.build(analyze(t) for t in (CLAUSES[0], CLAUSES[2]))
    np.testing.assert_allclose(grown.scores(query), fresh.scores(query), rtol=1e-6)


def test_top_k_is_deterministic_on_ties_and_honours_a_mask() -> None:
    scores = np.array([1.0, 2.0, 2.0, 0.0, 2.0], dtype=np.float32)
    assert top_k(scores, 2) == [(1, 2.0), (2, 2.0)]
    assert top_k(scores, 5, mask=np.array([1, 0, 1, 1, 0], dtype=bool)) == [(2, 2.0), (0, 1.0)]


def test_bigram_baseline_matches_verbatim_overlap() -> None:
    index = bigram_bm25(CLAUSES)
    assert top_k(index.scores(char_bigrams("诊疗科目")), 1)[0][0] == 1


def _unit_vectors(n: int, dim: int, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_dense_exact_and_ivf_find_a_stored_vector(tmp_path: Path) -> None:
    vectors = _unit_vectors(2000, 32)
    ids = np.arange(100, 2100, dtype=np.int64)
    flat = DenseIndex(vectors, ids)
    assert flat.kind == "flat"
    assert flat.search(vectors[17], 1)[0][0] == 17
    from search.dense import make_index

    ivf = DenseIndex(vectors, ids, make_index(vectors, ids, exact_limit=1000))
    assert ivf.kind == "ivf"
    assert ivf.search(vectors[17], 1)[0] == (17, pytest.approx(1.0, abs=1e-5))
    ivf.save(tmp_path, {"model": "test"})
    loaded, meta = DenseIndex.load(tmp_path)
    assert (loaded.kind, meta["model"], meta["count"]) == ("ivf", "test", 2000)
    assert loaded.search(vectors[42], 1)[0][0] == 42


def test_dense_add_remove_and_filtered_scan() -> None:
    vectors = _unit_vectors(50, 16)
    index = DenseIndex(vectors[:40], np.arange(40))
    index.add(vectors[40:], np.arange(40, 50))
    assert index.search(vectors[45], 1)[0][0] == 45
    keep = np.ones(50, dtype=bool)
    keep[:10] = False
    index.remove_rows(keep)
    assert len(index) == 40 and index.index.ntotal == 40
    assert index.search(vectors[45], 1)[0][0] == 35  # rows shift down by the ten removed
    assert index.search(vectors[45], 3, rows=np.array([0, 1]))[0][0] in (0, 1)


def test_dense_rejects_mismatched_ids() -> None:
    with pytest.raises(SearchError, match="3 vectors but 2 ids"):
        DenseIndex(_unit_vectors(3, 4), np.arange(2))
