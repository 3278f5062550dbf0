"""The fast tier's index cache (tests/index_cache.py) answers exactly as a fresh build would."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import ingest_bytes
from search import Searcher
from search.encoder import Encoder
from tests.index_cache import ENV, sample_searcher

NOTICE = (
    "关于加强院内感染防控工作的通知\n\n"
    "一、各科室应当每月开展一次手卫生依从性自查，结果报医院感染管理科。\n"
    "二、发热门诊应当设置独立候诊区，与普通门诊分开。\n"
)
OTHER = "关于规范医疗废物暂存的通知\n\n一、医疗废物暂时贮存的时间不得超过2天。\n"
QUESTIONS = ["发热门诊候诊区", "医疗废物存放几天"]


def _answers(searcher: Searcher) -> list[list[tuple[str, float]]]:
    return [
        [(h.clause_id, round(h.score, 6)) for h in searcher.search(q, top_k=5)] for q in QUESTIONS
    ]


def test_a_cached_index_answers_as_the_build_did_and_new_units_miss(
    encoder: Encoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "cache"))
    documents = ingest_bytes([("a.txt", NOTICE.encode()), ("b.txt", OTHER.encode())]).documents
    built = sample_searcher(documents, encoder, tmp_path / "first")
    (key,) = [p.name for p in (tmp_path / "cache").iterdir()]
    copied = sample_searcher(documents, encoder, tmp_path / "second")
    assert [u.id for u in copied.units] == [u.id for u in built.units]
    assert _answers(copied) == _answers(built)
    fewer = sample_searcher(documents[:1], encoder, tmp_path / "third")  # other units: built
    assert {u.document_id for u in fewer.units} == {documents[0].document.id}
    assert [p.name for p in (tmp_path / "cache").iterdir()] != [key]  # one copy, the newest


def test_without_the_variable_nothing_is_cached(
    encoder: Encoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV, raising=False)
    documents = ingest_bytes([("a.txt", NOTICE.encode())]).documents
    searcher = sample_searcher(documents, encoder, tmp_path / "index")
    assert searcher.units and sorted(p.name for p in tmp_path.iterdir()) == ["index"]
