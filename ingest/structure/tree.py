"""Build a clause tree from ranked markers: a clause runs to the next marker of equal/higher rank.

Every parser (statute, outline, table) only finds markers; spans, parents, order and ids are
made here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.models import Clause, ClauseKind, Span


@dataclass(frozen=True, slots=True)
class Marker:
    """The start of a clause found by a parser.

    ``segment`` is its own part of the path (``art_20``); with ``absolute`` it is the whole path,
    so articles can be ``art_20`` wherever their chapter is. ``label`` is its part of the locator.
    """

    start: int
    rank: int  # smaller is higher: 编 < 章 < 节 < 条 < 款 < 项 < 目
    kind: ClauseKind
    segment: str
    label: str
    number: int | None = None
    heading: str | None = None
    absolute: bool = False  # segment is the full path, not appended to the parent's
    own_locator: bool = False  # label is the full locator, not appended to the parent's
    end: int | None = None  # a fixed end (tables, rows); otherwise up to the next marker


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def build_tree(
    document_id: str, text: str, markers: list[Marker], body_start: int = 0
) -> list[Clause]:
    """Clauses for ``markers`` (sorted by start), plus a preamble for text before the first one.

    Spans are trimmed of surrounding whitespace; together they cover every non-blank character
    from ``body_start`` on.
    """
    clauses: list[Clause] = []
    markers = sorted(markers, key=lambda m: (m.start, m.rank))
    first = markers[0].start if markers else len(text)
    if text[body_start:first].strip():
        start = body_start + (len(text[body_start:first]) - len(text[body_start:first].lstrip()))
        end = _trimmed_end(text, start, first)
        clauses.append(
            Clause(
                id=f"{document_id}#preamble",
                document_id=document_id,
                kind=ClauseKind.PREAMBLE,
                path="preamble",
                locator="序言",
                text=text[start:end],
                span=Span(start, end),
                parent_id=None,
                order=0,
            )
        )
    # open ancestors: (marker, path, locator, clause id)
    stack: list[tuple[Marker, str, str, str]] = []
    ends = _natural_ends(markers, len(text))
    used_paths: set[str] = set()
    child_counts: dict[str | None, int] = {None: len(clauses)}
    for marker, natural_end in zip(markers, ends, strict=True):
        # A clause with a fixed end (a table) closes there, whatever rank comes after it.
        while stack and (
            stack[-1][0].rank >= marker.rank
            or (stack[-1][0].end is not None and stack[-1][0].end <= marker.start)
        ):
            stack.pop()
        parent = stack[-1] if stack else None
        parent_path = parent[1] if parent else ""
        path = (
            marker.segment
            if marker.absolute or not parent_path
            else f"{parent_path}/{marker.segment}"
        )
        path = _unique(path, used_paths)
        locator = marker.label if marker.own_locator or not parent else parent[2] + marker.label
        end = _trimmed_end(
            text, marker.start, marker.end if marker.end is not None else natural_end
        )
        parent_id = parent[3] if parent else None
        order = child_counts.get(parent_id, 0)
        child_counts[parent_id] = order + 1
        clause_id = f"{document_id}#{path}"
        clauses.append(
            Clause(
                id=clause_id,
                document_id=document_id,
                kind=marker.kind,
                path=path,
                locator=locator,
                text=text[marker.start : end],
                span=Span(marker.start, end),
                parent_id=parent_id,
                order=order,
                number=marker.number,
                heading=marker.heading,
            )
        )
        stack.append((marker, path, locator, clause_id))
    return clauses


def _natural_ends(markers: list[Marker], text_end: int) -> list[int]:
    """For each marker, the start of the next marker of the same or a higher rank."""
    ends = [text_end] * len(markers)
    open_markers: list[int] = []
    for i, marker in enumerate(markers):
        while open_markers and markers[open_markers[-1]].rank >= marker.rank:
            ends[open_markers.pop()] = marker.start
        open_markers.append(i)
    return ends


def _unique(path: str, used: set[str]) -> str:
    """Repeated numbering (a restarted list, a duplicated 第一条) gets ``~2``, ``~3`` …"""
    candidate, n = path, 1
    while candidate in used:
        n += 1
        candidate = f"{path}~{n}"
    used.add(candidate)
    return candidate
