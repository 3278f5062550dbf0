"""Recognise responsible bodies (卫生健康行政部门, 卫生监督机构, 质控中心, 医疗机构, internal roles,
committees) in a document and map each mention to a canonical body with a stable key and level.

Administrations are found by a general rule: a core word (卫生健康委, 卫生健康局, 卫生行政部门 …)
whose level comes from the level words written before it (国家, 省, 自治区, 市, 州, 县, 区 …).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.citations import ClauseIndex
from ingest.models import Body, BodyKind, BodyMention, Clause, Document, Level, Span
from ingest.spans import SpanIndex
from ingest.subjects import KINDS, head_kind

ANY = "any"  # key suffix of a body named without a level (各级卫生健康行政部门)
LOCAL = "local"  # 县级以上地方…: every level from the county up
_LEVELS = ("national", "provincial", "prefectural", "county", LOCAL, ANY)
_LEVEL_ENUM = {
    "national": Level.NATIONAL,
    "provincial": Level.PROVINCIAL,
    "prefectural": Level.PREFECTURAL,
    "county": Level.COUNTY,
    LOCAL: Level.UNKNOWN,
    ANY: Level.UNKNOWN,
}
_LEVEL_NAME = {
    "national": "国家",
    "provincial": "省级",
    "prefectural": "市级",
    "county": "县级",
    LOCAL: "县级以上地方",
    ANY: "",
}
# The level above each level, for SUB_OF between the same family's bodies.
_UPPER = {"county": "prefectural", "prefectural": "provincial", "provincial": "national"}
_UPPER[LOCAL] = "national"

# Longest alternatives first; 区 after 辖/社/片 … is a district of something else, not a level.
_LEVEL_WORD = re.compile(
    r"(?P<local>县级以上(?:地方)?(?:各级)?)"
    r"|(?P<national>国家|国务院|中央)"
    r"|(?P<provincial>自治区|直辖市|省级|省)"
    r"|(?P<prefectural>设区的?市级?|自治州|地级市?|地区|市级|地(?=[(（])|市|州|盟)"
    r"|(?P<county>自治县|县级市|市辖区|县级|县|旗|(?<![辖社片城景园新开疫病灾我本该全])区)"
)
_MASK = "\x00"
_CHAIN_GAP = set("、和及与或级()（）" + _MASK)  # between level words: 省、自治区、直辖市
_TAIL_GAP = set("级地方人民政府的()（）" + _MASK)  # between the level and the core word
_STOP = re.compile(r"[,，。;；:：!?\s“”\"《》]")


@dataclass(frozen=True, slots=True)
class _Family:
    """A kind of body that exists at every administrative level."""

    name: str  # key prefix
    kind: BodyKind
    label: str  # canonical Chinese name after the level word
    national: str  # canonical name of the national body
    core: re.Pattern[str]
    parent: str | None = None  # family of the parent at the same level (None: the upper level)
    free_gap: int = 0  # CJK characters allowed between level and core (市级医疗质量控制中心)
    words: tuple[str, ...] = ()  # core words that make aliases with a level word
    national_aliases: tuple[str, ...] = ()


_FAMILIES = (
    _Family(
        "health_administration", BodyKind.HEALTH_ADMINISTRATION, "卫生健康行政部门",
        "国家卫生健康委员会",
        re.compile(
            r"卫生健康委员会|卫生健康委|卫健委|卫健局|卫生和计划生育委员会|卫生计生委|卫生健康局|卫生计生局"
            r"|卫生(?:健康|计生)?(?:行政)?(?:主管)?部门|卫生厅|卫生局|卫生部(?!门)"
        ),
        words=("卫生健康委", "卫健委", "卫生健康局", "卫健局", "卫生健康行政部门"),
        national_aliases=("国家卫健委", "国家卫生健康委", "国家卫生计生委", "国务院卫生行政部门"),
    ),
    _Family(
        "tcm_administration", BodyKind.OTHER_ADMINISTRATION, "中医药主管部门", "国家中医药管理局",
        re.compile(r"中医药管理局|中医药局|中医药主管部门|中医药管理部门"),
        words=("中医药局", "中医药主管部门"),
        national_aliases=("国家中医药局",),
    ),
    _Family(
        "disease_control_administration", BodyKind.OTHER_ADMINISTRATION, "疾病预防控制主管部门",
        "国家疾病预防控制局", re.compile(r"疾病预防控制局|疾控局"),
        words=("疾控局",), national_aliases=("国家疾控局",),
    ),
    _Family(
        "medical_security_administration", BodyKind.OTHER_ADMINISTRATION, "医疗保障行政部门",
        "国家医疗保障局", re.compile(r"医疗保障局|医保局|医疗保障(?:行政|主管)?部门"),
        words=("医疗保障局", "医保局"), national_aliases=("国家医保局",),
    ),
    _Family(
        "drug_administration", BodyKind.OTHER_ADMINISTRATION, "药品监督管理部门",
        "国家药品监督管理局",
        re.compile(r"药品监督管理局|药监局|(?:负责)?药品监督管理的?部门|药品监管(?:部门|局)"),
        words=("药品监督管理局", "药监局"), national_aliases=("国家药监局",),
    ),
    _Family(
        "market_regulation", BodyKind.OTHER_ADMINISTRATION, "市场监督管理部门",
        "国家市场监督管理总局",
        re.compile(r"市场监督管理(?:总局|局|部门)|市场监管(?:总局|局|部门)|食品安全监督管理部门"),
        words=("市场监督管理局", "市场监管局"), national_aliases=("国家市场监管总局",),
    ),
    _Family(
        "government", BodyKind.GOVERNMENT, "人民政府", "国务院",
        re.compile(r"(?:人民)?政府(?![采网])|国务院(?!.{0,2}(?:卫生|中医药|药品|医疗保障))"),
        words=("人民政府",),
    ),
    _Family(
        "supervision_agency", BodyKind.SUPERVISION_AGENCY, "卫生健康监督机构",
        "国家卫生健康监督机构",
        # 卫生监督所, 卫生健康监督所, 卫生计生监督所, 卫生健康综合监督执法局 / 支队, 卫生执法监督局
        re.compile(
            r"卫生(?:健康|计生|和计划生育)?(?:综合)?(?:监督执法|执法监督|监督)"
            r"(?:机构|所|局|中心|支队|大队|队伍)|卫监所"
        ),
        parent="health_administration",
        words=("卫生监督机构", "卫生监督所", "卫生健康监督所", "卫监所"),
    ),
    _Family(
        "quality_control_centre", BodyKind.QUALITY_CONTROL_CENTRE, "医疗质量控制中心",
        "国家医疗质量控制中心", re.compile(r"质控中心|质量控制中心"),
        parent="health_administration", free_gap=8, words=("质控中心",),
    ),
    _Family(
        "disease_control_centre", BodyKind.OTHER, "疾病预防控制机构", "中国疾病预防控制中心",
        re.compile(r"疾病预防控制机构|疾病预防控制中心|疾控中心|疾控机构"),
        parent="disease_control_administration", words=("疾控中心", "疾病预防控制机构"),
    ),
)  # fmt: skip
# The legislature issues statutes (发布机关) but binds no duty of this corpus: a body for the
# documents it issued (``issuer_keys``), not one read from running text.
_LEGISLATURE = _Family(
    "legislature", BodyKind.OTHER, "人民代表大会常务委员会", "全国人民代表大会常务委员会",
    re.compile(r"人民代表大会常务委员会|人大常委会"),
    words=("人民代表大会常务委员会", "人大常委会"), national_aliases=("全国人大常委会",),
)  # fmt: skip
_FAMILY_BY_NAME = {f.name: f for f in (*_FAMILIES, _LEGISLATURE)}

MEDICAL_INSTITUTION = "institution/medical_institution"
# Bodies without levels: (key, name, kind, pattern, parent).
_FIXED: tuple[tuple[str, str, BodyKind, str, str | None], ...] = (
    (MEDICAL_INSTITUTION, "医疗机构", BodyKind.INSTITUTION,
     # 县直医疗机构, 委直属各医疗卫生单位: the institutions under a level, read as one name
     r"(?:[省市县区委]直(?:属)?各?)?(?:医疗卫生机构|医疗机构|医疗卫生单位|医疗单位)"
     r"|医疗保健机构|医疗、保健机构", None),
    ("institution/hospital", "医院", BodyKind.INSTITUTION, r"医院(?!感染)", MEDICAL_INSTITUTION),
    ("institution/clinic", "诊所", BodyKind.INSTITUTION, r"诊所", MEDICAL_INSTITUTION),
    ("institution/hospital_level2_plus", "二级以上医院", BodyKind.INSTITUTION,
     r"二级(?:及|以)上(?:公立|综合|中医)?(?:医院|医疗机构)", MEDICAL_INSTITUTION),
    ("institution/hospital_level3", "三级医院", BodyKind.INSTITUTION,
     r"三级(?:公立|综合|中医)?医院", MEDICAL_INSTITUTION),
    ("institution/primary_care", "基层医疗卫生机构", BodyKind.INSTITUTION,
     r"基层医疗卫生机构|乡镇卫生院|社区卫生服务中心|社区卫生服务站|村卫生室", MEDICAL_INSTITUTION),
    ("institution/tcm", "中医医疗机构", BodyKind.INSTITUTION, r"中医医疗机构|中医医院",
     MEDICAL_INSTITUTION),
    ("institution/blood_station", "血站", BodyKind.INSTITUTION, r"(?:中心)?血站", None),
    ("role/director", "院长", BodyKind.INTERNAL_ROLE, r"(?<!副)院长", MEDICAL_INSTITUTION),
    ("role/principal", "主要负责人", BodyKind.INTERNAL_ROLE, r"主要负责人|法定代表人",
     MEDICAL_INSTITUTION),
    ("role/department_head", "科主任", BodyKind.INTERNAL_ROLE, r"科室主任|科主任|科室负责人",
     MEDICAL_INSTITUTION),
    ("role/head_nurse", "护士长", BodyKind.INTERNAL_ROLE, r"护士长", MEDICAL_INSTITUTION),
    ("role/medical_staff", "医务人员", BodyKind.INTERNAL_ROLE,
     r"医务人员|医疗卫生人员|卫生技术人员|医护人员", MEDICAL_INSTITUTION),
    # Licensed professions; 医师法 / 医师协会 / 护士条例 name a law or a society, not a person.
    ("role/physician", "医师", BodyKind.INTERNAL_ROLE,
     r"执业医师|执业助理医师|医师(?![法协])", MEDICAL_INSTITUTION),
    ("role/nurse", "护士", BodyKind.INTERNAL_ROLE, r"注册护士|护士(?![长条])", MEDICAL_INSTITUTION),
    ("role/pharmacist", "药师", BodyKind.INTERNAL_ROLE, r"执业药师|药学技术人员|药师",
     MEDICAL_INSTITUTION),
    ("role/village_doctor", "乡村医生", BodyKind.INTERNAL_ROLE, r"乡村医生", MEDICAL_INSTITUTION),
    ("organisation/employer", "用人单位", BodyKind.OTHER, r"用人单位", None),
    ("organisation/school", "学校", BodyKind.OTHER, r"学校|托幼机构", None),
    ("enterprise/drug_business", "药品经营企业", BodyKind.OTHER,
     r"药品经营企业|药品批发企业|药品零售企业|零售药店", None),
    ("enterprise/drug_manufacturer", "药品生产企业", BodyKind.OTHER, r"药品生产企业", None),
    ("enterprise/marketing_authorisation_holder", "药品上市许可持有人", BodyKind.OTHER,
     r"药品上市许可持有人|疫苗上市许可持有人|上市许可持有人", None),
    ("party/citizen", "公民", BodyKind.OTHER, r"公民", None),
    ("party/patient", "患者", BodyKind.OTHER, r"患者|病人|就诊者", None),
    ("committee/medical_quality", "医疗质量管理委员会", BodyKind.COMMITTEE,
     r"医疗质量管理委员会|医疗质量管理工作小组", MEDICAL_INSTITUTION),
    ("committee/pharmacy", "药事管理与药物治疗学委员会", BodyKind.COMMITTEE,
     r"药事管理与药物治疗学委员会|药事管理委员会", MEDICAL_INSTITUTION),
    ("committee/infection_control", "医院感染管理委员会", BodyKind.COMMITTEE,
     r"医院感染管理委员会", MEDICAL_INSTITUTION),
    ("committee/ethics", "伦理委员会", BodyKind.COMMITTEE, r"(?:医学)?伦理委员会",
     MEDICAL_INSTITUTION),
    ("committee/medical_technology", "医疗技术临床应用管理委员会", BodyKind.COMMITTEE,
     r"医疗技术(?:临床应用)?管理委员会", MEDICAL_INSTITUTION),
    ("committee/transfusion", "临床用血管理委员会", BodyKind.COMMITTEE,
     r"(?:临床用血|输血)管理委员会", MEDICAL_INSTITUTION),
    ("committee/medical_records", "病案管理委员会", BodyKind.COMMITTEE, r"病案管理委员会",
     MEDICAL_INSTITUTION),
)  # fmt: skip
_FIXED_PATTERNS = [(key, re.compile(pattern)) for key, _, _, pattern, _ in _FIXED]
_FIXED_BY_KEY = {key: (name, kind, parent) for key, name, kind, _, parent in _FIXED}
_FIXED_PATTERN_TEXT = {key: pattern for key, _, _, pattern, _ in _FIXED}
_TITLE = re.compile(r"《[^《》\n]{1,120}》")


def _mask_brackets(text: str) -> str:
    """Blank the inside of short brackets (县（区）, 地（州、市）): the head word sets the level."""
    return re.sub(
        r"([(（])([^()（）]{1,6})([)）])",
        lambda m: m.group(1) + _MASK * len(m.group(2)) + m.group(3),
        text,
    )


def _levels_before(folded: str, core_start: int, free_gap: int) -> tuple[int, set[str]]:
    """Where the level words before a core word start, and the levels they name."""
    lo = max(0, core_start - 24)
    window = _mask_brackets(folded[lo:core_start])
    stops = list(_STOP.finditer(window))
    if stops:
        window = _MASK * stops[-1].end() + window[stops[-1].end() :]
    words = [m for m in _LEVEL_WORD.finditer(window) if m.lastgroup]
    if not words:
        return core_start, set()
    tail = window[words[-1].end() :]
    gap_ok = all(ch in _TAIL_GAP for ch in tail) or (
        len(tail) <= free_gap and not any(ch in _MASK for ch in tail)
    )
    if not gap_ok:
        return core_start, set()
    chain = [words[-1]]
    for word in reversed(words[:-1]):
        if all(ch in _CHAIN_GAP for ch in window[word.end() : chain[-1].start()]):
            chain.append(word)
        else:
            break
    return lo + chain[-1].start(), {str(w.lastgroup) for w in chain}


# The four 直辖市: their 市 is a provincial-level unit, not a prefecture.
_MUNICIPALITIES = ("北京", "天津", "上海", "重庆")


def _family_mentions(folded: str) -> list[tuple[int, int, tuple[str, ...]]]:
    found = []
    for family in _FAMILIES:
        for m in family.core.finditer(folded):
            start, levels = _levels_before(folded, m.start(), family.free_gap)
            if levels == {"prefectural"} and folded[max(0, start - 2) : start] in _MUNICIPALITIES:
                levels = {"provincial"}
            if m.group().startswith(("国务院", "卫生部")):
                levels = {"national"}
            if LOCAL in levels:
                levels = {LOCAL}
            keys = tuple(f"{family.name}/{level}" for level in _LEVELS if level in levels)
            found.append((start, m.end(), keys or (f"{family.name}/{ANY}",)))
    return found


def find_body_mentions(document: Document, clauses: Sequence[Clause]) -> list[BodyMention]:
    """Every mention of a known body in ``document``, in text order; a mention naming two
    levels (设区的市和县级卫生健康行政部门) yields one mention per level with the same span."""
    folded = document.folded
    titles = SpanIndex((m.start(), m.end()) for m in _TITLE.finditer(folded))

    candidates = _family_mentions(folded)
    for key, pattern in _FIXED_PATTERNS:
        candidates.extend((m.start(), m.end(), (key,)) for m in pattern.finditer(folded))
    candidates.extend(_addressed(folded, candidates))
    # Within a longer mention a shorter one is part of its name (基层医疗卫生机构 ⊃ 医疗卫生机构).
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    kept: list[tuple[int, int, tuple[str, ...]]] = []
    for start, end, keys in candidates:
        if titles.contains(start, end):
            continue
        if kept and start < kept[-1][1]:
            if end - start > kept[-1][1] - kept[-1][0]:
                kept[-1] = (start, end, keys)
            continue
        kept.append((start, end, keys))
    index = ClauseIndex(clauses)
    mentions = []
    for start, end, keys in kept:
        clause = index.innermost(start, end)
        for key in keys:
            mentions.append(
                BodyMention(
                    document_id=document.id,
                    clause_id=clause.id if clause else None,
                    body_key=key,
                    raw=document.text[start:end],
                    span=Span(start, end),
                )
            )
    return mentions


# A supervision record's party (被监督单位：某某医院; 当事人：某某诊所), whom its 你单位 / 贵院
# and its label (当事人) then mean.
_RECORD_PARTY = re.compile(
    r"^[ \t\u3000]*(?P<label>被监督单位|被检查单位|被处罚单位|受检单位|检查对象|当事人|被监督人)"
    r"[ \t\u3000]*[:：][ \t\u3000]*(?P<name>[^\n]{2,40})$",
    re.M,
)
_RECORD_REACH = 2000
_YOU = re.compile(r"(?:你|贵)(?:单位|院|所|中心|机构|站|公司|科)")


def record_party_span(folded: str) -> tuple[int, int] | None:
    """Where a supervision record or decision names its party (被监督单位：某某医院), if it does."""
    field = _RECORD_PARTY.search(folded, 0, _RECORD_REACH)
    return field.span("name") if field else None


def _addressed(
    folded: str, candidates: Sequence[tuple[int, int, tuple[str, ...]]]
) -> list[tuple[int, int, tuple[str, ...]]]:
    """你单位 / 贵院 as mentions of the party a record names (被监督单位：…), when it names one."""
    field = _RECORD_PARTY.search(folded, 0, _RECORD_REACH)
    if field is None:
        return []
    lo, hi = field.span("name")
    keys = tuple(
        dict.fromkeys(k for start, end, ks in candidates if lo <= start and end <= hi for k in ks)
    )
    if not keys:
        return []
    # the label itself names the party too (当事人应当…), except in its own field line
    you = f"{_YOU.pattern}|{re.escape(field['label'])}(?![:：])"
    return [(m.start(), m.end(), keys) for m in re.finditer(you, folded)]


# Bodies read from a subject phrase (``organisation/学校``): the kind its head word gives.
_NAMED_KIND = {
    "role": (BodyKind.INTERNAL_ROLE, Level.UNKNOWN),
    "administration": (BodyKind.OTHER_ADMINISTRATION, Level.UNKNOWN),
    "institution": (BodyKind.INSTITUTION, Level.INSTITUTION),
    "organisation": (BodyKind.OTHER, Level.UNKNOWN),
    "party": (BodyKind.OTHER, Level.UNKNOWN),
}
assert set(_NAMED_KIND) == set(KINDS)


_NAMED_LEVEL = re.compile(
    r"(?P<national>国家|国务院)|(?P<provincial>省级|省、自治区、直辖市)"
    r"|(?P<prefectural>设区的?市级?|市级|地市级)|(?P<county>县级(?!以上)|县、区)"
)


def _named_body(key: str) -> Body | None:
    prefix, _, name = key.partition("/")
    if prefix not in _NAMED_KIND or not re.fullmatch(r"[\u4e00-\u9fff、（）()“”\"]{2,32}", name):
        return None
    if head_kind(name) != prefix:
        return None
    kind, level = _NAMED_KIND[prefix]
    written = _NAMED_LEVEL.match(name)
    if written:  # 省级母婴保健医学技术鉴定委员会: the level the name gives
        level = _LEVEL_ENUM[str(written.lastgroup)]
    return Body(key, name, kind, level)


def body(key: str) -> Body:
    """The canonical body of a key; raise ``KeyError`` for a key no rule produces."""
    named = _named_body(key)
    if named is not None:
        return named
    if key in _FIXED_BY_KEY:
        fixed_name, kind, fixed_parent = _FIXED_BY_KEY[key]
        # Only plain words (医务人员|医护人员) give aliases, never a pattern with groups.
        words = _FIXED_PATTERN_TEXT[key].split("|")
        words = [w for w in words if re.fullmatch(r"[\u4e00-\u9fff]+", w)]
        fixed_aliases = tuple(w for w in words if w != fixed_name and len(w) > 1)
        inside = key.startswith(("institution/", "role/", "committee/"))
        fixed_level = Level.INSTITUTION if inside else Level.UNKNOWN
        return Body(key, fixed_name, kind, fixed_level, fixed_aliases, fixed_parent)
    family_name, _, level = key.partition("/")
    family = _FAMILY_BY_NAME.get(family_name)
    if family is None or level not in _LEVELS:
        raise KeyError(f"unknown body key {key!r}")
    name = family.national if level == "national" else _LEVEL_NAME[level] + family.label
    parent: str | None
    if family.parent is not None:
        parent = f"{family.parent}/{level}"
    elif level == "national":
        parent = (
            "government/national"
            if family not in (_FAMILY_BY_NAME["government"], _LEGISLATURE)
            else None
        )
    else:
        parent = f"{family.name}/{_UPPER[level]}" if level in _UPPER else None
    aliases = tuple(a for a in _aliases(family, level) if a != name)
    return Body(key, name, family.kind, _LEVEL_ENUM[level], aliases, parent)


def _aliases(family: _Family, level: str) -> list[str]:
    if level == "national":
        return list(family.national_aliases)
    prefixes = {
        "provincial": ["省", "自治区"],
        "prefectural": ["市", "州", "市级"],
        "county": ["县", "区", "县（区）", "县级"],
        LOCAL: ["县级以上地方"],
        ANY: ["", "各级"],
    }[level]
    return [p + w for p in prefixes for w in family.words]


def bodies_for(keys: Iterable[str]) -> list[Body]:
    """The canonical bodies of ``keys`` and all their ancestors (for SUB_OF), sorted by key."""
    out: dict[str, Body] = {}
    todo = list(keys)
    while todo:
        key = todo.pop()
        if key in out:
            continue
        out[key] = body(key)
        if out[key].parent_key:
            todo.append(str(out[key].parent_key))
    return [out[k] for k in sorted(out)]


def keys_named(name: str) -> list[str]:
    """The body keys a name typed by a person denotes (县卫健局 → health_administration/county,
    质控中心 → quality_control_centre/any, 医师 → role/physician), by the same rules that name the
    bodies of a document; a name that is more than one body's mention denotes none."""
    from ingest.reading import fold

    folded = fold(name.strip().removeprefix("各级").removeprefix("各"))
    if not folded:
        return []
    candidates = _family_mentions(folded)
    for key, pattern in _FIXED_PATTERNS:
        candidates.extend((m.start(), m.end(), (key,)) for m in pattern.finditer(folded))
    # The mention must end the name (its head word): 医院感染管理委员会 is a committee, not 医院.
    ending = [c for c in candidates if c[1] == len(folded)]
    if not ending:
        return []
    start, _, keys = min(ending, key=lambda c: c[0])
    return list(keys) if start <= 2 else []


