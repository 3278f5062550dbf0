"""Table rows read by column, once the header has said what each column holds: codes of any
style, categories merged down the rows, points, bonus, graded criteria, basis, method.

Rows that add nothing new to the code and content above continue that item (【B】 and 【A】
on rows of their own); totals, notes and signature lines are no rows; a row that is one text
across (a merged title) or text in a category column only opens a group of rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.structure.columns import (
    POINTS_CELL,
    Header,
    Role,
    ScoredRow,
    bonus_in_text,
    code_cell,
    has_grade,
    is_number_cell,
    is_table_line,
    label,
    leading_code,
    non_item_kind,
    points_in_text,
    split_cells,
    split_criteria,
)
from ingest.structure.common import CN_NUMBER, Line, squeeze

_BONUS_SECTION = re.compile(r"加分|奖分|奖励")
_BREAK = re.compile(r"<br\s*/?>", re.I)  # a line break inside a Markdown cell
_CN_CODE = re.compile(rf"^[（(]?{CN_NUMBER}[)）]?$")
Problems = list[tuple[str, str, int, int]]


@dataclass(slots=True)
class _Carried:
    """Cells merged down the rows (written once, or repeated by a reader): category, requirement."""

    categories: dict[int, str] = field(default_factory=dict)
    requirement: str | None = None
    previous: ScoredRow | None = None
    previous_key: tuple[str, str] = ("", "")
    ordinal: int = 0


def read_by_column(
    body: list[Line],
    header: Header,
    number: int,
    caption: str | None,
    checklist: bool,
    problems: list[tuple[str, str, int, int]],
    text: str | None,
) -> list[ScoredRow]:
    width = len(header.roles)
    graded = {
        i for ln in body for i, c in enumerate(split_cells(ln.content)[:width]) if has_grade(c)
    }
    rows: list[ScoredRow] = []
    carried = _Carried()
    codes = [_code_of(_row_cells(ln.content, None, header), header) for ln in body]
    for n, line in enumerate(body):
        written = text[line.start : line.end] if text is not None else line.content
        if not is_table_line(line.content) and rows:  # a cell's text broken onto its own line
            rows[-1].content = f"{rows[-1].content} {written}".strip()
            rows[-1].end = line.end
            continue
        folded = _row_cells(line.content, None, header)
        if non_item_kind(folded) or list(map(squeeze, folded)) == list(header.names):
            continue
        cells = _Cells(_row_cells(line.content, written, header), folded)
        ranked = _outranks(codes[n], codes[n + 1] if n + 1 < len(codes) else None)
        if ranked or _is_section_row(folded, header):
            title = _title(cells.written, header) if ranked else next(c for c in cells.written if c)
            carried.categories = {header.first(Role.CATEGORY) or 0: title}
            carried.requirement = None
            continue
        row = _column_row(cells, header, graded, carried, line, number, caption)
        if row is None:
            continue
        row.scored = checklist
        rows.append(row)
        if (
            checklist
            and header.first(Role.POINTS) is not None
            and row.points_raw is None
            and row.bonus_raw is None
        ):
            problems.append(
                (
                    "malformed_row",
                    f"表{number} {row.code}: no 分值 (row cut short or points missing)",
                    line.start,
                    line.end,
                )
            )
    return rows


def _code_of(cells: list[str], header: Header) -> str | None:
    """The row's code: its 序号 cell, else a code leading its content."""
    column = header.first(Role.CODE)
    if column is not None and cells[column]:
        return code_cell(cells[column])
    content = header.first(Role.CONTENT)
    return leading_code(cells[content])[0] if content is not None else None


def _outranks(code: str | None, following: str | None) -> bool:
    """一 or （一） over rows numbered 1, 2 …, or 1 over 1.1 / 1.1.1 (2-3 over 2-3-1): the row
    heads a group (its points are the group's subtotal), it is not an item."""
    if not (code and following):
        return False
    if _CN_CODE.match(code) and following[:1].isdigit():
        return True
    return re.match(re.escape(code) + r"[.．\-－]\d", following) is not None


def _title(cells: list[str], header: Header) -> str:
    """A group row's name: its category cell, else its content cell, else its first text."""
    for role in (Role.CATEGORY, Role.CONTENT):
        for i in header.columns(role):
            if cells[i]:
                return leading_code(cells[i])[1] or cells[i]
    return next((c for c in cells if c), "")


def _row_cells(content: str, written: str | None, header: Header) -> list[str]:
    """A row's cells in the header's columns. A row whose points cell stands left of the
    points column lost its leading merged cells (a text export): it moves right to put its
    points under 分值, the cells it lost left blank (carried from the rows above)."""
    folded = split_cells(content)
    cells = (
        folded if written is None else [_BREAK.sub(" ", c) for c in split_cells(content, written)]
    )
    column = header.first(Role.POINTS)
    found = max((i for i, c in enumerate(folded) if c and POINTS_CELL.match(c)), default=None)
    if column is not None and found is not None and found < column:
        cells = [""] * (column - found) + cells
    return _fit(cells, len(header.roles))


