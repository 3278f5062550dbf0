"""Duties stated without a modal word (ingest/obligations.py reads the ones with a cue).

A plan's or notice's task opening with an action (（一）加强组织领导。), a party then its task
(感染管理科制定…, 区卫生健康局于4月15日前将…报…), a body with a frequency or deadline, a minimum
(病历至少保存15年), an item of an announced list; one duty per party acting in a sentence; a
scoring standard's note outside its tables. What is no duty: a problem to fix, what is checked, a
record's field line, a title, a stage's name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from ingest.binding import keys_of, leading
from ingest.carry import Enumeration
from ingest.deadlines import Details, details
from ingest.models import BodyMention, Clause, ClauseKind, Document, DocumentKind, Modality
from ingest.structure.columns import is_table_line
from ingest.subjects import opening_subject, subject_keys
from ingest.tasks import NO_IMPLICIT, is_lead_phrase, is_phase, opens_with_action, states_minimum

_CONDITION_ITEM = re.compile(r"的\s*[。;；,，]?\s*$")  # 未按照规定…的。: a condition, not a duty
_WILL = re.compile(r"\s*(?:将|会同|牵头)")  # 市卫健委将…: the issuer's own commitment
_PROBLEM = re.compile(r"(?:问题|现象)\s*[。;；]?\s*$")
_FAILURE = re.compile(r"未|存在|没有|缺乏|不到位|不落实")
_CONTENTS_LIST = re.compile(r"(?:包括|内容|如下)\s*[:：]")
_STATEMENT = re.compile(r"(?<![一二三四五六七八九十])是(?!否)")  # 开展…活动是…工作: a statement
_ADVERBIAL = re.compile(r"\s*(?:对|针对|按照)[^,，。;；:：]{1,30}[,，]")
_WHEN = re.compile(r"[\d\s年月日底初中旬上下至—-]{2,20}(?:开始|起|前|以前|之前|以来)?[,，]")
# A field of a record or form: 检查时间：…, 联系人：…, 被检查单位：…
_FIELD = re.compile(
    r"\s*[\u4e00-\u9fff]{0,8}(?:时间|地点|地址|单位|人|电话|日期|名称|编号|方式|对象|情况)\s*[:：]"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence being read, with what it may inherit."""

    lo: int
    hi: int
    subject_start: int
    clause: Clause | None
    listed: Enumeration | None
    inherited: tuple[str, ...]  # from a heading or an announcing sentence
    before: tuple[str, ...]  # the bodies of the sentence before, in the same clause
    continues: tuple[Modality, tuple[str, ...]] | None  # the duty a "；" part goes on with
    tasks: bool  # its sentences set tasks (a plan, a notice, a report's 整改措施)


