"""Duties written as the rows of a task table: a plan's 重点任务 or 时间安排, a report's 整改台账.

A task table is one whose header names who is to act (牵头单位, 配合单位, 责任科室, 责任人)
beside what is to be done (重点任务, 整改措施, 工作内容), often with by when (完成时限, 时间节点,
时间), and asks for no points or scores (a checklist's rows are inspection items, not duties).
Each row with a task is one duty: its task cell the action, its party cells the bodies (the lead
first), its time cell the deadline. A cell merged down several rows reaches each row as the
readers render it (the same lead for several tasks); where an export left it blank below its
first row (CSV), a row with no lead takes the lead above it. A row's sentences are not read
again as duties of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ingest.models import Clause, ClauseKind, Document, Span
from ingest.structure.columns import Header, Role, is_table_line, read_header, split_cells

_HEADER_LINES = 4  # a title row, a --- line or a two-row header may come before the header


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One row of a task table, as spans of the document's text."""

    clause_id: str
    span: Span  # the row
    task: Span  # the cell saying what is to be done
    parties: tuple[Span, ...]  # the cells naming who does it, lead first
    when: Span | None  # the cell saying by when


def task_rows(document: Document, clauses: Sequence[Clause]) -> list[TaskRow]:
    """Every row of every task table in ``document``, in text order."""
    rows_of: dict[str, list[Clause]] = {}
    for clause in clauses:
        if clause.kind is ClauseKind.ROW and clause.parent_id:
            rows_of.setdefault(clause.parent_id, []).append(clause)
    found: list[TaskRow] = []
    for table in clauses:
        if table.kind is not ClauseKind.TABLE:
            continue
        header = _task_header(document.folded, table)
        if header is not None:
            rows = sorted(rows_of.get(table.id, []), key=lambda c: c.span.start)
            found += _rows(document.folded, header, rows)
    return found


def _task_header(folded: str, table: Clause) -> Header | None:
    """The header of ``table`` when it is a task table."""
    lines = [line.strip() for line in folded[table.span.start : table.span.end].splitlines()]
    for line in [line for line in lines if is_table_line(line)][:_HEADER_LINES]:
        header = read_header(split_cells(line))
        if header is not None:  # the first row naming columns is the header
            return header if header.task_column is not None else None
    return None


def _rows(folded: str, header: Header, rows: Sequence[Clause]) -> list[TaskRow]:
    task_column = header.task_column
    assert task_column is not None
    party_columns = header.columns(Role.RESPONSIBLE)
    when_column = header.first(Role.DEADLINE)
    out = []
    lead: Span | None = None  # the last lead cell written, for a row whose lead is blank
    for row in rows:
        cells = cell_spans(folded, row.span)
        if len(cells) != len(header.roles):
            continue  # a title, total or note row across the table
        task = cells[task_column]
        if not _filled(task):
            continue
        written = [cells[c] for c in party_columns]
        if written and _filled(written[0]):
            lead = written[0]
        elif written and lead is not None:
            written[0] = lead  # a lead cell merged down, exported blank below its first row
        parties = tuple(cell for cell in written if _filled(cell))
        when = cells[when_column] if when_column is not None else None
        out.append(
            TaskRow(row.id, row.span, task, parties, when if when and _filled(when) else None)
        )
    return out


def _filled(cell: Span) -> bool:
    return cell.end > cell.start


def cell_spans(folded: str, span: Span) -> list[Span]:
    """The cells of the table row at ``span``, each without its blanks, as spans of the text;
    the outer pipes are edges, not cells (as ``ingest.structure.columns.split_cells`` reads)."""
    line = folded[span.start : span.end]
    cuts = [i for i, ch in enumerate(line) if ch == "|"]
    bounds = [-1, *cuts, len(line)]
    cells = []
    for a, b in pairwise(bounds):
        start, end = a + 1, b
        while start < end and line[start].isspace():
            start += 1
        while end > start and line[end - 1].isspace():
            end -= 1
        cells.append(Span(span.start + start, span.start + end))
    if line.lstrip().startswith("|"):
        cells = cells[1:]
    if line.rstrip().endswith("|") and cells:
        cells = cells[:-1]
    return cells
