"""Read the when and how often of a duty: deadlines (dates, ranges, relative periods, 立即/及时),
frequencies (每季度至少1次) and thresholds (≥95%) written anywhere in one sentence.

Every pattern is bounded (no unbounded run before a fixed word): a long sentence costs linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN = r"[\d一二三四五六七八九十百两半]+"
_DAY = r"\d{1,2}\s*日|[一二三四五六七八九十]{1,3}日"
_MONTH = r"\d{1,2}\s*月|[一二三四五六七八九十]{1,3}月"
_DATE = rf"(?:\d{{4}}\s*年\s*)?(?:{_MONTH})\s*(?:{_DAY})?"
_DASH = r"\s*(?:—{1,2}|－|–|-|~|～|至|到)\s*"
_DURATION = rf"{_CN}\s*个?\s*(?:工作日|日|天|小时|分钟|个月|月|周|年)"

# Tried in this order; the first that matches anywhere in the sentence is the deadline.
_PART = r"(?:底|初|末|中旬|上旬|下旬)?"
_RANGE = re.compile(
    rf"{_DATE}{_PART}{_DASH}(?:\d{{4}}\s*年\s*)?(?:(?:{_MONTH})\s*(?:{_DAY})?|{_DAY}){_PART}"
)
_BY_DATE = re.compile(
    rf"(?:每年|次年|当年|本年)?\s*{_DATE}\s*(?:底|中旬|上旬|下旬|初|末)?\s*(?:之前|以前|前)"
    rf"|(?:次月|下月|当月|本月|每月)\s*(?:{_DAY})\s*(?:之前|以前|前)"  # 次月10日前
)
# A date given under a label for it: 整改期限：2026年6月30日, 完成时限：6月底.
_LABELLED = re.compile(
    rf"(?:期限|时限|截止日期|截止时间|完成时间|完成日期)\s*[:：为]\s*"
    rf"(?P<when>{_DATE}\s*(?:底|中旬|上旬|下旬|初|末)?(?:之前|以前|前)?)"
)
# A quarter: 2026年第一季度完成…, 第三季度末前.
_QUARTER = re.compile(
    r"(?:\d{4}\s*年\s*)?第\s*[一二三四1-4]\s*季度\s*(?:末|底|内)?\s*(?:之前|以前|前)?"
)
_WITHIN = re.compile(rf"{_DURATION}\s*(?:以内|之内|内)")
# …之日起30日内, 结束后6小时内, 发现…后2小时内: the event the period runs from is part of it.
_FROM_EVENT = re.compile(r"(?:之日起|之日后|起|以后|后)\s*$")
_EVENT_START = re.compile(
    r"自|从|收到|接到|接获|发现|发生|知道|得知|确诊|诊断|作出|受理|取得|完成|结束|终止|届满|到达"
)
_EVENT_REACH = 24  # how far before the period its event may start
_EVENT_LEAD = set("在于")  # the event follows: 在患者出院后, 于检查结束后
_MODAL_LEAD = re.compile(r"^(?:应当|必须|务必|须|应|要|并|均|需)+")
_EVENT_WHOLE = 12  # an event this short after its lead (or its part's start) is kept whole
_BEFORE_EVENT = re.compile(
    r"(?<![对属用关由等高低大至便利基鉴处位终在忠善勇归限免适易急])于"
    r"(?P<when>[^,，。;；:：\s]{0,12}?(?:[年月日季周节期底末次]|开学|开业|启用|使用|结束))"
    r"\s*(?:之前|以前|前)"
)
_YEAR_END = re.compile(
    r"(?:\d{4}\s*年)?(?:年底|年末|年内|年度内|上半年|下半年|年中)(?:之前|以前|前)?"
)
_AT_ONCE = re.compile(r"立即|立刻|即刻|即时|第一时间|尽快|及时")

_PERIOD = re.compile(
    r"每\s*(?:[\d一二三四五六七八九十两]+\s*个?\s*|个\s*)?(?:半年|年度|年|季度|季|月|周|星期|日|天)"
    r"|(?<!不)定期"
)
_COUNT = re.compile(r"(?:至少|不少于|不低于|不超过|不多于)?\s*[\d一二三四五六七八九十两]+\s*次")
_THRESHOLD = re.compile(
    r"(?:[≥≤><]=?|不低于|不少于|不高于|不超过|达到|高于|低于|大于|小于|超过)\s*\d+(?:\.\d+)?\s*[%‰]"
    r"|\d+(?:\.\d+)?\s*[%‰]\s*(?:以上|以下)|\d+\s*级以上"
)
# How near a count must follow its period to belong to it: 每年对全市医疗机构…评价不少于2次.
_COUNT_REACH = 40
_CLAUSE_MARK = set(",，。;；:：\n")


@dataclass(frozen=True, slots=True)
class Details:
    """When and how often a duty falls due, and the level it must reach, as written."""

    deadline: str | None
    frequency: str | None
    threshold: str | None


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _relative(folded: str, lo: int, hi: int) -> str | None:
    """A period counted from an event (收到通知之日起30日内), kept whole with its event."""
    for m in _WITHIN.finditer(folded, lo, hi):
        reach = max(lo, m.start() - _EVENT_REACH)
        before = folded[reach : m.start()]
        marks = [i for i, ch in enumerate(before) if ch in _CLAUSE_MARK]
        if marks:
            before, reach = before[marks[-1] + 1 :], reach + marks[-1] + 1
        if not _FROM_EVENT.search(before):
            return _compact(m.group())
        # the event in full: after 在 / 于 (在患者出院后7个工作日内, 在检查结束后…), or the whole
        # short part (每季度结束后15日内), else from the verb that starts it (收到…之日起)
        lead = max((i + 1 for i, ch in enumerate(before) if ch in _EVENT_LEAD), default=0)
        event = _EVENT_START.search(before, lead)
        if (lead or not event) and len(before) - lead <= _EVENT_WHOLE:
            return _MODAL_LEAD.sub("", _compact(folded[reach + lead : m.end()]))
        start = reach + event.start() if event else m.start()
        return _compact(folded[start : m.end()])
    return None


def deadline(folded: str, lo: int, hi: int) -> str | None:
    """The deadline written in ``folded[lo:hi]``: a range, a date, a period, a term, or 立即."""
    for pattern in (_RANGE, _BY_DATE):
        found = pattern.search(folded, lo, hi)
        if found:
            return _compact(found.group())
    labelled = _LABELLED.search(folded, lo, hi)
    if labelled:
        return _compact(labelled["when"])
    relative = _relative(folded, lo, hi)
    if relative:
        return relative
    for pattern in (_BEFORE_EVENT, _QUARTER, _YEAR_END, _AT_ONCE):
        found = pattern.search(folded, lo, hi)
        if found:
            return _compact(found.group()).removeprefix("于")
    return None


def details(folded: str, lo: int, hi: int) -> Details:
    """Deadline, frequency and threshold written anywhere in the sentence ``[lo, hi)``."""
    frequency = None
    period = _PERIOD.search(folded, lo, hi)
    if period:
        frequency = _compact(period.group())
        count = _COUNT.search(folded, period.end(), min(hi, period.end() + _COUNT_REACH))
        if count:
            frequency += _compact(count.group())
    threshold = _THRESHOLD.search(folded, lo, hi)
    return Details(
        deadline(folded, lo, hi), frequency, _compact(threshold.group()) if threshold else None
    )
