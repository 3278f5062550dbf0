"""The acts a penalty clause (罚则) describes, as text: its listed items or its condition, cut
into the alternatives it sanctions, without the parties it names and the words of its lead-in.

Split from ``ingest.penalties``, which finds the penalty clauses and links their acts to the duty
clauses ``ingest.act_match`` scores; this module only cuts text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from ingest.act_match import MIN_ACT_CHARS, MODAL
from ingest.models import BodyMention, Clause, Span

_NUM = r"[零〇一二两三四五六七八九十百千\d]+"
_NON_HAN = re.compile(r"[^\u4e00-\u9fff]")
_PERSONS = ("party/",)
# A catch-all act (其他违反本法规定的行为 aside): an official's failure of duty in general.
# 故意实施违法行为 / 违法行为造成严重后果 say how grave a breach was, not which duty it breached.
_CATCH_ALL = re.compile(
    r"玩忽职守|滥用职权|徇私舞弊"
    r"|实施违法行为|违法行为(?:性质|造成|情节|持续|涉及)"
    r"|其[他它](?:违反|情形|行为)|规定的其[他它]"  # （七）…规定的其他情形
)
# 不履行职责 / 未履行监督管理职责 / 未履行传染病防治职责 name every duty of an office; 未依法履行
# 传染病疫情通报、报告或者公布职责 / 未按照本条例的规定履行监督检查职责 name tasks, each a duty of
# its own that the act breaches. 监测 is left out: a body (监测机构) or a capacity (监测预警能力)
# holds the word in more places than the duty to monitor does.
_DUTIES = re.compile(r"履行(?P<what>[^，。；,;]{0,20}?)职责")
_TASK = re.compile(
    r"宣传教育|监督检查|报告|通报|公布|评估|宣传|培训|审查|审核|登记|备案|调查|处置|救治"
    r"|隔离|检验|检测|核查|抽查|考核|预警|公示|告知"
)
_FIELD = re.compile(r"工作|相关|有关")
_SHORT_TASK = 4
_TASK_OBJECT_NOISE = re.compile(
    r"^(?:本(?:法|条例|办法)规定的|对|其|相关|有关)|[、，,的及和与或者]+$"
)


def _named_task(what: str) -> bool:
    """Whether what a 履行…职责 names is a task (报告, 监督检查), not a field of work
    (医疗纠纷预防和处置工作, 公共卫生事件预防与处置相关)."""
    return bool(_TASK.search(what)) and not _FIELD.search(what)


def catch_all(text: str) -> bool:
    """Whether an act (or a part of one) is an official's failure of duty in general: 玩忽职守,
    不履行职责, 未履行监督管理职责 — not 未履行…报告职责, which names its task."""
    if _CATCH_ALL.search(text):
        return True
    return any(not _named_task(m.group("what")) for m in _DUTIES.finditer(text))


def tasks_named(text: str) -> str:
    """The act with each 履行…职责 that names tasks written as the tasks themselves: 未依法履行
    传染病疫情报告职责 → 未依法传染病疫情报告, as the duty 应当…报告传染病疫情 is written."""
    return _DUTIES.sub(lambda m: m.group("what") if _named_task(m.group("what")) else m[0], text)


def short_tasks(text: str) -> list[str]:
    """The tasks named alone in a 履行…职责 (监督检查, 宣传教育): too short for their words to be
    matched, looked up as the task the offender's duties impose. A bare 报告 or 监测 is too
    common a word to point to any duty on its own."""
    out = []
    for m in _DUTIES.finditer(text):
        what = _TASK_OBJECT_NOISE.sub("", m.group("what"))
        if _named_task(what) and _TASK.fullmatch(what) and len(what) >= _SHORT_TASK:
            out.append(what)
    return out


def task_pieces(text: str) -> list[str]:
    """Each task of a 履行…职责 that lists several, with the object they share: 传染病疫情通报、
    报告或者公布 → 传染病疫情通报, 传染病疫情报告, 传染病疫情公布 (one penalty, several duties)."""
    out = []
    for m in _DUTIES.finditer(text):
        tasks = list(_TASK.finditer(m.group("what")))
        if len(tasks) < 2 or not _named_task(m.group("what")):
            continue
        shared = _TASK_OBJECT_NOISE.sub("", m.group("what")[: tasks[0].start()])
        out += [shared + task.group() for task in tasks]
    return out


_CONDITION_END = re.compile(r"的\s*[，,]")
_LIST_LEAD = re.compile(r"(?:下列|以下)[^，。；,;:：]{0,16}(?:之一|情形|行为)")
_ACT_NOISE = re.compile(
    r"^(?:[^，,]{0,30}?)?(?:违反本(?:法|条例|办法|规定|细则)(?:的)?(?:有关)?规定[，,]?)"
)
LOCATOR_LEAD = re.compile(rf"^\s*第{_NUM}条(?:之{_NUM})?\s*")
_ALTERNATIVES = re.compile(r"[；;]|[，,](?:或者|以及)")
_PIECE_CHARS = 8
_SEPARATORS = (re.compile(r"[，,]"), re.compile(r"或者"))
# A part that says a breach on its own: an object first (零售药品), then 未 / 不 / 擅自 …
# (发现未取得许可证的单位擅自生产… is no act of its own: what was found, not done.)
_NEGATED = re.compile(
    r"^(?![^，,]{0,10}?(?:发现|明知|知道))[^，,]{0,10}?(?:未|擅自|拒绝|拒不|"
    r"不(?:按|依|符合|执行|履行|遵守|如实|配合|服从|具备|报告|提供|建立|设置|进行|采取|落实))"
    r"|^[^，,]{2,16}虚假$"  # 手术记录虚假
)


def core(act: str) -> str:
    """An act without its article number, the 违反本条例规定 lead-in and the closing 的."""
    act = LOCATOR_LEAD.sub("", act)
    act = _ACT_NOISE.sub("", act)
    act = re.sub(r"^[(（][一二三四五六七八九十\d]+[)）]\s*", "", act)
    return re.sub(r"[的]?[；;。，,]?\s*$", "", act)


def act_parts(core: str) -> list[str]:
    """The act, and each of its alternatives (转让、买卖…，或者…运输…) when it lists several: one
    penalty often sanctions the breach of several duties in one sentence."""
    parts = _ALTERNATIVES.split(core)
    # 购销药品未按照规定进行记录，零售药品未正确说明用法 / 不服从指挥调度或者拒绝救治: a comma,
    # then a 或者, between acts that are each a breach of their own (each negated) parts them.
    for separator in _SEPARATORS:
        split = []
        for part in parts:
            pieces = separator.split(part)
            negated = len(pieces) > 1 and all(_NEGATED.search(x) for x in pieces)
            # a piece too short to name a duty (手术记录虚假) is only read within the whole
            split += (
                [x for x in pieces if len(_NON_HAN.sub("", x)) >= _PIECE_CHARS]
                if negated
                else [part]
            )
        parts = split
    parts = [p for p in parts if len(_NON_HAN.sub("", p)) >= MIN_ACT_CHARS]
    return [core] + [p for p in parts if p != core]


def acts(unit: Clause, items: Sequence[Clause], folded: str, lead_end: int) -> list[Span]:
    """The acts a penalty unit describes: its listed items (有下列情形之一的), or its lead."""
    lead = folded[unit.span.start : lead_end]
    if items and _LIST_LEAD.search(lead):
        return [i.span for i in items]
    # The act is the condition, up to its closing 的，: what follows it before a sanction is the
    # authority's part (卫生行政部门应当予以制止，并给予警告), not the breach.
    ends = list(_CONDITION_END.finditer(lead))
    end = ends[-1].start() if ends else len(lead)
    # A sentence before the act's own that states a duty in place (…应当立即处理，不得推诿；因不
    # 立即处理…造成后果的，) is the duty, not the act: the act is the sentence after it.
    cut = max(lead.rfind(mark, 0, end) for mark in "；;。")
    before = max(lead.rfind(mark, 0, cut) for mark in "；;。") + 1 if cut > 0 else 0
    start = cut + 1 if cut > 0 and MODAL.search(lead, before, cut) else 0
    return [Span(unit.span.start + start, unit.span.start + end)]


def without_parties(
    folded: str, span: Span, mentions: Sequence[BodyMention], starts: Sequence[int]
) -> str:
    """The act's text without the bodies it names: who breached (医疗机构、血站…) is checked by
    the party rules; the act's words are what was done."""
    out, at = [], span.start
    for m in mentions[bisect_left(starts, span.start) :]:
        if m.span.start >= span.end:
            break
        if m.body_key.startswith(_PERSONS):
            continue  # 患者, 公民: whom the act is done to, part of what it is
        if m.span.start >= at:
            out.append(folded[at : m.span.start])
            at = min(m.span.end, span.end)
    out.append(folded[at : span.end])
    return "".join(out)
