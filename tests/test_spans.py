"""SpanIndex answers as the plain scans it replaces (hypothesis against a brute force)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ingest.spans import SpanIndex

spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=12,
)
ranges = st.tuples(st.integers(0, 80), st.integers(0, 10)).map(lambda p: (p[0], p[0] + p[1]))


@given(spans, ranges)
def test_the_index_agrees_with_a_scan(found: list[tuple[int, int]], probe: tuple[int, int]) -> None:
    index, (a, b) = SpanIndex(found), probe
    assert index.overlaps(a, b) == any(s < b and a < e for s, e in found)
    assert index.covers(a) == any(s <= a < e for s, e in found)
    assert index.contains(a, b) == any(s <= a and b <= e for s, e in found)
