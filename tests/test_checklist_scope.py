"""What a running institution is checked on (api/checklist_scope.py) and when a topic word is a
word of its own (api/checklist_topics.py, second pass): tables of real sentences, no graph."""

from __future__ import annotations

import pytest

from api.checklist_party import Agent, agent
from api.checklist_scope import is_application_rule, is_promotion, list_lead, not_checkable
from api.checklist_topics import TOPICS, words_in


@pytest.mark.parametrize(
    ("sentence", "lead", "applicant"),
    [
        ("(三)通过国务院卫生主管部门组织的护士执业资格考试；",
         "申请护士执业注册，应当具备下列条件：", True),
        ("（四）医疗机构用房不能满足诊疗服务功能；",
         "第二十七条 申请医疗机构执业登记有下列情形之一的，不予登记：", True),
        ("（二）床位在100张以上的医疗机构和专科医院按照省级人民政府卫生行政部门的规定申请。",
         "第十一条 单位或者个人设置医疗机构，应当按照以下规定提出设置申请：", True),
        ("护士执业注册申请，应当自通过护士执业资格考试之日起3年内提出；", "", True),
        ("第二十五条 以师承方式学习中医或者经多年实践，医术确有专长的人员，由至少两名中医医师推荐，"
         "经市中医药主管部门组织实践技能和效果考核合格后，取得中医（专长）医师资格；", "", True),
        # a running institution's duties
        ("医疗机构应当按照核准登记的诊疗科目开展诊疗活动。", "", False),
        ("第二十二条 床位不满100张的医疗机构，其《医疗机构执业许可证》每年校验1次", "", False),
        ("（一）未取得护士执业证书的人员；",
         "第二十一条 医疗卫生机构不得允许下列人员在本机构从事诊疗技术规范规定的护理活动：", False),
        ("从事社会急救医疗的医师、护士应当分别具备执业医师资格、执业护士资格。", "", False),
    ],
)  # fmt: skip
def test_application_rules_are_no_running_duty(sentence: str, lead: str, applicant: bool) -> None:
    assert is_application_rule(sentence, lead) is applicant


def test_promotion_is_no_checkable_duty() -> None:
    shandong = (
        "第四十一条 科研机构、高等学校和医疗机构应当加大中药新药研究开发力度，注重对具有人用经验"
        "的古代经典名方、名老中医方、医疗机构制剂等的研究、利用，推动新药创制和优质产品开发。"
    )
    assert is_promotion(shandong)
    assert not_checkable([shandong])
    assert not is_promotion("医疗机构应当按照规定对医疗废物进行分类收集。")
    # one checkable duty keeps the row
    assert not not_checkable([shandong, "医疗机构应当建立药品进货检查验收制度。"])
    assert not not_checkable([])


def test_list_lead_is_the_announcing_sentence() -> None:
    parent = (
        "申请护士执业注册，应当具备下列条件：\n\n(一)具有完全民事行为能力；\n\n(二)在中等职业学校…"
    )
    assert list_lead(parent) == "申请护士执业注册，应当具备下列条件："
    assert list_lead("第十一条 单位或者个人设置医疗机构，应当提出设置申请：（一）不设床位") == (
        "第十一条 单位或者个人设置医疗机构，应当提出设置申请："
    )


def test_a_physician_practising_alone_is_no_staff() -> None:
    assert agent("第二十条 医师个体行医应当依法办理审批或者备案手续。") is Agent.OTHER
    assert agent("执业医师个体行医，须经注册后在医疗卫生机构中执业满五年；") is Agent.OTHER
    assert agent("医师在执业活动中应当遵守法律、法规") is Agent.PARTY


@pytest.mark.parametrize(
    ("text", "topic", "found"),
    [
        # the tail of a longer word
        ("按照要求配备中医医师、中药师、中医或者中西医结合床位", "药品", None),
        ("基层医疗卫生机构应当将慢性病患者医保药品纳入采购范围", "传染病防治", None),
        ("执业药师应当负责处方的审核", "药品", "处方"),
        ("临床药师应当参与临床药物治疗", "药品", "药物"),
        ("护士长应当组织护理查房", "护理", "护士"),
        ("从事诊疗活动的医疗卫生机构应当严格执行院内感染防控措施", "传染病防治", "院内感染"),
        ("从事社会急救医疗的医师、护士应当分别具备执业医师资格、执业护士资格", "依法执业",
         "医师资格"),
        # one member of a list of kit or staff
        ("（四）按照有关规定配备“120”急救车辆以及医疗急救药品、器械、急救设备和急救医务人员等",
         "药品", None),
        ("（二）配有救护车，车内设备、急救药品、医疗器械符合配置标准；", "药品", None),
        ("（六）建立和执行急救医师、护士、担架员、驾驶员岗前和岗位培训教育制度", "护理", None),
        ("执行院前医疗急救任务的急救车辆应当配备医师、护士、驾驶员。", "护理", None),
        # a list on the topic, or the word heading a phrase of its own
        ("应当配备必要的消毒、隔离和防护设施", "传染病防治", "消毒"),
        ("医疗机构应当对医疗废物的收集、运送、贮存、处置进行登记", "医疗废物", "医疗废物"),
        ("医疗机构应当配备与其诊疗科目相适应的药品", "药品", "药品"),
        ("医疗机构应当按照规定配备护士", "护理", "护士"),
    ],
)  # fmt: skip
def test_topic_word_of_its_own(text: str, topic: str, found: str | None) -> None:
    assert words_in(text, TOPICS[topic].words) == found
