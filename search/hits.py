"""What a search returns (``SearchHit``), the filters it takes, and graph expansion of hits.

Expansion follows a matched item's citations to the articles it cites, preferring the current
version of a work, so a scoring row or plan task brings the law behind it into the results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ingest.models import DocumentKind, Level
from search.errors import ExpansionFailed, SearchError
from search.units import SearchUnit

# A cited article enters just below the item that cites it.
CITED_SCORE_FACTOR = 0.95
# Statute kinds: a hit of another kind (scoring row, plan task, report item) may be expanded.
STATUTE_UNIT_KINDS = frozenset({"article"})


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Restrictions on which units may be returned; empty means no restriction."""

    kinds: frozenset[str] = frozenset()  # DocumentKind values: law, notice, scoring_standard …
    levels: frozenset[str] = frozenset()  # Level values: national, provincial …
    jurisdiction: str | None = None  # where the rule must apply: 新疆, 北京市 … (``applies_in``)
    current_only: bool = False  # drop superseded and repealed versions
    body: str | None = None  # body key or part of one (health_administration/county)

    def __post_init__(self) -> None:
        for name, given, known in (
            ("kind", self.kinds, {str(k) for k in DocumentKind}),
            ("level", self.levels, {str(v) for v in Level}),
        ):
            if unknown := sorted(given - known):
                expected = ", ".join(sorted(known))
                raise SearchError(
                    f"unknown {name} {', '.join(unknown)}: expected one of {expected}"
                )

    @classmethod
    def of(
        cls,
        kind: str | Iterable[str] | None = None,
        level: str | Iterable[str] | None = None,
        jurisdiction: str | None = None,
        current_only: bool = False,
        body: str | None = None,
    ) -> SearchFilters:
        return cls(_names(kind), _names(level), jurisdiction or None, current_only, body or None)

    def allows(self, unit: SearchUnit, is_current: bool) -> bool:
        if self.kinds and unit.document_kind not in self.kinds:
            return False
        if self.levels and unit.level not in self.levels:
            return False
        if self.jurisdiction and not applies_in(unit.jurisdiction, self.jurisdiction):
            return False
        if self.current_only and not is_current:
            return False
        return not self.body or any(self.body in key for key in unit.bodies)

    @property
    def empty(self) -> bool:
        return self == SearchFilters()


NATIONWIDE = "全国"


_PLACE_SUFFIX = re.compile(r"(?:维吾尔|壮族|回族)?(?:自治区|特别行政区|经济特区|省|市)$")


def local_place(unit_jurisdiction: str | None) -> str | None:
    """The short name of a local rule's place as a question names it (浙江省 → 浙江, 泰安市 →
    泰安, 新疆维吾尔自治区 → 新疆); None for national law and for a unit of no known place."""
    if not unit_jurisdiction or unit_jurisdiction == NATIONWIDE:
        return None
    return _PLACE_SUFFIX.sub("", unit_jurisdiction) or unit_jurisdiction


def applies_in(unit_jurisdiction: str | None, place: str) -> bool:
    """Whether a rule of ``unit_jurisdiction`` applies in ``place``: national law everywhere (a
    user asking about 新疆 is bound by 献血法 as much as by a 新疆 rule), a local rule in its own
    region and the places inside it (新疆 finds 新疆维吾尔自治区…; 北京市朝阳区 finds 北京市);
    ``place`` 全国 keeps national law only."""
    if not unit_jurisdiction:
        return False
    if unit_jurisdiction == NATIONWIDE:
        return True
    return place != NATIONWIDE and (place in unit_jurisdiction or unit_jurisdiction in place)


