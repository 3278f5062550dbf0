"""Whose duty a sentence states, for a checklist of a medical institution: the institution (or its
staff), another party (a government department, a port's 检疫医师, a 集中处置单位), or no one named.

The graph binds an obligation to every body its sentence mentions; a checklist needs the one that
must act. The agent is read from the sentence's subject — the text before its first modal word
(应当, 必须, 不得 …) — in the last comma-part that names anyone: "县级人民政府发布预警后，医疗机构
应当…" binds the institution, "医疗废物集中处置单位到医疗卫生机构收集…不得超过…" does not, nor does
"对从事传染病防治工作的医疗卫生人员，应当给予津贴" (the staff are whom it is for, not who acts).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum
from typing import Any

from api.checklist_topics import Topic, words_in


class Agent(Enum):
    PARTY = "party"  # the institution or its staff must act
    OTHER = "other"  # another party must act
    NONE = "none"  # no one is named (a subject-less paragraph, a list item)


# Who acts for a medical institution: the institution, its kinds, its staff (ingest/bodies.py's
# institution and internal-role names, in the forms statutes write them).
_PARTY = (
    r"医疗卫生机构|医疗机构|医疗单位|医疗保健机构|医疗、保健机构|医院(?!感染)|卫生院|诊所|门诊部|"
    r"保健院|卫生室|卫生服务中心|卫生服务站|接种单位|本机构|本单位|"
    r"医务人员|医疗卫生人员|卫生技术人员|医护人员|医师(?![法协])|护士(?![长条])|药师|药学技术人员|乡村医生|"
    r"法定代表人|主要负责人|科室负责人"
)
# Who acts for someone else: government and its departments, agencies outside the institution,
# the bodies that assess institutions, and other trades. A term written with a party word before
# it (医疗机构监督员, 医疗机构评审委员会, 检疫医师) is that other party.
_OTHER = (
    r"人民政府|国务院|行政部门|主管部门|有关部门|监督管理部门|卫生健康委员会|卫生健康委|"
    r"海关|机关|检疫医师|船长|机长|监督员|评审委员会|鉴定委员会|鉴定机构|指挥部|"
    r"疾病预防控制机构|疾病预防控制部门|集中处置单位|处置单位|生产企业|经营企业|"
    r"上市许可持有人|监护人|血站|学校|居民委员会|村民委员会|红十字会|经办机构|"
    r"个体行医|个体开业|"  # 医师个体行医: a physician practising alone, no institution's staff
    r"经费|专项资金|工作费用"  # public money: kept by whoever holds it (…经费不得截留、挪用)
)
_OTHER_TERM = re.compile(rf"(?:{_PARTY})*(?:{_OTHER})")
_PARTY_TERM = re.compile(_PARTY)
# A name after a preposition is whom or where the act is, not who acts (对医务人员, 到医疗卫生机构,
# 在医疗机构内, 交医疗废物集中处置单位); 由 names the actor and is left out.
_OBJECT = re.compile(
    r"(?:对|向|到|给|与|在|从(?!事)|(?<!已)经(?![营常过])|交|按照|依照|根据|依据)[^，,、；;。：:]{0,12}$"
)
_FOR_WHOM = re.compile(r"对[^，,；;。：:]{0,60}$")
_DUTY_CUE = re.compile(
    r"应当|必须|不得|不准|严禁|禁止|须|负责|有义务|(?<![需主重只将必纲概])要(?![求点素是])"
)
_PERMISSION = re.compile(r"可以|有权")
_LABEL = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇]+条\s*|[（(][一二三四五六七八九十]+[)）]\s*)"
)
_SENTENCE = re.compile(
    r"[^。；;！!？?]+[。；;！!？?]?"
)  # a ；-part: its own subject, or the last one's


def subject_of(sentence: str) -> str | None:
    """A duty sentence's subject: the text before its first duty word, without its label."""
    text = _LABEL.sub("", sentence)
    cue = _DUTY_CUE.search(text)
    return None if cue is None else text[: cue.start()]


# A person the institution serves or meets, or the public, opening a duty sentence: 高危孕妇应当在
# 医疗、保健机构住院分娩, 鉴定人…应当回避, 全社会应当尊重…. Only as the first words: written
# later, such a word is mostly whom the act concerns (发现孕妇患有…的，应当对孕妇进行医学指导).
_PERSON_FIRST = re.compile(
    r"(?:高危|疑似|其他)?(?:孕产妇|孕妇|产妇|患者|病人|鉴定人|献血者|公民|全社会|社会各界)"
)


