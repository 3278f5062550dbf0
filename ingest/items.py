"""Inspection items: scored rows of checklist tables, and the enumerated points of notices
and plans.

A notice's items are the numbered children of a heading that announces what is checked
(整治内容, 检查内容 …); a table inside such a heading gives its items through its rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ingest.models import Clause, ClauseKind, Document, InspectionItem, Span
from ingest.structure import ScoredRow
from ingest.structure.columns import (
    POINTS_CLOSE,
    POINTS_OPEN,
    bonus_in_text,
    is_table_line,
    points_in_text,
    points_of,
    split_criteria,
)
from ingest.structure.common import Line, iter_lines, squeeze, unwrap

# A heading announces inspection content when an inspecting activity is followed by 内容/事项/要点.
_ITEM_HEADING = re.compile(
    r"(整治|执法|检查|监督|督查|督导|排查|自查|核查|考核|评估|评价|巡查|重点)[\u4e00-\u9fff]{0,2}"
    r"(内容|事项|要点|清单)$"
)
_TABLE_KINDS = (ClauseKind.TABLE, ClauseKind.ROW, ClauseKind.TEXT)
_LEADING_NUMBER = re.compile(
    r"^\s*(?:[（(][^)）]{1,4}[)）]|[一二三四五六七八九十]+、|\d{1,2}[.、]|[①-⑳])\s*"
)


def items_from_rows(
    document: Document, clauses: Sequence[Clause], rows: Sequence[ScoredRow]
) -> list[InspectionItem]:
    """One item per scored row; the row clause is the ROW clause starting where the row does
    (its path may carry ~2 when a code repeats within a table)."""
    by_start = {c.span.start: c for c in clauses if c.kind == ClauseKind.ROW}
    items: list[InspectionItem] = []
    for row in rows:
        clause = by_start.get(row.start)
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
                criteria=tuple(squeeze_spaces(c) for c in row.criteria),
                bonus=row.bonus,
                basis=squeeze_spaces(row.basis) if row.basis else None,
                method=squeeze_spaces(row.method) if row.method else None,
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
            if child.number is None or child.kind in _TABLE_KINDS:
                continue
            taken.add(child.id)
            # A table standing under the item is read by its rows; the item's text stops there.
            cut = min(
                (c.span.start for c in children.get(child.id, []) if c.kind == ClauseKind.TABLE),
                default=child.span.end,
            )
            text = document.text[child.span.start : cut].rstrip()
            body = _LEADING_NUMBER.sub("", text, count=1)
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


# A graded standard written as text: a dotted code (1.1.1) opens an item, 【C】【B】【A】 grade it.
_GRADED_CODE = re.compile(r"^[#*\s★☆▲△◆]*(\d{1,2}(?:\.\d{1,2}){2,3})(?![\d.])\s*(.*)$")
# Where an item written as text ends at the latest: a new chapter, 一、 or （一） heading, or a
# heading of what follows the items (说明：…, 备注, 附件, a 加分项 line standing alone; not
# 加分项：…（加3分）, the item's own bonus).
_BLOCK_END = re.compile(
    r"^[#*\s]*(第[一二三四五六七八九十百]+[章节部分]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]"
    r"|(?:说明|备注|附件)\s*(?:[：:（(\d]|$)"
    r"|(?:加分项|附加分|加分|奖励分|注)\s*(?:[（(][^()（）]*[)）])?\s*[：:]?\s*$)"
)


def items_from_graded_text(document: Document, clauses: Sequence[Clause]) -> list[InspectionItem]:
    """Items of a 评审标准 written as text: ``1.1.1 标准`` followed by 【C】…【B】…【A】… lines.

    A code opens an item only when grade marks follow it; table lines are left to the tables.
    """
    lines = [ln for ln in iter_lines(document.folded) if not ln.blank]
    starts = [i for i, ln in enumerate(lines) if _GRADED_CODE.match(ln.content)]
    items: list[InspectionItem] = []
    for block in _blocks(lines, starts):
        start, end = block[0].start, block[-1].end
        match = _GRADED_CODE.match(block[0].content)
        head, criteria = split_criteria(document.text[start:end])
        if match is None or not criteria:
            continue
        code = match.group(1)
        content = re.sub(rf"^[#*\s★☆▲△◆]*{re.escape(code)}[\s*]*", "", head)
        owner = _innermost(clauses, start, end)
        if owner is None:
            continue
        items.append(
            _text_item(
                document, owner, code, items, unwrap(content), Span(start, end),
                criteria=tuple(squeeze_spaces(c) for c in criteria),
            )
        )  # fmt: skip
    return items


def _text_item(
    document: Document,
    owner: Clause,
    code: str,
    before: Sequence[InspectionItem],
    content: str,
    span: Span,
    **more: Any,
) -> InspectionItem:
    """An item written as text in ``owner``; a code it repeats gets ~2, ~3 in its id."""
    item_id = f"{owner.id}:item:{code}"
    repeats = sum(1 for i in before if i.id.split("~")[0] == item_id)
    return InspectionItem(
        id=item_id if not repeats else f"{item_id}~{repeats + 1}",
        document_id=document.id,
        clause_id=owner.id,
        code=code,
        table=None,
        section=owner.heading,
        requirement=None,
        content=content,
        points=more.pop("points", None),
        points_raw=more.pop("points_raw", None),
        span=span,
        **more,
    )


# A scoring standard written as text: a numeric code (1.1, 2.3.1, 3., （2）) opening a line whose
# own points close it (…按规定校验（5分）, …规范 10分), the lines under it (扣分标准：…, 依据：…)
# its rule and basis.
_SCORED_LINE = re.compile(
    r"^[#*\s]*(?:(\d{1,2}(?:\.\d{1,2}){0,3})(?:[.、．](?!\d)|\s)|[（(](\d{1,2})[)）])\s*(\S.*)$"
)
# Points closing the line unbracketed (…规范 10分); not a deduction (扣2分) or a bonus (加1分).
_TRAILING_POINTS = re.compile(r"(?<![扣减得加奖罚\d.])\s*(\d+(?:\.\d+)?)\s*分\s*[。.]?\s*$")
_POINTS_CLOSING = re.compile(
    rf"\s*{POINTS_OPEN}\s*\d+(?:\.\d+)?\s*分\s*{POINTS_CLOSE}\s*[。.]?\s*$"
)
_BONUS_CLOSING = re.compile(
    rf"[。.]?\s*{POINTS_OPEN}\s*(?:加|奖|奖励)\s*\d+(?:\.\d+)?\s*分\s*{POINTS_CLOSE}\s*[。.]?\s*$"
)
# 依据：… opening a line under the item, or after its scoring rule (评分：…。依据：…).
_BASIS_LINE = re.compile(
    r"(?:^|[。；;，,\s])\s*(?:检查|评价|考核|评分|评审)?依据\s*[：:]\s*(\S.*)$"
)
_SCORED_LINES_MIN = 3  # fewer such lines are a stray remark, not a standard


def items_from_scored_text(document: Document, clauses: Sequence[Clause]) -> list[InspectionItem]:
    """Items of a 考评细则 written as lines: ``1.1 内容（5分）`` with 扣分标准 / 依据 lines under
    it; a line under it giving bonus points (加分项：…（加3分）) is its bonus."""
    lines = [ln for ln in iter_lines(document.folded) if not ln.blank]
    starts = [
        i
        for i, ln in enumerate(lines)
        if (m := _SCORED_LINE.match(ln.content)) and _line_points(m.group(3))
    ]
    if len(starts) < _SCORED_LINES_MIN:
        return []
    items: list[InspectionItem] = []
    for block in _blocks(lines, starts):
        match = _SCORED_LINE.match(block[0].content)
        owner = _innermost(clauses, block[0].start, block[-1].end)
        if match is None or owner is None:
            continue
        code, head = match.group(1) or match.group(2), document.text[block[0].start : block[0].end]
        raw = _line_points(head)
        written = head[match.start(3) :]  # folding keeps every character where it was
        content = _TRAILING_POINTS.sub("", _POINTS_CLOSING.sub("", written))
        basis = next(
            (m.group(1) for ln in block[1:] if (m := _BASIS_LINE.search(ln.content))), None
        )
        bonus = next((add for ln in block[1:] if (add := bonus_in_text(ln.content))), None)
        items.append(
            _text_item(
                document, owner, code, items, unwrap(content.strip()),
                Span(block[0].start, block[-1].end), points=points_of(raw), points_raw=raw,
                bonus=points_of(bonus), basis=basis.strip() if basis else None,
            )
        )  # fmt: skip
    return items + _bonus_lines(document, clauses, lines, items)


# A bonus line of a scored standard: marked or numbered, its only points a bonus (★…（加5分）).
_BONUS_LINE = re.compile(
    r"^[#*\s]*(?:[★☆▲△◆]|(\d{1,2}(?:\.\d{1,2}){0,3})(?:[.、．](?!\d)|\s)|[（(](\d{1,2})[)）])\s*(\S.*)$"
)


def _bonus_lines(
    document: Document,
    clauses: Sequence[Clause],
    lines: Sequence[Line],
    items: Sequence[InspectionItem],
) -> list[InspectionItem]:
    """Lines outside every scored item giving bonus points only: items with a bonus and the
    line's code (加分 where the line has none, ★…)."""
    found: list[InspectionItem] = []
    for line in lines:
        match = _BONUS_LINE.match(line.content)
        bonus = bonus_in_text(line.content)
        if (
            match is None
            or bonus is None
            or any(i.span.start <= line.start < i.span.end for i in items)
        ):
            continue
        owner = _innermost(clauses, line.start, line.end)
        if owner is None:
            continue
        written = document.text[line.start : line.end][match.start(3) :]
        content = _BONUS_CLOSING.sub("", written).strip()
        code = match.group(1) or match.group(2) or "加分"
        found.append(
            _text_item(
                document, owner, code, [*items, *found], unwrap(content),
                Span(line.start, line.end), bonus=points_of(bonus),
            )
        )  # fmt: skip
    return found


