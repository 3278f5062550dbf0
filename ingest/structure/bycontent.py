"""Table rows read by what their cells hold, not by column: 1、项目 20分 / 1-1 基本要求 6分 /
1-1-1 主要内容 / 6分, for tables without a header or whose rows lost their merged cells.

Rows missing the leading pipe, merged cells and rows cut short still parse (seed 003).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.structure.columns import POINTS_CELL, ScoredRow
from ingest.structure.common import Line, squeeze

# 1-1-1 or 1.1.1 (one separator throughout); 1-1 / 1.1 a requirement; 1、 a section.
_CODE3 = re.compile(r"^(\d{1,2}([-.])\d{1,2}\2\d{1,2})(?![\d.-])\s*(.*)$", re.S)
_REQUIREMENT = re.compile(
    r"^(\d{1,2}[-.]\d{1,2})(?![-.\d]|\s*分)\s*(.*?)\s*(\d+(?:\.\d+)?\s*分)?$", re.S
)
_SECTION = re.compile(r"^(\d{1,2})\s*[、.]\s*(.+?)\s*(\d+(?:\.\d+)?\s*分)?$", re.S)

Problems = list[tuple[str, str, int, int]]


@dataclass(slots=True)
class _State:
    table: int
    section: str | None = None
    section_major: str | None = None
    requirement: str | None = None
    requirement_code: str | None = None
    rows_under_requirement: int = 0


def read_by_content(lines: list[Line], table: int) -> tuple[list[ScoredRow], Problems]:
    """The scored rows of one table (header row excluded) and the problems met."""
    rows: list[ScoredRow] = []
    problems: Problems = []
    state = _State(table)
    for line in lines:
        if "|" not in line.content:
            if rows and rows[-1].points_raw is None:  # a row wrapped onto a line of its own
                rows[-1].content = f"{rows[-1].content} {line.content}"
                rows[-1].end = line.end
            continue
        cells = [c for c in (c.strip() for c in line.content.split("|")) if c]
        _read_row(cells, line, state, rows, problems)
    return rows, problems


def _read_row(
    cells: list[str], line: Line, state: _State, rows: list[ScoredRow], problems: Problems
) -> None:
    row: ScoredRow | None = None
    loose: list[str] = []
    for cell in cells:
        code3 = _CODE3.match(cell)
        requirement = _REQUIREMENT.match(cell)
        section = _SECTION.match(cell)
        if row is None and code3:
            row = _new_row(code3.group(1), code3.group(3), line, state)
        elif (
            row is None
            and requirement
            and state.requirement_code == requirement.group(1)
            and (requirement.group(3) is None)
        ):
            # 1-1院长领导…: a content cell whose code lost its last part.
            separator = "." if "." in requirement.group(1) else "-"
            code = f"{requirement.group(1)}{separator}{state.rows_under_requirement + 1}"
            row = _new_row(code, requirement.group(2), line, state)
            problems.append(
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
        elif row is None and section and not POINTS_CELL.match(cell):
            state.section = squeeze(section.group(2))
            state.section_major = section.group(1)
        elif POINTS_CELL.match(cell):
            if row is not None and row.points_raw is None:
                row.points_raw = " ".join(cell.split())
            elif row is None:
                # 项目 cell left with only its points (10 分): the section name is missing.
                state.section, state.section_major = None, None
        elif row is not None and row.points_raw is None:
            row.content = f"{row.content} {cell}".strip()
        else:
            loose.append(cell)
    if row is None and loose and rows and rows[-1].points_raw is None:
        # A row broken over lines: the text continues the previous row.
        previous = rows[-1]
        previous.content = f"{previous.content} {' '.join(loose)}".strip()
        previous.end = line.end
        return
    if row is None:
        return
    if row.points_raw is None:
        problems.append(
            (
                "malformed_row",
                f"表{state.table} {row.code}: no 标准分 (row cut short or points missing)",
                line.start,
                line.end,
            )
        )
    rows.append(row)


def _new_row(code: str, content: str, line: Line, state: _State) -> ScoredRow:
    major = re.split(r"[-.]", code)[0]
    if state.section_major is not None and state.section_major != major:
        state.section, state.section_major = None, None
    if state.requirement_code is not None and not re.match(
        rf"{re.escape(state.requirement_code)}[-.]", code
    ):
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
