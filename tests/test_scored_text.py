"""Scoring standards that are not tables: a 考评细则 written as lines (``1.1 内容（5分）`` with
扣分标准 / 依据 lines under it) and JSON whose records are grouped under categories. Each item with
its code, points, bonus, basis and citation; through the real pipeline."""

from __future__ import annotations

import json

from ingest import ingest_bytes
from ingest.models import ParsedDocument

STANDARD = """某市民营医疗机构依法执业考评细则

一、执业资质管理（20分）
1.1 医疗机构执业许可证在有效期内，按规定校验（5分）
扣分标准：未按期校验扣5分。
依据：《医疗机构管理条例》第二十二条
1.2 诊疗科目与执业许可证核准范围一致（10分）
扣分标准：超范围执业不得分。
1.3 医务人员均取得相应执业资格并注册（5分）
扣分标准：每发现1人未注册扣1分。
二、医疗质量安全（30分）
2.1 建立医疗质量管理委员会，每季度召开会议（10分）
扣分标准：未建立不得分；会议记录不全扣2分。
2.2 落实危急值报告制度（20分）
加分项：开展危急值信息化管理（加3分）
"""

RECORDS = {
    "标题": "病理科质控抽查记录",
    "检查依据": "《病理科建设与管理指南（试行）》",
    "检查项目": [
        {
            "类别": "人员管理",
            "项目": [
                {"编号": "1.1", "内容": "病理医师具有执业资格", "分值": 5, "得分": 5},
                {"编号": "1.2", "内容": "技术人员经过专业培训", "分值": 5, "得分": 4},
            ],
        },
        {
            "类别": "质量控制",
            "项目": [{"编号": "2.1", "内容": "冰冻切片诊断符合率≥95%", "分值": 10, "得分": 10}],
        },
    ],
    "合计": {"分值": 20, "得分": 19},
}


def _read(name: str, data: bytes) -> ParsedDocument:
    batch = ingest_bytes([(name, data)])
    assert not batch.failures, batch.failures
    return batch.documents[0]


def test_a_standard_written_as_lines_gives_its_items() -> None:
    parsed = _read("考评细则.txt", STANDARD.encode())
    items = parsed.inspection_items
    assert [(i.code, i.points, i.bonus) for i in items] == [
        ("1.1", 5.0, None),
        ("1.2", 10.0, None),
        ("1.3", 5.0, None),
        ("2.1", 10.0, None),
        ("2.2", 20.0, 3.0),
    ]
    first = items[0]
    assert first.content == "医疗机构执业许可证在有效期内，按规定校验"  # as written, no points
    assert first.basis == "《医疗机构管理条例》第二十二条"
    assert first.section and first.section.startswith("执业资质管理")
    # the item's span holds its own 扣分标准 and 依据 lines, and the citation in them
    text = parsed.document.text[first.span.start : first.span.end]
    assert "未按期校验扣5分" in text and "1.2" not in text
    cited = [c for c in parsed.citations if first.span.start <= c.span.start < first.span.end]
    assert [c.article for c in cited] == ["第二十二条"]


def test_points_may_close_the_line_unbracketed_and_codes_be_bracketed() -> None:
    standard = (
        "病案管理考核细则\n\n"
        "（1）病案首页填写完整率达到100% 10分\n评分标准：每发现1份不完整扣1分。\n"
        "（2）出院病历7日内归档 10分\n"
        "（3）建立病案借阅登记制度 5分\n评分标准：未建立扣5分。\n"
    )
    items = _read("细则.txt", standard.encode()).inspection_items
    assert [(i.code, i.points, i.content) for i in items] == [
        ("1", 10.0, "病案首页填写完整率达到100%"),
        ("2", 10.0, "出院病历7日内归档"),
        ("3", 5.0, "建立病案借阅登记制度"),
    ]


def test_a_few_lines_with_points_are_no_standard() -> None:
    notice = "关于开展培训的通知\n\n1. 理论考试（60分）\n2. 操作考核（40分）\n请各科室按时参加。\n"
    assert _read("通知.txt", notice.encode()).inspection_items == ()


