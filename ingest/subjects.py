"""Read the subject of a duty where no known body is named: a noun phrase ending in a word for a
party (学校, 用人单位, 药品上市许可持有人, 申请人), a back-reference (本单位, 该机构, 其), or 国家.

A subject becomes a body key ``<kind>/<name>`` (``organisation/学校``) that ``ingest.bodies.body``
turns into a Body, so every obligation that names a subject is reachable by body.
"""

from __future__ import annotations

import re

# What a subject's head word says it is; longer heads first (卫生院 before 院).
_HEADS: tuple[tuple[str, str], ...] = (
    # 护理部; a department 医务科, 院感科 (not 学科, 专科) and an office 质控办, 院办
    # a post (护士长, 科主任, 院长) and a ward (病区)
    ("role", "人员|医师|医生|护士|药师|技师|助产士|医士|科室|[\u4e00-\u9fff]{2}部"
             "|护士长|主任|院长|科长|组长|病区|小组"
             "|[\u4e00-\u9fff](?<![学本专预百])科|[\u4e00-\u9fff](?<![主承举兴开创合协督查试])办"),
    ("administration", "部门|机关|海关|法院|检察院|管理局|局|委员会办公室|厅"),
    ("institution", "机构|中心|医院|卫生院|卫生室|诊所|实验室|血站|血浆站|急救站|站"
                    "|(?<![场籍口])所"),  # not 户籍所(在地)
    ("organisation", "单位|企业|公司|学校|院校|幼儿园|托儿所|组织|团体|协会|学会|委员会|爱卫会"
                     "|红十字会|媒体|办事处|商|社"),
    ("party", "经营者|生产者|提供者|使用者|(?<!或)者|持有人|注册人|备案人|申请人|当事人|监护人"
              "|用药人|个人|公民|患者|病人|家属|夫妻|双方|任何人|法人|运动员|受托方|[被抽检委托托受]+方"
              "|[\u4e00-\u9fff]{2}人|[\u4e00-\u9fff]{2}员"),  # 调配人, 捐赠人, 检查员
)  # fmt: skip
KINDS = tuple(kind for kind, _ in _HEADS)
# Tried in order, so 院前急救人员 is a role by 人员 before the catch-all X员 of a party.
_HEAD = tuple((kind, re.compile(f"(?:{words})$")) for kind, words in _HEADS)
# Words that open a subject without being part of its name: 各, 任何, 有关, 所有 ….
_DETERMINER = re.compile(r"^(?:本市各级|各级各类|各级|各类|各|任何|所有|有关|相关|其他|全体|凡)")
# Adverbs between a subject and its cue: 医疗机构还应当, 学校也可以.
_ADVERB = re.compile(r"(?:还|也|均|都|亦|则|一律|同时|仍|仍然|依法|并|即|须|应)+$")
# A segment opening with a preposition is an adverbial (对…人员, 在…期间), not a subject.
_PREPOSITION = re.compile(
    r"^(?:对|在|向|按|将|把|由|为|因|如|若|从(?!事)|自(?!治)|据|依|除|于|与|和|给|或|及|并|而|但"
    r"|每(?![个一名家位]))"  # 每月向县卫生健康局…: a frequency, then the task
)
_COPULA = re.compile(r"(?<![凡于就但总还只要若或即])是(?!否)")
_NAME = re.compile(r"[\u4e00-\u9fff、（）()“”\"]{2,32}")
_LIST = re.compile(r"[\u4e00-\u9fff、（）()“”\"]{2,40}")  # 医疗器械注册人、备案人、生产经营企业…
_PART = 18  # the longest one party of a list may be
_SHORT_NAME = re.compile(
    r"[(（]以下(?:简)?称[^()（）]{1,16}[)）]"
)  # （以下简称平台） is not the name
_SPLIT = re.compile(r"和|及|与|或者|或|、")
_REFERENCE = re.compile(
    r"^(?:本单位|本机构|本院|我院|该单位|该机构|该院|他们|上述单位|上述机构|其[\u4e00-\u9fff]{0,6})$"
)
_NATIONAL = re.compile(r"^国家$")
GOVERNMENT_NATIONAL = "government/national"


def head_kind(name: str) -> str | None:
    """The kind a subject's head word gives it (``institution``, ``role`` …), or None; a short
    bracket after the head (急救医疗中心（站）) does not hide it."""
    name = _TRAILING_BRACKET.sub("", name)
    return next((kind for kind, head in _HEAD if head.search(name)), None)


_TRAILING_BRACKET = re.compile(r"[(（][^()（）]{1,6}[)）]$")


def is_reference(subject: str) -> bool:
    """Whether ``subject`` points back to a body named before (本单位, 该机构, 其)."""
    return _REFERENCE.match(subject.strip()) is not None


def _clean(subject: str) -> str:
    subject = _SHORT_NAME.sub("", re.sub(r"\s+", "", subject)).strip(",，:：")
    subject = _COPULA.split(subject, 1)[0]  # 医务科是…的职能部门: the subject is 医务科
    subject = _ADVERB.sub("", subject)
    stripped = _DETERMINER.sub("", subject)
    return stripped if len(stripped) >= 2 else subject


def subject_keys(subject: str) -> tuple[str, ...]:
    """Body keys of a subject phrase written before a cue; () when it names no party.

    A list of parties (居民委员会、村民委员会; 单位和个人) gives one key each when every part
    is itself a party; otherwise the phrase is one name (医疗器械注册人、备案人 keeps its 医疗器械).
    """
    cleaned = _clean(subject)
    if _NATIONAL.match(cleaned):
        return (GOVERNMENT_NATIONAL,)
    if not _LIST.fullmatch(cleaned) or _PREPOSITION.match(cleaned) or not head_kind(cleaned):
        return ()
    parts = [p for p in _SPLIT.split(cleaned) if p]
    if len(parts) > 1 and all(2 <= len(p) <= _PART and head_kind(p) for p in parts):
        return tuple(dict.fromkeys(f"{head_kind(p)}/{p}" for p in parts))
    if not _NAME.fullmatch(cleaned):
        return ()
    return (f"{head_kind(cleaned)}/{cleaned}",)


# What may follow a subject opening a sentence: an adverb, a preposition, a cue or a comma.
_FOLLOWER = re.compile(
    r"还|也|均|都|亦|则|一律|同时|仍|立即|应当|必须|不得|可以|应|须|要|在|对|向|从|于|按照|依照|依法"
    r"|根据|自|经|发现|接到|收到|负责|有权|严禁|禁止|确保|每|定期|及时|认真|切实|积极|进一步"
    r"|全面|严格|会同|牵头|将|未|进行|开展|使用|从事|申请|取得|违反|提供|发生|接受|因|履行|认为|拟|是"
    r"|由(?=[^,，。;；]{2,12}牵头)"  # 各临床科室由科主任牵头，…: the departments act
    r"|,|，"
)
_LONGEST = 32


def opening_subject(text: str) -> tuple[str, ...]:
    """Body keys of the party opening ``text`` (学校在…应当), or () when none opens it."""
    for end in range(2, min(_LONGEST, len(text)) + 1):
        if _FOLLOWER.match(text, end):
            keys = subject_keys(text[:end])
            if keys:
                return keys
    return ()
