"""How far a self-inspection report (or plan) covers a checklist: per requirement, addressed with
the report's evidence sentences, or a gap; and the report's own citations checked (misspelt
titles with the intended one, superseded or repealed targets with the current article).

Each requirement gets one of three answers (api/coverage_match.py reads the words):
- addressed: a sentence of the report holds at least ``ADDRESSED_THRESHOLD`` of the requirement's
  weighted key bigrams, or cites the requirement's own article (report citations are resolved at
  ingest: 《医疗机构管理条例》第二十条 is evidence for that article's rows), or holds
  ``POSSIBLE_THRESHOLD`` while its report line holds ``PARAGRAPH_THRESHOLD`` (a duty met across
  the sentences of one paragraph; the sentence is the evidence);
- possible (待核对): the best sentence holds ``POSSIBLE_THRESHOLD`` and at least one of the
  requirement's rare words — shown with that sentence for a person to judge, never counted as
  addressed;
- gap: nothing in the report comes near.
Numbered headings are no evidence (a section title names a subject, it does not say a duty was
met). Both thresholds were fitted on seed 000 against the 依法执业 checklist, judged row by row by
hand (benchmarks/gold/coverage_seed000.jsonl, `python -m benchmarks.coverage`). Embedding
similarity is not used to decide: with the static encoder the judged evidence and the wrong
sentences overlap (row-level ROC AUC 0.71 against 0.70 for the words alone); the query model's
sentence vectors against the index's clause vectors add one row of seed 000 (11 right / 1
wrong against 10 / 1) for 83 s per report on this machine (benchmarks/RESULTS.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from api.checklist_model import Checklist, Requirement
from api.coverage_match import Background, Match, Matcher

if TYPE_CHECKING:
    from graph.store import GraphStore
    from ingest.models import ParsedDocument
    from search.dense import TextEncoder

ADDRESSED_THRESHOLD = 0.31
POSSIBLE_THRESHOLD = 0.15  # also where a shared phrase starts to count (coverage_match)
# A sentence that nearly meets a row (≥ POSSIBLE_THRESHOLD) addresses it when the report line
# holding it (its paragraph) holds this share: the sentence says 不聘用非专业人员, its line adds
# 执业证书 … 单独从事诊疗 — the duty is met across the line, the sentence is the evidence.
# Fitted on seed 000 (0.30 adds a wrong row, 0.35 loses 不得出租、承包 ← 无出租、承包情况).
PARAGRAPH_THRESHOLD = 0.325
PHRASE_WEIGHT = 24.0  # a shared phrase this heavy (about five telling characters) addresses
EVIDENCE_PER_ROW = 2
_STATUS_ORDER = {"gap": 0, "possible": 1, "addressed": 2}
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_NON_WORD = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")
_MIN_SENTENCE = 6  # characters; shorter pieces are headings or numbering
# A numbered line without a full stop is a heading (十二、法律法规规章规定医疗机构应当履行的职责):
# it names a subject of the report, it is no evidence that a duty was met.
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、．])"
)
_HEADING_MAX = 40


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
    # {start, end, text, score, anchors, cites}: for a possible row, the sentence to check
    evidence: list[dict[str, Any]] = field(default_factory=list)
    status: str = "gap"  # addressed, possible (待核对) or gap


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
                "possible": sum(r.status == "possible" for r in rows),
                # gaps first, then the rows to check, then the weakest evidence
                "rows": sorted(rows, key=lambda r: (_STATUS_ORDER[r.status], r.score)),
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
            "possible": sum(r.status == "possible" for r in self.rows),
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


def cover(
    document: ParsedDocument,
    checklist: Checklist,
    encoder: TextEncoder | None = None,
    store: GraphStore | None = None,
    background: Background | None = None,
) -> Coverage:
    """The coverage of ``checklist`` by the report ``document`` (ingested, not loaded).

    ``background`` weighs words by their idf over the corpus (``coverage_match.background_of``
    a searcher); without it they are weighed over the checklist and the report. ``encoder`` is
    accepted for callers that hold one; the decision does not use it (see the module's note)."""
    del encoder
    text = document.document.text
    found = sentences(text)
    rows = checklist.rows
    requirements = [r.search_text for r in rows]
    matcher = Matcher([s.text for s in found], requirements, background)
    lines = [_line_of(text, s) for s in found]
    distinct = {line: k for k, line in enumerate(dict.fromkeys(lines))}
    line_matcher = Matcher(list(distinct), requirements, background)
    line_of = [distinct[line] for line in lines]
    citing = _citing_sentences(document, found)
    out = []
    for row in rows:
        by_line = [m.share for m in line_matcher.match(row.search_text)]
        context = [by_line[k] for k in line_of]
        out.append(_row(row, found, matcher.match(row.search_text), citing, context))
    return Coverage(
        document.document.source,
        checklist.party,
        checklist.topics,
        checklist.standard,
        out,
        check_citations(document, store),
    )


def _line_of(text: str, sentence: Sentence) -> str:
    """The report line (paragraph) that holds ``sentence``."""
    start = text.rfind("\n", 0, sentence.start) + 1
    end = text.find("\n", sentence.end)
    return text[start : len(text) if end < 0 else end]


def _citing_sentences(document: ParsedDocument, found: list[Sentence]) -> dict[str, set[int]]:
    """Which sentences cite which article: ``document_id#art_N[/para_M]`` → sentence numbers."""
    out: dict[str, set[int]] = {}
    for c in document.citations:
        if not (c.target_document_id and c.article_path):
            continue
        for j, s in enumerate(found):
            if s.start <= c.span.start < s.end:
                out.setdefault(f"{c.target_document_id}#{c.article_path}", set()).add(j)
    return out


def _cited_in(row: Requirement, citing: dict[str, set[int]]) -> set[int]:
    """Sentences citing the row's clause, its article or a part of it."""
    own = {row.source.clause_id} | {c["article_id"] for c in row.cites if c.get("article_id")}
    hits: set[int] = set()
    for cited, where in citing.items():
        if any(o == cited or o.startswith(cited + "/") or cited.startswith(o + "/") for o in own):
            hits |= where
    return hits


def _row(
    row: Requirement,
    found: list[Sentence],
    matches: list[Match],
    citing: dict[str, set[int]],
    context: list[float],
) -> RowCoverage:
    cites = _cited_in(row, citing)
    order = sorted(range(len(matches)), key=lambda j: (j not in cites, -matches[j].share, j))
    best = max((m.share for m in matches), default=0.0)

    def meets(j: int) -> bool:
        m = matches[j]
        return m.share >= ADDRESSED_THRESHOLD or (
            m.share >= POSSIBLE_THRESHOLD
            and (m.phrase_weight >= PHRASE_WEIGHT or context[j] >= PARAGRAPH_THRESHOLD)
        )

    def possible(j: int) -> bool:
        return matches[j].share >= POSSIBLE_THRESHOLD and bool(matches[j].anchors)

    if cites or any(meets(j) for j in order):
        status = "addressed"
        shown = [j for j in order if j in cites or meets(j)]
    elif any(possible(j) for j in order):
        status, shown = "possible", [j for j in order if possible(j)]
    else:
        status, shown = "gap", []
    evidence = [
        {"start": found[j].start, "end": found[j].end, "text": found[j].text,
         "score": round(matches[j].share, 3), "anchors": list(matches[j].anchors),
         "phrase": matches[j].phrase, "cites": j in cites}
        for j in shown[:EVIDENCE_PER_ROW]
    ]  # fmt: skip
    return RowCoverage(
        row.id,
        row.group,
        row.kind,
        row.code,
        row.text,
        row.source.clause_id,
        status == "addressed",
        round(best, 3),
        evidence,
        status,
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
