"""Current text first, as_of, and "nothing found" on the real index of the sample corpus.

Reuses the session index of tests/test_search_searcher.py (seeds + 141 statutes, the shipped
encoder), so running both modules builds it once.
"""

from __future__ import annotations

import pytest

from search import Searcher
from search.relevance import ANSWER_THRESHOLD
from tests import test_search_searcher as shared

# The session fixtures of the shared index, made visible to this module.
documents, units, encoder = shared.documents, shared.units, shared.encoder
index_dir, searcher = shared.index_dir, shared.searcher

pytestmark = pytest.mark.slow

PUBLIC_PLACES = "公共场所卫生管理条例"


def test_current_text_comes_first_with_the_older_version_folded_under_it(
    searcher: Searcher,
) -> None:
    # The example: the 2019 第八条 (两年复核一次) used to rank above the current one.
    hits = searcher.search("公共场所卫生许可证有效期多长", 10)
    ours = [h for h in hits if h.document_title == PUBLIC_PLACES]
    assert ours and all(h.is_current for h in hits if h.document_title == PUBLIC_PLACES)
    eighth = next(h for h in ours if h.locator == "第八条")
    assert eighth.version_date == "2024-12-06"
    assert [v.note for v in eighth.versions] == ["历史版本：2019-04-23 第八条，有修改"]
    assert len({h.clause_id for h in hits}) == len(hits)


def test_badge_question_shows_the_2022_article_with_the_2016_one_folded(
    searcher: Searcher,
) -> None:
    hits = searcher.search("医院员工上班不戴胸牌算违规吗？", 5)
    top = next(h for h in hits if h.document_title == "医疗机构管理条例")
    assert (top.locator, top.is_current) == ("第二十九条", True)
    assert "历史版本：2016-02-06 第三十条，文字相同" in [v.note for v in top.versions]
    assert not any(h.document_title == "医疗机构管理条例" and not h.is_current for h in hits)
    # A match on meaning explains itself in Chinese, naming the clause's nearest words.
    assert top.explanation and top.explanation.startswith("相关度")
    assert "“胸牌”近“标牌”" in top.explanation


def test_all_versions_and_as_of(searcher: Searcher) -> None:
    question = "公共场所卫生许可证多久复核一次"
    every = searcher.search(question, 10, all_versions=True)
    dates = {h.version_date for h in every if h.document_title == PUBLIC_PLACES}
    assert {"2019-04-23", "2024-12-06"} <= dates
    then = searcher.search(question, 10, as_of="2020-01-01")
    old = [h for h in then if h.document_title == PUBLIC_PLACES]
    assert old and {h.version_date for h in old} == {"2019-04-23"}
    assert any("两年复核一次" in h.text for h in old)
    # The 2024 revision took effect on 2025-01-20: on 2025-01-01 the 2019 text still applied.
    assert {
        h.version_date
        for h in searcher.search(question, 10, as_of="2025-01-01")
        if h.document_title == PUBLIC_PLACES
    } == {"2019-04-23"}
    now = searcher.search(question, 10, as_of="2025-02-01")
    assert {h.version_date for h in now if h.document_title == PUBLIC_PLACES} == {"2024-12-06"}


@pytest.mark.parametrize("question", ["今天天气怎么样", "？？？", "股票怎么买", "离婚财产怎么分"])
def test_questions_nothing_answers_are_not_answered(searcher: Searcher, question: str) -> None:
    outcome = searcher.find(question, 10)
    assert not outcome.answered
    assert outcome.hits, "the closest matches are still offered"
    assert all(h.relevance is not None and h.relevance < ANSWER_THRESHOLD for h in outcome.hits[:3])


@pytest.mark.parametrize(
    "question",
    [
        "床位不满100张的医疗机构，《医疗机构执业许可证》多长时间校验一次？",
        "医疗机构执业许可证应当悬挂在哪里",
        "医疗废物暂时贮存的时间不得超过多少天",
    ],
)
def test_questions_the_store_answers_are_answered(searcher: Searcher, question: str) -> None:
    outcome = searcher.find(question, 10)
    assert outcome.answered and outcome.best_relevance >= ANSWER_THRESHOLD
    assert outcome.hits[0].relevance_label in ("高", "中", "低")
