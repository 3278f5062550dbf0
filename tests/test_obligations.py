"""Obligation extraction: modal cues, duties without one, responsible bodies (named, carried from
a heading, an announcing sentence or the sentence before), deadlines, frequencies, thresholds."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from pathlib import Path

import pytest

from ingest import parse_document
from ingest.models import DocumentKind, Modality, Obligation
from ingest.obligations import extract_obligations, split_sentences
from ingest.subjects import subject_keys
from tests.test_citations import make_doc, seed

DATA = Path(__file__).resolve().parent.parent / "data"


def obligations(
    text: str, kind: DocumentKind = DocumentKind.NOTICE
) -> list[tuple[str, str, tuple[str, ...]]]:
    doc = replace(make_doc(text), kind=kind)
    return [(o.modality.value, o.cue, o.body_keys) for o in extract_obligations(doc, [])]


def read(text: str, kind: DocumentKind) -> list[Obligation]:
    """Obligations of ``text`` read through the pipeline's clauses (headings, items)."""
    parsed = parse_document(text.encode("utf-8"), "plan.txt")
    return extract_obligations(replace(parsed.document, kind=kind), parsed.clauses)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("医疗机构应当建立制度。", [("must", "应当", ("institution/medical_institution",))]),
        ("医务人员不得收受财物。", [("must_not", "不得", ("role/medical_staff",))]),
        # 应患者的要求: at the patient's request, no modal; the permission after it stays
        ("医疗机构应患者的要求复印病历资料，可以收取工本费。",
         [("may", "可以", ("institution/medical_institution",))]),
        ("医疗机构不应当推诿患者。",
         [("must_not", "不应当", ("institution/medical_institution",))]),
        ("医疗机构可以委托检验。", [("may", "可以", ("institution/medical_institution",))]),
        ("医疗机构执业，必须进行登记。", [("must", "必须", ("institution/medical_institution",))]),
        # 要求 / 重要 / 主要 / 需要 / 许可 / 可能 are words, not cues
        ("这些要求很重要，主要是需要许可，可能延迟。", []),
        # 应 inside 应急 / 相应 / 供应 / 反应 / 适应 is no cue either
        ("该院的应急物资相应增加，供应充足，反应迅速，适应需要。", []),
        ("医师须遵守执业规范。", [("must", "须", ("role/physician",))]),
        ("医务人员务必佩戴口罩。", [("must", "务必", ("role/medical_staff",))]),
        ("医疗机构不准出具虚假证明。",
         [("must_not", "不准", ("institution/medical_institution",))]),
        ("护士不应泄露患者隐私。", [("must_not", "不应", ("role/nurse",))]),
        ("患者不宜自行停药。", [("must_not", "不宜", ("party/patient",))]),
        ("患者有权查阅病历。", [("may", "有权", ("party/patient",))]),
        ("经批准后方可开展。", [("may", "方可", ())]),
        # 方 that ends a word (双方, 患方) starts no 方可: 可以 is the cue, and 可能 none
        ("医患双方可以申请调解。", [("may", "可以", ("party/医患双方",))]),
        ("（三）婚前医学检查：对男女双方可能患的疾病进行医学检查。", []),
        ("取得处方方可购买。", [("may", "方可", ())]),
        # after 严禁 / 禁止 the prohibited party may follow the cue
        ("严禁医务人员收受红包。", [("must_not", "严禁", ("role/medical_staff",))]),
        ("县卫生健康局负责辖区内的监督管理。",
         [("must", "负责", ("health_administration/county",))]),
        # 负责 / 确保 are weak: beside a stronger cue they add no second duty
        ("医疗机构应当建立制度，确保安全。",
         [("must", "应当", ("institution/medical_institution",))]),
    ],
)  # fmt: skip
def test_cues_and_subjects(text: str, expected: list[tuple[str, str, tuple[str, ...]]]) -> None:
    assert obligations(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "重点整治未指定专人负责医疗质量管理工作的问题。",  # a problem to fix
        "部分科室存在制度要求不落实等问题。",
        "重点整治医疗机构未建立安全管理制度，未细化完善核心制度的问题；",
        "依据《医疗机构不得开展的诊疗项目规定》执行。",  # the name of a rule
        "本条例所称医疗机构，是指依法取得执业许可的机构。",  # a definition
        "二、医疗机构应当遵守的规定",  # a heading
        "医疗机构应当报告而未报告的，由卫生健康主管部门责令改正。",  # a condition of a penalty
    ],
)
def test_not_duties(text: str) -> None:
    assert obligations(text) == []


