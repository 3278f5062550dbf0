"""Clause trees for every kind of document: statutes, notices and plans, scoring tables.

``parse_structure`` picks the parser by what the lines look like and returns clauses whose
spans index the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.models import Clause, Document, Problem, Span
from ingest.structure.common import iter_lines
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
    style: str  # "statute", "table" or "outline"


def parse_structure(document: Document, body_start: int = 0) -> Structure:
    """Clause tree of ``document``; numbered units may begin at ``body_start`` (after header)."""
    lines = list(iter_lines(document.folded))
    problems: list[Problem] = []
    rows: list[ScoredRow] = []
    markers: list[Marker]
    if looks_like_statute(lines):
        style, markers = "statute", statute_markers(lines)
    elif looks_like_table(lines):
        style = "table"
        parsed = parse_tables(lines)
        markers, rows = parsed.markers, parsed.rows
        problems.extend(
            Problem(document.id, code, message, Span(start, end))
            for code, message, start, end in parsed.problems
        )
    else:
        style, markers = "outline", outline_markers(lines, body_start)
    clauses = build_tree(document.id, document.text, markers)
    return Structure(tuple(clauses), tuple(rows), tuple(problems), style)
