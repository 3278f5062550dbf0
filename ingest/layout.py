"""The one intermediate form every reader produces: text blocks (paragraphs, headings) and tables
as rows × cells with merged cells propagated, each block with where it came from in the source.

``render`` turns a layout into the document text the structure parsers read: paragraphs as
lines, tables as ``| cell | cell |`` rows. ``Origin`` spans lead back from that text to the
source (a page, a sheet and row, a paragraph).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph or heading of the source as plain text (may hold line breaks)."""

    text: str
    origin: str  # 第3页, 段落12, Sheet1!A1, 记录5 …
    heading: bool = False  # the source marks it as a heading (Word style, <h2>, a title row)


@dataclass(frozen=True, slots=True)
class Table:
    """A table as rows of cell texts; a merged cell's text is repeated in every cell it covers."""

    rows: tuple[tuple[str, ...], ...]
    origin: str  # Sheet1, 第2页 表1, 表格3
    row_origins: tuple[str, ...] = ()  # one per row when known: Sheet1 第5行, 第2页 表1 第3行
    caption: str | None = None  # a title row or caption above the table


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class Layout:
    """A source document as blocks, in reading order."""

    format: str  # pdf, docx, xlsx, xls, csv, json, html
    blocks: tuple[Block, ...]
    title: str | None = None  # the file's own title property, a hint when the text has none
    notes: tuple[str, ...] = ()  # what the reader noticed and worked around (one line each)


@dataclass(frozen=True, slots=True)
class Origin:
    """``[start, end)`` of the rendered text came from ``where`` in the source."""

    start: int
    end: int
    where: str


def cell_text(value: str) -> str:
    """A cell's text on one table line: line breaks become spaces, pipes full-width."""
    return " ".join(value.replace("|", "｜").split())


def render(layout: Layout) -> tuple[str, tuple[Origin, ...]]:
    """The text of ``layout`` and the origin of each of its lines or blocks."""
    parts: list[str] = []
    origins: list[Origin] = []
    offset = 0

    def emit(line: str, where: str) -> None:
        nonlocal offset
        parts.append(line + "\n")
        origins.append(Origin(offset, offset + len(line), where))
        offset += len(line) + 1

    for block in layout.blocks:
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if text:
                emit(text, block.origin)
            continue
        if parts:
            emit("", block.origin)
        if block.caption:
            emit(cell_text(block.caption), block.origin)
        for i, row in enumerate(block.rows):
            where = block.row_origins[i] if i < len(block.row_origins) else block.origin
            emit("| " + " | ".join(cell_text(c) for c in row) + " |", where)
        emit("", block.origin)
    return "".join(parts), tuple(origins)


def origin_finder(origins: Sequence[Origin]) -> Callable[[int], str | None]:
    """A lookup: where in the source the rendered text at an offset came from (None: unknown)."""
    starts = [o.start for o in origins]

    def where(offset: int) -> str | None:
        i = bisect_right(starts, offset) - 1
        return origins[i].where if i >= 0 else None

    return where
