"""Tables read by meaning: header roles, codes of any style, points, bonus, graded criteria, basis,
rows that are not items, documents that mix text and tables, and seed 003 unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.layout import Layout, Paragraph, Table, render
from ingest.models import ClauseKind, InspectionItem, ParsedDocument
from ingest.pipeline import parse_document
from ingest.structure.columns import Role, read_header
from tests.test_structure import assert_well_formed, structure_of

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"


def parse(text: str, name: str = "table.md") -> ParsedDocument:
    parsed = parse_document(text.encode("utf-8"), name)
    assert_well_formed(parsed.document.text, parsed.clauses)
    return parsed


def by_code(parsed: ParsedDocument) -> dict[str, InspectionItem]:
    return {i.code: i for i in parsed.inspection_items}


@pytest.mark.parametrize(
    ("cells", "roles"),
    [
        (
            ["序号", "检查项目", "检查内容", "评分标准", "分值", "得分"],
            ["code", "category", "content", "scoring", "points", "score"],
        ),
        (["项 目", "基本要求", "主要内容", "标准分", "自评得分"], None),
        (["条款", "评审标准", "评审要点"], ["code", "content", "content"]),
        (["评价项目", "评价内容", "评价依据", "分值（分）"], None),
        (["检查项目", "检查要求", "扣分", "备注"], ["category", "content", "score", "note"]),
        (
            ["一级指标", "二级指标", "三级指标", "权重"],
            ["category", "category", "content", "points"],
        ),
        (["考核内容", "满分", "奖分", "实得分"], ["content", "points", "bonus", "score"]),
    ],
)
def test_header_roles_by_meaning(cells: list[str], roles: list[str] | None) -> None:
    header = read_header(cells)
    assert header is not None and header.is_checklist
    if roles is not None:
        assert [str(r) for r in header.roles] == roles


@pytest.mark.parametrize(
    "cells",
    [
        ["1、管理 20分", "1-1实行院长负责制 6分", "1-1-1 实行院长负责制,院长是法人代表。", "2分"],
        ["姓名", "单位", "联系电话"],
        ["张三", "市卫生健康委", "12345678"],
    ],
)
def test_data_rows_and_unknown_words_are_not_headers(cells: list[str]) -> None:
    assert read_header(cells) is None


def test_timetable_header_is_not_a_checklist() -> None:
    header = read_header(["序号", "时间", "工作内容", "责任单位"])
    assert header is not None and header.roles[0] == Role.CODE and not header.is_checklist


ASSESSMENT = """# 某市2024年度医疗机构依法执业考评表

