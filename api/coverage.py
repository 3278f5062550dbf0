"""How far a self-inspection report (or plan) covers a checklist: per requirement, addressed with
the report's evidence sentences, or a gap; and the report's own citations checked (misspelt
titles with the intended one, superseded or repealed targets with the current article).

A requirement is addressed when some sentence of the report scores at least
``ADDRESSED_THRESHOLD`` = ``LEXICAL_WEIGHT`` × lexical + (1 − ``LEXICAL_WEIGHT``) × dense, where
lexical is the share of the requirement's character bigrams (each weighted by how rare it is
among the report's sentences and the checklist's rows) the sentence holds, and dense is the cosine
of the two embedded by the search encoder; numbered headings are no evidence. The static encoder
puts any two sentences of health law at 0.5–0.8 cosine, so the words carry most of the weight.
A requirement's own sentences of 15+ characters are also matched alone (a report meets one duty
of an article without the rest). The threshold was set by reading seed 000 against an 依法执业
checklist row by row (benchmarks/RESULTS.md).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from api.checklist_model import Checklist, Requirement

if TYPE_CHECKING:
    from graph.store import GraphStore
    from ingest.models import ParsedDocument
    from search.dense import TextEncoder

ADDRESSED_THRESHOLD = 0.33
LEXICAL_WEIGHT = 0.8
EVIDENCE_PER_ROW = 2
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_NON_WORD = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")
_MIN_SENTENCE = 6  # characters; shorter pieces are headings or numbering
# A numbered line without a full stop is a heading (十二、法律法规规章规定医疗机构应当履行的职责):
# it names a subject of the report, it is no evidence that a duty was met.
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、．])"
)
_HEADING_MAX = 40
_MIN_PART = 15  # a requirement's sentence this long is matched on its own (a list entry is not)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class RowCoverage:
    id: str
    group: str
    kind: str
    code: str | None
    text: str
    clause_id: str
    addressed: bool
    score: float
    evidence: list[dict[str, Any]] = field(default_factory=list)  # {start, end, text, score}


@dataclass(slots=True)
class CitationCheck:
    raw: str
    start: int
    end: int
    written: str | None  # the title as written
    intended: str | None  # the work it resolves to
    resolution: str
    verdict: str  # ok, misspelt, superseded, repealed, not_held, unresolved
    note: str = ""
    current: dict[str, Any] | None = None  # the current version's article: {document_id, …}


@dataclass(slots=True)
class Coverage:
    source: str
    party: str
    topics: list[str]
    standard: str | None
    rows: list[RowCoverage]
    citations: list[CitationCheck]
    threshold: float = ADDRESSED_THRESHOLD

    def groups(self) -> list[dict[str, Any]]:
        """Per group: how many rows the report addresses; the groups with most gaps first."""
        found: dict[str, list[RowCoverage]] = {}
        for row in self.rows:
            found.setdefault(row.group, []).append(row)
        out = [
            {
                "name": name,
                "total": len(rows),
                "addressed": sum(r.addressed for r in rows),
                "share": sum(r.addressed for r in rows) / len(rows),
                # gaps first, then the weakest evidence
                "rows": sorted(rows, key=lambda r: (r.addressed, r.score)),
            }
            for name, rows in found.items()
        ]
        return sorted(out, key=lambda g: (g["share"], g["name"]))

    def as_json(self) -> dict[str, Any]:
        from api.routes import plain

        addressed = sum(r.addressed for r in self.rows)
        return {
            "source": self.source,
            "party": self.party,
            "topics": self.topics,
            "standard": self.standard,
            "threshold": self.threshold,
            "total": len(self.rows),
            "addressed": addressed,
            "gaps": len(self.rows) - addressed,
            "groups": plain(self.groups()),
            "citations": plain(self.citations),
        }


def sentences(text: str) -> list[Sentence]:
    """The report cut at sentence ends and line breaks, each with its span in ``text``."""
    out = []
    at = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.end() if m else len(text)
        piece = text[at:end]
        stripped = piece.strip()
        heading = (
            (m is None or m.group() in "\n；;")
            and len(stripped) <= _HEADING_MAX
            and _HEADING.match(stripped) is not None
        )
        if len(_NON_WORD.sub("", stripped)) >= _MIN_SENTENCE and not heading:
            lead = len(piece) - len(piece.lstrip())
            out.append(Sentence(at + lead, at + lead + len(stripped), stripped))
        at = end
    return out


_TITLE = re.compile(r"《[^《》\n]{1,80}》")


def _bigrams(text: str, titles: bool = True) -> Counter[str]:
    """Character bigrams; a report's sentence is read without its 《titles》 (``titles=False``):
    naming 《医师法》 is no evidence of meeting it, while a requirement's 《医疗机构执业许可证》
    is what it asks for."""
    clean = _NON_WORD.sub("", text if titles else _TITLE.sub("", text))
    return Counter(clean[i : i + 2] for i in range(len(clean) - 1))


class _Lexical:
    """Share of a requirement's bigrams a sentence holds, each weighted by its rarity among the
    report's sentences (医院, 医疗 say little; 诊疗科目, 执业许可 say much)."""

    def __init__(self, found: list[Sentence], requirements: list[str]) -> None:
        self.grams = [set(_bigrams(s.text, titles=False)) for s in found]
        # Rarity among the report's sentences and the checklist's rows both: 医疗机构 and 执业
        # run through a practice checklist and say little about which row a sentence meets.
        others = [set(_bigrams(r)) for r in requirements]
        df = Counter(g for grams in [*self.grams, *others] for g in grams)
        n = len(found) + len(requirements) or 1
        self.idf = {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}
        self.unseen = math.log((n + 1) / 0.5)

    def scores(self, requirement: str) -> np.ndarray:
        """Per report sentence, the best share over the requirement's own sentences: a report
        meets 不得对外出租、承包医疗科室 without meeting the rest of that article."""
        parts = [requirement]
        parts += [p.text for p in sentences(requirement) if len(p.text) >= _MIN_PART]
        best = np.zeros(len(self.grams))
        for part in parts:
            wanted = set(_bigrams(part))
            weights = {g: self.idf.get(g, self.unseen) for g in wanted}
            total = sum(weights.values()) or 1.0
            shares = [sum(weights[g] for g in wanted & grams) / total for grams in self.grams]
            best = np.maximum(best, np.array(shares))
        return best


