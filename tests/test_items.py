"""Inspection items: scored rows of seed 003, the enumerated items of seeds 002 and 004, graded
standards written as text, and checklists in Excel and Word files end to end."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ingest.models import ClauseKind, InspectionItem, ParsedDocument
from ingest.pipeline import parse_document

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"


@pytest.fixture(scope="module")
def seeds() -> dict[str, ParsedDocument]:
    return {
        path.name[:3]: parse_document(path.read_bytes(), str(path))
        for path in sorted(SEEDS.glob("*.txt"))
    }


def item(parsed: ParsedDocument, table: str | None, code: str) -> InspectionItem:
    return next(i for i in parsed.inspection_items if i.table == table and i.code == code)


def test_item_3_3_6_of_table_2(seeds: dict[str, ParsedDocument]) -> None:
    parsed = seeds["003"]
    found = item(parsed, "表2", "3-3-6")
    assert found.points == 6.0
    assert found.points_raw == "6分"
    assert found.content.startswith(
        "药事:认真执行卫生部《医疗机构药事管理暂行规定》、《处方管理办法》"
    )
    assert found.content.endswith("门诊处方合格率≥95%。")
    assert found.section == "主要专业部门质量管理及持续改进"
    assert found.requirement == "输血、医院感染、病案和主要医技科室质量管理及持续改进符合要求"
    assert found.clause_id.endswith("#t_2/r_3-3-6")
    assert parsed.document.text[found.span.start : found.span.end].startswith("| 3-3-6 药事")


def test_scored_rows_of_seed_003(seeds: dict[str, ParsedDocument]) -> None:
    parsed = seeds["003"]
    assert len(parsed.inspection_items) == 235
    assert item(parsed, "表1", "1-1-1").section == "管理"
    assert item(parsed, "表1", "1-1-1").requirement == "实行院长负责制"
    split = item(parsed, "表1", "2-1-3")
    assert (split.points_raw, split.points) == ("4分 3分", 7.0)
    merged = item(parsed, "表4", "3-1-1")  # one row holding two questionnaires: 30分 10分
    assert (merged.points_raw, merged.points) == ("30分 10分", 40.0)
    assert item(parsed, "表1", "4-1-1").section is None  # 项目 cell holds only "10 分"
    assert item(parsed, "表2", "1-1-1").content.startswith("院长领导医疗质量管理工作")
    no_points = item(parsed, "表1", "5-1-2")
    assert no_points.points is None
    codes = {(p.code, p.message) for p in parsed.problems}
    assert ("malformed_row", "表1 5-1-2: no 标准分 (row cut short or points missing)") in codes
    assert ("malformed_code", "表2: item code 1-1 read as 1-1-1") in codes


def test_rows_missing_the_leading_pipe_still_parse(seeds: dict[str, ParsedDocument]) -> None:
    found = item(seeds["003"], "表5", "2-2-1")
    assert found.requirement == "护士配置合理安全"
    assert found.points == 3.0


def test_ten_rectification_items_of_seed_002(seeds: dict[str, ParsedDocument]) -> None:
    items = seeds["002"].inspection_items
    assert [i.code for i in items] == [f"整治内容（{n}）" for n in "一二三四五六七八九十"]
    assert items[0].section == "整治内容"
    assert items[0].requirement == "医疗质量管理组织体系不健全问题"
    assert items[7].content.startswith("泄露患者隱私問題。重點整治")
    assert all(i.points is None and i.table is None for i in items)


def test_seven_supervision_areas_of_seed_004(seeds: dict[str, ParsedDocument]) -> None:
    items = seeds["004"].inspection_items
    assert [i.code for i in items] == [f"三、（{n}）" for n in "一二三四五六七"]
    assert items[0].section == "明确医疗监督执法内容"
    assert items[0].content.startswith("医疗机构资质监督执法内容包括：开展人体器官移植技术")


def test_reports_and_plans_without_inspection_headings_have_no_items(
    seeds: dict[str, ParsedDocument],
) -> None:
    assert seeds["000"].inspection_items == ()
    assert seeds["001"].inspection_items == ()


def test_page_breaks_are_joined_in_item_content() -> None:
    text = (
        "一、检查内容\n\n（一）医疗机构主要负责人为本机构医疗\n\n"
        "质量管理的第一责任人。\n\n（二）其他。\n"
    )
    parsed = parse_document(text.encode(), "check.txt")
    assert [i.content for i in parsed.inspection_items] == [
        "医疗机构主要负责人为本机构医疗质量管理的第一责任人。",
        "其他。",
    ]


GRADED_TEXT = """三级医院评审标准（节选）