def agent(sentence: str) -> Agent:
    """Who must act in a duty sentence, read from its subject."""
    subject = subject_of(sentence)
    if subject is None:
        return Agent.NONE  # a list item or a statement: it names no one who must act
    if _PERSON_FIRST.match(subject) and not _party_acts(_LABEL.sub("", sentence)):
        return Agent.OTHER  # …，医疗卫生机构应当进行实名核验 after it is still the party's
    for part in reversed(re.split(r"[，,；;：:]", subject)):
        found = _agent_of(part)
        if found is not Agent.NONE:
            return found
    return Agent.NONE


def _agent_of(part: str) -> Agent:
    """Who a comma-part names as the actor: the party if it names the party other than as an
    object (卫生行政部门和医疗机构应当…), else another party; the party named only as whom the act
    is for (对…医疗卫生人员，应当给予津贴) means someone else acts."""
    if _party_acts(part):
        return Agent.PARTY
    masked = _OTHER_TERM.sub(lambda m: "■" * len(m.group()), part)
    parties = [m.start() for m in _PARTY_TERM.finditer(masked)]
    others = [m.start() for m in re.finditer("■+", masked)]
    if any(not _OBJECT.search(masked[:at]) for at in others):
        return Agent.OTHER
    if any(_FOR_WHOM.search(masked[:at]) for at in parties):
        return Agent.OTHER
    return Agent.NONE


def _party_acts(text: str) -> bool:
    """``text`` names the party other than as whom or where the act is (对医务人员, 在医疗机构)."""
    masked = _OTHER_TERM.sub(lambda m: "■" * len(m.group()), text)
    return any(
        not _OBJECT.search(masked[: m.start()]) and not _FOR_WHOM.search(masked[: m.start()])
        for m in _PARTY_TERM.finditer(masked)
    )


def is_others_duty(duties: list[str]) -> bool:
    """A row's duty sentences name another party and never the institution or its staff."""
    agents = {agent(d) for d in duties}
    return Agent.OTHER in agents and Agent.PARTY not in agents


def own_text(text: str) -> str:
    """The parts of a clause that state the party's duty: those with a duty word that do not bind
    another party, a ；-continuation of such a part (…应当协助…；按照规定及时报告传染病疫情) and
    the statements before the first duty (国家实行执业注册制度。医疗卫生人员应当依法取得…);
    in a clause with no duty word (a list item), all but a permission. A topic is matched on
    these, so 可以实施约束、隔离 or 实施约束、隔离的，一般不超过二十四小时 beside a duty to lift
    the measure does not put a psychiatric clause on infection control."""
    parts = _SENTENCE.findall(text)
    if not any(_DUTY_CUE.search(p) for p in parts):
        return "".join(p for p in parts if not _PERMISSION.search(p))
    kept: list[str] = []
    keep = continues = False
    before_duty = True
    for part in parts:
        if _DUTY_CUE.search(part):
            keep = agent(part) is not Agent.OTHER
            before_duty = False
        elif _PERMISSION.search(part):
            keep = False
        else:  # the context a duty follows (国家实行执业注册制度。…应当…), or its ；-continuation
            keep = before_duty or (keep and continues)
        if keep:
            kept.append(part)
        continues = part.endswith(("；", ";"))
    return "".join(kept)


# A prohibition of everyone: 任何单位或者个人…不得, or a 禁止 naming no one.
_ANYONE = re.compile(r"任何(?:单位|组织|机构)|^\s*(?:第[一二三四五六七八九十百零〇]+条\s*)?禁止")


# An institution named after the prohibition is what the act is done to: 任何单位和个人不得干扰
# 精神卫生医疗机构的正常秩序 protects it (staff named there are kept: 不得克扣护士工资 is an
# employer's limit).
_DONE_TO_INSTITUTION = re.compile(
    r"(?:不得|禁止)[^。；;]*?(?:机构|医院|卫生院|诊所|门诊部|卫生室|卫生服务中心|卫生服务站)"
)


def everyones(obligation: dict[str, Any], topics: Sequence[Topic]) -> bool:
    """A prohibition of everyone on a topic's subject in a work named for that topic (医疗废物
    管理条例: 禁止任何单位和个人转让、买卖医疗废物): the party's too. Only there, only a
    prohibition, and not one that protects the institution: elsewhere such a clause is a rule
    for the public, and 任何单位和个人发现…应当报告 is the public's duty to tell, not a limit on
    what the institution does."""
    text, work = obligation["text"] or "", obligation["document_title"] or ""
    if obligation["modality"] != "must_not" or not _ANYONE.search(text):
        return False
    if _DONE_TO_INSTITUTION.search(text):
        return False
    return any(words_in(work, t.titles) and words_in(text, t.words) for t in topics)
