"""Find obligations as a reader lists them: sentences with a modal cue (应当, 必须, 不得, 有权 …),
their responsible bodies (the subject before the cue, else one carried from a heading, an announcing
sentence or the sentence before), the action, and any deadline, frequency or threshold.

Duties stated without a modal word also count (read by ingest/implicit.py): items of an
announced list (应当履行下列职责：), numbered tasks of plans and notices opening with a verb
(（一）加强组织领导。), a body with a frequency or deadline (市级质控中心每年…不少于2次), and
minimums (病历至少保存15年).
Task tables' rows are duties of their parties (ingest/task_tables.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from itertools import pairwise

from ingest.binding import (
    addressees_of,
    cue_subject,
    keys_of,
    responsible_bodies,
    subject_of,
)
from ingest.bodies import canonical_keys, find_body_mentions, record_party_span
from ingest.carry import Carrier
from ingest.citations import ClauseIndex
from ingest.deadlines import Details, details
from ingest.implicit import Sentence, acting_before, implicit_duty, implicit_parts
from ingest.models import (
    BodyMention,
    Clause,
    Document,
    DocumentKind,
    Modality,
    Obligation,
    Span,
)
from ingest.sentences import find_cues, is_definition, mask_titles, split_sentences
from ingest.subjects import subject_keys
from ingest.task_tables import task_rows
from ingest.tasks import (
    IMPERATIVE_KINDS,
)

__all__ = ["extract_obligations", "responsible_bodies", "split_sentences"]

# The number opening a sentence (第十四条, 一、, （三）, 2.) is not part of its subject.
_NUMBERED = re.compile(
    r"\s*(?:第[零〇一二三四五六七八九十百千两\d]+条|[一二三四五六七八九十]+、"
    r"|[(（][一二三四五六七八九十\d]+[)）]|\d+\s*[.、．](?!\d)|[①-⑳])\s*"
)
_LIST_AFTER_CUE = re.compile(r"下列|以下|如下")
# 应当包括下列内容 / 应当提交下列材料: the items are contents or papers, not duties.
_CONTENTS = re.compile(r"\s*(?:包括|载明|注明|标明|写明|记载|含有|包含|列明|列出)")
# 有下列行为之一的，由…处罚： the items are violations, not duties.
_CONDITION_LIST = re.compile(r"有下列|下列[^,，。;；]{0,24}之一")
_CONTENT_NOUN = re.compile(r"(?:下列|以下|如下)(?:内容|事项|材料|资料|文件|信息|文书|证明|项目)")
_NEAR_COLON = 8  # 各医疗机构要： / 应当做到： — a cue this close to the colon announces a list
_DUTY_LIST = re.compile(r"(?:履行|遵守|承担|做到|落实|执行)(?:下列|以下|如下)")
_RIGHT_LIST = re.compile(r"享有(?:下列|以下|如下)")
_COLON_END = re.compile(r"[:：]\s*$")
_SEMICOLON = frozenset(";；")
# A timetable's stage naming its period before its tasks: 自查整改阶段（3月15日至4月30日）：
_PHASE_LABEL = re.compile(
    r"\s*[\u4e00-\u9fff]{2,12}阶段\s*(?:[(（][^()（）]{0,30}[)）])?\s*[:：]\s*"
)
_PROHIBITIONS = frozenset({"严禁", "禁止", "不准", "不许"})  # the party may follow: 严禁医务人员…
# A time cell that names a time (2025年12月, 立即, 每季度末月25日前), not a manner (长期坚持).
_DATED = re.compile(r"\d|[一二三四五六七八九十]+月|年底|年末|月底|季度|立即|即时|前|内")


def extract_obligations(document: Document, clauses: Sequence[Clause]) -> list[Obligation]:
    """Every duty, prohibition or permission in ``document`` in text order: one per modal cue,
    and one per sentence that states a duty without a cue (see the module docstring)."""
    folded, text = document.folded, document.text
    index = ClauseIndex(clauses)
    mentions = sorted(find_body_mentions(document, clauses), key=lambda m: m.span.start)
    masked = _mask_names(mask_titles(folded), mentions)
    carrier = Carrier(document, clauses, mentions)
    obligations: list[Obligation] = []
    previous: dict[str | None, tuple[str, ...]] = {}  # last bodies per clause, for 同时，要…
    section: dict[str | None, tuple[str, ...]] = {}  # last bodies among a unit's items
    last: tuple[str, ...] = ()  # the last subject named anywhere, for 本单位 / 该机构
    part: tuple[int, Modality, tuple[str, ...]] | None = None  # a duty that ended at "；"
    starts = [m.span.start for m in mentions]
    addressees = addressees_of(folded, mentions)
    record = _record_party(folded, mentions)  # 被监督单位：…: whom a record's duties bind
    for lo, hi in split_sentences(folded, [c.span.start for c in clauses]):
        if is_definition(masked, lo, hi):
            continue
        local = mentions[bisect_left(starts, lo) : bisect_left(starts, hi)]
        clause = index.innermost(lo, hi)
        clause_id = clause.id if clause else None
        number = _NUMBERED.match(folded, lo, hi)
        listed = carrier.enumerated(lo, clause) if number else None
        inherited = listed.keys if listed else carrier.heading_keys(clause)
        joined = part is not None and not folded[part[0] : lo].strip()
        opening = number.end() if number else lo
        phase = _PHASE_LABEL.match(folded, opening, hi)  # 自查整改阶段（3月15日至4月30日）：
        sentence = Sentence(
            lo, hi, phase.end() if phase else opening, clause, listed, inherited,
            _before(previous, section, clause, carrier),
            (part[1], part[2]) if part and joined else None,
            _sets_tasks(document, clause, carrier),
        )  # fmt: skip
        part = None
        cues = find_cues(masked, lo, hi, descriptive=document.kind is DocumentKind.REPORT)
        found_details = details(folded, lo, hi)
        if phase and (staged := details(folded, phase.end(), hi)).deadline:
            found_details = staged  # the stage's period is not the deadline its tasks set
        if not cues:
            implicit = implicit_duty(document, sentence, local, found_details)
            if implicit is not None:
                for piece, (modality, keys) in implicit_parts(document, sentence, local, implicit):
                    keys = keys or record
                    action = text[piece.subject_start : piece.hi].strip(" ,，。;；")
                    own = (piece.lo, piece.hi) == (lo, hi)
                    obligations.append(
                        _obligation(document, clause_id, modality, "", keys, action, piece.lo,
                                    piece.hi, found_details if own else details(
                                        folded, piece.lo, piece.hi), 0)
                    )  # fmt: skip
                previous[clause_id] = keys or sentence.before
                _remember(section, sentence.tasks, clause, keys)
                last = keys or last
                if folded[hi - 1] in _SEMICOLON:
                    part = (hi, modality, keys)
            listing = _DUTY_LIST.search(folded, lo, hi) or _RIGHT_LIST.search(folded, lo, hi)
            if listing and _COLON_END.search(folded, lo, hi):
                keys = subject_of(folded, sentence.subject_start, listing.start(), local)
                modality = Modality.MAY if _RIGHT_LIST.search(folded, lo, hi) else Modality.MUST
                carrier.announce(keys, modality, clause, hi)
            continue
        keys_before = sentence.before or inherited
        subject_start = sentence.subject_start
        if sentence.tasks:  # 4月底前，各临床科室完成培训，培训记录须留档: the party acting first
            keys_before = acting_before(folded, subject_start, cues[0][0].start(), local) or (
                keys_before
            )
        ends = [_action_end(masked, c.end(), n.start()) for (c, _), (n, _) in pairwise(cues)]
        first = max(lo, *(masked.rfind(ch, lo, cues[0][0].start()) + 1 for ch in ",，"))
        per_cue = _details_per_cue(folded, first, [*ends, hi], found_details)
        for k, (cue, modality) in enumerate(cues):
            keys = _cell_subject(folded, subject_start, cue.start(), local, k)
            keys = keys or cue_subject(folded, subject_start, cue.start(), local, k, keys_before,
                                       last, inherited)  # fmt: skip
            if _served(keys) and inherited and carrier.lists_duties_of(clause):
                keys = inherited  # 住院医师职责：…新入院患者应当在24小时内完成入院记录
            action_end = ends[k] if k < len(ends) else hi
            border = folded.find(" |", cue.end(), action_end)  # the cell ends the action
            action_end = border if border >= 0 else action_end
            action = text[cue.end() : action_end].strip(" ,，。;；:：")
            if not keys and cue.group() in _PROHIBITIONS:
                keys = subject_of(folded, cue.end(), action_end, local)  # 严禁医务人员收受…
            if not keys and cue.group() == "请":
                keys = addressees  # 现印发给你们，请抓好贯彻落实: the notice's addressees
            keys = keys or record
            if not action and k + 1 == len(cues) and _COLON_END.search(folded, lo, hi):
                keys_before = keys
                continue  # 各医疗机构要： announces its duties; the items state them
            obligations.append(
                _obligation(document, clause_id, modality, text[cue.start() : cue.end()], keys,
                            action, lo, hi, per_cue[k], k)
            )  # fmt: skip
            keys_before, subject_start = keys, cue.end()
            last = keys or last
        previous[clause_id] = keys_before
        _remember(section, sentence.tasks, clause, keys_before)
        final, modality = cues[-1]
        if folded[hi - 1] in _SEMICOLON:
            part = (hi, modality, keys_before)
        near = hi - final.end() <= _NEAR_COLON
        if (
            _COLON_END.search(folded, lo, hi)
            and (near or _LIST_AFTER_CUE.search(folded, final.end(), hi))
            and not _CONTENTS.match(folded, final.end())
            and not _CONTENT_NOUN.search(folded, final.end(), hi)
            and not _CONDITION_LIST.search(folded, lo, hi)
        ):
            carrier.announce(keys_before, modality, clause, hi)
    return _with_task_rows(document, clauses, mentions, obligations)


def _with_task_rows(
    document: Document,
    clauses: Sequence[Clause],
    mentions: Sequence[BodyMention],
    obligations: list[Obligation],
) -> list[Obligation]:
    """The duties of task tables' rows (ingest.task_tables) in place of whatever the sentence
    reading found inside those rows."""
    rows = task_rows(document, clauses)
    if not rows:
        return obligations
    inside = [(row.span.start, row.span.end) for row in rows]
    kept = [o for o in obligations if not any(a <= o.span.start < b for a, b in inside)]
    index = ClauseIndex(clauses)
    folded = document.folded
    for row in rows:
        keys: tuple[str, ...] = ()
        for cell in row.parties:
            named = [m for m in mentions if cell.start <= m.span.start and m.span.end <= cell.end]
            keys += keys_of(named) or subject_keys(folded[cell.start : cell.end])
        task = details(folded, row.task.start, row.task.end)
        when = details(folded, row.when.start, row.when.end) if row.when else None
        written = folded[row.when.start : row.when.end] if row.when else ""
        deadline = (when.deadline if when else None) or (
            written if _DATED.search(written) else task.deadline
        )
        frequency = task.frequency or (when.frequency if when else None)
        clause = index.innermost(row.span.start, row.span.end)
        action = document.text[row.task.start : row.task.end].strip(" ,，。;；")
        kept.append(
            _obligation(document, clause.id if clause else row.clause_id, Modality.MUST, "",
                        tuple(dict.fromkeys(keys)), action, row.span.start, row.span.end,
                        Details(deadline, frequency, task.threshold), 0)
        )  # fmt: skip
    return sorted(kept, key=lambda o: o.span.start)


def _cell_subject(
    folded: str, lo: int, cue: int, mentions: Sequence[BodyMention], k: int
) -> tuple[str, ...]:
    """In a table row, the party named in the cue's own cell (| 部分医师超范围执业 | 医务部 |
    医务部应当于6月30日前完成核查 |: 医务部, not the 医师 of the problem cell); () when the
    cell names none, and the row is read as one sentence."""
    border = folded.rfind("| ", lo, cue)
    if border < 0:
        return ()
    return cue_subject(folded, border + 2, cue, mentions, k, (), (), ())


def _action_end(masked: str, start: int, next_cue: int) -> int:
    """Where the action of a cue ends when another cue follows in the sentence: at the last
    comma before it when words stand between (当事科室应当立即报告，医务部应当在12小时内…: the
    action stops before 医务部, the next duty's subject), else at the next cue."""
    comma = max(masked.rfind(ch, start, next_cue) for ch in ",，;；")
    if comma >= 0 and masked[comma + 1 : next_cue].strip():
        return comma
    return next_cue


def _details_per_cue(folded: str, lo: int, ends: Sequence[int], sentence: Details) -> list[Details]:
    """Deadline, frequency and threshold of each cue's part of the sentence (the first from the
    comma segment of its cue, the next ones from the end of the action before): 立即报告…，医务部
    应当在12小时内报告 gives the 12小时内 to the second duty only. A detail outside every part
    (a lead phrase: 6月30日前，各医疗机构应当…) stays with each cue that has none of its own."""
    if len(ends) == 1:
        return [sentence]
    starts = [lo, *ends[:-1]]
    parts = [details(folded, a, b) for a, b in zip(starts, ends, strict=True)]
    out = []
    for k, own in enumerate(parts):
        others = [p for j, p in enumerate(parts) if j != k]
        fields = {}
        for name in ("deadline", "frequency", "threshold"):
            value = getattr(own, name)
            whole = getattr(sentence, name)
            if value is None and all(getattr(p, name) != whole for p in others):
                value = whole
            fields[name] = value
        out.append(Details(**fields))
    return out


def _mask_names(masked: str, mentions: Sequence[BodyMention]) -> str:
    """Blank body names too: 负责药品监督管理的部门 and 应急管理部门 hold no cue."""
    chars = list(masked)
    for m in mentions:
        chars[m.span.start : m.span.end] = "\x00" * (m.span.end - m.span.start)
    return "".join(chars)


def _before(
    previous: dict[str | None, tuple[str, ...]],
    section: dict[str | None, tuple[str, ...]],
    clause: Clause | None,
    carrier: Carrier,
) -> tuple[str, ...]:
    """The last bodies named in ``clause``, else in the text of its enclosing units, else (in a
    plan or notice) in the items before it under the same heading."""
    unit = clause
    while unit is not None:
        if previous.get(unit.id):
            return previous[unit.id]
        unit = carrier.clauses.get(unit.parent_id or "")
    if clause is not None and section.get(clause.parent_id):
        return section[clause.parent_id]
    return previous.get(None, ())


# A report's section on what it will do (整改措施, 下一步工作打算): its sentences set tasks.
_REMEDIAL = re.compile(
    r"(?:整改|改进)(?:措施|计划|方案)|下一步(?:工作)?(?:打算|计划|安排|措施|工作|思路)?"
    r"|今后(?:工作)?(?:打算|计划|措施)|工作打算"
)


def _sets_tasks(document: Document, clause: Clause | None, carrier: Carrier) -> bool:
    """Whether the text in ``clause`` sets tasks: a plan's or notice's, or a report's under a
    heading on what it will do (四、整改措施); a report otherwise describes what was done."""
    if document.kind in IMPERATIVE_KINDS:
        return True
    if document.kind is not DocumentKind.REPORT:
        return False
    while clause is not None:
        if clause.heading and _REMEDIAL.search(clause.heading):
            return True
        clause = carrier.clauses.get(clause.parent_id or "")
    return False


def _remember(
    section: dict[str | None, tuple[str, ...]],
    tasks: bool,
    clause: Clause | None,
    keys: tuple[str, ...],
) -> None:
    # A statute's articles each name their own party; a plan's tasks run on under one heading.
    if keys and clause is not None and tasks:
        section[clause.parent_id] = keys


def _served(keys: tuple[str, ...]) -> bool:
    """Whether ``keys`` name only persons served or private parties (患者, 家属), not a post,
    an institution or an administration."""
    return bool(keys) and all(k.startswith("party/") for k in keys)


def _record_party(folded: str, mentions: Sequence[BodyMention]) -> tuple[str, ...]:
    """The bodies a record names as its party (被监督单位：松川市仁和医院), or ()."""
    field = record_party_span(folded)
    if field is None:
        return ()
    return keys_of([m for m in mentions if field[0] <= m.span.start < field[1]])


def _obligation(
    document: Document,
    clause_id: str | None,
    modality: Modality,
    cue: str,
    keys: tuple[str, ...],
    action: str,
    lo: int,
    hi: int,
    details: Details,
    k: int,
) -> Obligation:
    return Obligation(
        id=f"{document.id}:obl:{lo}" + (f":{k}" if k else ""),
        document_id=document.id,
        clause_id=clause_id,
        modality=modality,
        cue=cue,
        body_keys=canonical_keys(keys),
        action=action,
        text=document.text[lo:hi],
        span=Span(lo, hi),
        deadline=details.deadline,
        frequency=details.frequency,
        threshold=details.threshold,
    )
