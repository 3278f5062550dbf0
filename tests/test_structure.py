"""Clause trees: statutes from the corpus, notices and plans from the seeds, and property tests."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.models import Clause, ClauseKind, Document, DocumentKind
from ingest.pipeline import parse_document
from ingest.reading import fold
from ingest.structure import Structure, parse_structure

DATA = Path(__file__).resolve().parent.parent / "data"


def document(text: str) -> Document:
    return Document(
        id="d",
        source="d.txt",
        sha256="",
        encoding="utf-8",
        title="t",
        kind=DocumentKind.OTHER,
        text=text,
        folded=fold(text),
    )


def structure_of(text: str) -> Structure:
    return parse_structure(document(text))


def by_path(clauses: tuple[Clause, ...]) -> dict[str, Clause]:
    return {c.path: c for c in clauses}


def parse_file(pattern: str) -> tuple[str, dict[str, Clause]]:
    path = next(DATA.glob(pattern))
    parsed = parse_document(path.read_bytes(), str(path))
    return parsed.document.text, by_path(parsed.clauses)


def assert_well_formed(text: str, clauses: tuple[Clause, ...]) -> None:
    """Spans index the text, ids are unique, parents exist and contain their children,
    and together the clauses cover every non-blank character."""
    ids = {c.id for c in clauses}
    assert len(ids) == len(clauses)
    covered = bytearray(len(text))
    spans = {c.id: c.span for c in clauses}
    for clause in clauses:
        assert 0 <= clause.span.start <= clause.span.end <= len(text)
        assert clause.text == text[clause.span.start : clause.span.end]
        assert clause.id == f"{clause.document_id}#{clause.path}"
        if clause.parent_id is not None:
            parent = spans[clause.parent_id]
            assert parent.start <= clause.span.start and clause.span.end <= parent.end
        covered[clause.span.start : clause.span.end] = b"\x01" * (
            clause.span.end - clause.span.start
        )
    lost = [ch for ch, flag in zip(text, covered, strict=True) if not flag and not ch.isspace()]
    assert not lost, "".join(lost)[:50]


def test_statute_article_paragraph_item_locator_and_span() -> None:
    text, clauses = parse_file("corpus/*/医疗机构管理条例实施细则(1994-08-29).md")
    article = clauses["art_20"]
    assert article.kind == ClauseKind.ARTICLE and article.number == 20
    assert article.locator == "第二十条"
    assert article.parent_id is not None and article.parent_id.endswith("#ch_2")
    paragraph = clauses["art_20/para_2"]
    assert paragraph.locator == "第二十条第二款"
    assert paragraph.text.startswith("申请设置医疗机构有下列情形之一的，不予批准：")
    item = clauses["art_20/para_2/item_3"]
    assert item.kind == ClauseKind.ITEM
    assert item.locator == "第二十条第二款第（三）项"
    assert item.parent_id == paragraph.id
    assert item.text == "（三）不能提供满足投资总额的资信证明；"
    assert text[item.span.start : item.span.end] == item.text
    assert paragraph.span.start <= item.span.start < item.span.end <= paragraph.span.end


def test_single_paragraph_article_has_items_but_no_paragraph_clause() -> None:
    _, clauses = parse_file("corpus/*/医疗机构管理条例(2022-03-29).md")
    assert "art_10/para_1" not in clauses
    item = clauses["art_10/para_1/item_3"]
    assert item.locator == "第十条第（三）项"
    assert item.parent_id == clauses["art_10"].id
    assert clauses["ch_2"].heading == "规划布局和设置审批"


def test_article_numbers_up_to_hundreds_and_zhi_yi() -> None:
    _, clauses = parse_file("corpus/law_excerpt/*刑法*")
    assert clauses["art_330"].locator == "第三百三十条"
    assert clauses["art_334-1"].locator == "第三百三十四条之一"
    assert clauses["sec_5"].heading == "危害公共卫生罪"


def test_chapter_and_section_on_one_heading_line() -> None:
    _, clauses = parse_file("corpus/law/中华人民共和国食品安全法(2025-09-12).md")
    assert clauses["ch_4"].heading == "食品生产经营"
    assert clauses["ch_4/sec_2"].heading == "生产经营过程控制"
    assert clauses["ch_4/sec_2"].parent_id == clauses["ch_4"].id


def test_table_of_contents_is_not_a_second_chapter() -> None:
    _, clauses = parse_file("corpus/local/北京市献血条例(2021-11-26).md")
    assert not [p for p in clauses if "~" in p]
    assert clauses["art_1"].parent_id == clauses["ch_1"].id
    assert "## 第六章 附 则" in clauses["preamble"].text  # the 目录 stays in the preamble


def test_statute_parts_and_subitems() -> None:
    text = (
        "# 某法\n\n## 第一编 总则\n\n## 第一章 一般规定\n\n第一条 目的。\n\n"
        "第二条 下列事项：\n\n（一）甲；\n\n1．子目一；\n\n2．子目二；\n\n"
        "（二）乙。\n\n前款规定……\n\n"
        "## 第二编 分则\n\n## 第一章 细则\n\n第一千零一条 附则。\n"
    )
    clauses = by_path(structure_of(text).clauses)
    assert clauses["pt_1/ch_1"].locator == "第一编第一章"
    assert clauses["pt_2/ch_1"].heading == "细则"
    assert clauses["art_1001"].locator == "第一千零一条"
    assert clauses["art_2/para_1/item_1/sub_2"].locator == "第二条第一款第（一）项第2目"
    assert clauses["art_2/para_2"].text == "前款规定……"


def test_notice_with_page_breaks_seed_001() -> None:
    _, clauses = parse_file("seeds/001_*.txt")
    assert clauses["h_3"].heading == "主要内容"
    item = clauses["h_3/h_2"]
    assert item.locator == "三、（二）"
    assert item.heading == "健全医疗质量管理组织体系"
    # the page break inside 医疗 / 质量管理 does not end the item
    assert "医疗机构主要负责人为本机构医疗\n\n质量管理的第一责任人" in item.text
    assert clauses["h_4/h_1/h_7"].locator == "四、（一）7."
    assert clauses["h_4/h_1/h_7"].heading == "加强病历管理和建设"
    assert clauses["preamble"].text.startswith("中卫市 2020 年“医疗质量提升年”实施方案")


def test_unnumbered_headings_seed_002() -> None:
    _, clauses = parse_file("seeds/002_*.txt")
    headings = [c.heading for c in clauses.values() if c.kind == ClauseKind.HEADING]
    assert headings == ["总体要求", "整治范围", "整治内容", "工作安排", "工作要求"]
    assert clauses["p_3/h_10"].locator == "整治内容（十）"
    assert clauses["p_3/h_10"].heading == "医德医风建设管理不到位问题"


def test_scoring_tables_seed_003() -> None:
    _, clauses = parse_file("seeds/003_*.txt")
    tables = [c for c in clauses.values() if c.kind == ClauseKind.TABLE]
    assert [t.locator for t in tables] == [f"表{n}" for n in range(1, 11)]
    row = clauses["t_2/r_3-3-6"]
    assert row.kind == ClauseKind.ROW
    assert row.locator == "表2 3-3-6"
    assert row.parent_id == clauses["t_2"].id
    assert row.text.startswith("| 3-3-6 药事:认真执行卫生部《医疗机构药事管理暂行规定》")
    assert "t_1/r_3-3-6" not in clauses  # table 1 stops at 3-3-4


def test_corpus_and_seed_trees_are_well_formed() -> None:
    for pattern in ("seeds/*.txt", "corpus/law/*.md", "corpus/local/*.md"):
        for path in sorted(DATA.glob(pattern))[:12]:
            parsed = parse_document(path.read_bytes(), str(path))
            assert_well_formed(parsed.document.text, parsed.clauses)


_FRAGMENTS = st.sampled_from(
    [
        "第一条 ",
        "第二十条　",
        "第三百条之一 ",
        "## 第二章 总则",
        "### 第一节 ",
        "第一编 ",
        "（一）",
        "(二)",
        "一、",
        "二、",
        "1.",
        "2．",
        "（3）",
        "①",
        "| 1-1-1 内容 | 6分 |",
        "| 项 目 | 标准分 |",
        "| 序号 | 检查内容 | 评分标准 | 分值 |",
        "| 条款 | 评审标准 | 评审要点 |",
        "| 1 | 建立制度 | 未建立扣2分 | 5 |",
        "| 一 | 组织管理 | | 10 |",
        "| 1.1.1 | 【C】有制度【B】 | |",
        "| 合计 | | 5 |",
        "| 检查人签字： | |",
        "|---|---|",
        "【A】",
        "1.1.1 ",
        "（2分）",
        "1、管理 20分 |",
        "整治内容",
        "\n",
        "\n\n",
        " ",
        "　",
        "医疗机构应当",
        "。",
        "，",
        "：",
        "|",
        "-",
        "6分",
        "4分 3分",
        "〔2025〕",
        "國衛",
        "\r",
        "\t",
        "#",
        "---",
        "a",
        "0",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENTS | st.text(max_size=5), max_size=60).map("".join))
def test_property_any_text_parses_into_a_well_formed_tree(text: str) -> None:
    result = structure_of(text)
    assert_well_formed(text, result.clauses)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_property_arbitrary_unicode_never_crashes(text: str) -> None:
    assert_well_formed(text, structure_of(text).clauses)
