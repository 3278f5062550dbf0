"""Resolve citations across a batch of documents: match cited titles and document numbers
against every held document (exact, alias, fuzzy), choosing the newest held version.

The title rule is general: a title's *key* drops 中华人民共和国, version notes such as （试行）,
暂行 and immediately repeated substrings; keys are compared exactly, then by edit distance.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ingest.citations import REGULATION_ENDINGS
from ingest.models import (
    Citation,
    CitationKind,
    Document,
    ParsedDocument,
    Problem,
    Resolution,
)
from ingest.reading import fold

# Edits a misspelt title may carry: one for a short title (医疗机构管理调条例 → 医疗机构管理条例),
# two from LONG_TITLE characters on. Two edits on a short title already join different acts
# (互联网信息服务管理办法 vs 互联网药品信息服务管理办法).
LONG_TITLE = 14
_COUNTRY = "中华人民共和国"
_VERSION_NOTES = re.compile(r"[(（][^()（）]{0,16}[)）]")
_DROPPED = re.compile(r"[\s《》〈〉<>“”\"'「」]")
_REPEAT = re.compile(r"(.{2,}?)\1+")


def clean_title(title: str) -> str:
    """The title as it should be shown: no 《》, no spaces, brackets in Chinese full width."""
    return _DROPPED.sub("", title).replace("(", "（").replace(")", "）")


def title_key(title: str) -> str:
    """What two names of the same work share: 《中华人民共和国医师法（2022年版）》 → 医师法."""
    key = _VERSION_NOTES.sub("", _DROPPED.sub("", title))
    key = key.removeprefix(_COUNTRY).replace("暂行", "")
    return key


def _regulation_type(key: str) -> str:
    return max((e for e in REGULATION_ENDINGS if key.endswith(e)), key=len, default="")


@dataclass(frozen=True, slots=True)
class TitleMatch:
    title: str  # canonical title of a held work
    resolution: Resolution
    score: float


class TitleCatalogue:
    """The canonical titles of the held works, with their keys, for resolving a cited title."""

    def __init__(self, titles: Sequence[str]) -> None:
        self._exact = {clean_title(t): t for t in titles}
        by_key: dict[str, list[str]] = defaultdict(list)
        for t in titles:
            by_key[title_key(t)].append(t)
        # Two works sharing a key (医师法, 中华人民共和国医师法): the fuller name is canonical.
        self._by_key = {k: max(v, key=lambda t: (len(t), t)) for k, v in by_key.items()}
        self._keys = list(self._by_key)

    def match(self, cited: str) -> TitleMatch | None:
        cleaned = clean_title(cited)
        if cleaned in self._exact:
            return TitleMatch(self._exact[cleaned], Resolution.EXACT, 1.0)
        key = title_key(cleaned)
        if key in self._by_key:
            return TitleMatch(self._by_key[key], Resolution.ALIAS, 1.0)
        return self._fuzzy(key)

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
        if _regulation_type(candidate) != _regulation_type(collapsed):
            return None
        if candidate[:2] != collapsed[:2]:
            return None
        score = 1 - best[1] / max(len(candidate), len(collapsed))
        return TitleMatch(self._by_key[candidate], Resolution.FUZZY, round(score, 3))


def _work_title(document: Document) -> str:
    return clean_title(document.work_title or document.title)


def _newest(documents: Sequence[Document]) -> Document:
    return max(documents, key=lambda d: (d.version_date or date.min, d.issued or date.min, d.id))


def resolve_citations(
    docs: Sequence[ParsedDocument],
    held: Sequence[Document] = (),
) -> tuple[tuple[ParsedDocument, ...], tuple[str, ...]]:
    """Resolve every citation of ``docs`` against the titles and numbers of ``docs`` and of
    the documents already ``held`` elsewhere (e.g. in the graph; their text is not needed).

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
    catalogue = TitleCatalogue(sorted(versions))
    best = {title: _newest(held).id for title, held in versions.items()}
    resolved = [
        [_resolve_one(c, p.document, catalogue, best, by_number) for c in p.citations] for p in docs
    ]
    names = _unresolved_names([c for cs in resolved for c in cs])
    out = []
    for parsed, citations in zip(docs, resolved, strict=True):
        final = tuple(_rename_unresolved(c, names) for c in citations)
        out.append(
            replace(
                parsed,
                citations=final,
                problems=parsed.problems + _problems(parsed.document, final),
            )
        )
    return tuple(out), tuple(sorted(versions))


def _cited_title(citation: Citation, document: Document) -> str | None:
    """The folded (simplified) title of a citation, read at its place in ``document.folded``."""
    if citation.title is None:
        return None
    raw = citation.span.slice(document.folded)
    offset = raw.find("《")
    if offset >= 0 and len(raw) >= offset + 1 + len(citation.title):
        return raw[offset + 1 : offset + 1 + len(citation.title)]
    if citation.span.slice(document.text).startswith(citation.title):
        return raw[: len(citation.title)]
    # A later locator of a list (《国境卫生检疫法》第十八条、第十九条) spans only 第十九条.
    return fold(citation.title)


def _resolve_one(
    citation: Citation,
    document: Document,
    catalogue: TitleCatalogue,
    best: dict[str, str],
    by_number: dict[str, list[Document]],
) -> Citation:
    if citation.kind in (CitationKind.SELF, CitationKind.INTERNAL):
        return replace(citation, target_document_id=document.id)
    if citation.kind is CitationKind.SHORT_FORM:
        target = citation.target_title or _cited_title(citation, document) or ""
        match = catalogue.match(target)
        if match is None:
            return replace(citation, target_title=clean_title(target))
        return replace(citation, target_title=match.title, target_document_id=best[match.title])
    title = _cited_title(citation, document)
    match = catalogue.match(title) if title else None
    if match is not None:
        return replace(
            citation,
            target_title=match.title,
            target_document_id=best[match.title],
            resolution=match.resolution,
            score=match.score,
        )
    if citation.number:
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
    written = clean_title(title) if title else citation.number
    return replace(
        citation, target_title=written, target_document_id=None, resolution=Resolution.UNRESOLVED
    )


def _unresolved_names(citations: Sequence[Citation]) -> dict[str, str]:
    """One name per unheld work: 《执业医师法》 and 《中华人民共和国执业医师法》 take the fuller."""
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    for c in citations:
        if c.resolution is Resolution.UNRESOLVED and c.title is not None and c.target_title:
            by_key[title_key(c.target_title)][c.target_title] += 1
    names = {}
    for counts in by_key.values():
        # The most cited form wins; between equals the full name, never a 暂行 (interim) form.
        name = max(
            counts, key=lambda t: (t.startswith(_COUNTRY), counts[t], "暂行" not in t, len(t), t)
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
