"""The domain probe in the real searcher, and the teacher's second opinion the benchmark measured.

Real models, the real index of the sample corpus: reuses the session index of
tests/test_search_searcher.py (seeds + 141 statutes, the shipped student and its teacher), so
running it with that module or tests/test_search_current_first.py builds the index once.
"""

from __future__ import annotations

import re

import pytest

from benchmarks.domain_fit import in_scope_texts, store_phrases, store_sentences
from benchmarks.second_opinion import SecondOpinion, readings
from search import Searcher
from search.dense import refiner_of
from search.relevance import ANSWER_THRESHOLD, ANSWER_WINDOW
from search.units import SearchUnit, dense_text
from tests import test_search_searcher as shared

documents, units, encoder = shared.documents, shared.units, shared.encoder
index_dir, searcher = shared.index_dir, shared.searcher

pytestmark = pytest.mark.slow

ANSWERABLE = "医疗废物暂时贮存的时间不得超过多少天"


def test_the_shipped_searcher_reads_the_probe_and_it_splits_scope(searcher: Searcher) -> None:
    assert searcher.domain is not None, "the probe fits the shipped query model"
    inside = searcher.domain.logit(searcher.query_vector(ANSWERABLE))
    outside = searcher.domain.logit(searcher.query_vector("番茄炒蛋先放番茄还是先放蛋"))
    assert inside > 0 > outside


@pytest.mark.parametrize(
    "question",
    # Near-topic questions of the off-topic set's seen splits (the probe was fitted on them):
    # they share a subject with real clauses, and the cosine alone answered them.
    ["医院年终奖一般发多少合适", "医生跳槽要赔多少违约金", "专利申请要多长时间"],
)
def test_near_topic_questions_get_nothing_found_and_say_why(
    searcher: Searcher, question: str
) -> None:
    outcome = searcher.find(question, 10)
    assert not outcome.answered and outcome.hits, "closest matches are still offered"
    assert all((h.relevance or 0) < ANSWER_THRESHOLD for h in outcome.hits[:ANSWER_WINDOW])
    assert searcher.domain is not None
    doubted = searcher.domain.logit(searcher.query_vector(question)) < 0
    # The explanation says so when the question itself looks out of scope.
    assert doubted == ("不像本库法规所管的事项" in (outcome.hits[0].explanation or ""))


def test_the_teachers_second_opinion_is_its_own_cosine_and_cached(searcher: Searcher) -> None:
    teacher = refiner_of(searcher.encoder)
    assert teacher is not None
    opinion = SecondOpinion(teacher)
    rows = [searcher.row_of[h.clause_id] for h in searcher.search(ANSWERABLE, ANSWER_WINDOW)]
    query = searcher.query_vector(ANSWERABLE)
    window = readings(searcher.units, searcher.dense, rows)
    first = opinion.cosines(window, query)
    direct = teacher.encode_documents([dense_text(searcher.units[r]) for r in rows]) @ query
    assert first == pytest.approx(direct.tolist(), abs=1e-3)
    cached = len(opinion._cache)
    assert opinion.cosines(window, query) == pytest.approx(first, abs=1e-6)
    assert len(opinion._cache) == cached, "a clause read once is not read again"
    # A refined row's vector is the teacher's already: read from the index, no model call.
    vector = query.copy()
    assert opinion.cosines([(searcher.units[rows[0]], vector)], query) == [pytest.approx(1.0)]
    assert len(opinion._cache) == cached


@pytest.mark.parametrize("question", ["疫苗", "执业注册", "献血", "医疗废物", "麻醉药品"])
def test_keyword_queries_of_the_stores_subjects_are_answered(
    searcher: Searcher, question: str
) -> None:
    # The probe learns these from the store's own titles and headings (store_phrases): fitted
    # on whole-sentence dev questions alone, it read every bare keyword as out of scope.
    assert searcher.find(question, 10).answered


def test_store_phrases_are_its_titles_and_headings_without_numbers(units: list[SearchUnit]) -> None:
    phrases = store_phrases(units)
    assert 100 < len(phrases) <= 600 and len(set(phrases)) == len(phrases)
    assert "医疗机构管理条例" in phrases and "献血法" in phrases
    assert not any(
        re.match(r"第[一二三四五六七八九十]+[章节]|[一二三四五六七八九十]+、", p) for p in phrases
    )
    assert not any(p.startswith("中华人民共和国") or "(" in p or "（" in p for p in phrases)


def test_store_sentences_are_first_sentences_without_numbers(units: list[SearchUnit]) -> None:
    # In-scope examples for the probe from every subject the store holds (benchmarks/domain_fit.py).
    sentences = store_sentences(units)
    assert 100 < len(sentences) <= 600 and len(set(sentences)) == len(sentences)
    assert all(8 <= len(s) <= 60 and not re.search(r"[。；！？|\n]", s) for s in sentences)
    assert not any(
        re.match(r"第[一二三四五六七八九十百零〇\d]+条|[（(][一二三四五六七八九十\d]+[）)]", s)
        for s in sentences
    )
    both = in_scope_texts(units, ("phrases", "sentences"))
    assert len(both) == len(store_phrases(units)) + len(sentences)
    assert in_scope_texts(units) == store_phrases(units), "shipped: titles and headings only"
