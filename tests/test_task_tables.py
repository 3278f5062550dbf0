"""Duties written as task-table rows (ingest/task_tables.py): a plan's 重点任务 table in Word, an
整改台账 in Excel, a 时间安排 pipe table; each row one duty of its responsible party with its
deadline, and no inspection items. Real files made with python-docx and openpyxl, the real
readers and pipeline."""

from __future__ import annotations

import io

from docx import Document as Docx
from openpyxl import Workbook

from ingest import ingest_bytes
from ingest.models import ParsedDocument
from ingest.structure.columns import Role, read_header

HEADER = ("序号", "重点任务", "牵头单位", "配合单位", "完成时限")
TASKS = (
    ("1", "建立区域医疗质量控制中心，每季度开展一次质控督查", "区卫生健康局", "各社区卫生服务中心",
     "2025年6月底前"),
    ("2", "推进家庭医生签约服务", "区卫生健康局", "各社区卫生服务中心", "长期坚持"),
    ("3", "开展基层医务人员急救技能培训", "各医疗机构", "", "每季度末月25日前"),
)  # fmt: skip
LEDGER_HEADER = ("序号", "存在问题", "整改措施", "责任科室", "完成时限", "落实情况")
LEDGER = (
    ("1", "部分病历首次病程记录超时", "组织临床科室开展病历书写培训，每月抽查运行病历", "医务科",
     "2025年5月31日前", ""),
    ("2", "知情同意书签字不全", "修订知情同意书模板，逐份核查", "医务科、护理部", "立即", ""),
    ("3", "危急值登记不规范", "完善危急值登记本，纳入科室考核", "检验科", "2025年4月30日前", ""),
)  # fmt: skip


def word_plan() -> bytes:
    doc = Docx()
    doc.add_paragraph("某某区基层医疗质量提升行动实施方案")
    doc.add_paragraph("二、重点任务")
    table = doc.add_table(rows=1 + len(TASKS), cols=len(HEADER))
    for r, row in enumerate((HEADER, *TASKS)):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    # the lead of the first two tasks written once, merged down (as plans are typed)
    table.cell(1, 2).merge(table.cell(2, 2)).text = "区卫生健康局"
    doc.add_paragraph("三、工作要求")
    doc.add_paragraph("各医疗机构要高度重视，认真组织实施。")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _excel_ledger() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["病历质量检查问题整改台账"])
    sheet.merge_cells("A1:F1")
    sheet.append(list(LEDGER_HEADER))
    for row in LEDGER:
        sheet.append(list(row))
    sheet.append(["检查人签字：", None, None, None, "日期：", None])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _read(name: str, data: bytes) -> ParsedDocument:
    batch = ingest_bytes([(name, data)])
    assert not batch.failures, batch.failures
    return batch.documents[0]


def _rows(parsed: ParsedDocument) -> list[tuple[str, tuple[str, ...], str | None]]:
    return [
        (o.action, o.body_keys, o.deadline)
        for o in parsed.obligations
        if o.clause_id and "/r_" in o.clause_id
    ]


def test_a_plans_task_table_in_word_gives_one_duty_per_row() -> None:
    parsed = _read("重点任务.docx", word_plan())
    assert parsed.inspection_items == ()
    rows = _rows(parsed)
    assert [action for action, _, _ in rows] == [t[1] for t in TASKS]
    first, ongoing, training = rows
    # the lead first, then who helps; a county-level administration and primary care
    assert first[1] == ("health_administration/county", "institution/primary_care")
    assert first[2] == "2025年6月底前"
    assert ongoing[1] == first[1] and ongoing[2] is None  # merged lead; 长期坚持 is no deadline
    assert training[1] == ("institution/medical_institution",)
    assert training[2] == "每季度末月25日前"
    duty = next(o for o in parsed.obligations if o.action == TASKS[0][1])
    assert duty.frequency and duty.frequency.startswith("每季度")
    # provenance: the duty's span is its row, which holds the task, the party and the deadline
    row_text = parsed.document.text[duty.span.start : duty.span.end]
    assert all(cell in row_text for cell in TASKS[0][1:])
    # a sentence outside the table is still read as before
    assert any(o.action.startswith("高度重视") for o in parsed.obligations)


def test_an_excel_rectification_ledger_gives_duties_not_inspection_items() -> None:
    parsed = _read("整改台账.xlsx", _excel_ledger())
    assert parsed.inspection_items == ()  # 存在问题 / 落实情况 are columns to fill, not scores
    rows = _rows(parsed)
    # every row, the one that speaks of 签字 too; the signature line is no row
    assert [action for action, _, _ in rows] == [r[2] for r in LEDGER]
    assert [keys for _, keys, _ in rows] == [
        ("role/医务科",),
        ("role/医务科", "role/护理部"),
        ("role/检验科",),
    ]
    assert [deadline for _, _, deadline in rows] == ["2025年5月31日前", "立即", "2025年4月30日前"]