def test_a_report_describes_what_was_done() -> None:
    # 确保 / 负责 / 不宜 in a self-inspection report record practice; they bind no one.
    text = "我院严格审核供货单位，确保药品质量。体检728人，不宜从事放射工作3人。"
    assert obligations(text, DocumentKind.REPORT) == []


def test_subject_carries_over_to_a_sentence_without_one() -> None:
    got = obligations("各医疗机构要成立质控小组。同时，要配齐人员。")
    assert got == [
        ("must", "要", ("institution/medical_institution",)),
        ("must", "要", ("institution/medical_institution",)),
    ]


def test_back_reference_binds_the_body_before() -> None:
    got = obligations("医疗机构应当建立台账。该机构应当每月更新。", DocumentKind.LAW)
    assert [k for _, _, k in got] == [("institution/medical_institution",)] * 2


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("医疗机构应当在三十日内报告。", "deadline", "三十日内"),
        ("卫生健康行政部门应当于15 个工作日内作出决定。", "deadline", "15个工作日内"),
        ("医疗机构应当每季度开展自查。", "frequency", "每季度"),
        ("医疗机构要每月至少一次组织活动。", "frequency", "每月至少一次"),
        ("医疗机构应当定期评估。", "frequency", "定期"),
        ("医疗机构每2个月开展一次检查。", "frequency", "每2个月一次"),
        ("医疗机构手卫生依从率应当≥95%。", "threshold", "≥95%"),
        ("病历合格率应当不低于 90%。", "threshold", "不低于90%"),
        # ranges, terms and words for "at once"
        ("医疗机构应当在2025年7月—9月开展自查。", "deadline", "2025年7月—9月"),
        ("各地要在7月1日至9月30日完成整改。", "deadline", "7月1日至9月30日"),
        ("医疗机构要在10月初至11月中旬开展评估。", "deadline", "10月初至11月中旬"),
        ("发现问题要立即报告。", "deadline", "立即"),
        ("医疗机构要及时上报。", "deadline", "及时"),
        ("医疗机构要在年底前完成评估。", "deadline", "年底前"),
        ("医疗机构应于开学前完成检查。", "deadline", "开学前"),
        ("各地要于2025年10月底前报送总结。", "deadline", "2025年10月底前"),
        # a period counted from an event keeps its event
        ("医疗机构应当在活动结束后6小时内上报。", "deadline", "活动结束后6小时内"),
        ("应当自收到申请之日起30日内作出决定。", "deadline", "自收到申请之日起30日内"),
        ("医疗机构发现传染病后2小时内报告。", "deadline", "发现传染病后2小时内"),
        ("医技科室应当在10分钟内电话通知临床科室。", "deadline", "10分钟内"),  # 危急值
        ("病案科应当在患者出院后7个工作日内完成归档。", "deadline", "患者出院后7个工作日内"),
        # the next month's day, a labelled date, a quarter, 即刻
        ("各科室应当于次月10日前报送上月数据。", "deadline", "次月10日前"),
        ("你单位应当整改，整改期限：2026年6月30日。", "deadline", "2026年6月30日"),
        ("医院应当在2026年第一季度完成系统升级。", "deadline", "2026年第一季度"),
        ("手术医师应当在手术结束后即刻完成手术记录。", "deadline", "即刻"),
    ],
)
def test_details(text: str, field: str, value: str) -> None:
    found = extract_obligations(make_doc(text), [])
    assert len(found) == 1
    assert getattr(found[0], field) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("当事护士应当立即报告护士长，护士长应当在2小时内报告护理部。",
         [("立即报告护士长", "立即"), ("在2小时内报告护理部", "2小时内")]),
        ("医师可以越级使用抗菌药物，但应当在24小时内补办手续。",
         [("越级使用抗菌药物", None), ("在24小时内补办手续", "24小时内")]),
        # a deadline written before the first cue binds every duty of the sentence
        ("6月30日前，各医疗机构应当完成自查并应当报送自查报告。",
         [("完成自查并", "6月30日前"), ("报送自查报告", "6月30日前")]),
    ],
)  # fmt: skip
def test_each_duty_of_a_sentence_keeps_its_own_action_and_deadline(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    """Two parties' duties in one sentence: the first action stops before the second party, and
    each duty keeps the deadline written in its own part."""
    found = extract_obligations(make_doc(text), [])
    assert [(o.action, o.deadline) for o in found] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不能或者不宜向患者说明的，医师应当向患者的近亲属说明。",
         [("must", "应当", ("role/physician",))]),
        ("医疗机构不能确诊的，应当转到上级医院。",
         [("must", "应当", ("institution/medical_institution",))]),
        ("依法应当报告的，任何单位和个人不得瞒报。",
         [("must_not", "不得", ("organisation/单位", "party/个人"))]),
    ],
)  # fmt: skip
def test_a_cue_inside_a_condition_is_no_duty(
    text: str, expected: list[tuple[str, str, tuple[str, ...]]]
) -> None:
    """不能 / 不宜 / 应当 in a "…的，" condition state when the duty after it applies."""
    assert obligations(text) == expected


