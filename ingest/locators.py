"""Article locators (第二十条第二款 → art_20/para_2) and the clause a span lies in: shared by
citations, bodies and obligations.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from ingest.models import Clause
from ingest.structure.common import cn_to_int

NUM = r"[零〇一二三四五六七八九十百千两\d]+"
# 第二十条之一第二款第三项 (an item also 第（三）项); a chapter (第三章) may stand alone.
LOCATOR = (
    rf"第{NUM}条(?:之{NUM})?(?:第{NUM}款)?(?:第[（(]?{NUM}[)）]?项)?(?:第{NUM}目)?"
    rf"|第{NUM}章(?:第{NUM}节)?"
)
_LOCATOR_PART = re.compile(rf"第[（(]?({NUM})[)）]?(条|款|项|目|章|节)(?:之({NUM}))?")
_FOLLOWING_LOCATORS = re.compile(rf"\s*({LOCATOR})((?:\s*[、和及或与至]\s*(?:{LOCATOR}))*)")
_NEXT_LOCATOR = re.compile(rf"({LOCATOR})")
_OPENING_ARTICLE = re.compile(rf"^\s*第{NUM}条(?:之{NUM})?\s*")


_NOISE = re.compile(r"[\s\W_]+")


def without_article_number(text: str) -> str:
    """第六十一条 医疗机构对… → 医疗机构对…: an article's words without the number it opens with
    (a paragraph's text has none; a row, a sentence or a diff reads the same either way)."""
    return _OPENING_ARTICLE.sub("", text, count=1)


def article_words(text: str) -> str:
    """An article's wording without its number, spaces and punctuation: to tell two texts
    apart by their words alone (two versions of an article, a duty repeating its clause)."""
    return _NOISE.sub("", without_article_number(text))


def chinese_number(written: str) -> int:
    """二十三 → 23, 一百零五 → 105, 十 → 10, 23 → 23 (0 for what is not a numeral)."""
    return cn_to_int(written) or 0


class ClauseIndex:
    """Finds the innermost clause containing a span (shared by citations, bodies, obligations)."""

    def __init__(self, clauses: Sequence[Clause]) -> None:
        # Sorted by start, the longer first: among the clauses containing a span (a chain of
        # ancestors) the innermost is the last one in this order.
        self._clauses = sorted(clauses, key=lambda c: (c.span.start, -c.span.end))
        self._starts = [c.span.start for c in self._clauses]

    def innermost(self, start: int, end: int) -> Clause | None:
        for i in range(bisect_right(self._starts, start) - 1, -1, -1):
            clause = self._clauses[i]
            if clause.span.end >= end:
                return clause
        return None


def article_context(clause: Clause | None) -> tuple[int | None, int | None]:
    """The article and paragraph numbers of a clause path: ch_2/art_20/para_2 → (20, 2)."""
    article = paragraph = None
    for segment in clause.path.split("/") if clause else ():
        name, _, value = segment.partition("_")
        number = value.split("-")[0]
        if name == "art" and number.isdigit():
            article = int(number)
        elif name == "para" and number.isdigit():
            paragraph = int(number)
    return article, paragraph


def article_path_of(locator: str, here: tuple[int | None, int | None] = (None, None)) -> str | None:
    """Clause path suffix of a written locator: 第二十条第二款 → art_20/para_2; a bare 第三项 uses
    ``here`` (the citing article and paragraph numbers) for the missing parts."""
    parts = {unit: (chinese_number(n), sub) for n, unit, sub in _LOCATOR_PART.findall(locator)}
    if "章" in parts:
        path = f"ch_{parts['章'][0]}"
        return f"{path}/sec_{parts['节'][0]}" if "节" in parts else path
    article, paragraph = here
    if "条" in parts:
        number, sub = parts["条"]
        segments = [f"art_{number}" + (f"-{chinese_number(sub)}" if sub else "")]
        paragraph = None
    elif article is not None:
        segments = [f"art_{article}"]
    else:
        return None
    if "款" in parts:
        paragraph = parts["款"][0]
    if "项" in parts:
        segments += [f"para_{paragraph or 1}", f"item_{parts['项'][0]}"]
    elif "款" in parts:
        segments.append(f"para_{paragraph}")
    return "/".join(segments)


def locators_after(folded: str, pos: int) -> list[tuple[int, int, str]]:
    """Locators written right after ``pos`` (第十九条、第二十条第二款 …) as (start, end, text)."""
    m = _FOLLOWING_LOCATORS.match(folded, pos)
    if not m:
        return []
    found = [(m.start(1), m.end(1), m.group(1))]
    for extra in _NEXT_LOCATOR.finditer(folded, m.start(2), m.end(2)):
        found.append((extra.start(), extra.end(), extra.group()))
    return found
