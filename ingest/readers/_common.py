"""What the readers share: lazy imports with an install hint, values shown as a person sees them,
and a grid of cells (a sheet, a CSV, a JSON table) turned into title paragraphs and one table.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

from ingest.errors import IngestError
from ingest.layout import Block, Paragraph, Table


def file_name(source: str) -> str:
    return Path(source).name or source


def require(module: str, package: str, what: str) -> ModuleType:
    """Import a reader's library on first use; a missing one is an error naming the install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise IngestError(
            f"reading {what} needs the {package} package; install it with `pip install {package}`"
        ) from None


def show_number(value: float) -> str:
    """2.0 → "2", 0.1 + 0.2 → "0.3": the digits a spreadsheet shows, not the float's repr."""
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.12g}"


def show_value(value: object) -> str:
    """A cell value as text: numbers without a spurious .0, dates without midnight."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return show_number(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    return str(value).strip()


def _distinct(row: Sequence[str]) -> set[str]:
    return {cell for cell in row if cell}


def grid_blocks(
    rows: Sequence[Sequence[str]],
    row_origin: Callable[[int], str],
    table_origin: str,
    caption: str | None = None,
) -> list[Block]:
    """Title rows, one table and trailing note rows from a grid of cell texts.

    Empty rows and columns go. A row holding one text only (a merged title row, or a single
    filled cell) above the first row with several cells is a title: a heading paragraph, which
    then stands for ``caption`` (a sheet name, say). Such rows below the table (备注, 填表人) are
    paragraphs after it. ``row_origin(i)`` names row ``i`` of ``rows`` in the source.
    """
    stripped = [[c.strip() for c in row] for row in rows]
    kept = [(i, row) for i, row in enumerate(stripped) if any(row)]
    if not kept:
        return []
    width = max(len(row) for _, row in kept)
    padded = [(i, row + [""] * (width - len(row))) for i, row in kept]
    used = [c for c in range(width) if any(row[c] for _, row in padded)]
    grid = [(i, [row[c] for c in used]) for i, row in padded]
    if len(used) == 1:  # a single column of text: lines, not a table
        return [Paragraph(row[0], row_origin(i)) for i, row in grid]
    first = next((k for k, (_, row) in enumerate(grid) if len(_distinct(row)) > 1), None)
    if first is None:  # no row with two texts: all of it is lines
        return [Paragraph(next(iter(_distinct(row))), row_origin(i)) for i, row in grid]
    last = max(k for k, (_, row) in enumerate(grid) if len(_distinct(row)) > 1)
    blocks: list[Block] = [
        Paragraph(next(iter(_distinct(row))), row_origin(i), heading=k == 0)
        for k, (i, row) in enumerate(grid[:first])
    ]
    body = grid[first : last + 1]
    if body:
        blocks.append(
            Table(
                rows=tuple(tuple(row) for _, row in body),
                origin=table_origin,
                row_origins=tuple(row_origin(i) for i, _ in body),
                caption=caption if first == 0 else None,
            )
        )
    blocks.extend(
        Paragraph(next(iter(_distinct(row))), row_origin(i)) for i, row in grid[last + 1 :]
    )
    return blocks