def test_a_duty_in_a_table_cell_keeps_to_its_cell() -> None:
    """The action stops at the cell's border (not running on into points and criteria), and the
    party is the one named in the duty's own cell, not a person named in the problem cell."""
    rows = (
        "| 序号 | 问题描述 | 责任科室 | 整改措施 | 分值 | 扣分标准 |\n"
        "| 1 | 部分医师超范围执业 | 医务部 | 医务部应当于6月30日前完成核查 | 5 | 未完成扣5分 |\n"
        "| 2 | 暂存超时 | 总务科 | 医疗废物暂存时间不得超过2天 | 10 | 超时扣5分 |\n"
    )
    found = extract_obligations(make_doc(rows), [])
    assert [o.action for o in found] == ["于6月30日前完成核查", "超过2天"]
    assert found[0].body_keys == ("role/医务部",)
    assert found[0].deadline == "6月30日前"


def test_page_break_does_not_split_a_sentence() -> None:
    text = (
        "一、目标\n\n各医疗机构要落实医疗质量管理院、科两级责任制，医疗机构主要负责人为本机构医疗"
        "\n\n质量管理的第一责任人。"
    )
    spans = split_sentences(text)
    assert text[spans[0][0] : spans[0][1]] == "一、目标"
    assert text[spans[1][0] : spans[1][1]].endswith("第一责任人。")
    assert len(spans) == 2


def test_semicolon_splits_duties_and_keeps_lists_whole() -> None:
    """A part after "；" is a duty of its own when it has a cue or opens with an action (it then
    inherits the bodies before it); any other part continues the sentence before it."""
    got = obligations("医疗机构应当建立制度；定期检查，及时整改。")
    assert got == [("must", "应当", ("institution/medical_institution",)),
                   ("must", "", ("institution/medical_institution",))]  # fmt: skip
    listed = extract_obligations(make_doc("医疗机构应当对下列人员进行培训：医师；护士；药师。"), [])
    assert [o.text for o in listed] == ["医疗机构应当对下列人员进行培训：医师；护士；药师。"]
    own = obligations("二级以上医院要设立质量管理委员会；其他医疗机构要指定专人负责。")
    assert [k for _, _, k in own] == [("institution/hospital_level2_plus",),
                                      ("institution/medical_institution",)]  # fmt: skip


def test_heading_names_the_body_of_its_items() -> None:
    text = "三、医疗机构职责\n（一）建立质量管理制度。\n（二）按月开展自查，及时整改。\n"
    found = read(text, DocumentKind.PLAN)
    assert [(o.cue, o.body_keys) for o in found] == [("", ("institution/medical_institution",))] * 2


def test_announcing_sentence_names_the_body_of_its_items() -> None:
    text = (
        "四、工作要求\n各医疗机构要：\n（一）建立质量管理制度；\n（二）开展培训；\n"
        "（三）未按规定整改的。\n"
    )
    found = read(text, DocumentKind.PLAN)
    assert [o.text for o in found] == ["（一）建立质量管理制度；", "（二）开展培训；"]
    assert all(o.body_keys == ("institution/medical_institution",) for o in found)


