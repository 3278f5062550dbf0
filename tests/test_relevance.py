"""Honest relevance: the off-topic question set, its blind split, and the candidate refusal signals.

Fast tests on real inputs: the shipped benchmarks/offtopic.jsonl, a BM25 index of a real statute
from data/, and saved-run rows shaped as ``python -m benchmarks.relevance --runs`` writes them.
The searcher-level behaviour ("nothing found" on the real index) is tested in
tests/test_search_current_first.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from benchmarks.domain_fit import decide, fit_domain
from benchmarks.refusal_features import (
    FEATURE_SETS,
    DomainVocabulary,
    Question,
    cut_for,
    dense_margin,
    domain_share,
    fit,
    rank_agreement,
    score,
)
from benchmarks.relevance import OFFTOPIC, Run, load_offtopic, report
from search.analyzer import analyze
from search.domain_probe import PROBE_FILE, load_probe, logistic, out_of_fold
from search.lexical import BM25Index
from search.relevance import ANSWER_THRESHOLD, QueryTerms, explain, relevance

STATUTE = (
    Path(__file__).resolve().parent.parent
    / "data/corpus/admin_regulation/医疗机构管理条例(2022-03-29).md"
)


def test_offtopic_set_has_a_blind_split_of_at_least_40_new_questions() -> None:
    rows = [json.loads(line) for line in OFFTOPIC.read_text("utf-8").splitlines() if line]
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["question"] for r in rows}) == len(rows), "no question twice"
    splits = [split for _, split in load_offtopic()]
    assert splits.count("calibration") == splits.count("measure") == 38
    assert splits.count("measure2") >= 40
    blind_kinds = {r["kind"] for r in rows if r.get("split") == "measure2"}
    # Everyday, nonsense and the hard kind: out-of-scope questions a hospital might ask.
    assert {"everyday", "nonsense", "medical_advice", "insurance", "tax", "traffic"} <= blind_kinds


@pytest.fixture(scope="module")
def vocabulary() -> DomainVocabulary:
    clauses = [line for line in STATUTE.read_text("utf-8").splitlines() if line.strip()]
    return DomainVocabulary.of(BM25Index.build(analyze(c) for c in clauses))


def test_domain_vocabulary_tells_statute_words_from_everyday_ones(
    vocabulary: DomainVocabulary,
) -> None:
    assert vocabulary.lift("医疗机构") > 3  # the statute's own subject
    assert vocabulary.lift("天气") < 0 and vocabulary.lift("孩子") < 0  # common, never used here
    # A word neither uses is neutral, not domain vocabulary by default.
    assert vocabulary.lift("qwzx") == pytest.approx(0.0)
    assert vocabulary.share(["医疗机构", "天气"]) == pytest.approx(4 / 6)
    assert vocabulary.share([]) == 0.0


def _raw(dense: list[float], lexical_rows: list[int]) -> dict[str, object]:
    return {
        "dense": [[row, c] for row, c in enumerate(dense)],
        "lexical": [[row, 1.0] for row in lexical_rows],
        "words": [["医疗机构", 3.0, 2535.0], ["天气", 9.0, 2.0]],
        "bigrams": [["医疗", 2.0]],
        "word_tokens": 738930.0,
        "hits": [[0, dense[0], "医疗机构执业，必须进行登记"]],
    }


def test_query_level_candidates_read_the_saved_run() -> None:
    raw = _raw([0.6, 0.4, 0.3, 0.2, 0.1], [0, 1, 7, 8, 9])
    hit = raw["hits"][0]  # type: ignore[index]
    assert dense_margin(raw, hit) == pytest.approx(0.6 - 0.3)
    assert rank_agreement(raw, hit) == pytest.approx(2 / 10)
    # 医疗机构 is the store's word (a corpus share far above jieba's), 天气 is not.
    assert domain_share(raw, hit) == pytest.approx(4 / 6)


def _run(answerable: bool, split: str, cosine: float, rank: int | None = 1) -> dict[str, object]:
    raw = _raw([cosine, cosine - 0.1, cosine - 0.2], [0])
    return {"answerable": answerable, "split": split, "rank": rank, "raw": raw}


def test_refusal_rule_refuses_no_answerable_question_it_was_fitted_on() -> None:
    runs = [_run(True, "calibration", c) for c in (0.45, 0.55, 0.6, 0.7)]
    runs += [_run(False, "calibration", c, None) for c in (0.2, 0.25, 0.3, 0.5)]
    questions = [Question(r, ("cosine",)) for r in runs]
    w = fit(questions)
    assert w[1] > 0, "a higher cosine means more relevant"
    cut = cut_for(questions, w)
    assert all(score(q, w) >= cut for q in questions if q.answerable)
    assert sum(score(q, w) < cut for q in questions if not q.answerable) == 3
    assert FEATURE_SETS[0] == ("cosine",), "the shipped model is compared first"


def _saved(question: str, answerable: bool, split: str, x: float) -> Run:
    return Run(question, answerable, split == "calibration", 1 if answerable else None, 1, 0, 0,
               10, True, [(0.0, 0.0, x)], split)  # fmt: skip


def test_report_keeps_the_blind_splits_out_unless_asked() -> None:
    runs = [
        _saved("医疗机构执业许可证校验", True, "calibration", 0.6),
        _saved("今天天气怎么样", False, "calibration", 0.1),
        _saved("护士执业注册", True, "measure", 0.6),
        _saved("明天会下雨吗", False, "measure", 0.2),
        _saved("高血压吃什么药比较好", False, "measure2", 0.9),
        _saved("医院职工每年的带薪年休假有几天", False, "measure4", 0.9),
        _saved("献一次血最多能抽多少毫升", True, "dev_blind", 0.6),
        _saved("医院灭火器多久检查一次", False, "train", 0.9),
    ]
    hidden = report(runs)
    assert not [h for h in hidden if "measure4" in h or "dev_blind" in h or h == "non-calibration"]
    assert hidden["all"]["offtopic n"] == 2
    assert hidden["measure2"]["offtopic n"] == 1, "measure2 is seen now: always reported"
    assert all(h["offtopic n"] < 5 for h in hidden.values()), "train is never a figure"
    shown = report(runs, blind=True)
    assert shown["measure4 (blind)"]["offtopic n"] == 1
    assert shown["measure4 (blind)"]["offtopic nothing found"] == 0.0  # cosine 0.9: answered
    assert shown["dev_blind (blind)"]["dev answered"] == 1.0
    assert shown["non-calibration"]["offtopic n"] == 3
    assert shown["measure-only"]["offtopic nothing found"] == 1.0


def test_blind_measure3_split_was_written_with_the_hard_kinds() -> None:
    rows = [json.loads(line) for line in OFFTOPIC.read_text("utf-8").splitlines() if line]
    blind = [r for r in rows if r.get("split") == "measure3"]
    assert len(blind) >= 40
    kinds = [r["kind"] for r in blind]
    # A fair share of near-topic hospital questions no health regulation governs, and questions
    # that sound in scope but name rules the store does not hold.
    assert kinds.count("hospital_admin") >= 8 and kinds.count("unheld_regulation") >= 3
    assert {"everyday", "nonsense", "medical_advice", "tax", "other_law"} <= set(kinds)


def test_a_question_the_probe_finds_out_of_scope_scores_lower_and_says_so() -> None:
    terms = QueryTerms(("电梯",), (9.0,), (), ())
    text = "第一条 医疗机构应当定期检查医疗器械。"
    inside = relevance(terms, text, 0.45, domain=3.0)
    outside = relevance(terms, text, 0.45, domain=-3.0)
    assert inside.score > outside.score
    assert inside.score >= ANSWER_THRESHOLD > outside.score
    assert "不像本库法规所管的事项" in explain(outside, ["医疗器械"])
    assert "不像本库法规所管的事项" not in explain(inside, ["医疗器械"])
    # Without a probe (another query model) the cosine model decides as before the probe.
    alone = relevance(terms, text, 0.45)
    assert alone.domain is None and "不像" not in explain(alone, [])


def test_the_shipped_probe_belongs_to_the_shipped_query_model() -> None:
    data = json.loads(PROBE_FILE.read_text("utf-8"))
    probe = load_probe(data["model"])
    assert probe is not None and probe.weights.shape == (769,)
    assert load_probe("some-other-model") is None, "another model's vectors: no probe"


def test_probe_fit_separates_two_clusters_out_of_fold() -> None:
    rng = np.random.default_rng(1)
    inside = rng.normal(0.0, 0.1, (40, 8)) + np.eye(8)[0]
    outside = rng.normal(0.0, 0.1, (40, 8)) - np.eye(8)[0]
    x = np.vstack([inside, outside])
    y = np.array([1.0] * 40 + [0.0] * 40)
    held = out_of_fold(x, y, l2=1.0)
    assert (held[:40] > 0).all() and (held[40:] < 0).all()
    w = logistic(x, y, l2=1.0)
    assert w[1] > 0 and abs(w[0]) < 1


def test_domain_model_refuses_what_the_cosine_cannot_tell_apart() -> None:
    # Same cosine for every question: only the question's own vector separates the two sets.
    rng = np.random.default_rng(2)

    def saved(answerable: bool, split: str, i: int) -> Run:
        vector = rng.normal(0.0, 0.1, 8) + (1.0 if answerable else -1.0) * np.eye(8)[0]
        return Run(f"q{answerable}{split}{i}", answerable, split == "calibration",
                   1 if answerable else None, 1, 0, 0, 10, True, [(0.0, 0.0, 0.45)], split,
                   {"vector": vector.tolist()})  # fmt: skip

    runs = [
        saved(a, s, i) for a in (True, False) for s in ("calibration", "measure") for i in range(20)
    ]
    model = fit_domain(runs, "test-model", splits=("calibration",))
    assert model.weights[2] > 0, "a question in scope is more likely answered"
    figures = report(runs, decide=lambda r: decide(r, model))
    assert figures["measure-only"]["offtopic nothing found"] == 1.0
    assert figures["measure-only"]["dev answered"] == 1.0
    assert report(runs)["measure-only"]["offtopic nothing found"] == 0.0, "the cosine alone cannot"
