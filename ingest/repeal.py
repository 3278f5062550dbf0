"""Repeal and replacement stated in a text: "《X》同时废止", "本办法自…起施行，…《X》…废止" → a
Repeal record with the clause that says so, and the status of the repealed documents held.

Reads resolved citations, so a repealed work is named and found as any cited work is.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from ingest.models import (
    Citation,
    CitationKind,
    ParsedDocument,
    Repeal,
    RepealKind,
    Span,
    Status,
)
from ingest.titles import clean_title, title_key

_REPEAL_WORD = re.compile(r"(?:同时|予以|即行|一并|随之|相应)?(?:废止|停止执行|不再执行)")
_SENTENCE_END = re.compile(r"[。；;!！?？\n]")
# What may stand between the cited works of a repeal and its verb: list words, brackets and
# numbers, dates and "自本…施行之日起". Anything longer is another statement
# (依照《X》…的，废止证书).
_FILLER = re.compile(
    r"[\s、,，和及与或以及()（）〔〕\[\]\d号第令年月日]*"
    r"(?:(?:也|均|自本?[\u4e00-\u9fff\d年月日]{0,14}?(?:施行|实施|公布|发布)?之日起|自[^，。]{0,16}?起)"
    r"[\s,，]*)?$"
)
# What may stand between two repealed works of one list: a list word, then when and by whom
# the earlier-listed one was made (，1979年6月30日卫生部发布的《…》).
_BETWEEN = re.compile(
    r"[\s)）〔〕\[\]\d号]*[、,，和及与]\s*"
    r"(?:[^。；;《》\n]{0,80}?(?:发布|通过|公布|批准|批转|修订|修正|颁布|印发|施行|实施)的)?\s*$"
)
_CITED_KINDS = (CitationKind.TITLE, CitationKind.SHORT_FORM, CitationKind.DOCUMENT_NUMBER)
# Two titles this close name one work in two versions (执业医师法 → 医师法): a replacement.
SAME_WORK_RATIO = 70


def find_repeals(parsed: ParsedDocument) -> tuple[Repeal, ...]:
    """The works ``parsed`` repeals or replaces, one record per cited work and statement."""
    document = parsed.document
    folded = document.folded
    cited = sorted(
        (c for c in parsed.citations if c.kind in _CITED_KINDS and c.target_title),
        key=lambda c: c.span.start,
    )
    repeals: list[Repeal] = []
    for verb in _REPEAL_WORD.finditer(folded):
        ends = list(_SENTENCE_END.finditer(folded, 0, verb.start()))
        start = ends[-1].end() if ends else 0
        in_sentence = [c for c in cited if start <= c.span.start and c.span.end <= verb.start()]
        for citation in _repealed(folded, in_sentence, verb.start()):
            repeals.append(_record(parsed, citation, start, verb.end(), len(repeals)))
    return tuple(repeals)


def _repealed(folded: str, cited: list[Citation], verb: int) -> list[Citation]:
    """The citations of a sentence that the verb at ``verb`` repeals: the run of cited works
    right before it, each followed only by list words, numbers or a date."""
    chosen: list[Citation] = []
    stop = verb
    for citation in reversed(cited):
        if citation.span.end > stop:  # a later locator of the same work, already covered
            continue
        gap = _BETWEEN if chosen else _FILLER
        if not gap.match(folded, citation.span.end, stop):
            break
        if not chosen or citation.target_title != chosen[-1].target_title:
            chosen.append(citation)
        stop = citation.span.start
    return chosen[::-1]


def _record(parsed: ParsedDocument, citation: Citation, start: int, end: int, n: int) -> Repeal:
    document = parsed.document
    own = clean_title(document.work_title or document.title)
    target, target_id = citation.target_title or "", citation.target_document_id
    if target == own and citation.title:
        # A text never repeals itself: the old title it names only looks like the new one
        # (《山东省中医条例》 in 山东省中医药条例), so it stays the work as written.
        target, target_id = clean_title(citation.title), None
    return Repeal(
        id=f"{document.id}:repeal:{start}-{end}:{n}",
        document_id=document.id,
        clause_id=citation.clause_id,
        kind=RepealKind.REPLACES if same_work(own, target) else RepealKind.REPEALS,
        raw=document.text[start:end].strip(),
        span=Span(start, end),
        target_title=target,
        target_document_id=target_id,
    )


def same_work(new_title: str, old_title: str) -> bool:
    """Whether a repealing title is the new text of the repealed work: one title holds the
    other (医师法 in 执业医师法) or they differ in a few characters (暂行规定 → 规定)."""
    new, old = title_key(new_title), title_key(old_title)
    if not new or not old:
        return False
    return new in old or old in new or fuzz.ratio(new, old) >= SAME_WORK_RATIO


def apply_repeals(docs: Sequence[ParsedDocument]) -> list[ParsedDocument]:
    """Documents of the batch that another, not a draft, repeals become REPEALED; replaced
    ones SUPERSEDED. A status read from the source (a draft, a crawl's verdict) is kept."""
    verdicts: dict[str, Status] = {}
    by_work: dict[str, list[ParsedDocument]] = defaultdict(list)
    for parsed in docs:
        doc = parsed.document
        by_work[clean_title(doc.work_title or doc.title)].append(parsed)
    for parsed in docs:
        if parsed.document.status is Status.DRAFT:
            continue
        for repeal in parsed.repeals:
            status = Status.SUPERSEDED if repeal.kind is RepealKind.REPLACES else Status.REPEALED
            for target in by_work.get(repeal.target_title, ()):
                older = _not_newer(target, parsed)
                if target.document.id != parsed.document.id and older:
                    verdicts[target.document.id] = status
    out = []
    for parsed in docs:
        verdict = verdicts.get(parsed.document.id)
        if verdict and parsed.document.status in (Status.UNKNOWN, Status.IN_FORCE):
            parsed = replace(parsed, document=replace(parsed.document, status=verdict))
        out.append(parsed)
    return out


def _not_newer(target: ParsedDocument, repealer: ParsedDocument) -> bool:
    """A text repeals what came before it, never a later version of the work."""
    then = target.document.version_date or target.document.issued
    now = repealer.document.version_date or repealer.document.issued
    return then is None or now is None or then <= now
