"""Penalty clauses (罚则) of a statute and the duty clauses each one sanctions.

A penalty clause names its duties (违反本条例第X条、第Y条规定 / 第X条至第Y条) or describes the act
(违反本条例规定，未建立…制度的); a described act is linked only to the duty clause that
restates it closely (``ingest.act_match`` scores the texts), by an offender of the duty's own
kind, so a link is a claim a reader can check against both texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ingest import penalty_rank
from ingest.act_match import DutyIndex
from ingest.bodies import body
from ingest.locators import article_path_of, chinese_number
from ingest.models import (
    BodyMention,
    Clause,
    ClauseKind,
    Document,
    DocumentKind,
    Penalty,
    PenaltyLink,
    Sanction,
    Span,
)
from ingest.penalty_acts import (
    LOCATOR_LEAD,
    act_parts,
    acts,
    catch_all,
    core,
    short_tasks,
    task_pieces,
    tasks_named,
    without_parties,
)
from ingest.penalty_parties import NOBODY, Parties, subject
from ingest.sanctions import read_sanctions, summary

# Statutes only: a notice or a report restates penalties but does not impose them.
STATUTE_KINDS = frozenset(
    {
        DocumentKind.LAW,
        DocumentKind.ADMINISTRATIVE_REGULATION,
        DocumentKind.DEPARTMENTAL_RULE,
        DocumentKind.LOCAL_REGULATION,
    }
)
# A sanction that makes a clause a penalty clause; 责令改正 alone is often a supervisor's power.
_PENAL_KINDS = frozenset(
    {"warning", "criticism", "fine", "confiscation", "suspension", "closure", "revocation", "ban"}
    | {"discipline", "criminal", "referral"}
)
# A penalty clause states the act it sanctions first: 违反…, a condition ending in 的，, or a
# list of acts (有下列情形之一的 / 有下列情形之一，由上级行政机关责令改正).
_ACT_BEFORE = re.compile(r"违反|的\s*[，,:：]|下列[^，。；,;]{0,8}之一(?:的|\s*[，,:：])")
_NUM = r"[零〇一二两三四五六七八九十百千\d]+"
_ART = rf"第{_NUM}条(?:之{_NUM})?(?:第{_NUM}款)?(?:第{_NUM}项)?"
# 违反本条例第六条第一款、第七条和第十条规定 / 未依照本法第二十条至第二十三条规定
_NAMED = re.compile(
    r"(?:违反|未依照|未按照|不按照|不依照|未遵守|不遵守|不符合|未履行|不履行|未执行|不执行)"
    r"(?:本(?:法|条例|办法|规定|细则|实施细则|实施办法))?(?:的)?"
    rf"(?P<refs>{_ART}(?:\s*(?:、|和|及|或者|或|与|至|以及)\s*{_ART})*)"
)
_ONE_REF = re.compile(rf"{_ART}")
# Every pattern of ingest.sanctions holds one of these words.
_SANCTION_WORD = re.compile(
    r"罚款|警告|通报批评|没收|暂停|停业|停产|关闭|吊销|不得|禁止|不受理|限制从业|处分|刑事责任|"
    r"司法机关|处罚|处理|查处|改正|整改|纠正"
)
_RANGE = re.compile(rf"第({_NUM})条\s*至\s*第({_NUM})条")
_BY = re.compile(r"由")
_IMPOSER_END = re.compile(
    r"予以|按照各自|依据职责|依照职责|根据职责|按照职责|责令|给予|处以|[,，]|没收|吊销|依法"
)
_DUTY_CUE = re.compile(r"应当|必须|不得|禁止|严禁|不准|须|负责")
_PENALTY_CHAPTER = re.compile(r"法律责任|罚\s*则|奖励与处罚|奖惩")
_NON_HAN = re.compile(r"[^\u4e00-\u9fff]")
_EVERYONE = re.compile(r"任何(?:单位|组织|个人|人)")
# A clause that grants rights or powers (劳动者享有下列职业卫生保护权利：…应当采取的防护措施;
# 卫生行政部门履行监督检查职责时，有权采取下列措施) is no one's duty, whatever modal words its
# items hold.
_RIGHTS = re.compile(
    r"[^，。；：,;:]{0,40}?(?:享有[^，。；：,;:]{0,12}权利|有权)[^，。；,;]{0,20}[：:]"
)
# An article that defines terms (本条例所称麻醉药品…是指 / 本法下列用语的含义) states no duty of its
# own, however many modal words its definitions hold: no act is its breach.
_DEFINITION = re.compile(
    r"\s*本(?:法|条例|办法|规定|细则|实施细则|实施办法)(?:中)?(?:所称|下列用语)"
)


def _units(clauses: Sequence[Clause]) -> list[Clause]:
    """Articles without paragraphs, and the paragraphs of the others: the units a duty or a
    penalty is stated in."""
    with_paragraphs = {
        c.parent_id for c in clauses if c.kind is ClauseKind.PARAGRAPH and c.parent_id
    }
    return [
        c
        for c in clauses
        if (c.kind is ClauseKind.ARTICLE and c.id not in with_paragraphs)
        or (c.kind is ClauseKind.PARAGRAPH)
    ]


def _article_of(clause: Clause, by_id: dict[str, Clause]) -> Clause:
    while clause.kind is not ClauseKind.ARTICLE and clause.parent_id in by_id:
        clause = by_id[clause.parent_id or ""]
    return clause


def _in_penalty_chapter(clause: Clause, by_id: dict[str, Clause]) -> bool:
    node: Clause | None = clause
    while node is not None:
        if node.kind in (ClauseKind.CHAPTER, ClauseKind.SECTION) and _PENALTY_CHAPTER.search(
            node.heading or node.text[:20]
        ):
            return True
        node = by_id.get(node.parent_id) if node.parent_id else None
    return False


def _path_index(clauses: Iterable[Clause]) -> dict[str, str]:
    """Clause id by every path suffix starting at an article (``art_20/para_2``)."""
    index: dict[str, str] = {}
    for c in clauses:
        segments = c.path.split("/")
        for i, segment in enumerate(segments):
            if segment.startswith("art_"):
                index.setdefault("/".join(segments[i:]), c.id)
    return index


def _expand(refs: str) -> list[str]:
    """第二十条至第二十三条 → each article; other locators as written."""
    out: list[str] = []
    for m in _RANGE.finditer(refs):
        lo, hi = chinese_number(m.group(1)), chinese_number(m.group(2))
        if 0 < lo <= hi and hi - lo <= 30:
            out += [f"第{n}条" for n in range(lo, hi + 1)]
    rest = _RANGE.sub("", refs)
    out += [m.group() for m in _ONE_REF.finditer(rest)]
    return out


def _named_links(
    folded: str, lo: int, hi: int, paths: dict[str, str], own_article: str
) -> list[PenaltyLink]:
    links: list[PenaltyLink] = []
    for m in _NAMED.finditer(folded, lo, hi):
        for written in _expand(m.group("refs")):
            path = article_path_of(written)
            target = paths.get(path or "")
            if target is None and path and "/" in path:  # 第X条第Y款 of an article held whole
                target = paths.get(path.split("/")[0])
            if target and target != own_article and not target.startswith(own_article + "/"):
                span = Span(m.start(), m.end())
                links.append(PenaltyLink(target, "article", folded[m.start() : m.end()], span))
    return links


def _imposer(
    folded: str, lo: int, hi: int, mentions: Sequence[BodyMention]
) -> tuple[tuple[str, ...], str | None]:
    """Who imposes the sanctions: the bodies between 由 and the first sanction."""
    by = [m for m in _BY.finditer(folded, lo, hi)]
    if not by:
        return (), None
    start = by[-1].end()
    stop = _IMPOSER_END.search(folded, start, hi)
    end = stop.start() if stop else hi
    keys = tuple(dict.fromkeys(m.body_key for m in mentions if start <= m.span.start < end))
    raw = folded[start:end].strip("，, ")
    return keys, raw or None


def _imposer_name(keys: tuple[str, ...]) -> str | None:
    for key in keys:
        try:
            return body(key).name
        except (KeyError, ValueError):
            continue
    return None


def extract_penalties(
    document: Document,
    clauses: Sequence[Clause],
    mentions: Sequence[BodyMention] = (),
    log: list[tuple[str, int, str, list[tuple[str, tuple[float, ...]]]]] | None = None,
) -> list[Penalty]:
    """Every penalty clause of a statute, with its sanctions, imposer and the duties it links.
    ``log`` (benchmarks/penalty_ranker.py) receives each described act's near-miss candidates:
    (penalty clause id, act start, act, [(duty clause id, features of ingest.penalty_rank)])."""
    if document.kind not in STATUTE_KINDS:
        return []
    folded = document.folded
    by_id = {c.id: c for c in clauses}
    units = _units(clauses)
    paths = _path_index(clauses)
    items_of: dict[str, list[Clause]] = {}
    for c in clauses:
        if c.kind is ClauseKind.ITEM and c.parent_id:
            items_of.setdefault(c.parent_id, []).append(c)

    found: list[tuple[Clause, list[Sanction], int]] = []
    penal_articles: set[str] = set()
    for unit in units:
        text = folded[unit.span.start : unit.span.end]
        if not _SANCTION_WORD.search(text):
            continue  # most clauses name no sanction: spare them the sanction patterns
        sanctions = read_sanctions(text, base=unit.span.start)
        if not any(s.kind in _PENAL_KINDS for s in sanctions):
            continue
        first = sanctions[0].span.start
        if not _ACT_BEFORE.search(folded, unit.span.start, first):
            continue  # 罚款和没收的财物上交国库: about penalties, not one
        by = [m.start() for m in _BY.finditer(folded, unit.span.start, first)]
        lead_end = by[-1] if by else first
        found.append((unit, sanctions, lead_end))
        penal_articles.add(_article_of(unit, by_id).id)
    if not found:
        return []

    definitions = {
        c.id
        for c in clauses
        if c.kind is ClauseKind.ARTICLE
        and _DEFINITION.match(LOCATOR_LEAD.sub("", folded[c.span.start : c.span.end]))
    }
    ordered = sorted(mentions, key=lambda m: m.span.start)
    starts = [m.span.start for m in ordered]
    # The duty cue is read without the parties: 负责药品监督管理的部门 names a body, not a duty.
    candidates = [
        (u, without_parties(folded, u.span, ordered, starts))
        for u in units
        if _article_of(u, by_id).id not in penal_articles | definitions
        and not _in_penalty_chapter(u, by_id)
    ]
    candidates = [(u, text) for u, text in candidates if _DUTY_CUE.search(text)]
    duties = [u for u, text in candidates if not _RIGHTS.match(LOCATOR_LEAD.sub("", text))]
    plain = [text for _, text in candidates if not _RIGHTS.match(LOCATOR_LEAD.sub("", text))]
    articles = [_article_of(d, by_id).id for d in duties]
    index = DutyIndex(duties, folded, articles, plain)
    # An administration's duty (卫生健康主管部门应当…监督检查) is sanctioned by the clauses on
    # administrations; an institution's by the others: the offender's side narrows the match.
    # A duty of several parties (政府部门、医疗机构…应当) binds each of them.
    parties = [subject(folded, d.span.start, d.span.end, ordered, starts) for d in duties]
    # A paragraph naming no party (劳动者应当…及时报告) is read with its article's subject: an
    # administration's penalty does not sanction a paragraph of an employer's article. A duty of
    # everyone (任何单位和个人不得擅自进行群体性预防接种) binds every side.
    for i, d in enumerate(duties):
        text = folded[d.span.start : d.span.end]
        if parties[i] == NOBODY and d.kind is ClauseKind.PARAGRAPH and not _EVERYONE.search(text):
            article = by_id[articles[i]]
            # the article's side only: its family may be another's (承担尸检任务的机构 in a
            # paragraph of an article on 医疗机构)
            inherited = subject(folded, article.span.start, article.span.end, ordered, starts)
            parties[i] = Parties(inherited.sides)
    penalties: list[Penalty] = []
    for unit, sanctions, lead_end in found:
        own_article = _article_of(unit, by_id).id
        items = items_of.get(unit.id, [])
        if not items and unit.kind is ClauseKind.ARTICLE:
            items = [i for c in clauses if c.parent_id == unit.id for i in items_of.get(c.id, [])]
        lead_for_sanctions = min(lead_end, sanctions[0].span.start)
        offender = subject(
            folded, unit.span.start, lead_for_sanctions, ordered, starts, first_only=True
        )
        allowed = [duty.admits(offender) for duty in parties]
        named = _named_links(folded, unit.span.start, lead_for_sanctions, paths, own_article)
        links = list(named)
        for act in acts(unit, items, folded, lead_for_sanctions):
            act_named = [
                link
                for link in _named_links(folded, act.start, act.end, paths, own_article)
                if link not in links
            ]
            if act_named:
                links += act_named
                continue
            if named:  # the unit names its duties; its acts only say how they were breached
                continue
            act_text = folded[act.start : act.end]
            bare = core(without_parties(folded, act, ordered, starts))
            # 未履行监督检查职责: the duties imposing the task, looked up as a task
            matched = [(d, 1.0) for t in short_tasks(bare) for d in index.tasked(t, allowed)]
            parts = act_parts(tasks_named(bare))
            parts += [p for p in task_pieces(bare) if p not in parts]
            if catch_all(act_text):
                # 不履行职责 / 玩忽职守 names every duty of the offender, no one in particular; an
                # alternative beside it (…，或者在传染病暴发、流行时未依法组织救治) still names one.
                parts = [p for p in parts[1:] if not catch_all(p)]
            # The duty sentences the whole act restates (its parts restate no more of them),
            # then the duty clauses that restate the act or one of its alternatives.
            if parts:
                matched += index.restated(parts[0], allowed)
            for part in parts:
                matched += index.match(part, allowed)
            for duty, score in matched:
                links.append(PenaltyLink(duty.id, "act", act_text, act, round(score, 3)))
            if log is not None:
                near = [
                    (duties[i].id, f)
                    for p in parts
                    for i, f in penalty_rank.candidates(index, p, allowed, offender, parties)
                ]
                log.append((unit.id, act.start, act_text, near))
        keys, raw = _imposer(folded, unit.span.start, sanctions[0].span.start, mentions)
        name = _imposer_name(keys)
        penalties.append(
            Penalty(
                id=f"{unit.id}@penalty",
                document_id=document.id,
                clause_id=unit.id,
                text=document.text[unit.span.start : unit.span.end],
                span=unit.span,
                sanctions=tuple(sanctions),
                duties=tuple(_unique(links)),
                imposed_by=keys,
                imposed_by_raw=raw,
                summary=summary(sanctions, name),
            )
        )
    return penalties


def _unique(links: Iterable[PenaltyLink]) -> list[PenaltyLink]:
    seen: set[str] = set()
    out = []
    for link in links:
        if link.duty_clause_id not in seen:
            seen.add(link.duty_clause_id)
            out.append(link)
    return out