def test_plan_tasks_without_a_modal_word() -> None:
    text = (
        "二、主要任务\n（一）加强组织领导。各地要成立领导小组，明确责任分工。\n"
        "（二）建立健全考核制度。\n1. 完善考核办法。\n"
        "（三）组织实施阶段（2020年6月）。\n"
    )
    found = read(text, DocumentKind.PLAN)
    # 加强组织领导 and 建立健全考核制度 head the text after them; 完善考核办法 is a task of its own
    assert [o.text for o in found] == ["各地要成立领导小组，明确责任分工。", "1. 完善考核办法。"]
    assert [o.text for o in read(text, DocumentKind.REPORT)] == [found[0].text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对医院科室护理工作进行考核，护理质量与工作绩效挂钩。", [("must", "", ())]),
        ("2020年6月开始，每2个月开展一次专项检查。", [("must", "", ())]),
        ("市卫健委将及时通报先进经验。",
         [("must", "", ("health_administration/prefectural",))]),
        ("各地卫生健康行政部门认真总结工作情况，推进制度建设。",
         [("must", "", ("health_administration/any",))]),
        ("医疗机构对照整治内容，组织全面开展自查自纠。",
         [("must", "", ("institution/medical_institution",))]),
        ("开展质量提升年活动是推动公立医院改革的重要基础性工作。", []),  # a statement
        ("各省卫生健康委：\n现印发给你们，请抓好贯彻落实。",
         [("must", "请", ("health_administration/provincial",))]),  # the addressees
        # a department no list knows, its task after it at once, a time before it
        ("3月15日前，感染管理科制定年度培训计划。", [("must", "", ("role/感染管理科",))]),
        ("每季度末，护理部对新入职护士进行一次考核。", [("must", "", ("role/护理部",))]),
        ("县（区）牵头医院发挥技术优势，指导成员医院专科建设。",
         [("must", "", ("institution/县（区）牵头医院",))]),
        # …but not the issuer's 现就…, nor a task whose object is a body
        ("现就各医院开展自查工作通知如下：", []),
        ("重点整治医疗机构对患者隐私保护重视程度不够的问题。", []),
    ],
)  # fmt: skip
def test_notice_sentences_stating_tasks(
    text: str, expected: list[tuple[str, str, tuple[str, ...]]]
) -> None:
    assert obligations(text) == expected


def test_statute_duty_lists_and_minimums() -> None:
    text = (
        "第二十三条 医师在执业活动中履行下列义务：\n（一）遵守临床技术操作规范；\n"
        "（二）尊重、关心、爱护患者。\n"
        "第二十四条 医疗机构有下列情形之一的，由卫生行政部门处罚：\n（一）未取得许可的；\n"
        "第二十五条 急救中心的呼救电话录音应当至少保存两年。\n"
        "第二十六条 处方至少保存2年备查。\n"
    )
    found = read(text, DocumentKind.LAW)
    assert [(o.text[:8], o.cue, o.body_keys) for o in found] == [
        ("（一）遵守临床技", "", ("role/physician",)),
        ("（二）尊重、关心", "", ("role/physician",)),
        ("第二十五条 急救", "应当", ()),
        ("第二十六条 处方", "", ()),
    ]


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("用人单位应当为劳动者建立职业健康监护档案。", ("organisation/employer",)),
        ("执业医师应当亲自诊查。", ("role/physician",)),
        ("乡村医生应当在乡村医生基本用药目录规定的范围内用药。", ("role/village_doctor",)),
        ("诊所不得开展手术。", ("institution/clinic",)),
        ("公民应当自觉参与献血活动。", ("party/citizen",)),
        ("学校应当建立卫生制度。", ("organisation/school",)),
        ("药品上市许可持有人应当建立质量体系。", ("enterprise/marketing_authorisation_holder",)),
        ("县级以上人民政府应当加强领导。", ("government/local",)),
        ("社区康复机构应当依法开展社区康复服务。", ("institution/社区康复机构",)),
        ("被检查单位应当予以配合，不得拒绝、阻挠。", ("organisation/被检查单位",)),
        ("任何单位和个人不得阻挠。", ("organisation/单位", "party/个人")),
        ("精神障碍患者的监护人应当履行监护职责。", ("party/精神障碍患者的监护人",)),
        ("当事人应当自收到通知之日起10日内提交材料。", ("party/当事人",)),
        ("院前急救人员根据调度指令到达现场后，应当及时开展救治。", ("role/院前急救人员",)),
        ("对危急值、高危病人要重点管控。", ()),  # 病人 is the object, not the party
        # A modifier ending in 的 before the subject, then what the subject does.
        ("取得资格的药师调配处方，应当进行核对。", ("role/pharmacist",)),
        (
            "依法经过资格认定的药师或者其他药学技术人员调配处方，应当进行核对。",
            ("role/pharmacist",),
        ),
        (
            "第十五条 与被鉴定人有亲属关系或者其他利害关系的医师，不得参加鉴定。",
            ("role/physician",),
        ),
        ("第九条 在本市执业的护士，应当参加培训。", ("role/nurse",)),
        # … but not whom the duty is for, nor a body that is an object in a list of acts.
        ("对不能诊治的病人，应当及时转诊。", ()),
        ("因传染病死亡的病人尸体，应当立即火化。", ()),
        ("撤销政府举办的医疗机构或者改变其性质，应当征求意见。", ()),
        ("凭依法取得资格的医师开具的处方，方可购买。", ()),
    ],
)
def test_statute_subjects_bind_a_body(text: str, keys: tuple[str, ...]) -> None:
    assert obligations(text, DocumentKind.LAW)[0][2] == keys