| 序号 | 检查项目 | 检查内容 | 评分标准 | 分值 | 得分 |
|---|---|---|---|---|---|
| 1 | 一、资质管理（7分） | 持有有效《医疗机构执业许可证》，按核准科目执业。 | 未校验扣2分 | 4 | |
| 2 |  | 卫生技术人员依法取得执业资格并注册。 | 每发现1人未注册扣1分。 | 3 | |
| 3 | 二、医疗质量 | 落实医疗质量安全核心制度。 | 每项未落实扣0.5分。 | 6.5 | |
| 合计 | | | | 13.5 | |
"""


def test_assessment_table_by_column() -> None:
    parsed = parse(ASSESSMENT)
    items = by_code(parsed)
    assert list(items) == ["1", "2", "3"]
    first = items["1"]
    assert first.content == "持有有效《医疗机构执业许可证》，按核准科目执业。"
    assert (first.points, first.points_raw) == (4.0, "4")
    assert first.criteria == ("未校验扣2分",)
    assert first.section == "资质管理"
    assert items["2"].section == "资质管理"  # a category left blank under its first row
    assert (items["3"].section, items["3"].points) == ("医疗质量", 6.5)
    assert all(i.table == "表1" for i in items.values())
    table = next(c for c in parsed.clauses if c.kind == ClauseKind.TABLE)
    assert table.heading == "某市2024年度医疗机构依法执业考评表"  # the heading above names it
    rows = [c for c in parsed.clauses if c.kind == ClauseKind.ROW]
    assert [r.locator for r in rows] == ["表1 1", "表1 2", "表1 3"]  # 合计 is no row
    assert first.span == rows[0].span


GRADED = """| 条款 | 评审标准 | 评审要点 |
| 1.1.1 | 医院的功能、任务和定位明确。 | 【C】1.有功能定位。2.有规划。 |
| 1.1.1 | 医院的功能、任务和定位明确。 | 【B】符合“C”，并：规划有年度落实计划。 |
| 1.1.1 | 医院的功能、任务和定位明确。 | 【A】符合“B”，并：规划落实情况有评价。 |
| 1.1.2 | 有中长期规划。 | 【C】有规划。【B】符合“C”，并：有监督。【A】符合“B”，并：持续改进。 |
"""


def test_graded_criteria_on_rows_and_in_one_cell_are_one_item() -> None:
    parsed = parse(GRADED, "评审标准.txt")
    items = by_code(parsed)
    assert list(items) == ["1.1.1", "1.1.2"]
    first = items["1.1.1"]
    assert first.content == "医院的功能、任务和定位明确。"
    assert [c[:3] for c in first.criteria] == ["【C】", "【B】", "【A】"]
    assert first.criteria[0] == "【C】1.有功能定位。2.有规划。"
    assert parsed.document.text[first.span.start : first.span.end].count("\n") == 2
    assert [c[:3] for c in items["1.1.2"].criteria] == ["【C】", "【B】", "【A】"]
    assert items["1.1.2"].criteria[2] == "【A】符合“B”，并：持续改进。"


def test_merged_category_repeated_down_the_rows() -> None:
    """An Excel sheet whose 项目 cells are merged: the reader repeats them in every row."""
    layout = Layout(
        "xlsx",
        (
            Table(
                (
                    ("项目", "考核内容", "分值", "考核方法"),
                    ("组织管理（10分）", "1.成立医院感染管理委员会。", "5", "查阅资料"),
                    ("组织管理（10分）", "2.有年度工作计划并落实。", "5", "查阅资料"),
                    ("消毒隔离（10分）", "3.消毒剂使用符合规范。", "10", "现场查看"),
                ),
                "Sheet1",
                caption="医院感染管理考核表",
            ),
        ),
    )
    text, _ = render(layout)
    items = parse(text, "考核表.txt").inspection_items
    assert [(i.code, i.section, i.points) for i in items] == [
        ("1", "组织管理", 5.0),
        ("2", "组织管理", 5.0),
        ("3", "消毒隔离", 10.0),
    ]
    assert items[0].content == "成立医院感染管理委员会。"


def test_dotted_codes_points_and_basis() -> None:
    text = (
        "| 评价项目 | 评价内容 | 评价依据 | 分值 |\n"
        "| 疫情报告 | 1.1.1 建立传染病疫情报告制度，指定部门和人员负责。 "
        "| 《中华人民共和国传染病防治法》第三十条 | 2分 |\n"
        "| 疫情报告 | 1.1.2 按规定时限报告法定传染病（以下简称疫情）。 "
        "| 《突发公共卫生事件应急条例》第十九条 | 3分 |\n"
        "| 消毒管理 | 1.2.1 医疗器械一用一消毒或灭菌。 | 《消毒管理办法》第六条 | 2分 |\n"
    )
    parsed = parse(text, "evaluation.txt")
    items = by_code(parsed)
    assert list(items) == ["1.1.1", "1.1.2", "1.2.1"]
    first = items["1.1.1"]
    assert first.content == "建立传染病疫情报告制度，指定部门和人员负责。"
    assert first.basis == "《中华人民共和国传染病防治法》第三十条"
    assert (first.points, first.section) == (2.0, "疫情报告")
    row_text = parsed.document.text[first.span.start : first.span.end]
    assert first.basis in row_text  # a citation found in the basis lies in the item's span
    cited = [c for c in parsed.citations if first.span.start <= c.span.start < first.span.end]
    assert cited, "the basis cell's citation is inside the item's span"


def test_bonus_totals_notes_and_signature_rows() -> None:
    text = (
        "| 序号 | 考核内容 | 分值 | 奖分 | 得分 |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| 1 | 按时网络直报传染病疫情。 | 5 | | |\n"
        "| 2 | 开展新技术新项目并通过论证。 | | 2 | |\n"
        "| 3 | 获得省级以上表彰（加1分）。 | | | |\n"
        "| 小计 | | 5 | 3 | |\n"
        "| 总分 | | 5 | 3 | |\n"
        "| 备注：奖分合计不超过5分。 | | | | |\n"
        "| 检查人签字： | | 被检查单位负责人签字： | | |\n"
        "| 日期：2024年 月 日 | | | | |\n"
    )
    parsed = parse(text, "考核.md")
    items = by_code(parsed)
    assert list(items) == ["1", "2", "3"]
    assert (items["1"].points, items["1"].bonus) == (5.0, None)
    assert (items["2"].points, items["2"].bonus) == (None, 2.0)
    assert (items["3"].points, items["3"].bonus) == (None, 1.0)
    rows = [c for c in parsed.clauses if c.kind == ClauseKind.ROW]
    assert len(rows) == 3
    assert not [p for p in parsed.problems if p.code == "malformed_row"]


def test_bonus_group_keeps_its_points_apart() -> None:
    text = (
        "| 项目 | 检查内容 | 分值 |\n"
        "| 基本项 | 建立依法执业自查制度。 | 10 |\n"
        "| 加分项 | 自查发现问题并主动整改。 | 2 |\n"
    )
    items = parse(text, "自查.txt").inspection_items
    assert [(i.points, i.bonus) for i in items] == [(10.0, None), (None, 2.0)]


NOTICE = """关于开展2024年医疗机构依法执业检查的通知

