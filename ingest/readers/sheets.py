"""Workbooks as layouts: every visible sheet, merged cells propagated, title rows as headings,
numbers and dates as a person sees them. openpyxl reads .xlsx; python-calamine .xls, .xlsb, .ods.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from functools import partial
from typing import Any

from ingest.errors import IngestError
from ingest.layout import Block, Layout
from ingest.readers._common import file_name, grid_blocks, require, show_number, show_value

# Names a spreadsheet program gives a sheet by itself: no caption worth showing.
_DEFAULT_SHEET = re.compile(r"^(sheet|工作表|表)\s*\d*$", re.IGNORECASE)
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based)


def read_workbook(data: bytes, source: str, kind: str) -> Layout:
    """The sheets of an .xlsx (openpyxl) or .xls, .xlsb, .ods (calamine) workbook, in order."""
    name = file_name(source)
    try:
        if kind == "xlsx":
            sheets, title = _openpyxl_sheets(data)
        else:
            sheets, title = _calamine_sheets(data)
    except (IngestError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # many kinds for a damaged file; calamine's panics are Base…
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise IngestError(
                f"{name}: is password-protected (encrypted); open it, remove the password "
                "(File → Info → Protect) and save it again"
            ) from None
        raise IngestError(
            f"{name}: is a damaged {kind} workbook ({type(exc).__name__}); "
            "open it in Excel or WPS and save it again"
        ) from None
    named = sum(1 for sheet, _ in sheets if not _DEFAULT_SHEET.match(sheet))
    blocks: list[Block] = []
    for sheet, grid in sheets:
        caption = sheet if len(sheets) > 1 and named and not _DEFAULT_SHEET.match(sheet) else None
        blocks.extend(grid_blocks(grid, partial(_row_origin, sheet), sheet, caption=caption))
    if not blocks:
        raise IngestError(f"{name}: the workbook has no filled cells; supply a filled-in sheet")
    return Layout(kind, tuple(blocks), title=title)


def _row_origin(sheet: str, i: int) -> str:
    return f"{sheet} 第{i + 1}行"


def propagate(grid: list[list[str]], merges: Iterable[Merge]) -> list[list[str]]:
    """Copy each merged range's first cell into every cell it covers, growing the grid if needed."""
    for top, left, bottom, right in merges:
        while len(grid) <= bottom:
            grid.append([])
        value = grid[top][left] if left < len(grid[top]) else ""
        for r in range(top, bottom + 1):
            row = grid[r]
            row.extend([""] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                row[c] = value
    return grid


def _openpyxl_sheets(data: bytes) -> tuple[list[tuple[str, list[list[str]]]], str | None]:
    openpyxl = require("openpyxl", "openpyxl", ".xlsx workbooks")
    # Not read-only: only the full loader knows the merged ranges. Cached values, not formulas.
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    sheets = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        grid = [[_openpyxl_cell(cell) for cell in row] for row in sheet.iter_rows()]
        merges = [
            (r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1)
            for r in sheet.merged_cells.ranges
        ]
        sheets.append((sheet.title, propagate(grid, merges)))
    title = (book.properties.title or "").strip() or None
    return sheets, title


def _openpyxl_cell(cell: Any) -> str:
    value = cell.value
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if numeric and "%" in (cell.number_format or ""):
        return show_number(round(value * 100, 10)) + "%"
    return show_value(value)


def _calamine_sheets(data: bytes) -> tuple[list[tuple[str, list[list[str]]]], str | None]:
    calamine = require("python_calamine", "python-calamine", ".xls and .ods workbooks")
    book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    visible = {
        m.name for m in book.sheets_metadata if str(m.visible).rsplit(".", 1)[-1] == "Visible"
    }
    sheets = []
    for sheet_name in book.sheet_names:
        if sheet_name not in visible:
            continue
        sheet = book.get_sheet_by_name(sheet_name)
        grid = [[show_value(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
        merges = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
        sheets.append((sheet_name, propagate(grid, merges)))
    return sheets, None