def test_seed_001_duties_of_county_bureaus_and_institutions() -> None:
    doc = replace(seed("001"), kind=DocumentKind.PLAN)
    found = extract_obligations(doc, [])
    county = [o for o in found if "health_administration/county" in o.body_keys]
    both = [o for o in county if "institution/medical_institution" in o.body_keys]
    assert both[0].action.startswith("建立健全医疗安全与风险管理体系")
    report = next(o for o in found if o.deadline == "6月12日前")
    assert report.body_keys == ("institution/medical_institution",)
    assert report.action.startswith("将本单位工作方案盖章报至市卫健委")
    quality = next(o for o in found if o.frequency == "每年不少于2次")
    assert quality.body_keys == ("quality_control_centre/prefectural",)
    assert quality.modality is Modality.MUST
    assert quality.cue == ""  # a plan's duty stated without a modal word
    december = next(o for o in found if o.deadline == "12月1日前")
    assert set(december.body_keys) == {
        "health_administration/county",
        "institution/medical_institution",
    }


def test_seed_001_tasks_through_the_pipeline() -> None:
    """Tasks stated without a modal word count, with the section's body; the short phrase that
    opens a numbered point followed by its explanation is a heading, not a duty."""
    path = next((DATA / "seeds").glob("001_*.txt"))
    found = parse_document(path.read_bytes(), str(path)).obligations
    training = next(o for o in found if o.text == "建立感控全员培训制度并严格落实。")
    assert (training.cue, training.modality) == ("", Modality.MUST)
    assert training.body_keys == ("institution/medical_institution",)
    assert not any(o.text.startswith("（一）建立医疗质量安全排查机制") for o in found)
    assert not any(o.text.startswith("1. 加强制度建设") for o in found)
    assert not any("组织实施阶段" in o.text for o in found)  # a stage of the timetable
    assert sum(bool(o.body_keys) for o in found) / len(found) >= 0.9


def test_a_duty_stated_of_a_thing_falls_to_the_party_acting_before_it() -> None:
    text = "一、组织实施\n4月底前，各临床科室完成科室内部培训，培训记录须留档备查。\n"
    found = read(text, DocumentKind.PLAN)
    assert [(o.cue, o.body_keys) for o in found] == [("须", ("role/临床科室",))]


def test_a_reports_remedial_section_sets_tasks() -> None:
    """A report describes what was done, but its 整改措施 say what it will do: those are duties,
    the department named first carrying on to the items after it."""
    text = (
        "某医院2025年依法执业自查报告\n\n一、基本情况\n我院成立自查工作小组，开展全面自查。\n\n"
        "二、整改措施\n（一）医务科立即组织对全院医师执业注册信息进行核查。\n"
        "（二）每周抽查运行病历，重点检查知情同意书签署情况。\n"
    )
    found = read(text, DocumentKind.REPORT)
    assert [(o.body_keys, o.deadline, o.frequency) for o in found] == [
        (("role/医务科",), "立即", None),
        (("role/医务科",), None, "每周"),
    ]