def implicit_duty(
    document: Document, s: Sentence, mentions: Sequence[BodyMention], found: Details
) -> tuple[Modality, tuple[str, ...]] | None:
    """Modality and bodies of a sentence that states a duty without a cue, or None."""
    folded, lo, hi = document.folded, s.lo, s.hi
    if document.kind is DocumentKind.SCORING_STANDARD and not s.tasks:
        return _standard_note(folded, s, mentions, found)
    if document.kind in NO_IMPLICIT and not s.tasks:
        return None
    if _FIELD.match(folded, s.subject_start, hi):
        return None  # 检查时间：2026年4月8日…: a record's field, not a task
    if s.listed is not None:
        if _CONDITION_ITEM.search(folded, lo, hi):
            return None
        return s.listed.modality, s.listed.keys
    first_comma = next((i for i in range(s.subject_start, hi) if folded[i] in ",，"), hi)
    if _PROBLEM.search(folded, lo, hi) and _FAILURE.search(folded, lo, first_comma):
        return None  # 重点整治医疗机构未建立…，…的问题: a problem to fix, not a duty
    if s.clause is not None and _CONTENTS_LIST.search(
        folded, s.clause.span.start, max(s.clause.span.start, lo)
    ):
        return None  # 监督执法内容包括：…；开展…情况： what is checked, not what is owed
    # 2020年6月开始，每2个月开展… / 对发现的违法违规行为，依法依规严肃处理: a time or an
    # adverbial part, then the task
    when = _WHEN.match(folded, s.subject_start, hi)
    if when is None and not opens_with_action(folded, s.subject_start, hi):
        when = _ADVERBIAL.match(folded, s.subject_start, hi)
    task_start = when.end() if when else s.subject_start
    task_end = next((i for i in range(task_start, hi) if folded[i] in ",，"), hi)
    acts = opens_with_action(folded, task_start, hi) and not _STATEMENT.search(
        folded, task_start, task_end
    )
    if s.continues is not None and acts:
        return s.continues  # 医疗机构应当建立制度；定期检查，及时整改。
    opening = _opening_party(folded, s.subject_start, hi, mentions)
    if s.tasks and not is_phase(folded, lo, hi):
        commas = [i + 1 for i in range(s.subject_start, hi) if folded[i] in ",，"]
        if led := _led_by(folded, s.subject_start, hi, mentions):
            return Modality.MUST, led  # 由医务科牵头，修订…: the department leading it
        # the text before the first heading holds the title (某医院培训实施方案), not a task
        titled = s.clause is not None and s.clause.kind is ClauseKind.PREAMBLE
        for start in (s.subject_start, *commas):
            # 各地卫生健康行政部门认真总结… / …，国家卫生健康委会同…进行评估: a body, then its task.
            named = leading(folded, start, mentions)
            after = named[-1].span.end if named else -1
            if named and (_WILL.match(folded, after) or opens_with_action(folded, after, hi)):
                return Modality.MUST, keys_of(named)
            # 基层医疗卫生机构由所在区卫生健康局组织自查: the one after 由 acts
            if named and (agent := _AGENT.match(folded, after)):
                agents = leading(folded, agent.end(), mentions)
                if agents and _LEADS.match(folded, agents[-1].span.end):
                    return Modality.MUST, keys_of(named)  # 各临床科室由科主任牵头，组织自查
                if agents and opens_with_action(folded, agents[-1].span.end, hi):
                    return Modality.MUST, keys_of(agents)
            # 3月15日前，感染管理科制定… / 每季度末，护理部对…进行考核: a party no list knows
            if not named and not titled and (acting_party := _party_acting(folded, start, hi)):
                return Modality.MUST, acting_party
        unit_end = s.clause.span.end if s.clause else _line_end(folded, hi)
        if acts and not is_lead_phrase(folded, lo, hi, unit_end):
            return Modality.MUST, s.before or s.inherited
        acting = any(opens_with_action(folded, i, hi) for i in commas)
        if opening and (found.frequency or found.deadline or acting):
            return Modality.MUST, opening
    if states_minimum(folded, lo, hi):
        return Modality.MUST, opening
    return None


def _standard_note(
    folded: str, s: Sentence, mentions: Sequence[BodyMention], found: Details
) -> tuple[Modality, tuple[str, ...]] | None:
    """A scoring standard's note outside its tables (各科室每季度按本标准自评1次，…于季度末月25日前
    交质控办): a party named first, with when or how often, states a duty; its rows do not."""
    if s.clause is not None and s.clause.kind in (ClauseKind.ROW, ClauseKind.TABLE):
        return None
    if is_table_line(folded[s.lo : s.hi]) or not (found.frequency or found.deadline):
        return None
    opening = _opening_party(folded, s.subject_start, s.hi, mentions)
    return (Modality.MUST, opening) if opening else None


def implicit_parts(
    document: Document,
    s: Sentence,
    mentions: Sequence[BodyMention],
    whole: tuple[Modality, tuple[str, ...]],
) -> list[tuple[Sentence, tuple[Modality, tuple[str, ...]]]]:
    """A task sentence stating one duty per party (…由县卫生健康局组织自查，县卫生健康局于4月15日
    前将汇总表报…): a part per comma part opening with a party that acts, each read alone; parts
    stating no duty stay with the part before. Any other sentence is one part."""
    folded = document.folded
    if not s.tasks:
        return [(s, whole)]
    cuts = [
        i + 1
        for i in range(s.subject_start, s.hi)
        if folded[i] in ",，" and _acting_party(folded, i + 1, s.hi, mentions)
    ]
    if not cuts:
        return [(s, whole)]
    bounds = [s.lo, *cuts, s.hi]
    parts: list[tuple[Sentence, tuple[Modality, tuple[str, ...]]]] = []
    for n, (a, b) in enumerate(pairwise(bounds)):
        end = b - 1 if b != s.hi else b  # the comma closes the part before
        part = replace(s, lo=a, hi=end, subject_start=s.subject_start if n == 0 else a,
                       before=parts[-1][1][1] if parts else s.before)  # fmt: skip
        found = implicit_duty(document, part, mentions, details(folded, a, end))
        if n == 0 and not _opening_party(folded, part.subject_start, end, mentions):
            found = None  # 按照分工推进各项工作，质控办每月汇总…: one duty, of the party named
        if found is None and parts:
            last, reading = parts[-1]
            parts[-1] = (replace(last, hi=end), reading)
        elif found is not None:  # a leading part stating no duty of its own opens this one
            parts.append((part if parts else replace(part, lo=s.lo), found))
    if not parts or (len(parts) == 1 and parts[0][0].hi != s.hi):
        return [(s, whole)]
    return parts


