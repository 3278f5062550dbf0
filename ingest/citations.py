"""Find citations in one document: 《title》 mentions with article locators, document numbers,
short forms defined in the text (以下简称), self references (本法) and internal references (前款).

Matching runs on ``Document.folded`` (simplified, half width); spans index both texts. Resolution
against other held documents happens later, in ``ingest.resolve``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ingest.catalogue import TitleFinder
from ingest.locators import (
    LOCATOR,
    NUM,
    ClauseIndex,
    article_context,
    article_path_of,
    chinese_number,
    locators_after,
)
from ingest.models import Citation, CitationKind, Clause, ClauseKind, Document, Resolution, Span
from ingest.numbers import (
    BRACKET_NUMBER,
    ORDER_NUMBER,
    normalise_number,
    number_after,
    number_of,
)
from ingest.spans import SpanIndex
from ingest.titles import (
    CERTIFICATE_ENDINGS,
    REGULATION_ENDINGS,
    bracketed_titles,
    implementing_after,
    is_regulation_title,
    issued_title,
    issuer_before,
)

__all__ = [
    "CERTIFICATE_ENDINGS",
    "REGULATION_ENDINGS",
    "ClauseIndex",
    "article_path_of",
    "bare_title_citations",
    "extract_citations",
    "is_regulation_title",
    "normalise_number",
]


def _words(spaced: str) -> tuple[str, ...]:
    return tuple(spaced.split())


_VERSION_NOTE = re.compile(r"[(（][^()（）]{0,12}[)）]$")

_DEFINITION = re.compile(
    r"[(（]?\s*以下简称\s*[《“\"「『]?([\u4e00-\u9fff\w]{1,20}?)[》”\"」』]?\s*[)）]"
)
_CITING_VERBS = _words("依据 根据 按照 依照 参照 遵照 违反 执行 落实 贯彻 符合")

# 本法 … but not 基本法 / 根本法 / 文本规定; the word after 本 names the document type.
_SELF = re.compile(
    r"(?<![基根资成日样脚剧范文标版课账副原书读蓝母底稿])本"
    r"(实施办法|实施细则|条例|办法|规定|细则|规范|规则|方案|通知|意见|决定|解释|标准|准则|规程|法(?![律人院庭官]))"
    rf"((?:{LOCATOR}))?"
)
_INTERNAL = re.compile(
    rf"本条(?!例)(?:第{NUM}款)?(?:第{NUM}项)?|本款(?:第{NUM}项)?|前([两二三四五])?款|前条"
    rf"|(?:{LOCATOR})|第{NUM}款(?:第{NUM}项)?|第{NUM}项"
)
# Last characters of a word that names another act: 刑法第二十条 is not an internal reference.
_ACT_ENDINGS = ("法", "例", "则", "定", "》")


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    kind: CitationKind
    title: str | None = None  # folded
    number: str | None = None
    article: str | None = None
    article_path: str | None = None
    target_title: str | None = None
    resolution: Resolution = Resolution.UNRESOLVED
    issued_by: str | None = None


def _defined_target(full_title: str, short: str) -> str:
    """A short form defined after 《关于印发X的通知》 names X when its characters occur in X."""
    inner = issued_title(full_title)
    if inner:
        it = iter(inner)
        if all(ch in it for ch in short):
            return inner
    return full_title


def _article_follows(folded: str, title: str, end: int) -> bool:
    """《X》第二十六条: a work cited by its article even when its last word is misspelt
    (《医疗机构管理条理》, 《护士条列》); certificates and forms have no 第X条. The title must read
    as a name (Chinese, four characters or more): not <!-- a comment --> before 第一条, nor
    《解释》."""
    if not _NAME_LIKE.fullmatch(title):
        return False
    return any("条" in text for _s, _e, text in locators_after(folded, end))


_NAME_LIKE = re.compile(r"[\u4e00-\u9fff（）()·、]{4,60}")


def _title_citations(folded: str) -> tuple[list[_Found], dict[str, str], list[tuple[int, int]]]:
    """Bracketed title citations (with the works a 印发 notice issues and 及其实施办法), the
    short forms they define, and the spans of the definitions."""
    found: list[_Found] = []
    defined: dict[str, str] = {}
    definitions = [(m.start(), m.end(), m.group(1)) for m in _DEFINITION.finditer(folded)]
    inside_definition = [(s, e) for s, e, _ in definitions]
    in_definition = SpanIndex(inside_definition)
    definition_starts = [s for s, _, _ in definitions]  # in text order
    for mention in bracketed_titles(folded):
        if in_definition.covers(mention.start):
            continue
        title, start = mention.title, mention.start
        issuer_at = issuer_before(folded, start, title)
        if issuer_at is not None:
            # 国务院办公厅关于《…指导意见》: the title is the whole name, issuer and 关于 included.
            title, start = folded[issuer_at:start] + title, issuer_at
        if title in defined:
            kind, target, resolution = CitationKind.SHORT_FORM, defined[title], Resolution.DEFINED
        elif is_regulation_title(title) or _article_follows(folded, title, mention.end):
            kind, target, resolution = CitationKind.TITLE, None, Resolution.UNRESOLVED
        else:
            continue
        end, number = mention.end, None
        after_number = number_after(folded, end)
        if after_number:
            end, number = after_number
        found.extend(_with_locators(folded, start, end, kind, title, number, target, resolution))
        issued = issued_title(title) if kind is CitationKind.TITLE else None
        if issued:
            # The notice and the work it issues are cited at the same place; resolve keeps the
            # notice only when it is held.
            found.append(_Found(start, end, CitationKind.TITLE, issued, number, issued_by=title))
        implementing = implementing_after(folded, end, issued or title)
        if implementing and kind is CitationKind.TITLE:
            start, stop, implementing_title = implementing
            found.extend(
                _with_locators(
                    folded, start, stop, kind, implementing_title, None, None, resolution
                )
            )
        # A definition belongs to the citation it follows with only brackets or spaces between
        # (at most 6 characters on): only the definitions starting there are looked at.
        first = bisect_left(definition_starts, end)
        for s, _e, short in definitions[first : bisect_right(definition_starts, end + 6)]:
            if not folded[end:s].strip(" (（)）"):
                defined[short] = _defined_target(title, short)
    return found, defined, inside_definition


def _with_locators(
    folded: str,
    start: int,
    end: int,
    kind: CitationKind,
    title: str | None,
    number: str | None,
    target: str | None,
    resolution: Resolution,
) -> Iterator[_Found]:
    locators = locators_after(folded, end)
    if not locators:
        yield _Found(start, end, kind, title, number, None, None, target, resolution)
        return
    for i, (loc_start, loc_end, text) in enumerate(locators):
        # The first locator joins the title into one citation; later ones (、第二十条) stand alone.
        yield _Found(
            start if i == 0 else loc_start,
            loc_end,
            kind,
            title,
            number,
            text,
            article_path_of(text),
            target,
            resolution,
        )


def _bare_short_forms(
    folded: str, defined: dict[str, str], taken: list[tuple[int, int]]
) -> Iterator[_Found]:
    """Defined short forms written without 《》 (依照条例第十条, 依据工作规范)."""
    for short, target in defined.items():
        for m in re.finditer(re.escape(short), folded):
            if _overlaps(m.start(), m.end(), taken):
                continue
            before = folded[max(0, m.start() - 2) : m.start()]
            locators = locators_after(folded, m.end())
            if before.endswith(_CITING_VERBS) or (locators and locators[0][0] == m.end()):
                yield from _with_locators(
                    folded,
                    m.start(),
                    m.end(),
                    CitationKind.SHORT_FORM,
                    short,
                    None,
                    target,
                    Resolution.DEFINED,
                )


# 依据管理办法, 依照条例第十条 with no definition: the type word stands for the nearest title of
# that type before it. Only words that are not also everyday words (按照规定, 符合规范).
_TYPE_WORD_AFTER_VERB = re.compile(
    r"(?:依据|根据|按照|依照|参照|遵照|对照)(管理办法|实施办法|实施细则|条例|办法|细则|要点)"
    r"(?!实施|草案|修订|修正|解读)"
)


def _anaphoric_short_forms(
    folded: str, titles: Sequence[_Found], taken: list[tuple[int, int]]
) -> Iterator[_Found]:
    """Type words standing for the nearest title before them (依据管理办法 after
    《医疗机构依法执业自查管理办法》); a type word no earlier title ends with cites nothing."""
    for m in _TYPE_WORD_AFTER_VERB.finditer(folded):
        if _overlaps(m.start(1), m.end(1), taken):
            continue
        word = m.group(1)
        earlier = [
            f
            for f in titles
            if f.end <= m.start()
            and f.kind is CitationKind.TITLE
            and f.title
            and not f.issued_by
            and _VERSION_NOTE.sub("", f.title).endswith(word)
        ]
        if earlier:
            target = max(earlier, key=lambda f: f.start).title
            yield from _with_locators(
                folded,
                m.start(1),
                m.end(1),
                CitationKind.SHORT_FORM,
                word,
                None,
                target,
                Resolution.DEFINED,
            )


def _number_citations(folded: str, taken: list[tuple[int, int]]) -> Iterator[_Found]:
    for pattern in (BRACKET_NUMBER, ORDER_NUMBER):
        for m in pattern.finditer(folded):
            start, number = number_of(m)
            if start < m.end(1) and not _overlaps(start, m.end(), taken):
                taken.append((start, m.end()))
                yield _Found(start, m.end(), CitationKind.DOCUMENT_NUMBER, number=number)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


def _self_and_internal(
    document: Document, index: ClauseIndex, taken: list[tuple[int, int]], is_statute: bool
) -> Iterator[_Found]:
    folded = document.folded
    own_title = document.work_title or document.title
    for m in _SELF.finditer(folded):
        if _overlaps(m.start(), m.end(), taken):
            continue
        taken.append((m.start(), m.end()))
        if m.group(2):
            here = article_context(index.innermost(m.start(), m.end()))
            yield _Found(
                m.start(),
                m.end(),
                CitationKind.INTERNAL,
                article=m.group(2),
                article_path=article_path_of(m.group(2), here),
                resolution=Resolution.SELF,
            )
        else:
            yield _Found(
                m.start(),
                m.end(),
                CitationKind.SELF,
                target_title=own_title,
                resolution=Resolution.SELF,
            )
    if not is_statute:
        return
    for m in _INTERNAL.finditer(folded):
        before = folded[max(0, m.start() - 1) : m.start()]
        if _overlaps(m.start(), m.end(), taken) or before.endswith(_ACT_ENDINGS):
            continue
        line_head = folded[folded.rfind("\n", 0, m.start()) + 1 : m.start()]
        if m.group().startswith("第") and not line_head.strip(" #\t"):
            continue  # 第二十条 opening a line numbers that article; it cites nothing
        here = article_context(index.innermost(m.start(), m.end()))
        for path in _internal_paths(m.group(), m.group(1), here):
            yield _Found(
                m.start(),
                m.end(),
                CitationKind.INTERNAL,
                article=m.group(),
                article_path=path,
                resolution=Resolution.SELF,
            )


def _internal_paths(
    written: str, count: str | None, here: tuple[int | None, int | None]
) -> list[str]:
    article, paragraph = here
    if written.startswith(("本条", "本款", "前款", "前")) and article is None:
        return []
    if written.startswith("前条"):
        return [f"art_{article - 1}"] if article and article > 1 else []
    if written.startswith("前") and written.endswith("款"):
        n = chinese_number(count) if count else 1
        current = paragraph or 1
        first = max(1, current - n)
        paths = [f"art_{article}/para_{p}" for p in range(first, current)]
        return paths or [f"art_{article}"]
    if written.startswith("本条"):
        return [article_path_of(written[2:], (article, None)) or f"art_{article}"]
    if written.startswith("本款"):
        para = f"art_{article}/para_{paragraph or 1}"
        return [article_path_of(written[2:], here) or para]
    path = article_path_of(written, here)
    return [path] if path else []


def extract_citations(document: Document, clauses: Sequence[Clause]) -> list[Citation]:
    """Every citation in ``document``, in text order, each in its innermost clause."""
    folded = document.folded
    index = ClauseIndex(clauses)
    found, defined, definitions = _title_citations(folded)
    taken = [(f.start, f.end) for f in found] + definitions
    found.extend(_bare_short_forms(folded, defined, taken))
    taken = [(f.start, f.end) for f in found] + definitions
    found.extend(_anaphoric_short_forms(folded, list(found), taken))
    taken = [(f.start, f.end) for f in found] + definitions
    numbers = list(_number_citations(folded, taken))
    found.extend(numbers)
    taken += [(f.start, f.end) for f in numbers]
    is_statute = any(c.kind is ClauseKind.ARTICLE for c in clauses)
    found.extend(_self_and_internal(document, index, taken, is_statute))
    return _to_citations(document, index, found)


def _to_citations(document: Document, index: ClauseIndex, found: list[_Found]) -> list[Citation]:
    citations: list[Citation] = []
    seen: dict[tuple[int, int], int] = {}
    for f in sorted(found, key=lambda f: (f.start, f.end, f.article_path or "")):
        k = seen.get((f.start, f.end), 0)
        seen[(f.start, f.end)] = k + 1
        clause = index.innermost(f.start, f.end)
        raw = document.text[f.start : f.end]
        title = None
        if f.title is not None:
            # The title as written: the original characters at the folded title's place.
            offset = document.folded.find(f.title, f.start, f.end)
            title = document.text[offset : offset + len(f.title)] if offset >= 0 else f.title
        own = f.kind in (CitationKind.SELF, CitationKind.INTERNAL)
        citations.append(
            Citation(
                id=f"{document.id}:cite:{f.start}-{f.end}" + (f":{k}" if k else ""),
                document_id=document.id,
                clause_id=clause.id if clause else None,
                kind=f.kind,
                raw=raw,
                span=Span(f.start, f.end),
                title=title,
                number=f.number,
                article=document.text[f.start : f.end][-len(f.article) :] if f.article else None,
                article_path=f.article_path,
                target_title=f.target_title,
                target_document_id=document.id if own else None,
                resolution=f.resolution,
                issued_by=f.issued_by,
            )
        )
    return citations


def bare_title_citations(
    document: Document,
    clauses: Sequence[Clause],
    taken: Sequence[tuple[int, int]],
    finder: TitleFinder,
) -> list[Citation]:
    """Titles of known works written without brackets (根据医疗机构管理条例第二十条), outside the
    ``taken`` spans of the document's other citations; unresolved until ``ingest.resolve``."""
    folded = document.folded
    own = [t for t in (document.title, document.work_title) if t]
    # Nothing between brackets is bare: a title the document did not take as a citation (a
    # certificate, a definition's short form) stays out too.
    written = [(t.start, t.end) for t in bracketed_titles(folded)]
    written += [(m.start(), m.end()) for m in _DEFINITION.finditer(folded)]
    found: list[_Found] = []
    for start, end, name in finder.find(folded, [*taken, *written], own):
        found.extend(
            _with_locators(
                folded, start, end, CitationKind.TITLE, name, None, None, Resolution.UNRESOLVED
            )
        )
    return _to_citations(document, ClauseIndex(clauses), found)