def test_json_records_grouped_under_categories_are_items_of_each_category() -> None:
    parsed = _read("抽查记录.json", json.dumps(RECORDS, ensure_ascii=False).encode())
    assert parsed.document.title == "病理科质控抽查记录"  # its 标题 key, not a table's caption
    assert [(i.code, i.section, i.points) for i in parsed.inspection_items] == [
        ("1.1", "人员管理", 5.0),
        ("1.2", "人员管理", 5.0),
        ("2.1", "质量控制", 10.0),
    ]


def test_an_items_own_nested_list_stays_one_cell() -> None:
    """A record with content of its own keeps its nested records (deductions) in one cell."""
    records = [
        {"序号": 1, "内容": "透析用水每月检测", "分值": "10分",
         "扣分明细": [{"原因": "缺3月记录", "扣分": 2}]},
        {"序号": 2, "内容": "透析器复用登记完整", "分值": "10分", "扣分明细": []},
    ]  # fmt: skip
    parsed = _read("质控.json", json.dumps(records, ensure_ascii=False).encode())
    assert [(i.code, i.points) for i in parsed.inspection_items] == [("1", 10.0), ("2", 10.0)]


def test_points_in_square_brackets_and_bonus_lines_under_their_own_heading() -> None:
    standard = (
        "某县院内感染管理考核细则（2027年版）\n\n"
        "一、制度建设（20分）\n"
        "1.成立医院感染管理委员会，每半年召开1次会议。【10分】\n"
        "　　评分：未成立不得分。依据：《医院感染管理办法》。\n"
        "2.制定多重耐药菌感染防控制度。[10分]\n"
        "　　评分：缺1项制度扣2分。\n"
        "二、监测（10分）\n"
        "3.开展目标性监测并定期反馈。〔10分〕\n\n"
        "加分项（最高加5分）\n"
        "★承担省级院感质控课题。（加3分）\n"
        "4.1 院感监测信息化全覆盖。【加2分】\n\n"
        "说明：\n1.考核采取现场查看的方式。\n"
    )
    items = _read("考核细则.txt", standard.encode()).inspection_items
    assert [(i.code, i.points, i.bonus, i.content) for i in items] == [
        ("1", 10.0, None, "成立医院感染管理委员会，每半年召开1次会议。"),
        ("2", 10.0, None, "制定多重耐药菌感染防控制度。"),
        ("3", 10.0, None, "开展目标性监测并定期反馈。"),  # the 加分项 line ends its block
        ("加分", None, 3.0, "承担省级院感质控课题"),
        ("4.1", None, 2.0, "院感监测信息化全覆盖"),
    ]
    assert items[0].basis == "《医院感染管理办法》。"


def test_a_system_export_numbers_items_by_item_no_not_by_database_id() -> None:
    export = {
        "code": 0,
        "data": {
            "title": "临床用血专项检查清单",
            "list": [
                {"id": 101, "itemNo": "1.1", "category": "组织管理",
                 "checkContent": "设立临床用血管理委员会", "score": 5,
                 "basis": "《医疗机构临床用血管理办法》第五条"},
                {"id": 102, "itemNo": "1.2", "category": "组织管理",
                 "checkContent": "输血科配备专职人员", "score": 5, "basis": ""},
            ],
        },
    }  # fmt: skip
    items = _read("清单.json", json.dumps(export, ensure_ascii=False).encode()).inspection_items
    assert [(i.code, i.points, i.section, i.content) for i in items] == [
        ("1.1", 5.0, "组织管理", "设立临床用血管理委员会"),
        ("1.2", 5.0, "组织管理", "输血科配备专职人员"),
    ]


def test_a_standards_note_states_a_duty_and_its_rows_do_not() -> None:
    standard = (
        "某医院医疗安全不良事件管理考核标准\n\n"
        "| 编码 | 评价要点 | 标准分 |\n| AE-01 | 科室每月召开安全分析会 | 10 |\n\n"
        "各科室质量与安全管理小组每季度按本标准自评1次，自评表于季度末月25日前交质控办。\n"
    )
    duties = _read("考核标准.md", standard.encode()).obligations
    assert [(o.body_keys, o.frequency, o.deadline) for o in duties] == [
        (("role/科室质量与安全管理小组",), "每季度1次", "季度末月25日前")
    ]