def test_seed_000_report_states_no_implicit_duties() -> None:
    doc = replace(seed("000"), kind=DocumentKind.REPORT)
    found = extract_obligations(doc, [])
    assert all(o.cue for o in found)


def test_statute_through_the_pipeline() -> None:
    path = DATA / "corpus" / "admin_regulation" / "医疗机构管理条例(2022-03-29).md"
    parsed = parse_document(path.read_bytes(), str(path))
    art14 = [o for o in parsed.obligations if o.clause_id and o.clause_id.endswith("art_14")]
    assert [o.cue for o in art14] == ["必须", "可以"]
    assert art14[0].body_keys == ("institution/medical_institution",)  # 医疗机构执业，必须进行登记
    must_not = [o for o in parsed.obligations if o.modality is Modality.MUST_NOT]
    assert any(o.action.startswith("开展诊疗活动") for o in must_not)


def test_statute_corpus_subjects_are_reachable() -> None:
    """In a real statute every duty whose sentence opens with 医师 binds role/physician, and the
    items of 医师在执业活动中履行下列义务 are the physician's duties."""
    path = DATA / "corpus" / "law" / "中华人民共和国医师法(2021-08-20).md"
    found = parse_document(path.read_bytes(), str(path)).obligations
    opens = re.compile(r"(?:第\S+条 )?医师(?:应当|不得|可以|须|在|，)")
    named = [o for o in found if opens.match(o.text)]
    assert len(named) >= 8
    assert all("role/physician" in o.body_keys for o in named)
    art23 = [o for o in found if o.clause_id and "art_23/" in o.clause_id]
    assert len(art23) == 6  # its six items (一)…(六)
    assert all(o.body_keys == ("role/physician",) for o in art23)


def test_long_text_parses_in_linear_time() -> None:
    """No pattern may run away on a long sentence without punctuation (15 KB took 1.7 s once)."""
    text = "医疗机构应当" + "于每年对全市医疗机构的医疗质量状况进行评价并" * 700 + "报告。"
    start = time.perf_counter()
    extract_obligations(make_doc(text), [])
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        # the doer after the cue: a passive's agent (应当由…实施)
        ("药品抽样应当由两名以上药品监督检查人员实施。", ("role/两名以上药品监督检查人员",)),
        ("现场检查笔录应当由执法人员和当事人签名。", ("role/执法人员", "party/当事人")),
        # a subject before the cue keeps the duty; 经…批准 names no doer
        ("医疗机构的处方应当由医师开具。", ("institution/medical_institution",)),
        ("研制新药，应当经国务院药品监督管理部门批准。", ()),
    ],
)
def test_the_agent_after_the_cue_is_the_party(text: str, keys: tuple[str, ...]) -> None:
    found = obligations(text, DocumentKind.ADMINISTRATIVE_REGULATION)
    assert [k for _, _, k in found][:1] == [keys]


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("食品生产者认为应当召回的，应当立即召回。", ("party/食品生产者",)),
        ("海关履行国境卫生检疫职责，应当依法保护个人隐私。", ("administration/海关",)),
    ],
)
def test_a_subject_before_what_it_judges_or_performs_is_the_party(
    text: str, keys: tuple[str, ...]
) -> None:
    """X认为…的，应当 / X履行…职责，应当: X opens the sentence and keeps the duty."""
    found = obligations(text, DocumentKind.LAW)
    assert [k for _, _, k in found][:1] == [keys]


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        # the party opens the last segment before the cue
        (
            "项目可能产生职业病危害的，建设单位在可行性论证阶段应当进行预评价。",
            ("organisation/建设单位",),
        ),
        # a short bracket after the head word does not hide it
        ("急救医疗中心（站）应当履行下列职责：", ("institution/急救医疗中心（站）",)),
        # 户籍所在地 is a place, not an institution (所)
        ("流动人口的计划生育工作由其户籍所在地负责。", ()),
    ],
)
def test_parties_that_open_a_segment_or_wear_a_bracket(text: str, keys: tuple[str, ...]) -> None:
    found = obligations(text, DocumentKind.LOCAL_REGULATION)
    assert [k for _, _, k in found][:1] == [keys]


