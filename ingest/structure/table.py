"""Tables as pipe-separated rows, whatever their source: one TABLE clause per table, one ROW per
row, and the scored rows of checklists (评分表, 考评表, 评审标准) that become inspection items.

A table whose header names its columns (序号, 检查内容, 评分标准, 分值 …; see ``columns``) and
whose cells stay in those columns is read by column. A table without a header, or whose rows
shift left where a writer dropped merged cells (seed 003), is read by what the cells hold:
codes like 1-1-1, points like 6分 (``bycontent``). A table yields items only when it is a
checklist: its header asks for points, scores, a scoring rule or a method, or names an
inspecting activity (检查内容, 考核项目); a headerless table when its rows carry codes and points.
A timetable or a contact list keeps its ROW clauses and yields no item.

A table's name (a Markdown heading or short title line just above it, or a title row inside
it) becomes the TABLE clause's heading and the section of items that have no category; the
item's ``table`` stays short (表1), numbered in document order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ingest.models import ClauseKind
from ingest.structure.bycolumn import read_by_column
from ingest.structure.bycontent import read_by_content
from ingest.structure.columns import (
    CHECKLIST_TITLE,
    POINTS_CELL,
    Header,
    Role,
    ScoredRow,
    header_role,
    is_table_line,
    leading_code,
    read_header,
    split_cells,
)
from ingest.structure.common import PROSE_PUNCT, Line, squeeze
from ingest.structure.tree import Marker

_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_CAPTION_MAX = 60


@dataclass(slots=True)
class TableParse:
    markers: list[Marker] = field(default_factory=list)  # TABLE and ROW, ranks 0 and 1
    rows: list[ScoredRow] = field(default_factory=list)  # scored rows only
    problems: list[tuple[str, str, int, int]] = field(default_factory=list)  # code, msg, span
    lines: set[int] = field(default_factory=set)  # indices of the lines the tables hold


def looks_like_table(lines: list[Line]) -> bool:
    """Most non-blank lines are table rows."""
    filled = [ln for ln in lines if not ln.blank]
    rows = sum(1 for ln in filled if is_table_line(ln.content))
    return rows >= 3 and rows >= 0.5 * len(filled)


def _runs(lines: list[Line]) -> list[list[Line]]:
    """Runs of table lines (blank lines inside allowed); a line after a row left open (no
    closing pipe) continues that row. A lone pipe line is not a table."""
    runs: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.blank:
            continue
        if is_table_line(line.content) or (
            current and not current[-1].content.endswith("|") and _adjacent(current[-1], line)
        ):
            current.append(line)
        else:
            if len(current) >= 2:
                runs.append(current)
            current = []
    if len(current) >= 2:
        runs.append(current)
    return runs


def _adjacent(previous: Line, line: Line) -> bool:
    return line.index == previous.index + 1


_BASIS_CAPTION = re.compile(r"^(?:依据|根据|参照|参考|出处)\s*[：:]")


def _caption(lines: list[Line], first: Line) -> str | None:
    """The line just above a table (a Markdown heading or a short title line) names it."""
    for line in reversed(lines[max(0, first.index - 3) : first.index]):
        if line.blank:
            continue
        text = line.content.lstrip("#").strip()
        if is_table_line(text) or len(text) > _CAPTION_MAX or text.endswith(tuple("。；;：:")):
            return None
        if _BASIS_CAPTION.match(text):  # 依据：《…评审标准》 names the table's basis, not the table
            return None
        if PROSE_PUNCT.search(text) and not CHECKLIST_TITLE.search(text):
            return None
        return squeeze(leading_code(text)[1] or text) or None
    return None


def parse_tables(lines: list[Line], text: str | None = None) -> TableParse:
    """Markers, rows and problems for every table in ``lines`` (numbered 表1, 表2 … in order).

    ``text`` is the document as written (``lines`` index it): rows read by column take their
    cells' text from it.
    """
    out = TableParse()
    number = 0
    for run in _runs(lines):
        caption = _caption(lines, run[0])
        for table in _split_at_headers(run):
            number += 1
            out.lines.update(ln.index for ln in table.lines)
            caption = caption or table.title
            rows = _read_table(table, number, caption, out.problems, text)
            _add_markers(out, rows, number, caption, table.lines)
            caption = None  # a second table under one caption is named by its own header
    return out


@dataclass(slots=True)
class _Table:
    lines: list[Line]
    header: Header | None = None
    body_at: int = 0  # where the rows begin, after any title rows and the header
    title: str | None = None  # a title row inside the table (one text across the row)


def _split_at_headers(run: list[Line]) -> list[_Table]:
    """A header row opens a new table (tables printed one after another, numbering restarting);
    title rows just above a header (a sheet's merged title row) belong to its table."""
    tables: list[_Table] = []
    for line in run:
        cells = split_cells(line.content) if is_table_line(line.content) else []
        header = read_header(cells) if cells else None
        titled = (
            bool(tables)
            and tables[-1].header is None
            and tables[-1].body_at == len(tables[-1].lines)
        )
        if header is not None and titled:
            tables[-1].lines.append(line)
            tables[-1].header, tables[-1].body_at = header, len(tables[-1].lines)
            continue
        if header is not None and tables and _header_goes_on(tables[-1]):
            # The second row of a two-row header (得分 merged over 自评 | 复核): one table.
            above = split_cells(tables[-1].lines[-1].content)
            tables[-1].lines.append(line)
            tables[-1].header = _two_row_header(above, cells) or header
            tables[-1].body_at = len(tables[-1].lines)
            continue
        if header is not None or not tables:
            tables.append(_Table([], header, 1 if header else 0))
        table = tables[-1]
        table.lines.append(line)
        title = _title_row(cells)
        if title and table.header is None and table.body_at == len(table.lines) - 1:
            table.body_at, table.title = len(table.lines), table.title or title
    return tables


def _header_goes_on(table: _Table) -> bool:
    """The table's last line is its header, with no row under it yet."""
    return table.header is not None and table.body_at == len(table.lines) > 0


def _two_row_header(above: list[str], below: list[str]) -> Header | None:
    """A header written over two rows, read as one: a cell merged down keeps its name (编号 over
    编号), one merged across gives its name to each cell under it (得分自评, 得分复核)."""
    if len(above) != len(below):
        return None
    names = [
        a if a == b or not b else b if not a else f"{a}{b}"
        for a, b in zip(above, below, strict=True)
    ]
    return read_header(names)


def _title_row(cells: list[str]) -> str | None:
    """One text across the row (a merged title repeated, or written in the first cell only)."""
    filled = {squeeze(c) for c in cells if c.strip()}
    if len(cells) < 2 or len(filled) != 1:
        return None
    title = filled.pop()
    return title if CHECKLIST_TITLE.search(title) or not re.search(r"\d", title) else None


def _add_markers(
    out: TableParse, rows: list[ScoredRow], number: int, caption: str | None, lines: list[Line]
) -> None:
    out.markers.append(
        Marker(
            lines[0].start,
            0,
            ClauseKind.TABLE,
            f"t_{number}",
            f"表{number}",
            number,
            heading=caption,
            absolute=True,
            own_locator=True,
            end=lines[-1].end,
        )
    )
    for row in rows:
        row.path = f"t_{number}/r_{row.code}"
        out.markers.append(
            Marker(
                row.start,
                1,
                ClauseKind.ROW,
                f"r_{row.code}",
                f"表{number} {row.code}",
                own_locator=True,
                end=row.end,
                heading=row.requirement,
            )
        )
        if row.scored:
            out.rows.append(row)


def _read_table(
    table: _Table,
    number: int,
    caption: str | None,
    problems: list[tuple[str, str, int, int]],
    text: str | None,
) -> list[ScoredRow]:
    header = table.header
    body = [ln for ln in table.lines[table.body_at :] if not _SEPARATOR.match(ln.content)]
    if not body:
        return []
    checklist = header.is_checklist if header else False
    # A caption naming a checklist makes one of any table but a task table (重点任务 | 牵头单位).
    if header is None or header.task_column is None:
        checklist = checklist or bool(caption and CHECKLIST_TITLE.search(caption))
    if header is None or not _keeps_columns(header, body):
        rows, found = read_by_content(body, number)
        if rows and (header is None or checklist):
            problems.extend(found)
            for row in rows:
                row.section = row.section or caption
            return rows
        if header is None:
            header, body = _inferred_header(body) or _plain_header(body)
            checklist = checklist or Role.POINTS in header.roles
    return read_by_column(body, header, number, caption, checklist, problems, text)


def _inferred_header(body: list[Line]) -> tuple[Header, list[Line]] | None:
    """Roles of a headerless table read from its cells: a column of points (6分) makes it a
    checklist, a column of bare codes (1, 1.1, 一) numbers it, the longest text is the content."""
    grid = [split_cells(ln.content) for ln in body if is_table_line(ln.content)]
    if not grid:
        return None
    width = max(len(cells) for cells in grid)
    grid = [cells + [""] * (width - len(cells)) for cells in grid]

    def share(column: int, test: Callable[[str], bool]) -> float:
        return sum(1 for cells in grid if cells[column] and test(cells[column])) / len(grid)

    points = [i for i in range(width) if share(i, lambda c: bool(POINTS_CELL.match(c))) >= 0.6]
    if not points:
        return None
    roles = [Role.OTHER] * width
    roles[points[-1]] = Role.POINTS
    bare_code = [i for i in range(width) if i not in points and share(i, _is_bare_code) >= 0.6]
    if bare_code:
        roles[bare_code[0]] = Role.CODE
    free = [i for i in range(width) if roles[i] == Role.OTHER]
    if free:
        lengths = {i: sum(len(cells[i]) for cells in grid) for i in free}
        roles[max(free, key=lambda i: lengths[i])] = Role.CONTENT
    return Header(tuple(roles), ("",) * width), body


def _is_bare_code(cell: str) -> bool:
    code, rest = leading_code(cell)
    return (code is not None and not rest) or bool(re.fullmatch(r"\d{1,3}", cell.strip()))


def _plain_header(body: list[Line]) -> tuple[Header, list[Line]]:
    """A table of no known header and no scored rows (a contact list): its first row names the
    columns when it reads as names (short, no digits); otherwise the columns stay unnamed."""
    cells = split_cells(body[0].content)
    if all(len(squeeze(c)) <= 12 and not re.search(r"\d", c) for c in cells):
        roles = [header_role(c) for c in cells]
        if Role.CONTENT not in roles:
            roles = [Role.OTHER for _ in cells]
        return Header(tuple(roles), tuple(squeeze(c) for c in cells)), body[1:]
    return Header(tuple(Role.OTHER for _ in cells), ("",) * len(cells)), body


def _keeps_columns(header: Header, body: list[Line]) -> bool:
    """Rows keep to the header's columns: no points cell outside a points column, no row
    wider than the header. Seed 003's rows shift left where merged cells were dropped."""
    numeric = set(header.columns(Role.POINTS) + header.columns(Role.BONUS))
    numeric |= set(header.columns(Role.SCORE))
    width = len(header.roles)
    shifted = 0
    for line in body:
        cells = split_cells(line.content)
        if len([c for c in cells if c]) > width or any(
            c and POINTS_CELL.match(c) and i not in numeric for i, c in enumerate(cells)
        ):
            shifted += 1
    return shifted <= 0.25 * max(len(body), 1)
