"""Checks of the search dev set: the file parses, its gold clauses really exist in data/,
the promised mix of styles holds, and ``is_hit`` matches locators as documented."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.devset import (
    DevsetError,
    Gold,
    article_number,
    chinese_number,
    is_hit,
    load_devset,
    outline_segments,
    parse_row_locator,
)

DATA = Path(__file__).resolve().parents[1] / "data"
SCORING_SEED = "seeds/003_589e6644b93518d1.txt"
ARTICLE_LINE = re.compile(
    r"^(第[零〇一二两三四五六七八九十百千\d]+条(?:之[一二三四五六七八九十]+)?)", re.M
)

QUESTIONS = load_devset()


def _articles(source: str) -> dict[str, str]:
    """Article locator → its text (the 第X条 paragraph and the 款/项 paragraphs after it)."""
    out: dict[str, str] = {}
    current: str | None = None
    for line in (DATA / source).read_text(encoding="utf-8").splitlines():
        match = ARTICLE_LINE.match(line)
        if match:
            current = match.group(1)
            out[current] = line
        elif line.startswith("#"):
            current = None
        elif current and line.strip():
            out[current] += "\n" + line
    return out


def _scoring_tables() -> list[str]:
    """The tables of seed 003, split at each header row (| 项 目 | 基本要求 | …)."""
    text = (DATA / SCORING_SEED).read_text(encoding="utf-8")
    parts = re.split(r"(?m)^\|\s*项\s*目\s*\|", text)
    return parts[1:]


def _bigrams(text: str) -> set[str]:
    kept = re.sub(r"[^\u4e00-\u9fff0-9A-Za-z]", "", text)
    return {kept[i : i + 2] for i in range(len(kept) - 1)}


def test_devset_size_and_ids() -> None:
    assert len(QUESTIONS) >= 130
    ids = [q.id for q in QUESTIONS]
    assert len(set(ids)) == len(ids)
    assert ids[0] == "q001"


def test_style_and_category_counts() -> None:
    styles = Counter(q.style for q in QUESTIONS)
    categories = Counter(q.category for q in QUESTIONS)
    assert styles["traditional"] >= 10
    assert styles["typo"] >= 10
    assert styles["formal"] >= 30
    assert styles["colloquial"] >= 30
    low_overlap_statutes = [
        q for q in QUESTIONS if q.style == "low_overlap" and q.category == "statute"
    ]
    assert len(low_overlap_statutes) >= 40
    assert categories["statute"] >= 90
    assert categories["scoring"] >= 15
    assert categories["notice"] >= 15
    assert categories["plan"] >= 8
    assert categories["report"] >= 8


def test_many_statutes_national_and_local() -> None:
    sources = {g.source for q in QUESTIONS if q.category == "statute" for g in q.gold}
    assert len(sources) >= 40
    assert sum(s.startswith("corpus/local/") for s in sources) >= 10
    assert any(s.startswith("corpus/law/") for s in sources)
    assert any(s.startswith("corpus/judicial_interp/") for s in sources)


def test_every_gold_source_exists() -> None:
    missing = [
        (q.id, g.source) for q in QUESTIONS for g in q.gold if not (DATA / g.source).is_file()
    ]
    assert missing == []


def test_statute_gold_articles_exist() -> None:
    missing = []
    for q in QUESTIONS:
        for g in q.gold:
            if g.source.startswith("corpus/") and g.locator not in _articles(g.source):
                missing.append((q.id, g.source, g.locator))
    assert missing == []
    assert all(
        g.source.startswith("corpus/") for q in QUESTIONS if q.category == "statute" for g in q.gold
    )


def test_scoring_codes_exist_in_their_table() -> None:
    tables = _scoring_tables()
    assert len(tables) == 10
    for q in QUESTIONS:
        if q.category != "scoring":
            continue
        for g in q.gold:
            assert g.source == SCORING_SEED
            parsed = parse_row_locator(g.locator)
            assert parsed is not None, (q.id, g.locator)
            table, code = parsed
            assert table is not None, f"{q.id}: scoring gold must name its table (表N)"
            assert re.search(rf"(?<![\d-]){re.escape(code)}(?![\d-])", tables[table - 1]), (
                q.id,
                g.locator,
            )


def test_outline_gold_markers_exist() -> None:
    for q in QUESTIONS:
        if q.category not in {"notice", "plan", "report"}:
            continue
        for g in q.gold:
            text = (DATA / g.source).read_text(encoding="utf-8")
            segments = outline_segments(g.locator)
            assert segments, (q.id, g.locator)
            if segments[0][0] == "head":
                # An unnumbered heading is named by its text (seed 002 lost its 一、二、).
                heading = str(segments[0][1])
                assert re.search(rf"(?m)^\s*{heading}\s*$", _simplified(text)), (q.id, g.locator)
                continue
            assert segments[0][0] == "cn", (q.id, g.locator)
            top = re.compile(r"(?m)^\s*([一二三四五六七八九十]+)、")
            headings = [(chinese_number(m.group(1)), m.start()) for m in top.finditer(text)]
            assert headings, (q.id, g.locator)
            starts = [pos for number, pos in headings if number == segments[0][1]]
            assert starts, (q.id, g.locator)
            later = [pos for _, pos in headings if pos > starts[0]]
            section = text[starts[0] : later[0] if later else len(text)]
            for kind, number in segments[1:]:
                assert kind == "paren" and isinstance(number, int)
                marker = "（" + "一二三四五六七八九十"[number - 1] + "）"
                assert marker in section, (q.id, g.locator)


def test_low_overlap_questions_share_few_bigrams_with_gold() -> None:
    opencc = pytest.importorskip("opencc")
    t2s = opencc.OpenCC("t2s")
    for q in QUESTIONS:
        if q.style != "low_overlap" or q.category != "statute":
            continue
        words = _bigrams(t2s.convert(q.question))
        for g in q.gold:
            clause = _bigrams(_articles(g.source)[g.locator])
            assert len(words & clause) / len(words | clause) < 0.1, (q.id, g.locator)


def test_traditional_questions_are_written_in_traditional_characters() -> None:
    opencc = pytest.importorskip("opencc")
    t2s = opencc.OpenCC("t2s")
    traditional = [q for q in QUESTIONS if q.style == "traditional"]
    assert traditional
    assert all(t2s.convert(q.question) != q.question for q in traditional)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("二十四", 24), ("十", 10), ("一百零三", 103), ("一千二百二十八", 1228), ("36", 36)],
)
def test_chinese_number(numeral: str, value: int) -> None:
    assert chinese_number(numeral) == value


def test_article_number() -> None:
    assert article_number("第三百三十四条之一") == (334, 1)
    assert article_number("第二章第二十四条第二款") == (24, 0)
    assert article_number("表2 3-3-6") is None


STATUTE = Gold("corpus/admin_regulation/医疗机构管理条例(2022-03-29).md", "第二十四条")
ROW = Gold(SCORING_SEED, "表2 3-3-6")
OUTLINE = Gold("seeds/004_7640afe18d2e02d4.txt", "三、（二）")


@pytest.mark.parametrize(
    ("gold", "source", "locator", "code", "expected"),
    [
        (STATUTE, STATUTE.source, "第二十四条", None, True),
        (STATUTE, STATUTE.source, "第二十四条第二款", None, True),
        (STATUTE, STATUTE.source, "第二十四条（一）", None, True),
        (STATUTE, "/work/main/data/" + STATUTE.source, "第二十四条", None, True),
        (STATUTE, STATUTE.source, "第二十四条之一", None, False),
        (STATUTE, STATUTE.source, "第二条", None, False),
        (STATUTE, STATUTE.source, "第二十五条", None, False),
        (
            STATUTE,
            "corpus/admin_regulation/医疗机构管理条例(2016-02-06).md",
            "第二十四条",
            None,
            False,
        ),
        (ROW, ROW.source, "表2 3-3-6", None, True),
        (ROW, ROW.source, "3-3-6", None, True),
        (ROW, ROW.source, "t_2/r_3-3-6", "3-3-6", True),
        (ROW, ROW.source, "表1 3-3-6", None, False),
        (ROW, ROW.source, "表2 3-3-5", None, False),
        (OUTLINE, OUTLINE.source, "三、（二）", None, True),
        (OUTLINE, OUTLINE.source, "三、(二)1.", None, True),
        (OUTLINE, OUTLINE.source, "h_3/h_2", "三、（二）", True),
        (OUTLINE, OUTLINE.source, "三、", None, False),
        (OUTLINE, OUTLINE.source, "三、（三）", None, False),
        (OUTLINE, "seeds/001_68de7e2d6fa5fde6.txt", "三、（二）", None, False),
    ],
)
def test_is_hit(gold: Gold, source: str, locator: str, code: str | None, expected: bool) -> None:
    assert is_hit(gold, source, locator, code) is expected


def test_load_devset_rejects_bad_lines(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "q1", "question": "x", "style": "slang", "category": "statute", '
        '"gold": [{"source": "a", "locator": "第一条"}]}\n',
        encoding="utf-8",
    )
    with pytest.raises(DevsetError, match=r"bad.jsonl:1: unknown style 'slang'"):
        load_devset(bad)
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(DevsetError, match=r"bad.jsonl:1: malformed"):
        load_devset(bad)
    with pytest.raises(DevsetError, match="cannot read dev set"):
        load_devset(tmp_path / "absent.jsonl")


def _simplified(text: str) -> str:
    import opencc

    return str(opencc.OpenCC("t2s").convert(text))