# A modifier that points elsewhere in the text or in time, not at a kind of body:
# 前款所指的乡村医生, 本条例施行前已经设立的单采血浆站, 接到通报的…部门, 下列单位, 上述机构.
_POINTING = re.compile(
    r"^(?:(?:本(?:法|条例|办法|规定|细则)施行前|前[款条]|上述|接到|收到|依照|按照|下列)[^的]{0,24}的"
    r"|下列|上述)"
)

# A subject that opens with founding a body names its founder (举办医疗机构, 设立血站).
_FOUNDING = re.compile(r"^(?:新|拟|申请)?(?:举办|设立|设置|开办|筹建)")


def canonical_keys(keys: Iterable[str]) -> tuple[str, ...]:
    """A duty's body keys with each subject read from the text (``<kind>/<name>``) made the
    canonical body it names where there is one: ``institution/医疗机构`` is
    ``institution/medical_institution``; a name whose head after a ``…的`` modifier is a known
    body is that body (使用放射性同位素…的医疗卫生机构 → 医疗机构, 接到通报的省、自治区、直辖市
    人民政府卫生行政主管部门 → the provincial health administration); a modifier that only
    points (前款所指的, 本条例施行前已经设立的, 下列) is dropped; 口岸检验所需…由中国药品生物制品
    检定所 is the body after 由. Other modifiers stay: 从事食品批发业务的经营企业 is not every
    经营企业."""
    out: list[str] = []
    for key in keys:
        out += _canonical(key)
    return tuple(dict.fromkeys(out))