def _line_points(text: str) -> str | None:
    """A scored line's own points: one （N分） in it, or N分 closing it."""
    found = _TRAILING_POINTS.search(text)
    return points_in_text(text) or (f"{found.group(1)}分" if found else None)


def _blocks(lines: Sequence[Line], starts: Sequence[int]) -> list[list[Line]]:
    """The lines of each item written as text: from its opening line up to the next one, a new
    chapter or heading (第二章, 一、, （一）) or a table, whichever comes first."""
    blocks = []
    for n, first in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        block = [lines[first]]
        for line in lines[first + 1 : stop]:
            if _BLOCK_END.match(line.content) or is_table_line(line.content):
                break
            block.append(line)
        blocks.append(block)
    return blocks


def _innermost(clauses: Sequence[Clause], start: int, end: int) -> Clause | None:
    """The smallest clause holding ``[start, end)``: where a graded item written as text lives."""
    holding = [c for c in clauses if c.span.start <= start and end <= c.span.end]
    return min(holding, key=lambda c: c.span.end - c.span.start, default=None)


def extract_items(
    document: Document, clauses: Sequence[Clause], rows: Sequence[ScoredRow]
) -> list[InspectionItem]:
    """Every inspection item of a document: table rows, then notice items, then graded
    standards and scored lines written as text (left out where an item already holds them)."""
    found = items_from_rows(document, clauses, rows) + items_from_headings(document, clauses)
    for more in (items_from_graded_text, items_from_scored_text):
        taken = [i.span for i in found]
        found += [
            i
            for i in more(document, clauses)
            if not any(s.start <= i.span.start < s.end for s in taken)
        ]
    return found
