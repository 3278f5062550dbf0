"""Current text first (search/folding.py) and relevance (search/relevance.py) as pure functions.

Units are written here the way ingest cuts them from two versions of one regulation (the 2016 and
2022 医疗机构管理条例 renumbered 第三十条 to 第二十九条) and a rule repeating a law's sentence.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from ingest.locators import article_words
from search.folding import VersionMap, fold, folded_unit
from search.relevance import QueryTerms, explain, near_terms, relevance
from search.units import SearchUnit

BADGE = "医疗机构工作人员上岗工作，必须佩带载有本人姓名、职务或者职称的标牌。"
SIGN = "医疗机构必须将《医疗机构执业许可证》、诊疗科目、诊疗时间和收费标准悬挂于明显处所。"
CHECK = "床位不满100张的医疗机构，其《医疗机构执业许可证》每年校验1次。"


def unit(doc: str, locator: str, text: str, version: str | None, **extra: object) -> SearchUnit:
    fields: dict = {
        "id": f"{doc}#{locator}",
        "document_id": doc,
        "document_title": extra.pop("title", "医疗机构管理条例"),
        "source": f"{doc}.md",
        "locator": locator,
        "path": (),
        "kind": "article",
        "document_kind": "administrative_regulation",
        "level": "national",
        "jurisdiction": "全国",
        "status": extra.pop("status", "in_force"),
        "version_date": version,
        "work_title": extra.pop("work", "医疗机构管理条例"),
        "text": f"{locator} {text}",
        "span": (0, 10),
    }
    return SearchUnit(**fields, **extra)


UNITS = [
    unit("old", "第三十条", BADGE, "2016-02-06", effective="2016-02-06"),  # 0
    unit("old", "第二十六条", SIGN, "2016-02-06", effective="2016-02-06"),  # 1
    unit("old", "第二十二条", CHECK.replace("每年", "每两年"), "2016-02-06"),  # 2
    unit("new", "第二十九条", BADGE, "2022-03-29", effective="2022-05-01"),  # 3
    unit("new", "第二十五条", SIGN, "2022-03-29", effective="2022-05-01"),  # 4
    unit("new", "第二十一条", CHECK, "2022-03-29", effective="2022-05-01"),  # 5
    unit("rule", "第九条", BADGE, "1994-08-29", title="某某细则", work="某某细则"),  # 6
]
CURRENT = np.array([False, False, False, True, True, True, True])


def test_an_old_version_gives_its_rank_to_the_current_article_and_folds_under_it() -> None:
    versions = VersionMap(UNITS, CURRENT)
    shown = fold([(0, 0.9), (3, 0.8), (4, 0.5)], versions, top_k=10)
    assert [h.row for h in shown] == [3, 4]
    first = shown[0]
    assert first.score == 0.9 and first.stands_for == 0
    assert [(f.row, f.relation, f.same_text) for f in first.folded] == [(0, "version", True)]
    assert [(f.row, f.same_text) for f in shown[1].folded] == [(1, True)]


def test_a_folded_unit_reads_as_the_reader_expects() -> None:
    versions = VersionMap(UNITS, CURRENT)
    badge = fold([(0, 0.9), (1, 0.8)], versions, top_k=10)[0]
    older = folded_unit(versions, badge.folded[0])
    assert older.note == "历史版本：2016-02-06 第三十条，文字相同"
    assert (older.status, older.relation, older.locator) == ("superseded", "version", "第三十条")
    changed = fold([(2, 0.7)], versions, top_k=10)[0].folded[0]
    assert folded_unit(versions, changed).note == "历史版本：2016-02-06 第二十二条，有修改"
    repeated = fold([(3, 0.9), (6, 0.8)], versions, top_k=10)[0].folded[-1]
    assert folded_unit(versions, repeated).note == "相同内容另见：某某细则 第九条，文字相同"


def test_an_amended_article_is_folded_as_changed() -> None:
    shown = fold([(2, 0.7)], VersionMap(UNITS, CURRENT), top_k=10)
    assert [h.row for h in shown] == [5]
    assert [(f.row, f.same_text) for f in shown[0].folded] == [(2, False)]


def test_the_same_text_in_another_work_folds_as_a_duplicate() -> None:
    shown = fold([(3, 0.9), (6, 0.85), (5, 0.4)], VersionMap(UNITS, CURRENT), top_k=10)
    assert [h.row for h in shown] == [3, 5]
    assert ("duplicate", 6) in [(f.relation, f.row) for f in shown[0].folded]


def test_all_versions_shows_every_version_apart() -> None:
    shown = fold([(0, 0.9), (3, 0.8)], VersionMap(UNITS, CURRENT), 10, fold_versions=False)
    assert [h.row for h in shown] == [0, 3] and not any(h.folded for h in shown)


def test_top_k_counts_shown_results_not_folded_ones() -> None:
    shown = fold([(0, 0.9), (3, 0.8), (6, 0.7), (4, 0.6), (5, 0.5)], VersionMap(UNITS, CURRENT), 2)
    assert [h.row for h in shown] == [3, 4]


def test_as_of_a_date_picks_the_version_then_in_force_by_its_effective_date() -> None:
    versions = VersionMap(UNITS, CURRENT)
    docs = lambda day: {UNITS[r].document_id for r in np.flatnonzero(versions.in_force_on(day))}  # noqa: E731
    assert docs(date(2020, 1, 1)) == {"old", "rule"}
    # Published 2022-03-29, in force from 2022-05-01: in April the 2016 text still applied.
    assert docs(date(2022, 4, 15)) == {"old", "rule"}
    assert docs(date(2022, 5, 1)) == {"new", "rule"}
    assert docs(date(1990, 1, 1)) == set()


def test_body_drops_the_article_number_and_punctuation() -> None:
    assert article_words("第三十条 医疗机构，必须 佩带标牌。") == "医疗机构必须佩带标牌"
    assert article_words("第二十条之一 内容") == "内容"


def terms(words: dict[str, float], grams: dict[str, float] | None = None) -> QueryTerms:
    grams = grams or {}
    return QueryTerms(tuple(words), tuple(words.values()), tuple(grams), tuple(grams.values()))


def test_relevance_rises_with_the_question_words_the_clause_holds() -> None:
    text = "第二十九条 " + BADGE
    asked = terms({"上岗": 5.0, "标牌": 6.0}, {"上岗": 5.0, "标牌": 6.0})
    full = relevance(asked, text, 0.6)
    none = relevance(terms({"股票": 9.0}, {"股票": 9.0}), text, 0.2)
    assert full.matched == ("上岗", "标牌") and not full.missing
    assert full.score > none.score and 0 <= none.score <= 100
    assert none.label == "低" and relevance(QueryTerms((), (), (), ()), text, 0.9).score == 0


def test_a_clause_holding_part_of_a_question_word_is_explained_by_that_part() -> None:
    """jieba keeps 今天天气 whole and the lexical match highlights 天气 in a clause: the
    explanation names 天气 instead of claiming the clause shares no word with the question."""
    import numpy as np

    from search.analyzer import default_analyzer
    from search.relevance import query_terms

    asked = query_terms("今天天气怎么样", default_analyzer(), {}, np.ones(1, dtype=np.float32))
    assert "今天天气" in asked.words
    found = relevance(asked, "遇有极端天气、重污染天气，学校应当减少室外体育活动。", 0.19)
    assert "天气" in found.matched and "今天天气" not in found.missing
    assert "天气" in explain(found, []) and "无共同词语" not in explain(found, [])
    elsewhere = relevance(asked, "医疗机构应当公示诊疗科目。", 0.19)
    assert not elsewhere.matched and "无共同词语" in explain(elsewhere, [])


def test_a_match_on_meaning_explains_itself_with_the_clause_words_nearest_the_question() -> None:
    assert near_terms(("胸牌", "上班"), ["标牌", "上岗", "工作"]) == [
        ("胸牌", "标牌"),
        ("上班", "上岗"),
    ]
    # A character shared in another place pairs nothing (a user read 上班≈以上, 日志≈之日起).
    unrelated = ("上班", "过期", "病人", "一次", "别的", "日志")
    assert near_terms(unrelated, ["以上", "通过", "人民", "十一", "类别", "之日起"]) == []
    found = relevance(terms({"胸牌": 8.0, "上班": 4.0}), "第二十九条 " + BADGE, 0.55)
    said = explain(found, ["医疗机构", "上岗", "工作", "标牌"])
    assert said.startswith(f"相关度 {found.score}（")
    assert "“胸牌”近“标牌”" in said and "“上班”近“上岗”" in said and "语义" in said


def test_a_lexical_match_names_the_shared_words() -> None:
    found = relevance(terms({"标牌": 8.0}), "第二十九条 " + BADGE, 0.5)
    assert "问题中的“标牌”见于条文" in explain(found, ["标牌"])
