"""Whose duty a sentence states and which words put a row on a topic (api/checklist_party.py,
api/checklist_topics.py): tables of real sentences from the corpus, no graph needed."""

from __future__ import annotations

import pytest

from api.checklist_party import Agent, agent, everyones, is_others_duty, own_text
from api.checklist_topics import TOPICS, without_listed_areas, words_in


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        # the institution or its staff act
        ("第七条 医疗卫生机构和医疗废物集中处置单位，应当建立医疗废物管理责任制", Agent.PARTY),
        ("县级以上人民政府卫生健康主管部门发布预警后，医疗机构应当立即启动预案", Agent.PARTY),
        ("有关部门、医疗卫生机构应当对传染病做到早发现、早报告、早隔离、早治疗", Agent.PARTY),
        ("医疗卫生机构和医疗废物集中处置单位，对有关部门的检查、监测、调查取证，应当予以配合",
         Agent.PARTY),
        ("从事诊疗活动的医疗卫生机构应当加强院内感染防控", Agent.PARTY),
        ("医疗卫生人员在实施接种前，应当按照预防接种工作规范的要求", Agent.PARTY),
        # someone else acts
        ("第四十三条 对出境航空器查验完毕以后，检疫医师应当签发出境检疫证", Agent.OTHER),
        ("第三十条 受入境检疫船舶的船长，在检疫医师到达船上时，必须提交申报书", Agent.OTHER),
        ("应急预案启动后，突发事件发生地的人民政府有关部门，应当根据预案", Agent.OTHER),
        ("医疗废物集中处置单位到同一医疗卫生机构收集、运送医疗废物的间隔时间不得超过四十八小时；",
         Agent.OTHER),
        ("各级医疗机构评审委员会负责医疗机构评审的具体实施。", Agent.OTHER),
        ("医疗机构监督员应当严格执行国家有关法律、法规和规章", Agent.OTHER),
        ("对从事传染病防治、放射医学和精神卫生工作的医疗卫生人员，应当按照国家规定给予适当的津贴。",
         Agent.OTHER),
        # no one named
        ("医疗废物的暂时贮存设施、设备应当定期消毒和清洁。", Agent.NONE),
        ("医疗废物中病原体的培养基、标本等高危险废物，在交医疗废物集中处置单位处置前应当就地消毒。",
         Agent.NONE),
        ("禁止非法采集血液或者组织他人出卖血液。", Agent.NONE),
        ("（一）对甲类传染病患者、病原携带者，予以隔离治疗、医学观察；", Agent.NONE),
        # a person served or met, or the public, opening the sentence; and public money
        ("疑似患者应当在指定的医疗机构接受隔离治疗。", Agent.OTHER),
        ("鉴定人与当事人有利害关系的，应当回避。", Agent.OTHER),
        ("全社会应当关心和支持护理工作。", Agent.OTHER),
        ("防治工作专项资金应当专款专用，任何单位不得截留。", Agent.OTHER),
        # …but a person named later is whom the act concerns; with the party acting after them
        # the sentence is not someone else's (its subject names no one: the article's party)
        ("医疗机构发现孕妇患有严重疾病的，应当对孕妇进行医学指导。", Agent.PARTY),
        ("产妇出院应当办理手续，医疗机构应当核对新生儿身份。", Agent.NONE),
    ],
)  # fmt: skip
def test_who_must_act(sentence: str, who: Agent) -> None:
    assert agent(sentence) is who


def test_a_row_is_dropped_only_when_someone_else_alone_acts() -> None:
    quarantine = [
        "第三十四条 对船舶实施出境检疫完毕以后，检疫医师应当按照检疫结果立即签发出境检疫证，",
        "如果因卫生处理不能按原定时间启航，应当及时通知港务监督机关。",
    ]
    assert is_others_duty(quarantine)
    assert not is_others_duty(["医疗废物的暂时贮存设施、设备应当定期消毒和清洁。"])
    assert not is_others_duty(
        [
            "接到通知的疾病预防控制部门应当及时组织将染疫人接送至指定的医疗机构。",
            "有关医疗机构和场所应当及时接收。",
        ]
    )


def test_a_topic_is_matched_on_the_party_s_own_duties() -> None:
    # a permission (可以实施约束、隔离) and what follows a duty are no infection control
    psychiatric = (
        "第四十六条 精神障碍患者在精神卫生医疗机构内已经发生伤害自身的行为，精神卫生医疗机构及其"
        "医务人员在没有其他可替代措施的情况下，可以实施约束、隔离等保护性医疗措施。精神障碍患者病"
        "情稳定后，应当及时解除保护性医疗措施。实施约束、隔离等保护性医疗措施的，一般不超过二十四小时。"
    )
    assert words_in(own_text(psychiatric), TOPICS["传染病防治"].words) is None
    # another party's duty (the 鉴定机构's 执业资格) does not put the institution's on 依法执业
    appraisal = (
        "医疗机构应当公示经公告的鉴定机构名单和联系方式。接受委托的鉴定机构应当指定本机构具有该"
        "鉴定事项执业资格的二名以上鉴定人共同进行鉴定，并及时出具鉴定报告。"
    )
    assert words_in(own_text(appraisal), TOPICS["依法执业"].words) is None
    # a ；-continuation of the party's duty and the statement before it count
    village = (
        "乡村医生应当协助有关部门做好初级卫生保健服务工作；按照规定及时报告传染病疫情和中毒事件。"
    )
    assert words_in(own_text(village), TOPICS["传染病防治"].words) == "传染病"
    staff = "国家对医师、护士依法实行执业注册制度。医疗卫生人员应当依法取得相应的职业资格。"
    assert words_in(own_text(staff), TOPICS["依法执业"].words) == "执业注册"


def test_a_word_naming_an_institution_or_a_listed_area_is_no_topic() -> None:
    words = TOPICS["传染病防治"].words
    assert words_in("综合医院、妇幼保健院、传染病医院和其他专科医院应当设置中医科室", words) is None
    assert words_in("传染病医院应当…；医疗机构应当做好传染病疫情报告", words) == "传染病"
    listed = "输血、医院感染、病案和主要医技科室质量管理及持续改进符合要求"
    assert words_in(without_listed_areas(listed), words) is None
    assert without_listed_areas("艾滋病、性病防治") == "艾滋病、性病防治"
    one = "医、护、技人员结构合理,卫技人员配备要与设置的诊疗科目相适应"
    assert words_in(without_listed_areas(one), TOPICS["依法执业"].words) == "诊疗科目"


def test_a_prohibition_of_everyone_that_protects_the_institution_is_not_its_duty() -> None:
    topics = [TOPICS["医疗废物"]]

    def rule(text: str) -> dict[str, str]:
        return {"text": text, "document_title": "医疗废物管理条例", "modality": "must_not"}

    assert everyones(rule("禁止任何单位和个人转让、买卖医疗废物。"), topics)
    assert not everyones(rule("任何单位和个人不得阻挠医疗卫生机构收集医疗废物。"), topics)


def test_a_word_as_one_example_of_a_list_closed_by_deng_is_no_topic() -> None:
    words = TOPICS["护理"].words
    assert words_in("为居民提供预防、保健、护理、康复等服务", words) is None
    assert words_in("医疗机构应当加强护理质量管理", words) == "护理"
    # the other examples on the topic too: the list is the topic's
    infection = TOPICS["传染病防治"].words
    assert words_in("落实清洁、消毒、隔离等措施", infection) == "消毒"