def test_one_duty_per_party_acting_in_a_task_sentence() -> None:
    """…由区卫生健康局组织自查，区卫生健康局于4月15日前将…报…: the part after 由 names who acts,
    and a second party acting after a comma states a duty of its own; an adverbial part
    (对发现的违法违规行为，) may open a task."""
    text = (
        "某区卫生健康委员会关于开展麻醉药品管理自查的通知\n\n各医疗机构：\n\n一、自查安排\n\n"
        "（一）基层医疗卫生机构由所在区卫生健康局组织自查，区卫生健康局于4月15日前将汇总表报"
        "市卫生健康委。\n\n"
        "（二）对发现的违法违规行为，依法依规严肃处理；涉嫌违法犯罪的，及时移送公安机关。\n"
    )
    found = [(o.text, o.body_keys, o.deadline) for o in read(text, DocumentKind.NOTICE)]
    county = ("health_administration/county",)
    assert found[:2] == [
        ("（一）基层医疗卫生机构由所在区卫生健康局组织自查", county, None),
        ("区卫生健康局于4月15日前将汇总表报市卫生健康委。", county, "4月15日前"),
    ]
    assert len(found) == 3 and found[2][0].startswith("（二）对发现的违法违规行为")


def test_a_reports_measures_name_their_departments_and_posts() -> None:
    """In 整改措施, a part after "；" opening with a department that acts is its own duty; a
    ward (病区) and a post (护士长, 科主任) are parties."""
    text = (
        "某医院2026年院感工作自查报告\n\n一、主要问题\n\n手卫生依从性不高。\n\n二、整改措施\n\n"
        "1. 院感科每月开展手卫生暗访，结果在院周会通报；后勤保障部于2027年1月底前完成保洁人员"
        "培训。\n2. 各病区应当每日监测消毒剂浓度。\n"
    )
    found = [(o.body_keys, o.deadline, o.frequency) for o in read(text, DocumentKind.REPORT)]
    assert found == [
        (("role/院感科",), None, "每月"),
        (("role/后勤保障部",), "2027年1月底前", None),
        (("role/病区",), None, "每日"),
    ]
    assert [subject_keys(s) for s in ("护士长", "科主任")] == [("role/护士长",), ("role/科主任",)]


def test_a_stage_of_a_timetable_names_its_period_before_the_parties_acting() -> None:
    text = (
        "某县医疗废物专项整治工作方案\n\n三、进度安排\n\n"
        "（一）自查整改阶段（3月15日至4月30日）：各医疗卫生机构对照有关规定开展自查，"
        "建立问题台账，4月30日前完成整改。\n"
        "（二）总结阶段（9月）：各乡镇卫生院于9月10日前报送工作总结，县卫生健康局汇总后报"
        "市卫生健康委。\n\n四、工作要求\n\n"
        "（一）对检查发现的问题，责令限期整改；对违法行为，依法予以处罚。\n"
    )
    found = [(o.body_keys, o.text[:12]) for o in read(text, DocumentKind.PLAN)]
    assert found == [
        (("institution/medical_institution",), "（一）自查整改阶段（3月"),
        (("institution/primary_care",), "（二）总结阶段（9月）："),
        (("health_administration/county",), "县卫生健康局汇总后报市卫"),
        ((), "（一）对检查发现的问题，"),
    ]


def test_minutes_a_supervision_opinion_and_a_list_of_duties() -> None:
    """Kinds a compliance office files: 会议纪要 (纪要 holds no cue; 由医务科牵头，… binds the
    department; a remark in brackets is one with its sentence), and a 监督意见书 whose 你单位 and
    whose duties with no subject are the party its record names (被监督单位：…)."""
    minutes = (
        "某医院医疗质量与安全管理委员会2027年第一次会议纪要\n\n"
        "现将会议议定事项纪要如下：\n\n"
        "1. 由医务科牵头，修订核心制度实施细则，3月31日前提交院长办公会审议。\n"
        "2. 药学部于4月底前完成处方前置审核系统上线（责任科室：药学部；配合科室：信息科）。\n"
        "3. 加强临床科室质控员培训。\n4. 护理部每季度通报护理质量指标。\n"
    )
    found = [(o.text[:4], o.body_keys, o.deadline) for o in read(minutes, DocumentKind.OTHER)]
    assert [text for text, _, _ in found] == ["1. 由", "2. 药", "3. 加", "4. 护"]
    # item 3 is a list's item, not a heading: the next line is the next item
    assert [found[i][1:] for i in (0, 1, 3)] == [
        (("role/医务科",), "3月31日前"),
        (("role/药学部",), "4月底前"),
        (("role/护理部",), None),
    ]
    opinion = (
        "卫生监督意见书\n\n被监督单位：某市仁和医院\n地址：某市建设路18号\n\n"
        "经查，你单位医疗废物暂存间未设置警示标识。现提出如下意见：\n"
        "1. 立即停止医师超范围执业行为，对医师执业注册情况进行全面清查。\n"
        "2. 你单位应当于2027年5月20日前完成医疗废物暂存间整改。\n"
    )
    duties = read(opinion, DocumentKind.OTHER)
    assert [(o.body_keys, o.deadline) for o in duties] == [
        (("institution/hospital",), "立即"),
        (("institution/hospital",), "2027年5月20日前"),
    ]


