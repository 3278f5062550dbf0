"""Resolve citations across a batch of documents: find titles written without 《》, match
cited titles and document numbers against every held document (exact, alias, fuzzy), choosing
the newest held version, and name unheld works after the national catalogue where it has them.

The title rule is general: a title's *key* drops 中华人民共和国, version notes such as （试行）,
暂行 and immediately repeated substrings; keys are compared exactly, then by edit distance.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ingest.catalogue import TitleFinder, national_aliases, national_works, written_forms
from ingest.citations import bare_title_citations
from ingest.models import (
    Citation,
    CitationKind,
    Document,
    ParsedDocument,
    Problem,
    Resolution,
)
from ingest.reading import fold
from ingest.repeal import apply_repeals, find_repeals
from ingest.titles import (
    COUNTRY,
    REGULATION_ENDINGS,
    clean_title,
    issued_title,
    strip_version_notes,
    title_key,
)
from ingest.versions import best_version, document_facts

# Edits a misspelt title may carry: one for a short title (医疗机构管理调条例 → 医疗机构管理条例),
# two from LONG_TITLE characters on. Two edits on a short title already join different acts
# (互联网信息服务管理办法 vs 互联网药品信息服务管理办法).
LONG_TITLE = 14
_REPEAT = re.compile(r"(.{2,}?)\1+")
# An issuer written before a title: 国家卫生健康委 国家中医药局关于…, 国务院办公厅关于….
_BODY = r"[\u4e00-\u9fff]{1,16}?(?:委员会|委|局|部|院|厅|办公厅|办公室|政府|司|署|中心)"
_ISSUERS_BEFORE_ABOUT = re.compile(rf"^(?:{_BODY}[、，,和与及]?)+(?=关于)")
_NATIONAL_ISSUER = re.compile(
    r"^(?:国务院办公厅|国务院|国家卫生健康委员会|国家卫生健康委|国家卫生计生委|卫生部|"
    r"国家中医药管理局|国家中医药局|国家疾控局|国家药监局|国家医保局)"
)


def _regulation_type(key: str) -> str:
    return max((e for e in REGULATION_ENDINGS if key.endswith(e)), key=len, default="")


@dataclass(frozen=True, slots=True)
class TitleMatch:
    title: str  # canonical title of a held work
    resolution: Resolution
    score: float


def issuer_free(title: str) -> list[str]:
    """The forms of a cleaned title without the issuer written before it:
    国务院办公厅关于改革…的指导意见 → 关于改革…的指导意见, 改革…的指导意见."""
    forms = []
    stripped = _ISSUERS_BEFORE_ABOUT.sub("", title)
    if stripped == title:
        stripped = _NATIONAL_ISSUER.sub("", title)
    if stripped != title and len(stripped) >= 4:
        forms.append(stripped)
    if stripped.startswith("关于") and len(stripped) > 6:
        forms.append(stripped.removeprefix("关于"))
    return forms


class TitleCatalogue:
    """The canonical titles of the held works, with their keys, for resolving a cited title.
    ``aliases`` maps other names (简称, the work a held notice issues) to canonical titles."""

    def __init__(self, titles: Sequence[str], aliases: Mapping[str, str] | None = None) -> None:
        self._exact = {clean_title(t): t for t in titles}
        by_key: dict[str, list[str]] = defaultdict(list)
        for t in titles:
            by_key[title_key(t)].append(t)
        # Two works sharing a key (医师法, 中华人民共和国医师法): the fuller name is canonical.
        self._by_key = {k: max(v, key=lambda t: (len(t), t)) for k, v in by_key.items()}
        self._keys = list(self._by_key)
        # Second names never take a key from a title: 关于印发X的通知 issues X, but a held X is X.
        self._second: dict[str, str] = {}
        for t in titles:
            for form in issuer_free(clean_title(t)):
                self._second.setdefault(title_key(form), t)
        for name, t in (aliases or {}).items():
            self._second.setdefault(title_key(name), t)
        self._second = {k: t for k, t in self._second.items() if k not in self._by_key}

    def match(self, cited: str) -> TitleMatch | None:
        cleaned = clean_title(cited)
        if cleaned in self._exact:
            return TitleMatch(self._exact[cleaned], Resolution.EXACT, 1.0)
        for form in (cleaned, *issuer_free(cleaned)):
            key = title_key(form)
            if key in self._by_key:
                return TitleMatch(self._by_key[key], Resolution.ALIAS, 1.0)
            if key in self._second:
                return TitleMatch(self._second[key], Resolution.ALIAS, 1.0)
        return self._fuzzy(title_key(cleaned))

    def _fuzzy(self, key: str) -> TitleMatch | None:
        collapsed = _REPEAT.sub(r"\1", key)  # 母婴母婴保健法 → 母婴保健法
        if collapsed in self._by_key:
            return TitleMatch(self._by_key[collapsed], Resolution.FUZZY, 0.95)
        if len(collapsed) < 4 or not self._keys:
            return None
        allowed = 2 if len(collapsed) >= LONG_TITLE else 1
        best = process.extractOne(
            collapsed, self._keys, scorer=Levenshtein.distance, score_cutoff=allowed
        )
        if best is None:
            return None
        candidate = best[0]
        # A typo keeps the type of act and the first words: 医疗器械使用…办法 is not 经营…办法.
        # A cited title with no type word at all has its typo in that word (医疗机构管理条理).
        cited_type = _regulation_type(collapsed)
        if cited_type and _regulation_type(candidate) != cited_type:
            return None
        if candidate[:2] != collapsed[:2]:
            return None
        score = 1 - best[1] / max(len(candidate), len(collapsed))
        return TitleMatch(self._by_key[candidate], Resolution.FUZZY, round(score, 3))


def _as_self(citation: Citation, document: Document) -> Citation:
    """A mention that names the citing document itself, not another work."""
    return replace(
        citation,
        kind=CitationKind.SELF,
        target_title=_work_title(document),
        target_document_id=document.id,
        resolution=Resolution.SELF,
    )


def _work_title(document: Document) -> str:
    return clean_title(document.work_title or document.title)


def _newest(documents: Sequence[Document]) -> Document:
    """The version a citation of the work means (ingest.versions owns the rule)."""
    best = best_version(documents, document_facts)
    assert best is not None, "a work is held in at least one version"
    return best


def resolve_citations(
    docs: Sequence[ParsedDocument],
    held: Sequence[Document] = (),
) -> tuple[tuple[ParsedDocument, ...], tuple[str, ...]]:
    """Resolve every citation of ``docs`` against the titles and numbers of ``docs`` and of
    the documents already ``held`` elsewhere (e.g. in the graph; their text is not needed),
    after adding the titles each document writes without 《》; then find the repeals the
    documents state and mark the repealed documents of the batch.

    Returns the updated documents and the canonical titles of all held works.
    """
    versions: dict[str, list[Document]] = defaultdict(list)
    by_number: dict[str, list[Document]] = defaultdict(list)
    batch_ids = {parsed.document.id for parsed in docs}
    known = [p.document for p in docs] + [d for d in held if d.id not in batch_ids]
    for document in known:
        versions[_work_title(document)].append(document)
        if document.number:
            by_number[document.number].append(document)
    # A held notice also answers to the work it issues (关于印发X的通知 holds X's text).
    issued = {name: t for t in versions if (name := issued_title(t))}
    catalogue = TitleCatalogue(sorted(versions), issued)
    national = TitleCatalogue([w.title for w in national_works()], national_aliases())
    best = {title: _newest(held).id for title, held in versions.items()}
    finder = title_finder(versions)
    resolved = [_resolve_document(p, catalogue, national, best, by_number, finder) for p in docs]
    national_titles = {w.title for w in national_works()}
    names = _unresolved_names([c for cs in resolved for c in cs], national_titles)
    out = []
    for parsed, citations in zip(docs, resolved, strict=True):
        final = tuple(_rename_unresolved(c, names) for c in _shortened_titles(citations))
        updated = replace(
            parsed,
            citations=final,
            problems=parsed.problems + _problems(parsed.document, final),
        )
        out.append(replace(updated, repeals=find_repeals(updated)))
    return tuple(apply_repeals(out)), tuple(sorted(versions))


def title_finder(held_titles: Sequence[str] | Mapping[str, object]) -> TitleFinder:
    """The bare-title finder over the held titles and the national catalogue."""
    names: set[str] = set()
    for title in held_titles:
        names |= written_forms(title)
    for work in national_works():
        names |= written_forms(work.title)
        names |= {fold(alias) for alias in work.aliases}
    return TitleFinder(names)


def _resolve_document(
    parsed: ParsedDocument,
    catalogue: TitleCatalogue,
    national: TitleCatalogue,
    best: dict[str, str],
    by_number: dict[str, list[Document]],
    finder: TitleFinder,
) -> list[Citation]:
    document = parsed.document
    taken = [(c.span.start, c.span.end) for c in parsed.citations]
    bare = bare_title_citations(document, parsed.clauses, taken, finder)
    citations = sorted((*parsed.citations, *bare), key=lambda c: (c.span.start, c.span.end))
    own = _own_names(document)
    resolved = [
        _resolve_one(c, document, catalogue, national, best, by_number, own) for c in citations
    ]
    return _one_per_notice(resolved)


def _own_names(document: Document) -> set[str]:
    """What a document is called: its title, and the work it issues when it is a notice. Not
    by key, which drops 暂行: a 规定 that repeals its 暂行规定 cites another work."""
    titles = {clean_title(t) for t in (document.title, document.work_title) if t}
    titles |= {clean_title(i) for t in list(titles) if (i := issued_title(t))}
    return {_own_form(t) for t in titles}


def _own_titles(document: Document) -> set[str]:
    """The titles the catalogue may know the document itself by."""
    return {t for t in (document.title, document.work_title) if t}


def _own_form(title: str) -> str:
    return strip_version_notes(clean_title(title)).removeprefix(COUNTRY)


def _one_per_notice(citations: list[Citation]) -> list[Citation]:
    """《关于印发X的通知》 cites the notice and X at one place: the notice stays when it is held
    (and X then only when held apart from it), X stays always."""
    by_span: dict[tuple[int, int], list[Citation]] = defaultdict(list)
    for c in citations:
        by_span[(c.span.start, c.span.end)].append(c)
    dropped: set[str] = set()
    for group in by_span.values():
        for work in (c for c in group if c.issued_by):
            for notice in group:
                if notice.issued_by or notice.title is None:
                    continue
                if notice.target_document_id is None:
                    dropped.add(notice.id)
                elif notice.target_document_id == work.target_document_id:
                    dropped.add(work.id)
    return [c for c in citations if c.id not in dropped]


def _cited_title(citation: Citation, document: Document) -> str | None:
    """The folded (simplified) title of a citation, read at its place in ``document.folded``."""
    if citation.title is None:
        return None
    raw = citation.span.slice(document.folded)
    written = fold(citation.title)
    if written in raw:
        return written
    # A later locator of a list (《国境卫生检疫法》第十八条、第十九条) spans only 第十九条.
    return written


def _resolve_one(
    citation: Citation,
    document: Document,
    catalogue: TitleCatalogue,
    national: TitleCatalogue,
    best: dict[str, str],
    by_number: dict[str, list[Document]],
    own: set[str],
) -> Citation:
    if citation.kind in (CitationKind.SELF, CitationKind.INTERNAL):
        return replace(citation, target_document_id=document.id)
    if citation.kind is CitationKind.DOCUMENT_NUMBER and citation.number == document.number:
        # A notice's own 文号 in its header names the notice itself, not a work it cites.
        return _as_self(citation, document)
    if citation.kind is CitationKind.SHORT_FORM:
        target = citation.target_title or _cited_title(citation, document) or ""
        match = catalogue.match(target) or national.match(target)
        if match is None:
            return replace(citation, target_title=clean_title(target))
        return replace(citation, target_title=match.title, target_document_id=best.get(match.title))
    title = _cited_title(citation, document)
    if title and _own_form(title) in own:
        # A notice naming the plan it issues, a statute its own title: not another work.
        return _as_self(citation, document)
    match = catalogue.match(title) if title else None
    if (
        match is not None
        and match.resolution is Resolution.FUZZY
        and match.title in _own_titles(document)
    ):
        # Two characters from its own title: another work, mostly the one it replaces (原《…
        # 医疗质量管理制度》同时废止 in the 医疗质量安全管理制度), not the document itself.
        match = None
    if match is not None:
        return replace(
            citation,
            target_title=match.title,
            target_document_id=best[match.title],
            resolution=match.resolution,
            score=match.score,
        )
    # The number of 《关于印发X的通知》 is the notice's, so X is never found by it.
    if citation.number and not citation.issued_by:
        held = by_number.get(citation.number)
        if held:
            newest = _newest(held)
            return replace(
                citation,
                target_title=_work_title(newest),
                target_document_id=newest.id,
                resolution=Resolution.NUMBER,
            )
        if citation.number == document.number and title is None:
            return replace(
                citation,
                target_title=_work_title(document),
                target_document_id=document.id,
                resolution=Resolution.SELF,
            )
    known = national.match(title) if title else None
    written = known.title if known else (clean_title(title) if title else citation.number)
    return replace(
        citation, target_title=written, target_document_id=None, resolution=Resolution.UNRESOLVED
    )


_MIN_SHORT_KEY = 6  # 《管理规范》 is too generic to stand for a longer title
# What a short form may leave off the front of a title: where and for whom it holds, never what it
# is about (《医院建筑设计规范》 is not 《传染病医院建筑设计规范》 written short).
_DROPPABLE_PREFIX = re.compile(
    r"(?:[一-鿿]{1,6}?(?:省|自治区|市|县|区)|国家|全国|省级|市级|县级|卫生部|医院|医疗机构)+"
)


def _shortened_titles(citations: Sequence[Citation]) -> list[Citation]:
    """Within one document, an unheld title written short refers to the one longer unheld title
    it ends when what is left off is a place, a level or the kind of institution
    (《影像科建设管理规范》 after 《医院影像科建设管理规范》), as a 简称 would."""
    longer = {
        c.target_title
        for c in citations
        if c.resolution is Resolution.UNRESOLVED and c.target_title and c.title is not None
    }
    keys = {t: title_key(t) for t in longer}
    out = []
    for c in citations:
        key = keys.get(c.target_title or "")
        if c.resolution is Resolution.UNRESOLVED and key and len(key) >= _MIN_SHORT_KEY:
            fuller = [
                t
                for t, k in keys.items()
                if k != key and k.endswith(key) and _DROPPABLE_PREFIX.fullmatch(k[: -len(key)])
            ]
            if len(fuller) == 1:
                c = replace(c, target_title=fuller[0], resolution=Resolution.ALIAS, score=0.9)
        out.append(c)
    return out


def _unresolved_names(
    citations: Sequence[Citation], national_titles: AbstractSet[str] = frozenset()
) -> dict[str, str]:
    """One name per unheld work: 《执业医师法》 and 《中华人民共和国执业医师法》 take the fuller.
    A work the national catalogue names keeps that name (a 暂行规定 and its successor规定
    share a key but are two works)."""
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    for c in citations:
        if c.target_title in national_titles:
            continue
        if c.resolution is Resolution.UNRESOLVED and c.title is not None and c.target_title:
            by_key[title_key(c.target_title)][c.target_title] += 1
    names = {}
    for counts in by_key.values():
        # The most cited form wins; between equals the full name, never a 暂行 (interim) form.
        name = max(
            counts, key=lambda t: (t.startswith(COUNTRY), counts[t], "暂行" not in t, len(t), t)
        )
        names.update({t: name for t in counts})
    return names


def _rename_unresolved(citation: Citation, names: dict[str, str]) -> Citation:
    if citation.resolution is Resolution.UNRESOLVED and citation.target_title in names:
        return replace(citation, target_title=names[citation.target_title])
    return citation


def _problems(document: Document, citations: Sequence[Citation]) -> tuple[Problem, ...]:
    """One problem per unheld work a document cites, so a reader knows what is missing."""
    seen: dict[str, Citation] = {}
    for c in citations:
        if c.resolution is Resolution.UNRESOLVED and c.target_title and c.target_title not in seen:
            seen[c.target_title] = c
    return tuple(
        Problem(
            document_id=document.id,
            code="unresolved_citation",
            message=f"cites {title!r}, which is not among the held documents",
            span=c.span,
        )
        for title, c in seen.items()
    )
