"""Current text first: a ranked list folded so each article shows once, in its current version.

An older version's hit gives its place to the corresponding article of the current version
(found by text, so a renumbered article still finds its successor) and is listed under it with
the other versions; the same text from another work folds under the first as a near-duplicate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from ingest.locators import article_words
from ingest.versions import DRAFT, VersionFacts, sort_key, started
from search.hits import FoldedUnit
from search.units import SearchUnit

# An article of another version is "the same article" when its text shares this share of
# character bigrams (Dice): amended articles keep well over half their wording, while two
# different articles of one law share mostly stock phrases (卫生行政部门, 医疗机构). The same
# article number counts for SAME_NUMBER_BONUS more: a heavily amended article that kept its
# number (公共场所卫生管理条例 第八条, 2019 → 2024: Dice 0.40) is still that article.
COUNTERPART_DICE = 0.5
SAME_NUMBER_BONUS = 0.2
# Text from another work at least this close is a near-duplicate (a rule repeating a law).
DUPLICATE_DICE = 0.9


@dataclass(frozen=True, slots=True)
class FoldedVersion:
    """A unit shown under a lead: another version of its article, or the same text elsewhere."""

    row: int
    relation: str  # "version" or "duplicate"
    same_text: bool  # wording identical to the lead's (after the article number)


@dataclass(slots=True)
class FoldedHit:
    """One result line: the unit shown, its score, and what was folded under it."""

    row: int
    score: float
    folded: list[FoldedVersion] = field(default_factory=list)
    stands_for: int | None = None  # the older version's row whose rank brought this one in


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1)) or frozenset({text})


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


class VersionMap:
    """Which documents are versions of one work, and which article of one answers another's.

    Built from the units alone (``ingest/versions.py`` decides which version is current); texts
    are compared lazily and cached, so building it costs one pass over the units.
    """

    def __init__(self, units: Sequence[SearchUnit], is_current: np.ndarray) -> None:
        self.units = units
        self.is_current = is_current
        self.rows_of_document: dict[str, list[int]] = {}
        self.versions_of_work: dict[str, list[str]] = {}
        self.facts: dict[str, VersionFacts] = {}
        self.current_document: dict[str, str] = {}
        for row, unit in enumerate(units):
            document = unit.document_id
            if document not in self.rows_of_document:
                self.rows_of_document[document] = []
                self.versions_of_work.setdefault(self.work(row), []).append(document)
                self.facts[document] = VersionFacts(
                    document, unit.version_date, unit.effective, status=unit.status
                )
            self.rows_of_document[document].append(row)
            if is_current[row]:
                self.current_document[self.work(row)] = document
        for documents in self.versions_of_work.values():
            documents.sort(key=lambda d: sort_key(self.facts[d]), reverse=True)  # newest first
        self._grams: dict[int, frozenset[str]] = {}
        self._bodies: dict[int, str] = {}

    def work(self, row: int) -> str:
        unit = self.units[row]
        return unit.work_title or unit.document_title

    def text_of(self, row: int) -> str:
        if row not in self._bodies:
            self._bodies[row] = article_words(self.units[row].text)
        return self._bodies[row]

    def grams(self, row: int) -> frozenset[str]:
        if row not in self._grams:
            self._grams[row] = _bigrams(self.text_of(row))
        return self._grams[row]

    def counterpart(self, row: int, document: str) -> int | None:
        """The unit of ``document`` (another version of ``row``'s work) holding the same article:
        the closest text of the same kind (the same number helping); None below the bar."""
        unit = self.units[row]
        mine = self.grams(row)
        best, best_score = None, COUNTERPART_DICE
        for other in self.rows_of_document.get(document, ()):
            if self.units[other].kind != unit.kind:
                continue
            score = dice(mine, self.grams(other))
            if self.units[other].locator == unit.locator:
                score += SAME_NUMBER_BONUS
            if score >= best_score:
                best, best_score = other, score
        return best

    def current_counterpart(self, row: int) -> int | None:
        """The current version's article for an older version's ``row`` (None if it is current,
        or if the current version has no such article)."""
        if self.is_current[row]:
            return None
        document = self.current_document.get(self.work(row))
        if document is None or document == self.units[row].document_id:
            return None
        return self.counterpart(row, document)

    def other_versions(self, row: int) -> list[FoldedVersion]:
        """The same article in every other version of the work held, newest first."""
        found = []
        for document in self.versions_of_work.get(self.work(row), ()):
            if document == self.units[row].document_id:
                continue
            other = self.counterpart(row, document)
            if other is not None:
                same = self.text_of(other) == self.text_of(row)
                found.append(FoldedVersion(other, "version", same))
        return found

    def in_force_on(self, day: date) -> np.ndarray:
        """Rows whose version was in force on ``day``: the newest non-draft version of its work
        that had taken effect (施行日期, else version date) by then. A version without any date
        stays in (the store cannot tell), and so does a repeal whose date it does not hold."""
        wanted = day.isoformat()
        chosen: set[str] = set()
        for documents in self.versions_of_work.values():
            for document in documents:  # newest first
                facts = self.facts[document]
                began = started(facts)
                if facts.status == DRAFT or (began and began > wanted):
                    continue
                chosen.add(document)
                if began:
                    break
        return np.array([u.document_id in chosen for u in self.units], dtype=bool)


def fold(
    ranked: Sequence[tuple[int, float]],
    versions: VersionMap,
    top_k: int,
    *,
    fold_versions: bool = True,
) -> list[FoldedHit]:
    """The first ``top_k`` results of ``ranked`` (row, score best first), folded.

    With ``fold_versions``, an older version's hit is replaced by the current version's article
    (at the older hit's rank if that is better) and every version of a shown article is folded
    under it. Text from another work nearly identical to a shown hit folds under that hit.
    """
    shown: list[FoldedHit] = []
    lead_of: dict[int, FoldedHit] = {}
    for row, score in ranked:
        if len(shown) >= top_k:
            break
        lead_row, stands_for = row, None
        if fold_versions and (current := versions.current_counterpart(row)) is not None:
            lead_row, stands_for = current, row
        if lead_row in lead_of:
            continue
        duplicate_of = _duplicate_of(lead_row, shown, versions)
        if duplicate_of is not None:
            same = versions.text_of(lead_row) == versions.text_of(duplicate_of.row)
            duplicate_of.folded.append(FoldedVersion(lead_row, "duplicate", same))
            lead_of[lead_row] = duplicate_of
            continue
        hit = FoldedHit(lead_row, score, stands_for=stands_for)
        shown.append(hit)
        lead_of[lead_row] = hit
    if fold_versions:
        for hit in shown:
            hit.folded[:0] = versions.other_versions(hit.row)
    return shown


def _duplicate_of(row: int, shown: Sequence[FoldedHit], versions: VersionMap) -> FoldedHit | None:
    """The shown hit of another work whose text ``row`` repeats, if any."""
    work = versions.work(row)
    mine = versions.grams(row)
    for hit in shown:
        if versions.work(hit.row) == work:
            continue
        if versions.text_of(hit.row) == versions.text_of(row):
            return hit
        if dice(mine, versions.grams(hit.row)) >= DUPLICATE_DICE:
            return hit
    return None


def folded_unit(versions: VersionMap, item: FoldedVersion) -> FoldedUnit:
    """What a reader sees of a folded unit: 历史版本：2016-02-06 第三十条，文字相同."""
    unit = versions.units[item.row]
    wording = "文字相同" if item.same_text else "有修改"
    current = bool(versions.is_current[item.row])
    status = unit.status
    if item.relation == "version":
        label = "现行版本" if current else "历史版本"
        note = f"{label}：{unit.version_date or '日期不详'} {unit.locator}，{wording}"
        if not current and status in ("in_force", "unknown"):
            status = "superseded"
    else:
        note = f"相同内容另见：{unit.document_title} {unit.locator}，{wording}"
    return FoldedUnit(
        clause_id=unit.id,
        document_id=unit.document_id,
        document_title=unit.document_title,
        locator=unit.locator,
        version_date=unit.version_date,
        status=status,
        relation=item.relation,
        same_text=item.same_text,
        note=note,
    )
