"""Join the lines of plain text that was hard-wrapped at a fixed width (pasted from a PDF or an
e-mail: every line of a paragraph cut at 38 characters, inside titles and numbers).

Such text shows its width: many of its long lines have the same length, the longest but for a
few, and the line after each of them goes on without an indent. A line that long is joined to
the next unless the next is blank, indented (a new paragraph), numbered (一、, （二）, 3., 第五条)
or a table row. Text that was not wrapped — statutes one article a line, Markdown — has no such
width and is left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

_MIN_WIDTH = 20  # narrower "widths" are headings and short lines, not a wrap margin
_MIN_WRAPPED = 4  # lines at the width needed before a width is believed
_SHARE_AT_WIDTH = 0.4  # of the long lines, at least this share is at the width
_SHARE_WIDER = 0.1  # and at most this share is wider than it
_SLACK = 2  # a wrapped line may end a character or two short (punctuation kept off a line start)
_NEW_PARAGRAPH = re.compile(
    r"^(?:[\s\u3000]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．](?!\d)"
    r"|第[一二三四五六七八九十百零〇\d]+[条章节款]|[|#>*-])"
)


def wrap_width(lines: list[str]) -> int | None:
    """The width the text was wrapped at, or None when it was not wrapped."""
    lengths = [len(line.rstrip()) for line in lines]
    long = [n for n in lengths if n >= _MIN_WIDTH]
    if len(long) < _MIN_WRAPPED:
        return None
    counts = Counter(long)
    width, at = max(
        ((w, sum(counts[w - d] for d in range(_SLACK + 1))) for w in counts),
        key=lambda pair: (pair[1], pair[0]),
    )
    wider = sum(1 for n in long if n > width + 1)
    if at < _MIN_WRAPPED or at < _SHARE_AT_WIDTH * len(long) or wider > _SHARE_WIDER * len(long):
        return None
    return width


def join_hard_wraps(text: str) -> tuple[str, int]:
    """``text`` with hard-wrapped lines joined, and how many line breaks were removed."""
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return text, 0
    out = [lines[0]]
    joined = 0
    for previous, line in pairwise(lines):
        full = len(previous.rstrip()) >= width - _SLACK
        if full and line.strip() and not _NEW_PARAGRAPH.match(line):
            out[-1] = out[-1].rstrip() + line
            joined += 1
        else:
            out.append(line)
    return "\n".join(out), joined
