"""Inspection items: scored rows of scoring tables, and the enumerated points of notices and plans.

A notice's items are the numbered children of a heading that announces what is checked
(整治内容, 检查内容 …).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.models import Clause, Document, InspectionItem, Span
from ingest.structure.common import squeeze, unwrap
from ingest.structure.table import ScoredRow

# A heading announces inspection content when an inspecting activity is followed by 内容/事项/要点.
_ITEM_HEADING = re.compile(
    r"(整治|执法|检查|监督|督查|督导|排查|自查|核查|考核|评估|评价|巡查|重点)[\u4e00-\u9fff]{0,2}"
    r"(内容|事项|要点|清单)$"
)
_LEADING_NUMBER = re.compile(
    r"^\s*(?:[（(][^)）]{1,4}[)）]|[一二三四五六七八九十]+、|\d{1,2}[.、]|[①-⑳])\s*"
)


def items_from_rows(
    document: Document, clauses: Sequence[Clause], rows: Sequence[ScoredRow]
) -> list[InspectionItem]:
    """One item per scored row; the row clause is found by its path."""
    by_path = {c.path: c for c in clauses}
    items: list[InspectionItem] = []
    for row in rows:
        clause = by_path.get(row.path)
        if clause is None:  # a duplicated code got a ~2 path; match on span instead
            clause = next(
                (c for c in clauses if c.span.start == row.start and c.kind == "row"), None
            )
        if clause is None:
            continue
        items.append(
            InspectionItem(
                id=f"{clause.id}:item",
                document_id=document.id,
                clause_id=clause.id,
                code=row.code,
                table=f"表{row.table}",
                section=row.section,
                requirement=row.requirement,
                content=squeeze_spaces(row.content),
                points=row.points,
                points_raw=row.points_raw,
                span=clause.span,
            )
        )
    return items


def squeeze_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def items_from_headings(document: Document, clauses: Sequence[Clause]) -> list[InspectionItem]:
    """Numbered children of headings such as 整治内容, 监督执法内容, 检查内容, 重点内容."""
    children: dict[str | None, list[Clause]] = {}
    for clause in clauses:
        children.setdefault(clause.parent_id, []).append(clause)
    items: list[InspectionItem] = []
    taken: set[str] = set()
    for clause in clauses:
        heading = squeeze(document.folded[clause.span.start : clause.span.end].split("\n")[0])
        own = squeeze(clause.heading or "")
        if clause.id in taken or not (
            _ITEM_HEADING.search(own) or _ITEM_HEADING.search(_LEADING_NUMBER.sub("", heading))
        ):
            continue
        for child in children.get(clause.id, []):
            if child.number is None:
                continue
            taken.add(child.id)
            body = _LEADING_NUMBER.sub("", child.text, count=1)
            items.append(
                InspectionItem(
                    id=f"{child.id}:item",
                    document_id=document.id,
                    clause_id=child.id,
                    code=child.locator,
                    table=None,
                    section=clause.heading,
                    requirement=child.heading,
                    content=unwrap(body),
                    points=None,
                    points_raw=None,
                    span=Span(child.span.start, child.span.end),
                )
            )
    return items


def extract_items(
    document: Document, clauses: Sequence[Clause], rows: Sequence[ScoredRow]
) -> list[InspectionItem]:
    """Every inspection item of a document: table rows first, then notice items."""
    return items_from_rows(document, clauses, rows) + items_from_headings(document, clauses)