def _fit(cells: list[str], width: int) -> list[str]:
    """Cells padded to the header's width; in a wider row the extra cells join the last one."""
    if len(cells) <= width:
        return cells + [""] * (width - len(cells))
    return [*cells[: width - 1], " ".join(c for c in cells[width - 1 :] if c)]


@dataclass(frozen=True, slots=True)
class _Cells:
    """A row's cells as written (their text goes into items) and folded (read by the rules)."""

    written: list[str]
    folded: list[str]

    def joined(self, columns: list[int], skip: set[int], folded: bool = False) -> str:
        source = self.folded if folded else self.written
        return " ".join(source[i] for i in columns if source[i] and i not in skip)


def _is_section_row(cells: list[str], header: Header) -> bool:
    """A title over a group of rows: one text across the whole row (a merged cell repeated), or
    text in a category column only."""
    filled = [c for c in cells if c]
    if len(cells) >= 2 and len(filled) == len(cells) and len(set(filled)) == 1:
        return True
    categories = set(header.columns(Role.CATEGORY))
    return (
        bool(filled)
        and bool(categories)
        and all(i in categories for i, c in enumerate(cells) if c)
        and len(filled) == 1
        and header.first(Role.CONTENT) is not None
    )


def _column_row(
    cells: _Cells,
    header: Header,
    graded: set[int],
    carried: _Carried,
    line: Line,
    number: int,
    caption: str | None,
) -> ScoredRow | None:
    def cell(role: Role, folded: bool = False) -> str:
        return cells.joined(header.columns(role), graded, folded)

    criteria = [
        f"【{re.sub(r'[【】]', '', header.names[i])}】{cells.written[i]}"
        for i in header.columns(Role.GRADE)
        if cells.written[i]
    ]
    content, content_folded = cell(Role.CONTENT), cell(Role.CONTENT, folded=True)
    for i in sorted(graded):
        head, pieces = split_criteria(cells.written[i])
        criteria.extend(pieces)
        if header.roles[i] == Role.CONTENT and head:
            content = f"{content} {head}".strip()
            content_folded = f"{content_folded} {split_criteria(cells.folded[i])[0]}".strip()
    if header.first(Role.CONTENT) is None and not criteria:
        free = [i for i, r in enumerate(header.roles) if r not in (Role.CODE, Role.SCORE)]
        content, content_folded = cells.joined(free, set()), cells.joined(free, set(), True)
    code_raw = cell(Role.CODE, folded=True)
    key = (code_raw, content_folded)
    previous = carried.previous
    regrouped = any(
        cells.written[i] and cells.written[i] != carried.categories.get(i)
        for i in header.columns(Role.CATEGORY)
    )
    if (
        previous is not None
        and not regrouped
        and all(not k or k == p for k, p in zip(key, carried.previous_key, strict=True))
    ):
        # Nothing new in code or content: the row continues the item above (graded criteria
        # on rows of their own, a second scoring line under a merged content cell).
        previous.criteria.extend(criteria or [s for s in [cell(Role.SCORING)] if s])
        previous.end = line.end
        previous.points_raw = previous.points_raw or _number(cell(Role.POINTS, folded=True))
        return None
    for i in header.columns(Role.CATEGORY):
        if cells.written[i]:
            carried.categories[i] = cells.written[i]
            carried.requirement = None
    if not content and not criteria:
        return None
    requirement_cell = cell(Role.REQUIREMENT)
    if requirement_cell:
        carried.requirement = label(requirement_cell)
    categories = [label(carried.categories[i]) for i in sorted(carried.categories)]
    section = categories[0] if categories else None
    requirement = carried.requirement
    if requirement is None and len(categories) > 1:
        requirement = categories[-1]
    carried.ordinal += 1
    code = code_cell(code_raw) if code_raw else None
    if code is None:
        code, rest = leading_code(content_folded)
        content = content[len(content) - len(rest) :] if code else content
    scoring = cell(Role.SCORING)
    points_raw = _number(cell(Role.POINTS, folded=True)) or points_in_text(content_folded)
    bonus_raw = _number(cell(Role.BONUS, folded=True)) or bonus_in_text(content_folded)
    if section and _BONUS_SECTION.search(section) and bonus_raw is None:
        points_raw, bonus_raw = None, points_raw  # the points of a 加分项 group are bonus
    row = ScoredRow(
        table=number,
        code=code or str(carried.ordinal),
        section=section or caption,
        requirement=requirement,
        content=" ".join(content.split()),
        points_raw=points_raw,
        start=line.start,
        end=line.end,
        criteria=criteria + ([scoring] if scoring else []),
        bonus_raw=bonus_raw,
        basis=cell(Role.BASIS) or None,
        method=cell(Role.METHOD) or None,
    )
    carried.previous, carried.previous_key = row, key
    return row


def _number(text: str) -> str | None:
    """A points cell as written (6, 6分, 6.5, 4分 3分); None when it holds no number."""
    text = " ".join(text.split())
    if not text:
        return None
    return text if is_number_cell(text) or POINTS_CELL.match(text) else None