# 由医务科牵头，… / 由县疾控中心负责，…: the party the task falls to, named first.
_LED_BY = re.compile(r"\s*由([^,，。;；:：]{2,20}?)(?:牵头|负责|组织实施|具体负责|统筹)\s*[,，]")


def _led_by(folded: str, start: int, hi: int, mentions: Sequence[BodyMention]) -> tuple[str, ...]:
    """The party a task sentence opening 由X牵头， puts in charge, when a task follows."""
    match = _LED_BY.match(folded, start, hi)
    if match is None or not opens_with_action(folded, match.end(), hi):
        return ()
    named = [m for m in mentions if match.start(1) <= m.span.start and m.span.end <= match.end(1)]
    return keys_of(named) or subject_keys(match.group(1))


def _acting_party(folded: str, start: int, hi: int, mentions: Sequence[BodyMention]) -> bool:
    """Whether a known body opens ``folded[start:hi]`` and acts: its task or a time follows
    (区卫生健康局于4月15日前将…, 县财政局按规定…); not 医院将予以通报批评, a sanction to come."""
    named = leading(folded, start, mentions)
    if not named:
        return False
    after = named[-1].span.end
    return bool(opens_with_action(folded, after, hi) or _ACTS_AT.match(folded, after))


def _opening_party(
    folded: str, lo: int, hi: int, mentions: Sequence[BodyMention]
) -> tuple[str, ...]:
    """The party opening the text at ``lo``: known bodies, else a subject's words; () if none."""
    return keys_of(leading(folded, lo, mentions)) or opening_subject(folded[lo:hi])


_LEADS = re.compile(r"\s*(?:牵头|带头|挂帅)")
_AGENT = re.compile(r"\s*由(?:所在|其|各)?")
# What a party's task may open with besides a verb: a time, a frequency, a manner (于…前, 每月).
_ACTS_AT = re.compile(r"\s*(?:于|每|立即|按规定|按要求|按照|负责|要|需|须)")
_PARTY_LONGEST = 12  # the longest party name read before its task (县（区）卫生健康局医政科)
_NOTICE_OPENER = re.compile(r"现|特|兹")  # 现就…通知如下: the issuer speaking, not a party acting
_ACTING_KINDS = ("role", "institution", "administration")  # not a catch-all X员 / X人


def _party_acting(folded: str, start: int, hi: int) -> tuple[str, ...]:
    """The department, institution or administration a subject names at ``start`` when its
    task follows it at once (感染管理科制定…, 护理部对新入职护士进行…); () otherwise. A name is
    plain words (no 的, no verb opening it), longer than a bare head (组织, 单位)."""
    if opens_with_action(folded, start, hi) or _NOTICE_OPENER.match(folded, start):
        return ()
    for end in range(start + 3, min(start + _PARTY_LONGEST, hi) + 1):
        name = folded[start:end]
        if "的" in name or not opens_with_action(folded, end, hi):
            continue
        if any(opens_with_action(folded, i, end) for i in range(start + 1, end)):
            return ()  # 重点整治医疗机构…: a task, its object a body
        keys = subject_keys(name)
        if keys and all(k.split("/", 1)[0] in _ACTING_KINDS for k in keys):
            return keys
    return ()


def acting_before(
    folded: str, lo: int, cue: int, mentions: Sequence[BodyMention]
) -> tuple[str, ...]:
    """A party that acts in a comma part before a sentence's first cue (…，各临床科室完成培训，
    培训记录须留档): the one a duty stated of a thing there (培训记录须…) falls to."""
    # the comma parts before the cue's own, which the cue's subject reading covers
    for start in [i + 1 for i in range(lo, cue) if folded[i] in ",，"][:-1]:
        named = leading(folded, start, mentions)
        if named and opens_with_action(folded, named[-1].span.end, cue):
            return keys_of(named)
        if acting := _party_acting(folded, start, cue):
            return acting
    return ()


def _line_end(folded: str, at: int) -> int:
    end = folded.find("\n", at)
    return len(folded) if end < 0 else end