def test_a_timetable_in_a_plan_names_the_period_as_its_deadline() -> None:
    text = (
        "某医院感染防控培训实施方案\n\n三、时间安排\n\n"
        "| 时间 | 工作内容 | 责任部门 |\n| --- | --- | --- |\n"
        "| 2025年1月—2月 | 制定培训计划，召开动员会 | 院感科 |\n"
        "| 2025年3月—10月 | 组织全员培训和考核 | 院感科、各临床科室 |\n"
    )
    rows = _rows(_read("方案.md", text.encode()))
    assert rows == [
        ("制定培训计划，召开动员会", ("role/院感科",), "2025年1月—2月"),
        ("组织全员培训和考核", ("role/院感科", "role/各临床科室"), "2025年3月—10月"),
    ]


def test_a_checklist_naming_the_responsible_department_stays_a_checklist() -> None:
    header = read_header(["序号", "检查内容", "责任科室", "分值", "得分"])
    assert header is not None and header.is_checklist and header.task_column is None
    inspecting = read_header(["检查内容", "责任科室", "检查结果"])
    assert inspecting is not None and inspecting.task_column is None
    tasks = read_header(list(HEADER))
    assert tasks is not None and not tasks.is_checklist
    assert tasks.task_column == HEADER.index("重点任务")
    assert tasks.roles[2:] == (Role.RESPONSIBLE, Role.RESPONSIBLE, Role.DEADLINE)
    schedule = read_header(["阶段", "时间", "主要工作", "责任部门"])
    assert schedule is not None and schedule.task_column == 2
    contacts = read_header(["姓名", "工作单位", "联系电话", "责任科室"])
    assert contacts is None or contacts.task_column is None


def test_a_row_merged_across_the_table_and_the_title_line_are_no_duties() -> None:
    """Word repeats a cell merged across a row in each column: the table reader takes such a
    phase row (第一阶段：动员部署) for a heading of the rows under it; the title line above
    (某医院培训实施方案: a party, then 培训) is no task."""
    doc = Docx()
    doc.add_paragraph("某医院培训实施方案")
    doc.add_paragraph("三、时间安排")
    table = doc.add_table(rows=3, cols=3)
    for i, name in enumerate(("时间", "工作内容", "责任部门")):
        table.cell(0, i).text = name
    table.cell(1, 0).merge(table.cell(1, 2)).text = "第一阶段：动员部署"
    for i, value in enumerate(("2025年1月—2月", "制定培训计划，召开动员会", "院感科")):
        table.cell(2, i).text = value
    out = io.BytesIO()
    doc.save(out)
    parsed = _read("方案.docx", out.getvalue())
    assert "| 第一阶段：动员部署 | 第一阶段：动员部署 |" in parsed.document.text
    assert [(o.action, o.body_keys) for o in parsed.obligations] == [
        ("制定培训计划，召开动员会", ("role/院感科",))
    ]


def test_a_task_table_under_a_basis_line_naming_a_standard_stays_a_task_table() -> None:
    """An exported task breakdown: title, a 依据 line citing a 评审标准, then the table. The
    basis line names no table, and a caption naming a checklist does not make a task table
    one either."""
    csv = (
        "某医院等级评审迎评任务分解表（2027年）,,,,\n"
        "依据：《三级医院评审标准（2022年版）》,,,,\n"
        "序号,评审章节,工作任务,牵头部门,完成时限\n"
        "1,医疗质量,完善质量管理委员会运行，每季度召开1次会议,质控办,每季度末\n"
        "2,,梳理医疗技术目录,医务科,2027年5月31日前\n"
        "3,,开展手术分级授权复核,,2027年6月30日前\n"  # the lead merged down, exported blank
    )
    parsed = _read("任务分解表.csv", csv.encode())
    assert parsed.inspection_items == ()
    assert [(action, keys) for action, keys, _ in _rows(parsed)] == [
        ("完善质量管理委员会运行，每季度召开1次会议", ("role/质控办",)),
        ("梳理医疗技术目录", ("role/医务科",)),
        ("开展手术分级授权复核", ("role/医务科",)),
    ]
    named = read_header(["指标编码", "一级指标", "评价要点", "标准分"])
    assert named is not None and named.roles[0] is Role.CODE  # a thing's 编码 numbers the rows
