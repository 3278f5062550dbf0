"""Recognise duties written without a modal word: tasks of plans and notices that open with
an action verb (（一）加强组织领导。 建立感控全员培训制度并严格落实。), and minimums (至少保存3年).

A short task phrase that opens a line and is followed by its explanation (1. 加强制度建设。…)
is a heading of the duties after it, not a duty of its own.
"""

from __future__ import annotations

import re

from ingest.models import DocumentKind

# Kinds whose sentences set tasks to their readers; a report or a scoring table only describes.
IMPERATIVE_KINDS = frozenset({DocumentKind.PLAN, DocumentKind.NOTICE, DocumentKind.OTHER})
NO_IMPLICIT = frozenset({DocumentKind.REPORT, DocumentKind.SCORING_STANDARD})

# Words that may come before the action: connectives (同时，一是) and manner adverbs (切实).
_LEAD_IN = (
    r"(?:(?:同时|此外|另外|其次|最后|首先|[一二三四五六七八九十]是)[,，]?)?"
    r"(?:(?:进一步|切实|认真|全面|持续|严格|积极|主动|大力|着力|扎实|依法|依规|及时|立即|定期|逐步|不断"
    r"|逐条|逐项|逐一|逐份|按时|如实|限期|具体|依法予以|予以"
    r"|全力|坚决|深入|广泛|尽快|统一|分级|按(?:月|季度?|年|周|期|要求|规定))[,，、]?){0,3}"
)
_VERB = (
    r"建立|健全|落实|开展|加强|组织|完成|报送|制定|督促|完善|推进|推动|强化|规范|做好|提高|提升"
    r"|确保|实施|执行|深化|配合|指导|整改|上报|贯彻|坚持|压实|引导|明确|细化|优化|保障|夯实|抓好"
    r"|筑牢|突出|注重|发挥|营造|狠抓|加大|加快|设立|配备|成立|召开|梳理|排查|统筹|畅通|严把|严查"
    r"|严厉|杜绝|防止|实行|推行|推广|宣传|培训|考核|评估|检查|监测|督查|督导|审核|核查|公示|通报"
    r"|汇总|总结|报备|备案|登记|保存|对照|严肃|加紧|落细|界定|修订|协调|履行|承担|交办|形成|减少"
    r"|降低|避免|预防|保证|做到|把好|守住|用好|探索|拓展|聚焦|围绕|依托|结合|运用|利用|健全完善"
    r"|进行|交办|整治|抽查|复查|巡查|清查|移送|处理|查处|处置|记录|报告|提交|编制|归档|更新|复核"
    r"|纠正|清理|分析|责令|处罚|停止"
)
# Adverbs that state a manner only when a task follows them (严格探视、陪护管理 is one).
# 每2个月开展一次…: a frequency may open a task.
# 对医院科室护理工作进行考核 / 在全市医院开展… / 将汇总表报送…: a short phrase of place or object,
# then the task; 于4月15日前完成…: a deadline, then the task.
# 2026年第一季度完成… / 6月底前完成…: a time opening the task
_WHEN_FIRST = (
    r"(?:\d{4}\s*年\s*)?(?:第[一二三四]季度|[上下]半年|\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
    r"(?:底|末|初|中旬|上旬|下旬)?)\s*(?:之前|以前|前|内|末)?"
)
_ACTION = re.compile(
    rf"(?:每[^,，。]{{1,5}}?|(?:对|在|向|按照|根据|将)[^,，。;；:：]{{1,20}}?"
    rf"|于[^,，。;；:：]{{1,12}}?(?:前|内|后|起)|{_WHEN_FIRST})?{_LEAD_IN}(?:{_VERB})"
    r"|(?:切实|认真|严格|积极|全面|进一步)(?=\S)"
)
_NUMBER = re.compile(
    r"\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+\s*[.、．](?!\d)|[①-⑳])\s*"
)
_LEAD_LENGTH = 20  # a task phrase this short, opening a line and followed by more, is a heading
_LEAD_PART = 6  # …with at most this much on each side of a comma
# A stage of a timetable (（二）组织实施阶段（6月—9月）) names a period, not a task.
_PHASE = re.compile(r"阶段\s*(?:[(（][^()（）]{0,30}[)）])?\s*[。:：]?\s*$")
# Statute duties stated as a minimum (病历至少保存15年), without a modal word.
_AT_LEAST = re.compile(r"至少\s*[\d一二三四五六七八九十两半每]|至少(?:保存|保留|配备|设置)")


def opens_with_action(folded: str, start: int, end: int) -> bool:
    """Whether ``folded[start:end]`` opens with an action verb (加强…, 切实落实…, 一是建立…)."""
    return _ACTION.match(folded, start, end) is not None


def is_phase(folded: str, start: int, end: int) -> bool:
    return _PHASE.search(folded, start, end) is not None


def states_minimum(folded: str, start: int, end: int) -> bool:
    return _AT_LEAST.search(folded, start, end) is not None


def is_lead_phrase(folded: str, lo: int, hi: int, unit_end: int) -> bool:
    """Whether the sentence ``[lo, hi)`` is a short phrase opening its line (after any number)
    that more text of the same unit explains: 1. 加强制度建设。… / 加强法制培训。各级…"""
    number = _NUMBER.match(folded, lo, hi)
    body = folded[number.end() if number else lo : hi].strip().rstrip("。.;；:：")
    # 提高认识，加强领导。 is one heading; a longer part after a comma makes it a sentence.
    parts = re.split(r"[,，]", body)
    if len(body) > _LEAD_LENGTH or (len(parts) > 1 and any(len(p) > _LEAD_PART for p in parts)):
        return False
    before = lo
    while before > 0 and folded[before - 1] in " \t\u3000":
        before -= 1
    opens_line = before == 0 or folded[before - 1] == "\n"
    if not (opens_line or number):
        return False
    rest = folded[hi:unit_end]
    line_end = rest.find("\n")
    if number and line_end >= 0 and not rest[:line_end].strip():
        following = rest[line_end:].lstrip()
        next_number = _NUMBER.match(following)
        if next_number and _same_style(number.group(), next_number.group()):
            return False  # 3. 加强培训。 / 4. …: one item of a list, not a heading over text
    return bool(rest.strip())


def _same_style(a: str, b: str) -> bool:
    """Whether two item numbers are of one kind (1. and 2., （一） and （二））."""

    def shape(number: str) -> str:
        return re.sub(r"\d+", "9", re.sub(r"[一二三四五六七八九十]+", "十", number.strip()))

    return shape(a) == shape(b)
