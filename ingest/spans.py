"""Spans of a text asked about many times (is this match inside a title? does it overlap one
found before?) in logarithmic time, so that parsing stays linear in the size of a document.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate


class SpanIndex:
    """Half-open spans ``[start, end)``; they may overlap or nest."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        # The furthest end of any span starting at or before each position of the order.
        self._reach = list(accumulate((e for _, e in ordered), max))

    def _furthest_end(self, count: int) -> int:
        """The furthest end among the first ``count`` spans (by start); -1 when none."""
        return self._reach[count - 1] if count > 0 else -1

    def overlaps(self, start: int, end: int) -> bool:
        """Some span shares a character with ``[start, end)``."""
        return self._furthest_end(bisect_left(self._starts, end)) > start

    def covers(self, position: int) -> bool:
        """Some span holds the character at ``position``."""
        return self._furthest_end(bisect_right(self._starts, position)) > position

    def contains(self, start: int, end: int) -> bool:
        """Some span holds all of ``[start, end)``."""
        return self._furthest_end(bisect_right(self._starts, start)) >= end
