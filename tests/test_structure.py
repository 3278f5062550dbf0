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


def test_attachments_are_not_part_of_the_last_article() -> None:
    """附件 lines after the articles open top-level clauses: the attached form is no 款 of the
    last article, so 第十五条 keeps its own text only."""
    text = (
        "第一章 总则\n第一条 为规范管理，制定本制度。\n"
        "第十五条 本制度自印发之日起施行。\n"
        "附件：不良事件报告表\n\n附件\n不良事件报告表\n报告科室：\n事件经过：\n"
    )
    s = structure_of(text)
    assert_well_formed(text, s.clauses)
    paths = by_path(s.clauses)
    assert paths["art_15"].text == "第十五条 本制度自印发之日起施行。"
    assert "art_15/para_2" not in paths
    assert paths["annex_1"].parent_id is None and paths["annex_1"].heading == "不良事件报告表"
    assert paths["annex_2"].parent_id is None and paths["annex_2"].locator == "附件"
    assert paths["annex_2"].text.endswith("事件经过：")


def test_attachments_of_a_notice_are_not_items_of_its_last_section() -> None:
    """The 附件 list (附件：1.… 2.…), the 落款 and the attachment itself (附件1 + its table) are
    no sub-items of 四、（二）."""
    text = (
        "关于开展专项检查的通知\n各医疗机构：\n为规范执业，现将有关事项通知如下：\n"
        "一、检查范围\n全县各级各类医疗机构。\n"
        "二、工作要求\n（一）高度重视。\n（二）严肃整改。各单位须在15个工作日内完成整改。\n"
        "附件：1.医疗机构依法执业检查表\n2.自查报告模板\n某县卫生健康委员会\n2024年3月20日\n"
        "附件1\n医疗机构依法执业检查表\n"
        "| 序号 | 检查内容 | 检查依据 |\n"
        "| 1 | 按期校验执业许可证 | 《医疗机构管理条例》第二十一条 |\n"
        "| 2 | 按照核准的诊疗科目执业 | 《医疗机构管理条例》第二十六条 |\n"
    )
    s = structure_of(text)
    assert_well_formed(text, s.clauses)
    paths = by_path(s.clauses)
    assert paths["h_2/h_2"].text == "（二）严肃整改。各单位须在15个工作日内完成整改。"
    assert not any(p.startswith("h_2/h_2/") for p in paths)
    assert paths["annex_1"].parent_id is None and paths["annex_2"].locator == "附件1"
    table = next(c for c in s.clauses if c.kind == ClauseKind.TABLE)
    assert table.parent_id == paths["annex_2"].id


def test_a_table_inside_an_article_is_its_table_not_its_paragraphs() -> None:
    """检查评分标准如下： and a scoring table inside 第九条: the rows are no 款 (第九条第二款 would
    be the header row) but the article's table, its scored rows read as inspection items."""
    text = (
        "第八条 医疗机构应当建立制度。\n"
        "第九条 卫生健康行政部门应当开展监督检查。检查评分标准如下：\n"
        "| 序号 | 检查内容 | 分值 | 评分方法 |\n"
        "| 1 | 设立抗菌药物管理工作组 | 10 | 未设立扣10分 |\n"
        "| 2 | 落实抗菌药物分级管理 | 20 | 一项不符扣5分 |\n"
        "第十条 本细则自印发之日起施行。\n"
    )
    s = structure_of(text)
    assert_well_formed(text, s.clauses)
    paths = by_path(s.clauses)
    assert "art_9/para_2" not in paths
    assert paths["t_1"].parent_id == paths["art_9"].id
    assert [c.path for c in s.clauses if c.parent_id == paths["t_1"].id] == ["t_1/r_1", "t_1/r_2"]
    assert [(r.code, r.points) for r in s.rows] == [("1", 10.0), ("2", 20.0)]
