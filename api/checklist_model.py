"""The records of a self-inspection checklist (自查清单): requirements with their source, grouped.

Kept apart from the building (api/checklist.py) so exports, coverage and the saved JSON form of a
checklist read the same records.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from ingest.locators import article_words, without_article_number


def requirement_id(clause_id: str, kind: str) -> str:
    """A row's stable id: the same source clause and kind give the same id on every build."""
    return "R" + hashlib.sha1(f"{clause_id}|{kind}".encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a row's text stands: the clause, its document and its span in that document."""

    clause_id: str
    document_id: str
    document_title: str | None
    locator: str | None
    start: int | None
    end: int | None


@dataclass(slots=True)
class Requirement:
    """One row: an inspection item, or the duties one clause lays on the party."""

    id: str
    kind: str  # "item" (检查项 of a standard or notice) or "obligation" (a clause's duties)
    group: str
    work: str  # source work (the document's title)
    text: str  # the clause or item as written
    source: SourceRef
    code: str | None = None
    requirement: str | None = None  # 基本要求 of an item
    criteria: list[str] = field(default_factory=list)
    points: float | None = None
    duties: list[str] = field(default_factory=list)  # the obligations read from the clause
    modality: str | None = None
    bodies: list[str] = field(default_factory=list)
    deadline: str | None = None
    frequency: str | None = None
    cites: list[dict[str, Any]] = field(default_factory=list)  # what an item cites
    items: list[str] = field(default_factory=list)  # codes of items citing this clause's article
    penalty: str | None = None  # 违反后果, when penalty links are in the graph
    penalty_clause_id: str | None = None  # the penalty clause (罚则) it comes from
    matched: str = ""  # why the row is on the list: a keyword, the work's title, similarity

    @property
    def detail(self) -> list[str]:
        """The 评分标准 / 义务 column: an item's graded criteria, else the duty sentences that
        are not the row's whole text (a one-sentence duty would only repeat the 要求 column),
        each once (a sentence of two cues is two duties) and without its article number."""
        if self.criteria:
            return list(self.criteria)
        seen = {article_words(self.text)}
        out = []
        for duty in self.duties:
            words = article_words(duty)
            if words not in seen:
                seen.add(words)
                out.append(without_article_number(duty).strip())
        return out

    @property
    def search_text(self) -> str:
        """What a report's sentences are compared with."""
        return " ".join([self.requirement or "", self.text, *self.criteria]).strip()


@dataclass(slots=True)
class Group:
    name: str
    rows: list[Requirement]

    @property
    def points(self) -> float:
        return sum(r.points or 0 for r in self.rows)

    @property
    def scored(self) -> bool:
        """Whether any row carries points: a group of duty rows (judged 符合/不符合/不适用) has
        no subtotal to show, not a subtotal of 0."""
        return any(r.points is not None for r in self.rows)


@dataclass(slots=True)
class Checklist:
    party: str
    body_keys: list[str]
    topics: list[str]
    standard: str | None
    groups: list[Group]
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[Requirement]:
        return [r for g in self.groups for r in g.rows]

    @property
    def points(self) -> float:
        return sum(g.points for g in self.groups)

    @property
    def scored(self) -> bool:
        """Whether any row carries points; a checklist of duty rows only is judged row by row
        (符合/不符合/不适用) and has no 满分 or score to add up."""
        return any(g.scored for g in self.groups)

    def as_json(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "body_keys": self.body_keys,
            "topics": self.topics,
            "standard": self.standard,
            "notes": self.notes,
            "row_count": len(self.rows),
            "points": self.points,
            "scored": self.scored,
            "groups": [
                {
                    "name": g.name,
                    "points": g.points if g.scored else None,
                    "scored": g.scored,
                    "rows": [asdict(r) | {"detail": r.detail} for r in g.rows],
                }
                for g in self.groups
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Checklist:
        """A saved checklist (``regkg checklist --format json``) read back."""
        try:
            groups = [
                Group(
                    g["name"],
                    [
                        Requirement(
                            **{k: v for k, v in r.items() if k in _FIELDS},
                            source=SourceRef(**r["source"]),
                        )
                        for r in g.get("rows", [])
                    ],
                )
                for g in data["groups"]
            ]
        except (KeyError, TypeError) as err:
            raise ValueError(
                f"not a saved regkg checklist ({err}); save one with "
                "`regkg checklist … --format json -o FILE`"
            ) from None
        return cls(
            party=str(data.get("party") or ""),
            body_keys=list(data.get("body_keys") or []),
            topics=list(data.get("topics") or []),
            standard=data.get("standard"),
            groups=groups,
            notes=list(data.get("notes") or []),
        )


# What a saved row may hold besides its source (an export adds ``url``: not part of the record).
_FIELDS = {f.name for f in fields(Requirement)} - {"source"}