def test_a_penalty_decision_binds_its_party_and_a_hospital_rule_its_departments() -> None:
    """当事人：某某诊所 makes 当事人 that clinic; 医务科是…的职能部门，具体负责： binds 医务科, not
    the 部门 it is called; 临床科室拟开展…的，应当… binds 临床科室."""
    decision = (
        "行政处罚决定书\n\n当事人：某市安康诊所\n地址：某市河滨路6号\n\n"
        "检查时间：2027年4月8日9时30分至10时40分\n"  # a field, though 检查 opens it
        "当事人应当自收到本决定书之日起十五日内，将罚款缴至指定银行。\n"
    )
    assert [o.body_keys for o in read(decision, DocumentKind.OTHER)] == [("institution/clinic",)]
    rule = (
        "某医院医疗技术临床应用管理制度\n\n"
        "第三条 医务科是医疗技术临床应用管理的职能部门，具体负责以下工作：\n"
        "（一）建立医疗技术临床应用档案；\n"
        "第四条 临床科室拟开展新技术的，应当向医务科提出申请。\n"
    )
    found = [o.body_keys for o in read(rule, DocumentKind.DEPARTMENTAL_RULE)]
    assert found == [("role/医务科",), ("role/医务科",), ("role/临床科室",)]


def test_a_list_of_a_posts_duties_binds_the_post_whatever_its_sentences_open_with() -> None:
    text = (
        "某医院临床科室岗位职责\n\n一、护士长职责\n\n"
        "1. 负责本病区护理管理工作，每日检查护理质量。\n\n"
        "二、住院医师职责\n\n1. 在上级医师指导下，负责分管病人的诊疗工作。\n"
        "2. 新入院患者应当在24小时内完成入院记录。\n"
    )
    found = [(o.body_keys, o.frequency) for o in read(text, DocumentKind.OTHER)]
    assert found == [
        (("role/head_nurse",), "每日"),
        (("role/physician",), None),
        (("role/physician",), None),  # the resident's duty, though it opens with the patient
    ]
    # outside such a list a patient's duty stays the patient's
    law = "某医疗机构管理规定\n\n第十条 患者应当如实提供病史。\n"
    assert [o.body_keys for o in read(law, DocumentKind.DEPARTMENTAL_RULE)] == [("party/patient",)]


def test_who_leads_a_task_and_when_a_task_opens_with_its_time() -> None:
    """各临床科室由科主任牵头，组织…: the departments do it, their heads lead; a task may open
    with its time (2027年第一季度完成…); a stage's period is not the deadline its task sets."""
    notice = (
        "某医院关于开展运行病历质量检查的通知\n\n各科室：\n\n二、检查安排\n\n"
        "（一）各临床科室由科主任牵头，组织本科室质控医师对在院病历逐份自查。\n"
        "（二）整改阶段（3月15日至4月30日）：各临床科室对照问题清单整改，4月30日前完成整改。\n"
    )
    found = [(o.body_keys, o.deadline) for o in read(notice, DocumentKind.NOTICE)]
    assert found == [(("role/临床科室",), None), (("role/临床科室",), "4月30日前")]
    report = (
        "某医院2026年信息安全工作自查报告\n\n一、存在问题\n\n系统版本较旧。\n\n二、整改措施\n\n"
        "（一）2027年第一季度完成信息化监测系统升级。\n"
    )
    assert [o.deadline for o in read(report, DocumentKind.REPORT)] == ["2027年第一季度"]
