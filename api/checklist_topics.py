"""Topics of a self-inspection checklist (医疗废物, 传染病防治, 依法执业 …) and how a row is chosen
for one: by its words, by the work it comes from, or by meaning.

A row belongs to a topic when
  (a) its text holds one of the topic's words (医疗废物, 损伤性废物 …) — in the sentences that
      state the party's own duty (api/checklist_party.py: not another party's duty, not a
      permission), not as the head of an institution's name (传染病医院), and for an item not as
      one member of a 基本要求 listing several areas — or
  (b) its source work's title holds one of the topic's title words (《医疗废物管理条例》: every duty
      the party bears under the law named for the topic), or
  (c) its clause's embedding in the search index is within ``SEMANTIC_THRESHOLD`` cosine of the
      topic's description embedded by the query model, the way search ranks clauses.
The words are the domain's vocabulary for each subject of the 医疗机构依法执业自查 areas, not
phrases of any one document; a topic not in the table is its own word, title word and description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Cosine of clause vector and topic query vector above which a row is on topic by meaning alone.
# Set on the sample corpus by reading the rows just above and below it (benchmarks/RESULTS.md).
SEMANTIC_THRESHOLD = 0.72


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    words: tuple[str, ...]
    titles: tuple[str, ...]
    description: str


TOPICS: dict[str, Topic] = {
    t.name: t
    for t in (
        Topic(
            "医疗废物",
            ("医疗废物", "医疗废弃物", "感染性废物", "损伤性废物", "病理性废物", "药物性废物",
             "化学性废物", "医疗污水", "污水处理", "集中处置", "暂时贮存"),
            ("医疗废物",),
            "医疗卫生机构对医疗废物的分类收集、包装、暂时贮存、交接运送和集中处置",
        ),
        Topic(
            "传染病防治",
            ("传染病", "疫情", "预检", "分诊", "医院感染", "院内感染", "消毒", "隔离",
             "病原体", "突发公共卫生事件", "发热门诊", "感染性疾病科", "预防接种", "疫苗",
             "艾滋病", "结核病", "性病", "检疫"),
            ("传染病", "疫苗", "突发公共卫生事件", "艾滋病", "结核病", "性病", "国境卫生检疫"),
            "医疗机构的传染病报告、预检分诊、消毒隔离、医院感染控制和疫情处置",
        ),
        Topic(
            "依法执业",
            ("执业许可证", "执业登记", "校验", "诊疗科目", "执业范围", "执业地点", "执业注册",
             "执业证书", "执业资格", "医师资格", "标牌", "出租", "承包", "出借", "转让",
             "医疗机构名称", "超范围", "非卫生技术人员"),
            ("医疗机构管理条例", "医师法", "护士条例", "执业"),
            "医疗机构执业许可、登记校验、诊疗科目和执业范围、医务人员执业资格与注册",
        ),
        Topic(
            "护理",
            ("护士", "护理"),
            ("护士",),
            "护士执业注册、护理工作和护理人员配备",
        ),
        Topic(
            "药品",
            ("药品", "处方", "药物", "抗菌药物", "麻醉药品", "精神药品", "医疗用毒性药品",
             "放射性药品", "药师", "药剂", "制剂"),
            ("药品", "药物", "处方", "麻醉药品", "疫苗"),
            "医疗机构药品的采购、验收、储存、调配、处方审核和合理用药",
        ),
        Topic(
            "临床用血",
            ("用血", "输血", "血液", "献血", "血站"),
            ("献血", "血液", "用血"),
            "医疗机构临床用血的申请、储存、发放和输血安全",
        ),
        Topic(
            "放射诊疗",
            ("放射", "射线", "辐射", "放射性", "职业病"),
            ("放射", "职业病"),
            "放射诊疗许可、放射防护和放射工作人员职业健康",
        ),
        Topic(
            "母婴保健",
            ("母婴保健", "产前诊断", "产前筛查", "婚前医学检查", "出生医学证明", "计划生育",
             "辅助生殖", "新生儿", "孕产妇", "终止妊娠", "胎儿性别"),
            ("母婴保健", "计划生育", "人口与计划生育"),
            "母婴保健技术服务、产前诊断、出生医学证明和计划生育技术服务",
        ),
        Topic(
            "精神卫生",
            ("精神障碍", "精神卫生", "精神疾病", "心理"),
            ("精神卫生",),
            "精神障碍患者的诊断、住院治疗和精神卫生服务",
        ),
        Topic(
            "医疗质量",
            ("医疗质量", "医疗安全", "核心制度", "病历", "医疗技术", "不良事件", "质量控制"),
            ("医疗质量", "医疗技术"),
            "医疗质量管理、医疗安全、核心制度和病历管理",
        ),
        Topic(
            "医疗纠纷",
            ("医疗纠纷", "医疗事故", "投诉", "病历资料", "尸检", "告知"),
            ("医疗纠纷", "医疗事故"),
            "医疗纠纷的预防和处理、病历资料的保存和复制、医疗事故报告",
        ),
    )
}  # fmt: skip


def topic(name: str) -> Topic:
    """The named topic; an unknown one is its own word (``regkg checklist --topic 中医药``)."""
    cleaned = name.strip()
    if not cleaned:
        raise ValueError("a topic must not be empty; name one, e.g. 医疗废物 or 传染病防治")
    return TOPICS.get(cleaned) or Topic(cleaned, (cleaned,), (cleaned,), cleaned)


# A topic word that begins the name of a kind of institution names the institution, not the topic:
# 传染病医院 or 精神病院 in a list of hospitals that must set up a TCM department.
_INSTITUTION_AFTER = re.compile(r"(?:专科)?(?:医院|病院|防治院|防治所|防治站)")


def words_in(text: str, words: tuple[str, ...]) -> str | None:
    """The first of ``words`` that ``text`` holds as a word of its own: not inside an
    institution's name (传染病医院), not the tail of a longer word (药师 in 中药师), not one
    member of a list of what is equipped or who is staffed (急救药品、器械; 医师、护士、担架员)."""
    for word in words:
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            if (
                not _INSTITUTION_AFTER.match(text, end)
                and not _inside_word(text, start, end)
                and not _listed_in_kit(text, start, end, words)
            ):
                return word
            start = text.find(word, start + 1)
    return None


def _inside_word(text: str, start: int, end: int) -> bool:
    """A word that begins before ``start``, ends one character short of the match's end and is
    at least as common as the match makes the match the tail of a longer word: 中药 (1106) in
    中药师 outweighs 药师 (536), so 药师 there is no 药师 (nor 性病 in 慢性病); 行院 (3) in
    执行院内感染 does not. Jieba's own segmentation cuts 中药师 as 中/药师 and cannot tell. Where
    the rest is a word of its own the match still stands (执业医师|资格 is a 医师资格), and a word
    across the right edge is kept (护士长 is still nursing)."""
    from search.analyzer import word_frequency as frequency  # the one dictionary used

    own = frequency(text[start:end])
    for left in range(max(0, start - 3), start):
        if frequency(text[left : end - 1]) >= max(own, 1) and end - 1 - left >= 2:
            return True
    return False


# A list of what is to be equipped or who is staffed (配备急救车辆以及急救药品、器械、设备和医务
# 人员): a topic word as one member of it is an item of kit, not the topic. Members are split on
# 、 and the joining words; a member is the word itself, maybe with a short modifier before it.
_KIT_VERB = re.compile(r"配备|配置|配有|装备")
_PART = re.compile(r"[^，,；;。：:\n]+")
_JOIN = re.compile(r"、|以及|及|和|与|或者")
_PERSON = re.compile(r"(?:师|员|士|医生|人员)$")


def _listed_in_kit(text: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    """``text[start:end]`` is one member of a list of kit or staff, or of examples closed by 等,
    in which no other member is a word of the topic (消毒、隔离和防护设施 stays on infection
    control)."""
    part = next((m for m in _PART.finditer(text) if m.start() <= start < m.end()), None)
    if part is None or "、" not in part.group():
        return False
    members, at = [], part.start()
    for piece in _JOIN.split(part.group()):
        members.append((at, piece))
        at += len(piece)
        joiner = _JOIN.match(text, at)
        at += len(joiner.group()) if joiner else 0
    if len(members) < 3:
        return False
    mine = next((m for m in members if m[0] <= start < m[0] + len(m[1])), None)
    if mine is None:
        return False
    head = re.split(r"[的等]", text[start : mine[0] + len(mine[1])], maxsplit=1)[0]
    if head != text[start:end] or start - mine[0] > 4:
        return False  # the word heads a phrase of its own (医疗废物的收集), not a member
    others = [p for a, p in members if a != mine[0]]
    if any(w in p for p in others for w in words):
        return False
    people = sum(bool(_PERSON.search(re.split(r"[的等]", p)[0].strip())) for p in others)
    # …等: the members are examples of something else (危急值、输血、手术…等高风险服务; 妇幼保健、
    # 精神卫生、院前急救等专业公共卫生服务), the word one example among them
    examples = "等" in members[-1][1] and mine is not members[-1]
    return bool(_KIT_VERB.search(part.group())) or people >= 2 or examples


def without_listed_areas(requirement: str) -> str:
    """A 基本要求 without the short members of a list of areas (输血、医院感染、病案和主要医技
    科室质量管理…): shared by one item on each area, one area's word in it does not put every
    item under it on that area's topic; a requirement on one subject keeps its words."""
    out = []
    for part in re.split(r"([，,；;。])", requirement):
        members = part.split("、")
        if len(members) >= 3:
            part = "、".join(m if len(m) > 6 else "" for m in members)
        out.append(part)
    return "".join(out)
