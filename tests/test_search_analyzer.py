"""Unit tests of the search analyzer: folding, bigrams, words, aliases, highlights."""

from __future__ import annotations

import pytest

from search.analyzer import (
    BIGRAM_PREFIX,
    Lexicon,
    analyze,
    char_bigrams,
    fold,
    highlight_spans,
    make_analyzer,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("醫療機構執業許可證", "医疗机构执业许可证"),
        ("（一）ＡＢＣ　１２３", "(一)abc 123"),
        ("國衛辦醫政函〔2025〕228號", "国卫办医政函〔2025〕228号"),
        ("衛生健康委員會", "卫生健康委员会"),
    ],
)
def test_fold_is_simplified_half_width_and_keeps_length(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert len(fold(text)) == len(text)


def test_char_bigrams_cover_each_chinese_run_and_ascii_words() -> None:
    expected = ["医疗", "疗机", "机构", "一", "年", "hiv", "2020"]
    assert char_bigrams("醫療機構（一）HIV 2020年") == expected


def test_analyzer_emits_domain_words_and_prefixed_bigrams() -> None:
    tokens = analyze("医疗机构执业许可证由哪个部门核发")
    assert "医疗机构执业许可证" in tokens  # a domain word kept whole
    assert "执业许可证" in tokens  # and its dictionary sub-word
    assert BIGRAM_PREFIX + "核发" in tokens
    assert not any("哪" in t for t in tokens)  # stop word and its bigrams dropped


def test_traditional_and_simplified_give_the_same_tokens() -> None:
    traditional = analyze("醫療機構執業許可證多長時間校驗一次")
    assert traditional == analyze("医疗机构执业许可证多长时间校验一次")


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("院感", "医院感染"),
        ("卫健委", "卫生健康委员会"),
        ("医保", "医疗保障"),
        ("三甲", "三级甲等"),
    ],
)
def test_alias_expansion_lets_each_form_find_the_other(short: str, full: str) -> None:
    expanded = set(analyze(f"加强{short}管理"))
    assert set(analyze(full)) <= expanded
    # the document side expands too: a clause saying 院感 shares tokens with a query saying 医院感染
    assert set(analyze(f"加强{full}管理")) & expanded >= set(analyze(full))


def test_analyzer_strategy_switches() -> None:
    lexicon = Lexicon(terms=("执业许可证",), aliases=(("院感", "医院感染"),))
    words_only = make_analyzer(lexicon, bigrams=False, expand=False, min_word=3)
    assert words_only("院感执业许可证") == ["执业许可证", "许可证"]  # + jieba sub-word
    bigrams_only = make_analyzer(lexicon, words=False, expand=False)
    assert bigrams_only("院感") == [BIGRAM_PREFIX + "院感"]
    assert make_analyzer(lexicon, bigrams=False, min_word=2)("院感") == ["医院", "感染"]


def test_highlight_spans_index_the_original_text() -> None:
    text = "醫療機構必須將《醫療機構執業許可證》懸掛於明顯處所。"
    spans = highlight_spans(text, analyze("执业许可证悬挂"))
    assert [text[a:b] for a, b in spans] == ["執業許可證", "懸掛"]
