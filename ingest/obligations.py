"""Find obligations: sentences with a modal cue (应当, 必须, 要, 不得, 可以 …), their responsible
bodies (the subject before the cue), the action after it, and any deadline, frequency or threshold.

Plans and notices also state duties without a modal word (市级质控中心每年…不少于2次); such a
sentence counts when it opens with a body and names a frequency or deadline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ingest.bodies import find_body_mentions
from ingest.citations import ClauseIndex
from ingest.models import (
    BodyMention,
    Clause,
    Document,
    DocumentKind,
    Modality,
    Obligation,
    Span,
)

# The negative forms come first so that 不应当 is not read as 应当. 要 and 可 are modal only
# outside words such as 要求 / 重要 / 主要 / 需要 and 可能 / 许可 / 可靠.
_CUE = re.compile(
    r"(?P<must_not>不应当|不应|不得|严禁|禁止(?![类性])|不准|不许|不可以|不可|不能|不要)"
    r"|(?P<must>应当|必须|务必|(?<![无毋])须(?!知)"
    r"|(?<![相对反供适响呼效感顺报照策内答])应(?![用急对答聘届收付试变激酬允承邀征援诉验声运时景])"
    r"|(?<![重主需必纲提摘概简首扼只显政机险次紧想还])要(?![求点素件害领闻务员职案旨义紧道塞么是约挟冲])"
    r"|(?<!首诊)负责(?![人制任]))"
    r"|(?P<may>可以|方可|(?<![许认不宁无两尚即])可(?![能靠行追视爱怕观持口信疑控及比溯燃塑调用谓见惜是否知想乐]))"
)
_MODALITY = {"must": Modality.MUST, "must_not": Modality.MUST_NOT, "may": Modality.MAY}

_CN = r"[\d一二三四五六七八九十百两]+"
_DEADLINE = re.compile(
    r"(?:于|在)?\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*(?:\d{1,2}\s*日|底|中旬|上旬|下旬|初|末)?\s*"
    r"(?:之前|以前|前)"
    rf"|{_CN}\s*个?\s*(?:工作日|日|天|小时|个月|周)\s*(?:以内|之内|内)"
)
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

_TERMINATORS = set("。;；!！?？")
_NUMBERING = re.compile(
    r"(?:[一二三四五六七八九十]+、|[(（]|\d+\s*[.、．]|第\S{1,6}[条章节]|[①-⑳])"
)
# The number opening a sentence (第十四条, 一、, （三）, 2.) is not part of its subject.
_OPENING_NUMBER = re.compile(
    r"\s*(?:第[零〇一二三四五六七八九十百千两\d]+条|[一二三四五六七八九十]+、"
    r"|[(（][一二三四五六七八九十\d]+[)）]|\d+\s*[.、．])\s*"
)
_SHORT_LINE = 20  # a line this short without an end mark is a heading, not a broken sentence
_FILLER = set("各全市县区级所有本的和及与、()（） \t\n\u3000")
_SUBJECTLESS = 2  # a subject this short (同时、) inherits the previous sentence's bodies


def split_sentences(folded: str, clause_starts: Sequence[int] = ()) -> list[tuple[int, int]]:
    """Sentence spans: cut after 。；!? , at clause starts, and at line ends unless a long line
    runs on into the next (page breaks split sentences mid-word in scanned notices)."""
    cuts = {0, len(folded), *clause_starts}
    cuts.update(i + 1 for i, ch in enumerate(folded) if ch in _TERMINATORS)
    for m in re.finditer(r"\n\s*", folded):
        line_start = folded.rfind("\n", 0, m.start()) + 1
        line = folded[line_start : m.start()].strip()
        following = folded[m.end() : m.end() + 8]
        runs_on = (
            len(line) >= _SHORT_LINE
            and "\u4e00" <= line[-1] <= "\u9fff"
            and following[:1] >= "\u4e00"
            and not _NUMBERING.match(following)
        )
        if not runs_on:
            cuts.update((m.start(), m.end()))
    spans = []
    ordered = sorted(c for c in cuts if 0 <= c <= len(folded))
    for lo, hi in pairwise(ordered):
        chunk = folded[lo:hi]
        stripped = chunk.strip()
        if stripped:
            start = lo + len(chunk) - len(chunk.lstrip())
            spans.append((start, start + len(stripped)))
    return spans


@dataclass(frozen=True, slots=True)
class _Details:
    deadline: str | None
    frequency: str | None
    threshold: str | None


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _details(folded: str, lo: int, hi: int) -> _Details:
    """Deadline, frequency and threshold written anywhere in the sentence ``[lo, hi)``."""
    deadline = _DEADLINE.search(folded, lo, hi)
    frequency = None
    period = _PERIOD.search(folded, lo, hi)
    if period:
        frequency = _compact(period.group())
        count = _COUNT.search(folded, period.end(), min(hi, period.end() + _COUNT_REACH))
        if count:
            frequency += _compact(count.group())
    threshold = _THRESHOLD.search(folded, lo, hi)
    return _Details(
        _compact(deadline.group()) if deadline else None,
        frequency,
        _compact(threshold.group()) if threshold else None,
    )


def _keys(mentions: Sequence[BodyMention]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.body_key for m in mentions))


def _leading(folded: str, lo: int, mentions: Sequence[BodyMention]) -> list[BodyMention]:
    """Mentions opening the text at ``lo`` joined by filler (县（区）卫生健康局和各医疗机构)."""
    found: list[BodyMention] = []
    pos = lo
    for m in mentions:
        if m.span.start < pos:
            if found and m.span.start == found[-1].span.start:
                found.append(m)  # a second level of the same mention
            continue
        if all(ch in _FILLER or ch.isdigit() for ch in folded[pos : m.span.start]):
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
            if not seg or any(ch not in _FILLER for ch in rest):
                break
            subject = seg + subject
        return _keys(subject)
    first_end = commas[1] if len(commas) > 1 else hi
    opening = _leading(folded, lo, [m for m in inside if m.span.end <= first_end])
    if opening:
        return _keys(opening)
    if len(_compact(folded[segment_start:hi]).strip(",，:")) <= _SUBJECTLESS:
        return None
    return ()


def extract_obligations(document: Document, clauses: Sequence[Clause]) -> list[Obligation]:
    """Every duty, prohibition or permission in ``document``, one per modal cue, in text order."""
    folded, text = document.folded, document.text
    index = ClauseIndex(clauses)
    mentions = sorted(find_body_mentions(document, clauses), key=lambda m: m.span.start)
    implicit = document.kind not in (DocumentKind.REPORT, DocumentKind.SCORING_STANDARD)
    obligations: list[Obligation] = []
    previous: dict[str | None, tuple[str, ...]] = {}  # last bodies per clause, for 同时，要…
    for lo, hi in split_sentences(folded, [c.span.start for c in clauses]):
        clause = index.innermost(lo, hi)
        clause_id = clause.id if clause else None
        number = _OPENING_NUMBER.match(folded, lo, hi)
        subject_start = number.end() if number else lo
        cues = list(_CUE.finditer(folded, lo, hi))
        details = _details(folded, lo, hi)
        if not cues:
            opening = _leading(
                folded, subject_start, [m for m in mentions if lo <= m.span.start < hi]
            )
            if implicit and opening and (details.frequency or details.deadline):
                keys = _keys(opening)
                action = text[opening[-1].span.end : hi].strip(" ,，。;；")
                obligations.append(
                    _obligation(document, clause_id, Modality.MUST, "", keys, action, lo, hi,
                                details, 0)
                )  # fmt: skip
                previous[clause_id] = keys
            continue
        keys_before: tuple[str, ...] = previous.get(clause_id, ())
        for k, cue in enumerate(cues):
            found = responsible_bodies(folded, subject_start, cue.start(), mentions)
            if found is None:
                keys = keys_before
            elif found or k == 0:
                keys = found
            else:
                keys = keys_before  # 医疗机构应当…，并不得… : the subject carries over
            action_end = cues[k + 1].start() if k + 1 < len(cues) else hi
            action = text[cue.end() : action_end].strip(" ,，。;；:：")
            modality = _MODALITY[str(cue.lastgroup)]
            obligations.append(
                _obligation(document, clause_id, modality, text[cue.start() : cue.end()], keys,
                            action, lo, hi, details, k)
            )  # fmt: skip
            keys_before, subject_start = keys, cue.end()
        previous[clause_id] = keys_before
    return obligations


def _obligation(
    document: Document,
    clause_id: str | None,
    modality: Modality,
    cue: str,
    keys: tuple[str, ...],
    action: str,
    lo: int,
    hi: int,
    details: _Details,
    k: int,
) -> Obligation:
    return Obligation(
        id=f"{document.id}:obl:{lo}" + (f":{k}" if k else ""),
        document_id=document.id,
        clause_id=clause_id,
        modality=modality,
        cue=cue,
        body_keys=keys,
        action=action,
        text=document.text[lo:hi],
        span=Span(lo, hi),
        deadline=details.deadline,
        frequency=details.frequency,
        threshold=details.threshold,
    )
