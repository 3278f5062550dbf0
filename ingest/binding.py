"""Bind a duty to the bodies that owe it: those named before its cue (县（区）卫生健康局，各医疗机构
要…), a party read from the subject phrase (学校应当), a back-reference (该机构应当), the bodies of
the sentence before, or a notice's addressees (请抓好贯彻落实).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.locators import without_article_number
from ingest.models import BodyMention
from ingest.subjects import head_kind, is_reference, opening_subject, subject_keys
from ingest.tasks import opens_with_action

FILLER = set("各全地市县区级所有本的和及与其委托、()（） \t\n\u3000")  # 各地…, 及其委托的
_SUBJECTLESS = 2  # a subject this short (同时、) inherits the previous sentence's bodies
# A segment opening with a preposition or a verb names its bodies as objects (对…病人要…).
_OBJECT_LEAD = re.compile(r"对|向|在|按照|根据|依照|依据|为|给|针对|围绕|通过|对于|督促|指导|要求")
_SALUTATION_REACH = 1200  # the addressee line (各省卫生健康委，各医疗机构：) opens a notice
_SALUTATION_LENGTH = 120
# After a subject, these continue a noun phrase (患者等紧急情况, 医务人员的…): no actor named.
_QUALIFIES = "等的之"
# A first segment opening so is whom, why or how a duty is, not who owes it (对…的病人,
# 因患…死亡的病人尸体, 凭…医师开具的处方, 根据…的规定). 在, 与, 依法 open modifiers of a
# subject as often (在本市从事…的医疗机构, 与患者有利害关系的医师, 依法设立的…机构) and are let
# through.
_NOT_A_SUBJECT = re.compile(r"对|向|给|为|因|由|除|将|把|凭|针对|按照|根据|依照|依据|通过")
_JOINED = re.compile(r"(?:或者|或|和|及|以及|与)(?:其他)?")  # 药师或者其他药学技术人员


def keys_of(mentions: Sequence[BodyMention]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.body_key for m in mentions))


def leading(folded: str, lo: int, mentions: Sequence[BodyMention]) -> list[BodyMention]:
    """Mentions opening the text at ``lo`` joined by filler (县（区）卫生健康局和各医疗机构)."""
    found: list[BodyMention] = []
    pos = lo
    for m in mentions:
        if m.span.start < pos:
            if found and m.span.start == found[-1].span.start:
                found.append(m)  # a second level of the same mention
            continue
        if all(ch in FILLER or ch.isdigit() for ch in folded[pos : m.span.start]):
            found.append(m)
            pos = m.span.end
        else:
            break
    return found


def responsible_bodies(
    folded: str, lo: int, hi: int, mentions: Sequence[BodyMention]
) -> tuple[str, ...] | None:
    """Bodies of the subject written in ``[lo, hi)`` before a cue; None when there is no subject.

    The subject is the comma segment right before the cue, with any segments before it that
    hold nothing but bodies (县（区）卫生健康局，各医疗卫生机构要…); failing that, the bodies
    opening the sentence (医疗机构执业，必须进行登记).
    """
    inside = [m for m in mentions if lo <= m.span.start and m.span.end <= hi]
    commas = [lo - 1] + [i for i in range(lo, hi) if folded[i] in ",，"]
    segment_start = commas[-1] + 1
    last = [m for m in inside if m.span.start >= segment_start]
    if last:
        subject = list(last)
        for left, right in zip(reversed(commas[:-1]), reversed(commas[1:]), strict=False):
            seg = [m for m in inside if left < m.span.start and m.span.end <= right]
            rest = folded[left + 1 : right]
            for m in seg:
                rest = rest.replace(folded[m.span.start : m.span.end], "")
            if not seg or any(ch not in FILLER for ch in rest):
                break
            subject = seg + subject
        return keys_of(subject)
    first_end = commas[1] if len(commas) > 1 else hi
    opening = leading(folded, lo, [m for m in inside if m.span.end <= first_end])
    if opening:
        return keys_of(opening)
    if len(re.sub(r"\s+", "", folded[segment_start:hi]).strip(",，:")) <= _SUBJECTLESS:
        return None
    return ()


def subject_of(folded: str, lo: int, hi: int, mentions: Sequence[BodyMention]) -> tuple[str, ...]:
    """The bodies of the subject in ``[lo, hi)``: named ones, else a party read there."""
    found = responsible_bodies(folded, lo, hi, mentions)
    return found or opening_subject(folded[lo:hi])


def cue_subject(
    folded: str,
    lo: int,
    cue: int,
    mentions: Sequence[BodyMention],
    k: int,
    before: tuple[str, ...],
    last: tuple[str, ...],
    inherited: tuple[str, ...],
) -> tuple[str, ...]:
    """The bodies bound by the ``k``-th cue of a sentence, at ``cue``: those named before it,
    else a party named there (学校应当), a back-reference (本单位应当), the subject ``before``
    (in the clause) or ``last`` (anywhere), or the ``inherited`` bodies of a heading or list."""
    found = responsible_bodies(folded, lo, cue, mentions)
    segment = re.split(r"[,，;；:：]", folded[lo:cue])[-1]
    opener = cue - len(segment.lstrip())
    if found and (
        _OBJECT_LEAD.match(folded, opener, cue) or opens_with_action(folded, opener, cue)
    ):
        found = ()  # 对…病人要… / 组织…卫生监督机构负责…: the bodies named are objects
    if found:
        # 精神障碍患者的监护人: a body named inside the subject is not the subject.
        tail = segment.rsplit("的", 1)[-1] if "的" in segment else ""
        of = cue - len(tail) - 1  # where that last 的 is
        named_head = any(m.span.end > of and m.span.start < cue for m in mentions)
        if tail and head_kind(tail) and not named_head:
            return subject_keys(segment) or found
        return found
    if is_reference(segment):
        return before or last
    if opens_with_action(folded, opener, cue):
        return before or inherited  # 组织本级…机构负责: the party is the one before
    named = subject_keys(segment)
    if not named and k == 0:
        named = opening_subject(folded[lo:cue]) or _after_modifier(folded, lo, cue, mentions)
    if not named:  # …产生职业病危害的，建设单位在可行性论证阶段应当: the segment opens with it
        named = opening_subject(segment.lstrip())
    if named:
        return named
    agent = _AGENT.match(folded, cue)  # 药品抽样应当由两名以上抽样人员…实施
    if agent and not before and (keys := subject_keys(agent["agent"])):
        return keys
    # 发现…的，应当立即报告 / 病历应当保存…: the party of the clause so far keeps the duty.
    return before or inherited


# A duty whose doer follows the cue (应当由…实施): the agent of a passive of the same sentence.
_AGENT = re.compile(
    r"(?:应当|必须|须|应)由(?P<agent>[\u4e00-\u9fff、]{2,24}?)"
    r"(?:实施|负责|进行|承担|组织|作出|出具|开具|签署|签名|审核|复核|发放|提供|办理|填写|保管|执行)"
)


def _after_modifier(
    folded: str, lo: int, cue: int, mentions: Sequence[BodyMention]
) -> tuple[str, ...]:
    """The bodies that open a sentence's first segment after a modifier ending in 的, acting
    in the rest of it: "依法经过资格认定的药师或者其他药学技术人员调配处方，应当进行核对",
    "从事放射诊疗工作的医务人员，应当…". Not where the segment opens with a preposition ("对…
    不能诊治的病人，应当及时转诊": whom the duty is for; "因患鼠疫…死亡的病人尸体"), nor where
    the bodies only qualify a noun (…的患者等紧急情况) or are one object of a list of acts
    ("合并、撤销政府举办的中医医疗机构或者改变其…性质，应当征求…意见")."""
    end = next((i for i in range(lo, cue) if folded[i] in ",，;；:："), cue)
    segment = without_article_number(folded[lo:end])
    opener = end - len(segment)
    if _NOT_A_SUBJECT.match(segment):
        return ()
    at = folded.find("的", opener, end)
    found = leading(folded, at + 1, [m for m in mentions if at < m.span.start < end])
    if at < 0 or not found:
        return ()  # only the first 的 ends the modifier: …凭…执业医师开具的处方 names no subject
    after = found[-1].span.end
    joined = _JOINED.match(folded, after, end)
    if joined and not any(m.span.start == joined.end() for m in mentions):
        return ()  # …医疗机构或者改变…: the body is an object, the list goes on with acts
    if after < end and folded[after] in _QUALIFIES:
        return ()
    return keys_of(found)


def addressees_of(folded: str, mentions: Sequence[BodyMention]) -> tuple[str, ...]:
    """Bodies a notice is addressed to: those of the first short line ending in a colon."""
    for line in re.finditer(r"[^\n]+", folded[:_SALUTATION_REACH]):
        written = line.group().strip()
        if len(written) > _SALUTATION_LENGTH or not written.endswith((":", "：")):
            continue
        return keys_of([m for m in mentions if line.start() <= m.span.start < line.end()])
    return ()
