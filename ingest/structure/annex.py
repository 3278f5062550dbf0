"""附件 / 附表 lines: where a document's attachments (and the list naming them) begin.

An attachment is no part of the last article or numbered item above it: it opens a top-level
clause of its own, so its form or table, and the 落款 and 抄送 lines before it, stay out of
the body's units (第十五条, 四、（二）2.) and out of their search hits.
"""

from __future__ import annotations

import re

from ingest.models import ClauseKind
from ingest.structure.common import Line, cn_to_int, squeeze
from ingest.structure.tree import Marker

# 附件 / 附件1 / 附件：1.检查表 / 附件2：自查报告模板 / 附表 — the whole line, nothing else on it
# but a list after a colon: 附件材料应当真实 is prose, not an attachment.
_ANNEX = re.compile(r"^附\s*([件表])\s*([0-9一二三四五六七八九十]{0,3})\s*(?:[:：]\s*(.*))?$")
ANNEX_RANK = -1  # above every unit of a statute (编) and of an outline (first style met)


def annex_marker(line: Line, count: int) -> Marker | None:
    """The marker of an attachment line (the ``count``-th of the document), or None."""
    match = _ANNEX.match(line.content)
    if not match:
        return None
    number = match.group(2)
    rest = squeeze(match.group(3) or "") or None
    return Marker(
        line.start,
        ANNEX_RANK,
        ClauseKind.HEADING,
        f"annex_{count}",
        f"附{match.group(1)}{number}",
        (cn_to_int(number) if not number.isdigit() else int(number)) if number else None,
        heading=rest,
        absolute=True,
        own_locator=True,
    )
