"""Clause trees for every kind of document: statutes, notices and plans, scoring tables, and
documents that mix text and tables (a notice with an attached checklist, a report with a table).

``parse_structure`` picks the parser by what the lines look like and returns clauses whose
spans index the text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ingest.models import Clause, ClauseKind, Document, Problem, Span
from ingest.structure.common import Line, iter_lines
from ingest.structure.outline import outline_markers
from ingest.structure.statute import looks_like_statute, statute_markers
from ingest.structure.table import ScoredRow, looks_like_table, parse_tables
from ingest.structure.tree import Marker, build_tree

__all__ = ["ScoredRow", "Structure", "parse_structure"]


@dataclass(frozen=True, slots=True)
class Structure:
    """A document's clauses, the scored rows of its tables and what went wrong on the way."""

    clauses: tuple[Clause, ...]
    rows: tuple[ScoredRow, ...]
    problems: tuple[Problem, ...]
    style: str  # "statute", "table" (mostly tables), "mixed" (text and tables) or "outline"


def parse_structure(document: Document, body_start: int = 0) -> Structure:
    """Clause tree of ``document``; numbered units may begin at ``body_start`` (after header)."""
    lines = list(iter_lines(document.folded))
    rows: list[ScoredRow] = []
    problems: list[Problem] = []
    markers: list[Marker]
    statute = looks_like_statute(lines)
    tables = parse_tables(lines, document.text)
    if statute:
        # A table inside an article (检查评分标准如下：| 序号 | 检查内容 | 分值 |) is the
        # article's table, one rank below its 目, with its rows read as items.
        style, markers = "statute", statute_markers(lines)
        below = max((m.rank for m in markers), default=-1) + 1
        markers += [replace(m, rank=m.rank + below) for m in tables.markers]
        rows = tables.rows
        problems.extend(
            Problem(document.id, code, message, Span(start, end))
            for code, message, start, end in tables.problems
        )
    elif not tables.markers:
        style, markers = "outline", outline_markers(lines, body_start)
    else:
        style = "table" if looks_like_table(lines) else "mixed"
        rows = tables.rows
        problems.extend(
            Problem(document.id, code, message, Span(start, end))
            for code, message, start, end in tables.problems
        )
        markers = _text_and_tables(lines, body_start, tables.markers, tables.lines)
    clauses = build_tree(document.id, document.text, markers)
    return Structure(tuple(clauses), tuple(rows), tuple(problems), style)


def _text_and_tables(
    lines: list[Line], body_start: int, table_markers: list[Marker], table_lines: set[int]
) -> list[Marker]:
    """The outline of the text around the tables, and the tables in it.

    A table sits inside the outline clause open where it stands (附件 → 考评表), one rank below
    the outline's lowest; text after a table that opens no outline clause becomes a TEXT block
    (正文N) beside it, so every line stays in some clause.
    """
    masked = [
        Line(ln.index, ln.start, ln.end, "|") if ln.index in table_lines else ln for ln in lines
    ]
    outline = outline_markers(masked, body_start)
    base = max((m.rank for m in outline), default=-1) + 1
    markers = outline + [replace(m, rank=m.rank + base) for m in table_markers]
    starts = {m.start for m in markers}
    after_table, texts = False, 0
    for line in lines:
        if line.blank:
            continue
        if line.index in table_lines:
            after_table = True
            continue
        if after_table and line.start not in starts:
            texts += 1
            markers.append(
                Marker(
                    line.start,
                    base,
                    ClauseKind.TEXT,
                    f"text_{texts}",
                    f"正文{texts}",
                    absolute=True,
                    own_locator=True,
                )
            )
        after_table = False
    return sorted(markers, key=lambda m: (m.start, m.rank))
