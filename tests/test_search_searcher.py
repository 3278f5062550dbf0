"""Integration tests of hybrid search on the real index built from the sample corpus.

One index (seeds + 141 statutes, the shipped encoder) is built per session into a temp dir;
tests that change an index work on a copy of its directory.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from benchmarks.devset import Gold, is_hit
from ingest import ingest_paths
from ingest.models import ParsedDocument
from search import Searcher, SearchError, SearchHit, load_encoder
from search.encoder import Encoder
from search.index_files import IndexFiles
from search.units import SearchUnit, units_from_documents

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="session")
def documents() -> tuple[ParsedDocument, ...]:
    return ingest_paths([DATA / "seeds", DATA / "corpus"]).documents


@pytest.fixture(scope="session")
def units(documents: tuple[ParsedDocument, ...]) -> list[SearchUnit]:
    return units_from_documents(documents)


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    return load_encoder()


@pytest.fixture(scope="session")
def index_dir(
    tmp_path_factory: pytest.TempPathFactory, units: list[SearchUnit], encoder: Encoder
) -> Path:
    directory = tmp_path_factory.mktemp("index")
    Searcher.build(units, encoder, directory)
    return directory


@pytest.fixture(scope="session")
def searcher(index_dir: Path, encoder: Encoder) -> Searcher:
    return Searcher.open(index_dir, encoder)


@pytest.fixture
def index_copy(index_dir: Path, tmp_path: Path) -> Iterator[Path]:
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    yield copy


def found(hits: list[SearchHit], source: str, locator: str) -> int | None:
    """1-based rank of the first hit inside the gold clause, or None."""
    gold = Gold(source, locator)
    return next(
        (rank for rank, h in enumerate(hits, 1) if is_hit(gold, h.source, h.locator, h.code)),
        None,
    )


# Questions whose answer is known (from the dev set's formal and colloquial styles).
KNOWN = [
    (
        "床位不满100张的医疗机构，《医疗机构执业许可证》多长时间校验一次？",
        "corpus/admin_regulation/医疗机构管理条例(2022-03-29).md",
        "第二十一条",
    ),
    (
        "药事管理评审项目中门诊处方合格率的要求是多少？",
        "seeds/003_589e6644b93518d1.txt",
        "表2 3-3-6",
    ),
    (
        "市级质控中心每年对全市医疗机构开展质控评价不少于几次？",
        "seeds/001_68de7e2d6fa5fde6.txt",
        "三、（三）",
    ),
]


@pytest.mark.parametrize(("question", "source", "locator"), KNOWN)
def test_known_questions_return_known_clauses(
    searcher: Searcher, question: str, source: str, locator: str
) -> None:
    rank = found(searcher.search(question, top_k=5), source, locator)
    assert rank is not None and rank <= 3


def test_hit_carries_metadata_scores_and_highlights(searcher: Searcher) -> None:
    hit = searcher.search("床位不满100张的医疗机构执业许可证每年校验", top_k=1, current_only=True)[
        0
    ]
    assert hit.document_title == "医疗机构管理条例"
    assert hit.locator == "第二十一条"
    assert hit.status != "superseded" and hit.is_current
    assert set(hit.scores) >= {"lexical", "dense"}
    assert hit.path and hit.path[0].startswith("第三章")
    assert any(hit.text[a:b] == "校验" for a, b in hit.highlights)
    assert hit.reason.startswith("matched")


def test_traditional_and_simplified_queries_give_the_same_top_hits(searcher: Searcher) -> None:
    simplified = searcher.search("医疗机构执业许可证多长时间校验一次", top_k=5)
    traditional = searcher.search("醫療機構執業許可證多長時間校驗一次", top_k=5)
    assert [h.clause_id for h in traditional] == [h.clause_id for h in simplified]


@pytest.mark.parametrize(
    ("query", "message"),
    [("", "empty query"), ("   \n", "empty query"), ("问" * 10_000, "10000 characters")],
)
def test_bad_queries_raise_a_clear_search_error(
    searcher: Searcher, query: str, message: str
) -> None:
    with pytest.raises(SearchError, match=message):
        searcher.search(query)


def test_filters_restrict_kind_and_version(searcher: Searcher) -> None:
    rows = searcher.search("院长负责制", top_k=5, kind="scoring_standard")
    assert rows and {h.document_kind for h in rows} == {"scoring_standard"}
    assert rows[0].code == "1-1-1"
    question = "医疗机构执业许可证 校验 床位不满100张"
    # Current text first: the 2016 article is folded under the 2022 one, not shown apart.
    folded = searcher.search(question, top_k=10)
    ours = [h for h in folded if h.document_title == "医疗机构管理条例"]
    assert {h.version_date for h in ours} == {"2022-03-29"}
    assert "2016-02-06" in {v.version_date for h in ours for v in h.versions}
    both = searcher.search(question, top_k=10, all_versions=True)
    assert {h.version_date for h in both if h.document_title == "医疗机构管理条例"} == {
        "2022-03-29",
        "2016-02-06",
    }
    old = next(h for h in both if h.version_date == "2016-02-06")
    assert (old.status, old.superseded_by, old.is_current) == ("superseded", "2022-03-29", False)
    current = searcher.search("医疗机构执业许可证 校验 床位不满100张", top_k=10, current_only=True)
    assert all(h.is_current for h in current)


def test_index_is_arrays_and_json_with_model_and_hash(index_dir: Path, encoder: Encoder) -> None:
    live = IndexFiles(index_dir).current()
    assert live != index_dir, "the index lives in a generation folder named by CURRENT"
    meta = json.loads((live / "meta.json").read_text("utf-8"))
    assert meta["model"] == encoder.name and meta["dimension"] == encoder.dimension
    assert len(meta["corpus_hash"]) == 64 and meta["created"]
    assert len(meta["id_map"]) == meta["units"]
    vectors = np.load(live / "vectors.npy", allow_pickle=False)
    assert vectors.shape == (meta["units"], encoder.dimension)
    assert not list(index_dir.rglob("*.pkl")) and not list(index_dir.rglob("*.pickle"))


def test_stale_model_index_is_rebuilt(index_copy: Path, encoder: Encoder) -> None:
    meta_path = IndexFiles(index_copy).current() / "meta.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    meta["model"] = "some-other-model"
    meta_path.write_text(json.dumps(meta), "utf-8")
    reopened = Searcher.open(index_copy, encoder)
    assert reopened.rebuilt is not None and "some-other-model" in reopened.rebuilt
    rewritten = IndexFiles(index_copy).current() / "meta.json"
    assert json.loads(rewritten.read_text("utf-8"))["model"] == encoder.name
    rank = found(reopened.search(KNOWN[0][0], top_k=5), KNOWN[0][1], KNOWN[0][2])
    assert rank is not None


def test_changed_corpus_is_detected_and_reindexed(
    index_copy: Path, encoder: Encoder, units: list[SearchUnit]
) -> None:
    fewer = [u for u in units if u.document_title != "医疗机构管理条例"]
    reopened = Searcher.open(index_copy, encoder, fewer)
    assert reopened.rebuilt == "the corpus changed"
    assert len(reopened.units) == len(fewer)
    hits = reopened.search(KNOWN[0][0], top_k=10)
    assert hits and all(h.document_title != "医疗机构管理条例" for h in hits)
    assert Searcher.open(index_copy, encoder, fewer).rebuilt is None  # now up to date


def test_remove_and_add_documents(
    index_copy: Path, encoder: Encoder, documents: tuple[ParsedDocument, ...]
) -> None:
    searcher = Searcher.open(index_copy, encoder)
    both_versions = [d for d in documents if d.document.title == "医疗机构管理条例"]
    total = len(searcher.units)
    removed = searcher.remove_documents([d.document.id for d in both_versions])
    assert removed > 90 and len(searcher.units) == total - removed
    assert found(searcher.search(KNOWN[0][0]), KNOWN[0][1], KNOWN[0][2]) is None
    assert searcher.add_documents(both_versions) == removed
    again = Searcher.open(index_copy, encoder)
    assert again.rebuilt is None and len(again.units) == total
    assert found(again.search(KNOWN[0][0], top_k=5), KNOWN[0][1], KNOWN[0][2]) == 1


def test_empty_directory_opens_as_an_empty_index(tmp_path: Path, encoder: Encoder) -> None:
    empty = Searcher.open(tmp_path / "new", encoder)
    assert empty.units == [] and empty.search("医疗机构") == []


def test_graph_expansion_brings_in_what_a_scoring_row_cites(searcher: Searcher) -> None:
    row = next(u for u in searcher.units if u.code == "3-3-2" and u.cite_docs)
    question = "医院感染管理严格执行传染病防治法和医疗废物管理条例"
    plain = searcher.search(question, top_k=10)
    expanded = searcher.search(question, top_k=10, expand=True)
    assert any(h.clause_id == row.id for h in plain)
    brought = [h for h in expanded if h.reason == f"cited by {row.document_title} 表2 3-3-2"]
    assert brought and all("graph" in h.scores for h in brought)
    cited_titles = {"中华人民共和国传染病防治法", "医疗废物管理条例"}
    assert {h.document_title for h in brought} <= cited_titles
    assert all(h.is_current for h in brought)  # the 2025 传染病防治法, not the 2013 one


def test_unreadable_index_is_an_error_or_rebuilt_from_units(
    tmp_path: Path, encoder: Encoder, units: list[SearchUnit]
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "meta.json").write_text("{not json", "utf-8")
    with pytest.raises(SearchError, match="unreadable"):
        Searcher.open(broken, encoder)
    few = [u for u in units if u.document_kind == "plan"]
    rebuilt = Searcher.open(broken, encoder, few)
    assert rebuilt.rebuilt == "index metadata or units unreadable"
    assert len(rebuilt.units) == len(few) > 20


def test_a_local_rule_ranks_below_national_law_unless_its_place_is_asked(
    searcher: Searcher,
) -> None:
    """For a question that names no place, a local rule's score is discounted (SearchConfig
    ``local_factor``); naming the place (in the question or the 地区 filter) lifts it."""
    from dataclasses import replace

    from search.hits import local_place

    assert [local_place(p) for p in ("浙江省", "泰安市", "新疆维吾尔自治区", "全国", None)] == [
        "浙江",
        "泰安",
        "新疆",
        None,
        None,
    ]
    question = "献血者两次献血的间隔不少于多久"
    ranked = {row: score for row, score, _ in searcher.rank(question)}
    flat = replace(searcher.config, local_factor=1.0)
    plain, searcher.config = searcher.config, flat
    try:
        undiscounted = {row: score for row, score, _ in searcher.rank(question)}
    finally:
        searcher.config = plain
    local = [r for r in ranked if searcher.units[r].jurisdiction not in (None, "全国")]
    national = [r for r in ranked if searcher.units[r].jurisdiction == "全国"]
    assert local and national
    for row in local:
        assert ranked[row] == pytest.approx(undiscounted[row] * plain.local_factor)
    for row in national:
        assert ranked[row] == pytest.approx(undiscounted[row])
    taian = [
        r
        for r in searcher.rank(question, places="泰安")
        if searcher.units[r[0]].jurisdiction == "泰安市"
    ]
    assert taian and all(score == pytest.approx(undiscounted[row]) for row, score, _ in taian)