def cover(
    document: ParsedDocument,
    checklist: Checklist,
    encoder: TextEncoder | None,
    store: GraphStore | None = None,
) -> Coverage:
    """The coverage of ``checklist`` by the report ``document`` (ingested, not loaded)."""
    text = document.document.text
    found = sentences(text)
    lexical = _Lexical(found, [r.search_text for r in checklist.rows])
    dense = None
    rows = checklist.rows
    if encoder is not None and found and rows:
        left = encoder.encode_documents([s.text for s in found])
        right = encoder.encode_documents([r.search_text for r in rows])
        dense = np.asarray(right, dtype=np.float32) @ np.asarray(left, dtype=np.float32).T
    weight = LEXICAL_WEIGHT if dense is not None else 1.0
    out = []
    for i, row in enumerate(rows):
        scores = weight * lexical.scores(row.search_text) if found else np.zeros(0)
        if dense is not None:
            scores = scores + (1 - weight) * dense[i]
        out.append(_row(row, found, scores))
    citations = check_citations(document, store)
    return Coverage(
        document.document.source,
        checklist.party,
        checklist.topics,
        checklist.standard,
        out,
        citations,
    )


def _row(row: Requirement, found: list[Sentence], scores: np.ndarray) -> RowCoverage:
    order: list[int] = list(np.argsort(-scores, kind="stable")[:EVIDENCE_PER_ROW])
    best = float(scores[order[0]]) if len(order) else 0.0
    addressed = best >= ADDRESSED_THRESHOLD
    evidence = [
        {"start": found[j].start, "end": found[j].end, "text": found[j].text,
         "score": round(float(scores[j]), 3)}
        for j in order
        if scores[j] >= ADDRESSED_THRESHOLD
    ]  # fmt: skip
    return RowCoverage(
        row.id,
        row.group,
        row.kind,
        row.code,
        row.text,
        row.source.clause_id,
        addressed,
        round(best, 3),
        evidence,
    )


def check_citations(document: ParsedDocument, store: GraphStore | None) -> list[CitationCheck]:
    """Each citation of the report: resolved as written, misspelt (with the intended title),
    of a superseded or repealed work (with the current version's article), or not held."""
    out = []
    for c in document.citations:
        if c.resolution.value == "self" or c.kind.value == "internal":
            continue
        verdict, note, current = "ok", "", None
        if c.resolution.value == "fuzzy":
            verdict, note = "misspelt", f"应为《{c.target_title}》"
        elif c.resolution.value == "unresolved" and c.target_title:
            verdict, note = "not_held", "库中未收录全文，无法核对条文"
        elif c.resolution.value == "unresolved":
            verdict, note = "unresolved", "未能识别所引文件"
        if store is not None and c.target_title and verdict not in ("unresolved", "not_held"):
            verdict, note, current = _standing(store, c, verdict, note)
        out.append(
            CitationCheck(
                c.raw,
                c.span.start,
                c.span.end,
                c.title,
                c.target_title,
                c.resolution.value,
                verdict,
                note,
                current,
            )
        )
    return out


def _standing(
    store: GraphStore, c: Any, verdict: str, note: str
) -> tuple[str, str, dict[str, Any] | None]:
    from graph import checklist_rows

    found = store.regulation(c.target_title)
    if found is None:
        return verdict, note, None
    if not found.held:
        return (verdict if verdict != "ok" else "not_held"), note or "库中未收录全文", None
    current = None
    if found.current_document_id:
        current = {"document_id": found.current_document_id, "title": found.title}
        if c.article_path:
            clause = checklist_rows.clause_at_path(store, found.current_document_id, c.article_path)
            if clause:
                current |= {"clause_id": clause["id"], "locator": clause["locator"],
                            "text": clause["text"]}  # fmt: skip
    if found.status == "repealed":
        by = "、".join(r.document_title or r.document_id for r in found.repealed_by)
        return "repealed", f"已废止{('（' + by + '）') if by else ''}", current
    cited_version = c.target_document_id
    if cited_version and found.current_document_id and cited_version != found.current_document_id:
        return "superseded", "所引版本已被新版本取代，见现行版本", current
    return verdict, note, current