def _canonical(key: str) -> tuple[str, ...]:
    prefix, _, name = key.partition("/")
    if prefix not in KINDS:
        return (key,)
    if _FOUNDING.match(name):  # 举办医疗机构: who founds one, not the institution
        return (key,)
    if "由" in name:  # the agent of a passive: what follows 由
        after = name[name.rindex("由") + 1 :]
        if len(after) >= 2 and head_kind(after) and not after.startswith("其"):
            name, prefix = after, str(head_kind(after))
    pointed = _POINTING.sub("", name)
    if len(pointed) >= 2 and head_kind(pointed) == prefix:
        name = pointed
    head = name.rsplit("的", 1)[-1]  # what a …的 modifier qualifies
    for candidate in dict.fromkeys((name, head)):
        named = keys_named(candidate) if len(candidate) >= 2 else []
        if named:
            return tuple(named)
    kind = _kind_inside(head) if prefix in ("role", "institution") else None
    return (kind,) if kind else (f"{prefix}/{name}",)


# What may stand before a body of the institution and leave it that body: a specialty or class
# (精神科, 临床类别, 精神卫生, 两个以上), not a verb (任用, 设置), a list (村民和) or a negation.
_KIND_PREFIX = re.compile(r"[\u4e00-\u9fff]{1,5}")
_NOT_A_KIND = re.compile(r"非$|和|及|与|、|设置|设立|举办|开办|没有|拒绝|任用|依据|进入")