第一章 坚持医院公益性

一、医院设置、功能和任务符合区域卫生规划的定位和要求

1.1.1 医院的功能、任务和定位明确，保持适度规模。
【C】
1.医院的功能、任务和定位明确。
2.有医院章程。
【B】符合“C”，并
规模适度，床位使用率不超过93%。
【A】符合“B”，并
近三年床位规模稳定。

1.1.2 医院有中长期发展规划。
【C】有中长期发展规划。
【B】符合“C”，并有年度计划。
【A】符合“B”，并落实良好。

二、医院承担突发公共卫生事件的紧急医疗救援任务
按照规定承担任务。
"""


def test_graded_standard_written_as_text() -> None:
    parsed = parse_document(GRADED_TEXT.encode(), "评审标准.txt")
    items = parsed.inspection_items
    assert [i.code for i in items] == ["1.1.1", "1.1.2"]
    first = items[0]
    assert first.content == "医院的功能、任务和定位明确，保持适度规模。"
    assert first.criteria == (
        "【C】 1.医院的功能、任务和定位明确。 2.有医院章程。",
        "【B】符合“C”，并 规模适度，床位使用率不超过93%。",
        "【A】符合“B”，并 近三年床位规模稳定。",
    )
    assert parsed.document.text[first.span.start : first.span.end].endswith("近三年床位规模稳定。")
    assert items[1].criteria[2] == "【A】符合“B”，并落实良好。"
    assert "按照规定承担任务" not in items[1].criteria[2]


def test_excel_sheet_with_merged_cells_end_to_end() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["市2013年度一级医院评审评分表"])
    sheet.append(["项 目", "基本要求", "主要内容", "标准分", "自评得分"])
    sheet.append(["1、管理 9分", "1-1实行院长负责制 4分", "1-1-1 实行院长负责制。", "2分", ""])
    sheet.append([None, None, "1-1-2 院领导班子分工合理。", "2分", ""])
    sheet.append([None, "1-2科室实行科主任负责制 5分", "1-2-1 科室责、权、利明确。", "5分", ""])
    sheet.append(["合计", None, None, "9分", None])
    for merged in ("A1:E1", "A3:A5", "B3:B4"):
        sheet.merge_cells(merged)
    data = io.BytesIO()
    book.save(data)
    parsed = parse_document(data.getvalue(), "评分表.xlsx")
    assert [(i.code, i.section, i.requirement, i.points) for i in parsed.inspection_items] == [
        ("1-1-1", "管理", "实行院长负责制", 2.0),
        ("1-1-2", "管理", "实行院长负责制", 2.0),
        ("1-2-1", "管理", "科室实行科主任负责制", 5.0),
    ]
    table = next(c for c in parsed.clauses if c.kind == ClauseKind.TABLE)
    assert table.heading == "市2013年度一级医院评审评分表"


def test_word_table_of_graded_criteria_end_to_end() -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("一、检查内容")
    document.add_paragraph("（一）医疗机构资质。")
    rows = [
        ["条款", "评审标准", "评审要点"],
        ["1.1.1", "功能定位明确。", "【C】有定位。"],
        ["", "", "【B】符合C，并有规划。"],
        ["", "", "【A】符合B，并落实。"],
    ]
    table = document.add_table(rows=4, cols=3)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(3, 0)).text = "1.1.1"
    table.cell(1, 1).merge(table.cell(3, 1)).text = "功能定位明确。"
    data = io.BytesIO()
    document.save(data)
    parsed = parse_document(data.getvalue(), "评审.docx")
    graded, notice = parsed.inspection_items
    assert (graded.code, graded.content) == ("1.1.1", "功能定位明确。")
    assert graded.criteria == ("【C】有定位。", "【B】符合C，并有规划。", "【A】符合B，并落实。")
    assert (notice.code, notice.content) == (
        "一、（一）",
        "医疗机构资质。",
    )  # the table is not in it
