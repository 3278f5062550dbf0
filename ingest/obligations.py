"""Find obligations as a reader lists them: sentences with a modal cue (应当, 必须, 不得, 有权 …),
their responsible bodies (the subject before the cue, else one carried from a heading, an announcing
sentence or the sentence before), the action, and any deadline, frequency or threshold.

Duties stated without a modal word also count: items of an announced list (应当履行下列职责：),
numbered tasks of plans and notices opening with a verb (（一）加强组织领导。), a body with a
frequency or deadline (市级质控中心每年…不少于2次), and minimums (病历至少保存15年).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from ingest.binding import (
    addressees_of,
    cue_subject,
    keys_of,
    leading,
    responsible_bodies,
    subject_of,
)
from ingest.bodies import canonical_keys, find_body_mentions, record_party_span
from ingest.carry import Carrier, Enumeration
from ingest.citations import ClauseIndex
from ingest.deadlines import Details, details
from ingest.models import (
    BodyMention,
    Clause,
    ClauseKind,
    Document,
    DocumentKind,
    Modality,
    Obligation,
    Span,
)
from ingest.sentences import find_cues, is_definition, mask_titles, split_sentences
from ingest.structure.columns import is_table_line
from ingest.subjects import opening_subject, subject_keys
from ingest.task_tables import task_rows
from ingest.tasks import (
    IMPERATIVE_KINDS,
    NO_IMPLICIT,
    is_lead_phrase,
    is_phase,
    opens_with_action,
    states_minimum,
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
_CONDITION_ITEM = re.compile(r"的\s*[。;；,，]?\s*$")  # 未按照规定…的。: a condition, not a duty
_WILL = re.compile(r"\s*(?:将|会同|牵头)")  # 市卫健委将…: the issuer's own commitment
_SEMICOLON = frozenset(";；")
_PROBLEM = re.compile(r"(?:问题|现象)\s*[。;；]?\s*$")
_FAILURE = re.compile(r"未|存在|没有|缺乏|不到位|不落实")
_CONTENTS_LIST = re.compile(r"(?:包括|内容|如下)\s*[:：]")
_STATEMENT = re.compile(r"(?<![一二三四五六七八九十])是(?!否)")  # 开展…活动是…工作: a statement
# A field of a record or form: 检查时间：…, 联系人：…, 被检查单位：…
_FIELD = re.compile(
    r"\s*[\u4e00-\u9fff]{0,8}(?:时间|地点|地址|单位|人|电话|日期|名称|编号|方式|对象|情况)\s*[:：]"
)
# A timetable's stage naming its period before its tasks: 自查整改阶段（3月15日至4月30日）：
_PHASE_LABEL = re.compile(
    r"\s*[\u4e00-\u9fff]{2,12}阶段\s*(?:[(（][^()（）]{0,30}[)）])?\s*[:：]\s*"
)
_ADVERBIAL = re.compile(r"\s*(?:对|针对|按照)[^,，。;；:：]{1,30}[,，]")
_WHEN = re.compile(r"[\d\s年月日底初中旬上下至—-]{2,20}(?:开始|起|前|以前|之前|以来)?[,，]")
_PROHIBITIONS = frozenset({"严禁", "禁止", "不准", "不许"})  # the party may follow: 严禁医务人员…
# A time cell that names a time (2025年12月, 立即, 每季度末月25日前), not a manner (长期坚持).
_DATED = re.compile(r"\d|[一二三四五六七八九十]+月|年底|年末|月底|季度|立即|即时|前|内")


@dataclass(frozen=True, slots=True)
class _Sentence:
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
        sentence = _Sentence(
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
            implicit = _implicit(document, sentence, local, found_details)
            if implicit is not None:
                for piece, (modality, keys) in _implicit_parts(document, sentence, local, implicit):
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
            keys_before = _acting_before(folded, subject_start, cues[0][0].start(), local) or (
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


def _implicit(
    document: Document, s: _Sentence, mentions: Sequence[BodyMention], found: Details
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
    opening = keys_of(leading(folded, s.subject_start, mentions))
    opening = opening or opening_subject(folded[s.subject_start : hi])
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


def _standard_note(
    folded: str, s: _Sentence, mentions: Sequence[BodyMention], found: Details
) -> tuple[Modality, tuple[str, ...]] | None:
    """A scoring standard's note outside its tables (各科室每季度按本标准自评1次，…于季度末月25日前
    交质控办): a party named first, with when or how often, states a duty; its rows do not."""
    if s.clause is not None and s.clause.kind in (ClauseKind.ROW, ClauseKind.TABLE):
        return None
    if is_table_line(folded[s.lo : s.hi]) or not (found.frequency or found.deadline):
        return None
    opening = keys_of(leading(folded, s.subject_start, mentions))
    opening = opening or opening_subject(folded[s.subject_start : s.hi])
    return (Modality.MUST, opening) if opening else None


def _implicit_parts(
    document: Document,
    s: _Sentence,
    mentions: Sequence[BodyMention],
    whole: tuple[Modality, tuple[str, ...]],
) -> list[tuple[_Sentence, tuple[Modality, tuple[str, ...]]]]:
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
    parts: list[tuple[_Sentence, tuple[Modality, tuple[str, ...]]]] = []
    pending = s.lo  # where a leading part that states no duty of its own began
    for n, (a, b) in enumerate(pairwise(bounds)):
        end = b - 1 if b != s.hi else b  # the comma closes the part before
        part = replace(s, lo=a, hi=end, subject_start=s.subject_start if n == 0 else a,
                       before=parts[-1][1][1] if parts else s.before)  # fmt: skip
        found = _implicit(document, part, mentions, details(folded, a, end))
        if n == 0 and not _names_party(folded, part.subject_start, end, mentions):
            found = None  # 按照分工推进各项工作，质控办每月汇总…: one duty, of the party named
        if found is None and parts:
            last, reading = parts[-1]
            parts[-1] = (replace(last, hi=end), reading)
        elif found is not None:
            parts.append((replace(part, lo=pending) if not parts else part, found))
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


def _names_party(folded: str, lo: int, hi: int, mentions: Sequence[BodyMention]) -> bool:
    """Whether the text at ``lo`` opens with a party: a known body or a subject's words."""
    return bool(leading(folded, lo, mentions) or opening_subject(folded[lo:hi]))


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


def _acting_before(
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