各区卫生健康局：
为规范医疗机构执业行为，保障医疗质量和安全，现将有关事项通知如下。

一、检查内容
（一）医疗机构资质管理情况。
（二）医务人员执业资格情况。

二、评分办法
检查按下表评分：

| 序号 | 检查内容 | 评分标准 | 分值 |
| --- | --- | --- | --- |
| 1 | 医疗机构执业许可证在有效期内并按时校验。 | 未校验扣2分 | 10 |
| 2 | 医务人员取得执业资格并注册。 | 每人次扣1分 | 10 |

以上两项满分20分。

三、时间安排

| 阶段 | 时间 | 工作内容 |
| --- | --- | --- |
| 自查阶段 | 2024年5月 | 各医疗机构开展自查，形成自查报告。 |
| 督查阶段 | 2024年6月 | 市卫生健康委组织抽查。 |

四、工作要求
各单位应当于6月30日前完成自查，并报送自查报告。
"""


def test_notice_with_a_checklist_and_a_timetable() -> None:
    parsed = parse(NOTICE, "notice.txt")
    codes = [(i.code, i.table) for i in parsed.inspection_items]
    assert codes == [("1", "表1"), ("2", "表1"), ("一、（一）", None), ("一、（二）", None)]
    clauses = {c.id: c for c in parsed.clauses}
    tables = [c for c in parsed.clauses if c.kind == ClauseKind.TABLE]
    assert [t.path for t in tables] == ["t_1", "t_2"]
    # each table sits in the heading it stands under, and the text after it is kept
    assert clauses[tables[0].parent_id or ""].heading == "评分办法"
    assert clauses[tables[1].parent_id or ""].heading == "时间安排"
    after = next(c for c in parsed.clauses if c.kind == ClauseKind.TEXT)
    assert after.text == "以上两项满分20分。"
    assert after.parent_id == tables[0].parent_id
    last = next(c for c in parsed.clauses if c.heading == "工作要求")
    assert last.parent_id is None and last.text.startswith("四、工作要求")
    timetable_rows = [c for c in parsed.clauses if c.parent_id == tables[1].id]
    assert [r.kind for r in timetable_rows] == [ClauseKind.ROW, ClauseKind.ROW]
    assert timetable_rows[0].text.startswith("| 自查阶段 | 2024年5月 |")


def test_a_contact_list_has_rows_and_no_items() -> None:
    text = (
        "附件2\n\n联络员名单\n\n"
        "| 姓名 | 单位 | 联系电话 |\n| 张三 | 市卫生健康委 | 12345678 |\n"
        "| 李四 | 市卫生监督所 | 87654321 |\n"
    )
    parsed = parse(text, "contacts.txt")
    assert parsed.inspection_items == ()
    rows = [c for c in parsed.clauses if c.kind == ClauseKind.ROW]
    assert [r.text.split("|")[1].strip() for r in rows] == ["张三", "李四"]


def test_points_written_in_the_item_text() -> None:
    text = (
        "| 序号 | 检查内容 | 检查方法 |\n"
        "| 一 | 医疗废物分类收集、暂存符合规定（2分） | 现场查看 |\n"
        "| 二 | 医疗废物交接登记资料保存3年（1.5分） | 查阅台账 |\n"
    )
    items = parse(text, "waste.txt").inspection_items
    assert [(i.code, i.points, i.points_raw) for i in items] == [
        ("一", 2.0, "2分"),
        ("二", 1.5, "1.5分"),
    ]


def test_word_report_with_a_table_block() -> None:
    layout = Layout(
        "docx",
        (
            Paragraph("依法执业自查报告", "段落1", heading=True),
            Paragraph("一、自查情况", "段落2", heading=True),
            Paragraph("我院对照检查表逐项开展了自查，情况如下。", "段落3"),
            Table(
                (
                    ("检查项目", "检查内容", "自查结果"),
                    ("执业资质", "诊疗科目与许可一致。", "符合"),
                    ("人员资质", "医师均已注册。", "符合"),
                ),
                "表格1",
            ),
            Paragraph("二、存在问题", "段落4", heading=True),
            Paragraph("个别科室病历书写不及时，已督促整改。", "段落5"),
        ),
    )
    text, _ = render(layout)
    parsed = parse(text, "report.txt")
    assert [(i.code, i.section, i.content) for i in parsed.inspection_items] == [
        ("1", "执业资质", "诊疗科目与许可一致。"),
        ("2", "人员资质", "医师均已注册。"),
    ]
    headings = [c.heading for c in parsed.clauses if c.kind == ClauseKind.HEADING]
    assert "存在问题" in headings


def test_seed_003_still_gives_its_235_items_per_table() -> None:
    path = next(SEEDS.glob("003_*.txt"))
    parsed = parse_document(path.read_bytes(), str(path))
    items = parsed.inspection_items
    assert len(items) == 235
    assert len({i.table for i in items}) == 10
    first = {(i.table, i.code): i for i in items}
    assert (first["表1", "1-1-1"].points, first["表1", "1-1-1"].section) == (2.0, "管理")
    assert first["表10", "3-2-3"].points == 4.0
    assert sum(1 for i in items if i.code == "1-1-1") == 10  # numbering restarts per table


def test_codes_restarting_per_category_stay_apart() -> None:
    text = (
        "| 项目 | 序号 | 检查内容 | 分值 |\n"
        "| 组织管理 | 1 | 成立质量管理委员会。 | 5 |\n"
        "| 组织管理 | 2 | 有年度工作计划。 | 5 |\n"
        "| 制度建设 | 1 | 建立核心制度。 | 10 |\n"
    )
    items = parse(text, "restart.txt").inspection_items
    assert [(i.code, i.section, i.content) for i in items] == [
        ("1", "组织管理", "成立质量管理委员会。"),
        ("2", "组织管理", "有年度工作计划。"),
        ("1", "制度建设", "建立核心制度。"),
    ]
    assert len({i.clause_id for i in items}) == 3


SHIFTED = """| 项 目 | 基本要求 | 主要内容 | 标准分 | 自评得分 |
| 1、管理 7分 | 1-1实行院长负责制 4分 | 1-1-1 实行院长负责制。 | 2分 | |
| 1-1-2 院领导班子分工合理。 | 2分 | |||
| 1-2科室实行科主任负责制 3分 | 1-2-1 科室责、权、利明确。 | 3分 | ||
"""


def test_one_table_in_two_layouts_gives_the_same_items() -> None:
    """Rows that lost their merged cells (a text export) and the same sheet with the merged
    cells repeated (an Excel reader) are read alike."""
    grid = Layout(
        "xlsx",
        (
            Table(
                (
                    ("市2013年度医院管理评分表",) * 5,
                    ("项 目", "基本要求", "主要内容", "标准分", "自评得分"),
                    ("1、管理 7分", "1-1实行院长负责制 4分", "1-1-1 实行院长负责制。", "2分", ""),
                    (
                        "1、管理 7分",
                        "1-1实行院长负责制 4分",
                        "1-1-2 院领导班子分工合理。",
                        "2分",
                        "",
                    ),
                    (
                        "1、管理 7分",
                        "1-2科室实行科主任负责制 3分",
                        "1-2-1 科室责、权、利明确。",
                        "3分",
                        "",
                    ),
                ),
                "Sheet1",
            ),
        ),
    )
    text, _ = render(grid)
    from_grid = parse(text, "grid.txt")
    from_text = parse(SHIFTED, "shifted.txt")

    def facts(parsed: ParsedDocument) -> list[tuple[object, ...]]:
        return [
            (i.table, i.code, i.section, i.requirement, i.content, i.points)
            for i in parsed.inspection_items
        ]

    assert (
        facts(from_grid)
        == facts(from_text)
        == [
            ("表1", "1-1-1", "管理", "实行院长负责制", "实行院长负责制。", 2.0),
            ("表1", "1-1-2", "管理", "实行院长负责制", "院领导班子分工合理。", 2.0),
            ("表1", "1-2-1", "管理", "科室实行科主任负责制", "科室责、权、利明确。", 3.0),
        ]
    )
    tables = [c for c in from_grid.clauses if c.kind == ClauseKind.TABLE]
    assert [t.heading for t in tables] == ["市2013年度医院管理评分表"]  # the title row names it


def test_group_rows_numbered_above_their_items() -> None:
    text = (
        "| 序号 | 检查内容 | 分值 |\n"
        "| 一 | 组织管理（10分） | 10 |\n"
        "| 1 | 成立依法执业管理小组。 | 5 |\n"
        "| 2 | 明确专人负责。 | 5 |\n"
        "| 二 | 人员管理（5分） | 5 |\n"
        "| 1 | 医师依法注册。 | 5 |\n"
    )
    items = parse(text, "groups.txt").inspection_items
    assert [(i.code, i.section, i.points) for i in items] == [
        ("1", "组织管理", 5.0),
        ("2", "组织管理", 5.0),
        ("1", "人员管理", 5.0),
    ]


def test_headerless_rows_read_by_what_their_cells_hold() -> None:
    text = (
        "医疗废物管理检查\n\n"
        "| 1 | 医疗废物分类收集。 | 5分 |\n"
        "| 2 | 暂存点设置符合要求。 | 3分 |\n"
        "| 3 | 交接登记完整。 | 2分 |\n"
    )
    items = parse(text, "waste.txt").inspection_items
    assert [(i.code, i.content, i.points) for i in items] == [
        ("1", "医疗废物分类收集。", 5.0),
        ("2", "暂存点设置符合要求。", 3.0),
        ("3", "交接登记完整。", 2.0),
    ]
    assert items[0].section == "医疗废物管理检查"  # the caption, there being no category


def test_content_with_its_scoring_rule_in_one_column() -> None:
    text = (
        "| 序号 | 检查内容及评分标准 | 分值 | 自查情况 |\n"
        "| 1 | 建立消毒隔离制度，未建立扣2分。 | 2 | |\n"
        "| 2 | 开展消毒效果监测，未监测扣3分。 | 3 | |\n"
    )
    items = parse(text, "selfcheck.txt").inspection_items
    assert [(i.code, i.content, i.points) for i in items] == [
        ("1", "建立消毒隔离制度，未建立扣2分。", 2.0),
        ("2", "开展消毒效果监测，未监测扣3分。", 3.0),
    ]


def test_json_records_with_english_keys() -> None:
    layout = Layout(
        "json",
        (
            Table(
                (
                    ("code", "category", "content", "maxScore", "legal_basis"),
                    (
                        "P-01",
                        "标本管理",
                        "病理标本固定及时，固定液量充足。",
                        "4",
                        "《病理科建设与管理指南》",
                    ),
                    ("P-02", "标本管理", "标本交接有记录。", "2", ""),
                ),
                "表1",
                caption="items",
            ),
        ),
    )
    text, _ = render(layout)
    items = parse(text, "pathology.txt").inspection_items
    assert [(i.code, i.section, i.points, i.basis) for i in items] == [
        ("P-01", "标本管理", 4.0, "《病理科建设与管理指南》"),
        ("P-02", "标本管理", 2.0, None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "| 评分表 | 评分表\n续行\n",
        "| 评分表 | 评分表 |\n|---|---|\n",
        "| a | b\nc\n| 1 | 2 |\n",
        "| 序号 | 检查内容 |\n续\n",
        "| 序号 | 检查内容 | 分值 |\n| 合计 | | |\n",
        "| 条款 | 评审要点 |\n| | 【B】符合 |\n| 1.1 | 【C】 |\n",
    ],
)
def test_odd_table_shapes_parse_into_well_formed_trees(text: str) -> None:
    result = structure_of(text)
    assert_well_formed(text, result.clauses)
    assert {r.table for r in result.rows} <= {1, 2}


def test_a_group_subtotal_row_is_no_item_and_opens_its_group() -> None:
    text = (
        "| 项目 | 检查内容 | 分值 |\n"
        "| 组织管理 | 成立管理小组。 | 5 |\n"
        "| 制度建设（10分） | | 10 |\n"
        "| | 建立核心制度。 | 10 |\n"
    )
    items = parse(text, "groups.txt").inspection_items
    assert [(i.section, i.content, i.points) for i in items] == [
        ("组织管理", "成立管理小组。", 5.0),
        ("制度建设", "建立核心制度。", 10.0),
    ]
    assert items[0].span.end < items[1].span.start


def test_shifted_rows_with_dotted_codes() -> None:
    text = (
        "| 1、制度建设 10分 | 1.1 建立制度 10分 | 1.1.1 建立传染病报告制度。 | 4.5分 |\n"
        "| 1.1.2 建立消毒隔离制度。 | 5.5分 |\n"
        "| 2、人员培训 5分 | 2.1 开展培训 5分 | 2.1.1 每年培训不少于2次。 | 5分 |\n"
    )
    items = parse(text, "dotted.txt").inspection_items
    assert [(i.code, i.section, i.requirement, i.points) for i in items] == [
        ("1.1.1", "制度建设", "建立制度", 4.5),
        ("1.1.2", "制度建设", "建立制度", 5.5),
        ("2.1.1", "人员培训", "开展培训", 5.0),
    ]


def test_a_column_per_grade_and_starred_codes() -> None:
    text = (
        "| 评审标准 | C | B | A |\n"
        "| ★1.1.1 医院功能定位明确。 | 有定位。 | 符合C，并有规划。 | 符合B，并落实。 |\n"
        "| 1.1.2 有发展规划。 | 有规划。 | | |\n"
    )
    items = parse(text, "grades.txt").inspection_items
    assert [(i.code, i.content, i.criteria) for i in items] == [
        (
            "1.1.1",
            "医院功能定位明确。",
            ("【C】有定位。", "【B】符合C，并有规划。", "【A】符合B，并落实。"),
        ),
        ("1.1.2", "有发展规划。", ("【C】有规划。",)),
    ]


def test_a_row_that_lost_its_merged_cells_moves_under_its_columns() -> None:
    text = (
        "| 项目 | 基本要求 | 检查内容 | 分值 | 得分 |\n"
        "| 组织管理 | 有管理组织 | 成立质量管理委员会。 | 2分 | |\n"
        "| 按季度开展活动。 | 2分 | |\n"
        "| 制度建设 | 有核心制度 | 建立首诊负责制度。 | 3分 | |\n"
        "| 人员培训 | 有培训计划 | 每年培训两次。 | 3分 | |\n"
    )
    items = parse(text, "merged.txt").inspection_items
    assert [(i.section, i.requirement, i.content, i.points) for i in items] == [
        ("组织管理", "有管理组织", "成立质量管理委员会。", 2.0),
        ("组织管理", "有管理组织", "按季度开展活动。", 2.0),
        ("制度建设", "有核心制度", "建立首诊负责制度。", 3.0),
        ("人员培训", "有培训计划", "每年培训两次。", 3.0),
    ]


def test_a_group_row_numbered_1_over_rows_1_1_1_is_no_item() -> None:
    """1 组织管理（15分） over 1.1.1, 1.1.2 (a sheet's merged group row, its code cell apart): the
    group's points are a subtotal, so the items' points add up to the sheet's total once."""
    text = (
        "| 编号 | 检查项目 | 检查内容及要求 | 分值 | 评分标准 |\n"
        "| 1 | 组织管理（5分） | 组织管理（5分） | 组织管理（5分） | 组织管理（5分） |\n"
        "| 1.1.1 |  | 科室成立医院感染管理小组 | 3 | 未成立扣3分 |\n"
        "| 1.1.2 |  | 院感小组每月召开一次工作会议 | 2 | 缺一次扣0.5分 |\n"
        "| 2 | 手卫生（4分） | 手卫生（4分） | 手卫生（4分） | 手卫生（4分） |\n"
        "| 2-1 |  | 手卫生设施配备齐全 | 4 | 缺一处扣1分 |\n"
    )
    items = parse(text, "sheet.md").inspection_items
    assert [(i.code, i.points) for i in items] == [("1.1.1", 3.0), ("1.1.2", 2.0), ("2-1", 4.0)]
    assert items[0].criteria == ("未成立扣3分",)


def test_a_header_written_over_two_rows_is_one_table() -> None:
    """得分 merged over 自评 | 复核 (the cells under it): the two header rows head one table,
    not an empty 表1 and the real rows as 表2."""
    text = (
        "| 编号 | 检查内容 | 分值 | 评分标准 | 得分 | 得分 |\n"
        "| 编号 | 检查内容 | 分值 | 评分标准 | 自评 | 复核 |\n"
        "| 1 | 科室成立医院感染管理小组 | 3 | 未成立扣3分 |  |  |\n"
        "| 2 | 院感小组每月召开一次工作会议 | 2 | 缺一次扣0.5分 |  |  |\n"
    )
    parsed = parse(text, "sheet.md")
    tables = [c for c in parsed.clauses if c.kind == ClauseKind.TABLE]
    assert [t.locator for t in tables] == ["表1"]
    assert [(i.table, i.code, i.points) for i in parsed.inspection_items] == [
        ("表1", "1", 3.0),
        ("表1", "2", 2.0),
    ]


def test_a_requirement_ending_in_signing_is_an_item_and_no_points_is_no_prohibition() -> None:
    """三方核查并签字 is what the row requires, not a place to sign; 未标识不得分 scores the row,
    it forbids nothing. The signature row under the table is still no item."""
    text = (
        "某医院手术安全核查考核评分表\n\n"
        "| 序号 | 考核内容 | 分值 | 评分方法 | 得分 |\n"
        "|  |  |  | 扣分标准 | 实得分 |\n"
        "| 1 | 实施手术安全核查制度，三方核查并签字 | 10 | 缺1项签字扣1分 |  |\n"
        "| 2 | 手术部位标识规范 | 5 | 未标识不得分 |  |\n"
        "| 考核人签字： |  | 日期： |  |  |\n"
    )
    parsed = parse_document(text.encode(), "评分表.md")
    assert [(i.code, i.points) for i in parsed.inspection_items] == [("1", 10.0), ("2", 5.0)]
    assert parsed.obligations == ()


def test_a_core_items_star_is_no_part_of_its_code() -> None:
    text = (
        "某医院评审标准实施细则\n\n"
        "| 条款编号 | 评审标准 | 分值 |\n| 3.1.2.1 | 建立医疗质量管理委员会 | 10 |\n"
        "| ★3.1.3.1 | 严格执行核心制度 | 10 |\n"
    )
    items = parse_document(text.encode(), "细则.md").inspection_items
    assert [i.code for i in items] == ["3.1.2.1", "3.1.3.1"]
