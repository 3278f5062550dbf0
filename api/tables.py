"""Rows for the terminal: a table that fits the terminal (80 columns too) when stdout is one, one
tab-separated line per row, never wrapped, when it is a pipe or a file.

``page_line`` says which rows of how many a page holds, so no list is silently cut.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table


@dataclass(frozen=True)
class Col:
    """A column: ``ratio`` shares the free width; ``width`` fixes it; long cells are cut with
    an ellipsis unless ``fold`` lets them run onto more lines of their cell."""

    name: str
    ratio: int | None = None
    width: int | None = None
    fold: bool = False


def is_pipe(console: Console) -> bool:
    return not console.is_terminal


def show(console: Console, title: str, cols: Sequence[Col], rows: Sequence[Sequence[str]]) -> None:
    """``rows`` as a table on a terminal, as tab-separated lines (header first) in a pipe."""
    if is_pipe(console):
        out = sys.stdout
        out.write("\t".join(c.name for c in cols) + "\n")
        for row in rows:
            out.write("\t".join(" ".join(str(cell).split()) for cell in row) + "\n")
        out.flush()
        return
    # On a screen every column costs width: one empty in every row is left out.
    keep = [i for i, _ in enumerate(cols) if not rows or any(str(r[i]).strip() for r in rows)]
    cols = [cols[i] for i in keep]
    rows = [[row[i] for i in keep] for row in rows]
    table = Table(title=title, box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    for col in cols:
        table.add_column(
            col.name,
            ratio=col.ratio,
            width=col.width,
            no_wrap=not col.fold,
            overflow="fold" if col.fold else "ellipsis",
        )
    for row in rows:
        table.add_row(*[str(cell) for cell in row])
    console.print(table)


def page_line(page: Mapping[str, Any], noun: str) -> str:
    """``rows 1–100 of 926 obligations`` / ``0 obligations``: what this page holds of the whole."""
    total, offset, shown = page["total"], page["offset"], len(page["items"])
    if not shown:
        return f"0 {noun}" if not total else f"rows past the end: {total} {noun} in all"
    return f"rows {offset + 1}–{offset + shown} of {total} {noun}"
