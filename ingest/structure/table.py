"""Scoring tables as pipe-separated rows: one TABLE clause per table, one ROW per scored row.

Cells are read by what they hold (1、项目 20分 / 1-1 基本要求 6分 / 1-1-1 主要内容 / 6分),
not by column
position, so rows missing the leading pipe, merged cells and rows cut short still parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.models import ClauseKind
from ingest.structure.common import Line, squeeze
from ingest.structure.tree import Marker

_CODE3 = re.compile(r"^(\d{1,2}-\d{1,2}-\d{1,2})\s*(.*)$", re.S)
_REQUIREMENT = re.compile(r"^(\d{1,2}-\d{1,2})(?![-\d])\s*(.*?)\s*(\d+(?:\.\d+)?\s*分)?$", re.S)
_SECTION = re.compile(r"^(\d{1,2})\s*[、.]\s*(.+?)\s*(\d+(?:\.\d+)?\s*分)?$", re.S)
_POINTS = re.compile(r"^\d+(?:\.\d+)?\s*分(?:\s+\d+(?:\.\d+)?\s*分)*$")
_POINT_VALUE = re.compile(r"(\d+(?:\.\d+)?)\s*分")


@dataclass(slots=True)
class ScoredRow:
    """One scored row as read from the table, before it becomes a clause and an inspection item."""

    table: int
    code: str
    section: str | None
    requirement: str | None
    content: str
    points_raw: str | None
    start: int
    end: int
    path: str = ""  # the clause path, filled in when markers are made

    @property
    def points(self) -> float | None:
        values = [float(v) for v in _POINT_VALUE.findall(self.points_raw or "")]
        return sum(values) if values else None


@dataclass(slots=True)
class TableParse:
    markers: list[Marker] = field(default_factory=list)
    rows: list[ScoredRow] = field(default_factory=list)
    problems: list[tuple[str, str, int, int]] = field(default_factory=list)  # code, msg, span


def is_table_line(content: str) -> bool:
    return content.startswith("|") or content.count("|") >= 2


def looks_like_table(lines: list[Line]) -> bool:
    """Most non-blank lines are table rows."""
    filled = [ln for ln in lines if not ln.blank]
    rows = sum(1 for ln in filled if is_table_line(ln.content))
    return rows >= 3 and rows >= 0.5 * len(filled)


def _is_header(cells: list[str]) -> bool:
    joined = "".join(squeeze(c) for c in cells)
    return "标准分" in joined or ("项目" in joined and "主要内容" in joined)


@dataclass(slots=True)
class _State:
    table: int = 0
    section: str | None = None
    section_major: str | None = None
    requirement: str | None = None
    requirement_code: str | None = None
    rows_under_requirement: int = 0
    in_table: bool = False


def parse_tables(lines: list[Line]) -> TableParse:
    """Markers, scored rows and problems for every table in ``lines``."""
    out = TableParse()
    state = _State()
    texts = 0
    previous_end = -1
    for line in lines:
        if line.blank:
            continue
        if not is_table_line(line.content):
            last = out.rows[-1] if out.rows else None
            if state.in_table and last and last.points_raw is None and last.end == previous_end:
                # A row wrapped onto a line of its own: the text continues the row.
                last.content = f"{last.content} {line.content}"
                last.end = previous_end = line.end
                continue
            if state.in_table or not out.markers:
                texts += 1
                out.markers.append(
                    Marker(
                        line.start,
                        0,
                        ClauseKind.TEXT,
                        f"text_{texts}",
                        f"正文{texts}",
                        own_locator=True,
                    )
                )
            state.in_table = False
            continue
        cells = [c.strip() for c in line.content.split("|")]
        cells = [c for c in cells if c]
        if not state.in_table or _is_header(cells):
            state = _State(table=state.table + 1, in_table=True)
            out.markers.append(
                Marker(
                    line.start,
                    0,
                    ClauseKind.TABLE,
                    f"t_{state.table}",
                    f"表{state.table}",
                    state.table,
                    own_locator=True,
                )
            )
            if _is_header(cells):
                continue
        _read_row(cells, line, state, out)
        previous_end = line.end
    for row in out.rows:
        row.path = f"t_{row.table}/r_{row.code}"
        out.markers.append(
            Marker(
                row.start,
                1,
                ClauseKind.ROW,
                f"r_{row.code}",
                f"表{row.table} {row.code}",
                own_locator=True,
                end=row.end,
                heading=row.requirement,
            )
        )
    return out


def _read_row(cells: list[str], line: Line, state: _State, out: TableParse) -> None:
    row: ScoredRow | None = None
    loose: list[str] = []
    for cell in cells:
        code3 = _CODE3.match(cell)
        requirement = _REQUIREMENT.match(cell)
        section = _SECTION.match(cell)
        if row is None and code3:
            row = _new_row(code3.group(1), code3.group(2), line, state)
        elif (
            row is None
            and requirement
            and state.requirement_code == requirement.group(1)
            and (requirement.group(3) is None)
        ):
            # 1-1院长领导…: a content cell whose code lost its last part.
            code = f"{requirement.group(1)}-{state.rows_under_requirement + 1}"
            row = _new_row(code, requirement.group(2), line, state)
            out.problems.append(
                (
                    "malformed_code",
                    f"表{state.table}: item code {requirement.group(1)} read as {code}",
                    line.start,
                    line.end,
                )
            )
        elif row is None and requirement:
            state.requirement = squeeze(requirement.group(2)) or None
            state.requirement_code = requirement.group(1)
            state.rows_under_requirement = 0
        elif row is None and section and not _POINTS.match(cell):
            state.section = squeeze(section.group(2))
            state.section_major = section.group(1)
        elif _POINTS.match(cell):
            if row is not None and row.points_raw is None:
                row.points_raw = " ".join(cell.split())
            elif row is None:
                # 项目 cell left with only its points (10 分): the section name is missing.
                state.section, state.section_major = None, None
        elif row is not None and row.points_raw is None:
            row.content = f"{row.content} {cell}".strip()
        else:
            loose.append(cell)
    if row is None and loose and out.rows and out.rows[-1].points_raw is None:
        # A row broken over lines: the text continues the previous row.
        previous = out.rows[-1]
        previous.content = f"{previous.content} {' '.join(loose)}".strip()
        previous.end = line.end
        return
    if row is None:
        return
    if row.points_raw is None:
        out.problems.append(
            (
                "malformed_row",
                f"表{state.table} {row.code}: no 标准分 (row cut short or points missing)",
                line.start,
                line.end,
            )
        )
    out.rows.append(row)


def _new_row(code: str, content: str, line: Line, state: _State) -> ScoredRow:
    major = code.split("-")[0]
    if state.section_major is not None and state.section_major != major:
        state.section, state.section_major = None, None
    if state.requirement_code is not None and not code.startswith(state.requirement_code + "-"):
        state.requirement, state.requirement_code = None, None
    state.rows_under_requirement += 1
    return ScoredRow(
        table=state.table,
        code=code,
        section=state.section,
        requirement=state.requirement,
        content=content.strip(),
        points_raw=None,
        start=line.start,
        end=line.end,
    )