def _kind_inside(name: str) -> str | None:
    """The body of the institution a name ends with when what precedes it only says which kind:
    精神科执业医师 → role/physician, 精神卫生医疗机构 → 医疗机构; None otherwise."""
    for fixed, pattern in _FIXED_PATTERNS:
        inside = fixed == MEDICAL_INSTITUTION or _FIXED_BY_KEY[fixed][2] == MEDICAL_INSTITUTION
        found = pattern.search(name) if inside else None
        if found is None or found.end() != len(name) or found.start() == 0:
            continue
        before = name[: found.start()]
        if _KIND_PREFIX.fullmatch(before) and not _NOT_A_KIND.search(before):
            return fixed
    return None


# What an issuer's name carries that the body does not: 经 (adopted by), the state's name, and
# the office of a ministry that signs for it (国家卫生健康委办公厅, 国家疾控局综合司).
_ISSUER_FRAME = re.compile(r"^经?(?:中华人民共和国)?|(?:办公厅|综合司|办公室)$")
_LEGISLATURE_NAME = re.compile(r"^(?P<place>.*?)(?:人民代表大会常务委员会|人大常委会)$")
# Former names of national bodies that issued documents still in force and that the families'
# patterns do not read (卫生部 and 国家卫生和计划生育委员会 they do).
_FORMER_NATIONAL = {
    "国家食品药品监督管理局": "drug_administration/national",
    "国家食品药品监督管理总局": "drug_administration/national",
}


def issuer_keys(name: str) -> list[str]:
    """The body keys of a document's issuer as its metadata names it (发布机关): 中华人民共和国
    国务院 → government/national, 山东省人民代表大会常务委员会 → legislature/provincial, 国家卫生
    健康委办公厅 → health_administration/national; [] for a name no rule knows."""
    from ingest.reading import fold

    folded = _ISSUER_FRAME.sub("", fold(name.strip()))
    if folded in _FORMER_NATIONAL:
        return [_FORMER_NATIONAL[folded]]
    legislature = _LEGISLATURE_NAME.match(folded)
    if legislature:
        place = legislature["place"]
        if place in ("", "全国"):
            level = "national"
        elif place.endswith(("省", "自治区")) or place.removesuffix("市") in _MUNICIPALITIES:
            level = "provincial"
        else:
            level = "prefectural"
        return [f"{_LEGISLATURE.name}/{level}"]
    return keys_named(folded)