def _names(value: str | Iterable[str] | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset(v.strip() for v in value.split(",") if v.strip())
    return frozenset(str(v) for v in value)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result: the unit, why it was found, and its scores per signal."""

    clause_id: str
    document_id: str
    document_title: str
    source: str
    locator: str
    text: str
    highlights: tuple[tuple[int, int], ...]  # [start, end) into ``text``
    score: float
    scores: dict[str, float]  # lexical (BM25), dense (cosine), graph (inherited score)
    path: tuple[str, ...]
    kind: str
    document_kind: str
    status: str  # in_force / superseded / repealed / draft / unknown, as the index sees it
    version_date: str | None
    is_current: bool
    cites: tuple[str, ...]
    cited_by: tuple[str, ...]  # "title locator" of the units that cite this one
    reason: str
    code: str | None = None
    span: tuple[int, int] = (0, 0)  # into the document's text
    superseded_by: str | None = None  # version date of the current version, if this is not it
    extra: dict[str, Any] = field(default_factory=dict)
    relevance: int | None = None  # 0–100, search/relevance.py: how likely this clause answers
    relevance_label: str | None = None  # 高 / 中 / 低
    explanation: str | None = None  # in Chinese: which words of the question met the clause
    versions: tuple[FoldedUnit, ...] = ()  # other versions and near-duplicates folded under it

    @property
    def cited_by_count(self) -> int:
        return len(self.cited_by)


@dataclass(frozen=True, slots=True)
class FoldedUnit:
    """Another version of a hit's article, or the same text in another work, shown under it."""

    clause_id: str
    document_id: str
    document_title: str
    locator: str
    version_date: str | None
    status: str
    relation: str  # "version" or "duplicate"
    same_text: bool
    note: str  # 历史版本：2016-02-06 第三十条，文字相同


@dataclass(frozen=True, slots=True)
class SearchOutcome:
    """A search's answer: whether anything answers the question, and the hits shown.

    When ``answered`` is false the hits are the closest matches, offered as such."""

    query: str
    answered: bool
    hits: list[SearchHit]
    best_relevance: int


class CitationGraph(Protocol):
    """What expansion needs from a graph: the article targets each clause cites."""

    def expand(self, clause_ids: Sequence[str]) -> Any: ...


@dataclass(frozen=True, slots=True)
class Expansion:
    """A cited article to add: the row of its unit and the citing hit's clause id."""

    row: int
    citing_row: int


def expansions_from_units(
    rows: Sequence[int],
    units: Sequence[SearchUnit],
    article_rows: dict[str, int],
    best_in_document: dict[str, int],
) -> list[Expansion]:
    """Cited articles of the non-statute hits in ``rows``, from the citations ingest resolved.

    A citation of a whole regulation (《传染病防治法》 with no article) brings in that
    regulation's best-ranked unit for the query, if it ranked at all.
    """
    found = []
    for row in rows:
        unit = units[row]
        if unit.kind in STATUTE_UNIT_KINDS:
            continue
        targets = [article_rows.get(ref) for ref in unit.cite_refs]
        targets += [best_in_document.get(doc) for doc in unit.cite_docs]
        for target in targets:
            if target is not None and target != row:
                found.append(Expansion(target, row))
    return found


def expansions_from_graph(
    rows: Sequence[int],
    units: Sequence[SearchUnit],
    graph: CitationGraph,
    row_of_clause: dict[str, int],
    article_rows: dict[str, int],
    best_in_document: dict[str, int],
) -> list[Expansion]:
    """Cited articles as the graph store reports them; falls back to the units' own citations.

    ``graph.expand(clause_ids)`` maps each citing clause id to its cited targets, each with a
    ``clause_id`` (an article or a part of one) or only a ``regulation`` (canonical title).
    """
    citing = [row for row in rows if units[row].kind not in STATUTE_UNIT_KINDS]
    if not citing:
        return []
    try:
        answer = graph.expand([units[row].id for row in citing])
    except Exception as err:  # the store is another process: say which step failed
        raise ExpansionFailed(f"graph expansion failed: {err}") from err
    best_in_work: dict[str, int] = {}
    for row in best_in_document.values():  # in rank order, so the best version of a work wins
        unit = units[row]
        best_in_work.setdefault(unit.work_title or unit.document_title, row)
    found = []
    for source, targets in dict(answer or {}).items():
        if source not in row_of_clause:
            continue
        for target in targets or ():
            clause_id = _field(target, "clause_id", "target_clause_id")
            target_row = row_of_clause.get(clause_id) if clause_id else None
            if target_row is None and clause_id:
                target_row = _article_row(str(clause_id), article_rows)
            if target_row is None and (regulation := _field(target, "regulation")):
                target_row = best_in_work.get(str(regulation))
            if target_row is not None and target_row != row_of_clause[source]:
                found.append(Expansion(target_row, row_of_clause[source]))
    return found or expansions_from_units(citing, units, article_rows, best_in_document)


def _field(record: Any, *names: str) -> Any:
    for name in names:
        value = record.get(name) if isinstance(record, dict) else getattr(record, name, None)
        if value:
            return value
    return None


def _article_row(clause_id: str, article_rows: dict[str, int]) -> int | None:
    document_id, _, path = clause_id.partition("#")
    for segment in path.split("/"):
        if segment.startswith("art_"):
            return article_rows.get(f"{document_id}#{segment}")
    return None
