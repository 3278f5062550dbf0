"""Clause trees of statutes: 编/章/节 headings, 第X条 articles, 款, （一） items and 1. 目.

Article paths are flat (``art_20``, ``art_334-1`` for 之一) whatever chapter holds them,
so a citation's ``第二十条第二款`` maps to ``art_20/para_2`` without knowing the chapter.
款 clauses exist only when an article has two or more paragraphs (one paragraph would
repeat the article's text). Item paths always name their paragraph
(``art_20/para_1/item_3``), also when the item's parent clause is the article.
"""

from __future__ import annotations

import re

from ingest.models import ClauseKind
from ingest.structure.annex import annex_marker
from ingest.structure.common import CIRCLED, CN_NUMBER, Line, cn_to_int, int_to_cn, squeeze
from ingest.structure.tree import Marker

_RANK = {"编": 0, "分编": 1, "章": 2, "节": 3, "条": 4, "款": 5, "项": 6, "目": 7}
_DIVISION = re.compile(rf"第({CN_NUMBER}|\d+)(分编|编|章|节)")
_HEADING_LINE = re.compile(rf"^#{{0,6}}\s*第({CN_NUMBER}|\d+)(分编|编|章|节)(?:\s|$)")
ARTICLE = re.compile(rf"^第({CN_NUMBER}|\d+)条(?:之({CN_NUMBER}))?(?=\s|$)")
_ITEM = re.compile(rf"^[（(]({CN_NUMBER})[)）]")
_SUBITEM = re.compile(rf"^(?:(\d{{1,2}})[.、](?!\d)|[（(](\d{{1,2}})[)）]|([{CIRCLED}]))")
_SEGMENT = {"编": "pt", "分编": "subpt", "章": "ch", "节": "sec"}
_KIND = {
    "编": ClauseKind.PART,
    "分编": ClauseKind.PART,
    "章": ClauseKind.CHAPTER,
    "节": ClauseKind.SECTION,
}


def looks_like_statute(lines: list[Line]) -> bool:
    """At least two lines open with 第X条."""
    return sum(1 for ln in lines if ARTICLE.match(ln.content)) >= 2


def _division_markers(line: Line, seen: set[tuple[str, int]]) -> list[Marker]:
    """One heading line may carry a chapter and a section (``第四章 … > 第一节 …``)."""
    found = list(_DIVISION.finditer(line.content))
    markers: list[Marker] = []
    for i, match in enumerate(found):
        number = cn_to_int(match.group(1)) or 0
        unit = match.group(2)
        rest_end = found[i + 1].start() if i + 1 < len(found) else len(line.content)
        heading = squeeze(line.content[match.end() : rest_end].strip(" >#")) or None
        if (unit, number) in seen and i + 1 < len(found):
            continue  # the chapter repeated before each of its sections
        seen.add((unit, number))
        markers.append(
            Marker(
                start=line.start,
                rank=_RANK[unit],
                kind=_KIND[unit],
                segment=f"{_SEGMENT[unit]}_{number}",
                label=f"第{int_to_cn(number)}{unit}",
                number=number,
                heading=heading,
            )
        )
    return markers


def _item_number(match: re.Match[str]) -> int:
    if match.group(0)[0] in CIRCLED:
        return CIRCLED.index(match.group(0)[0]) + 1
    return int(next(g for g in match.groups() if g))


def statute_markers(lines: list[Line]) -> list[Marker]:
    """Markers for every division, article, paragraph, item and sub-item."""
    markers: list[Marker] = []
    seen_divisions: set[tuple[str, int]] = set()
    article: list[Line] = []
    contents = _table_of_contents(lines)
    annexes = 0
    for line in lines:
        if line.blank or line.index in contents:
            continue
        annex = annex_marker(line, annexes + 1) if markers or article else None
        if annex is not None:  # the attachments after the articles: none of them
            markers.extend(_article_markers(article))
            article, annexes = [], annexes + 1
            markers.append(annex)
            continue
        heading = _HEADING_LINE.match(line.content)
        if heading and len(line.content) <= 60 and "。" not in line.content:
            markers.extend(_article_markers(article))
            article = []
            markers.extend(_division_markers(line, seen_divisions))
        elif ARTICLE.match(line.content):
            markers.extend(_article_markers(article))
            article = [line]
        elif article:
            article.append(line)
    markers.extend(_article_markers(article))
    return markers


def _table_of_contents(lines: list[Line]) -> set[int]:
    """Indexes of heading lines that only list divisions (目录): no article follows before the
    next heading, and the same heading comes again later."""
    headings = [
        (ln.index, ln.content, i)
        for i, ln in enumerate(lines)
        if _HEADING_LINE.match(ln.content) and len(ln.content) <= 60
    ]
    toc: set[int] = set()
    for k, (index, content, position) in enumerate(headings):
        stop = headings[k + 1][2] if k + 1 < len(headings) else len(lines)
        has_article = any(ARTICLE.match(ln.content) for ln in lines[position + 1 : stop])
        repeated = any(content == later for _, later, _ in headings[k + 1 :])
        if not has_article and repeated:
            toc.add(index)
    return toc


def _article_markers(lines: list[Line]) -> list[Marker]:
    if not lines:
        return []
    head = ARTICLE.match(lines[0].content)
    assert head is not None
    number = cn_to_int(head.group(1)) or 0
    suffix = cn_to_int(head.group(2)) if head.group(2) else None
    segment = f"art_{number}" + (f"-{suffix}" if suffix else "")
    label = f"第{int_to_cn(number)}条" + (f"之{int_to_cn(suffix)}" if suffix else "")
    markers = [
        Marker(
            lines[0].start,
            _RANK["条"],
            ClauseKind.ARTICLE,
            segment,
            label,
            number,
            absolute=True,
            own_locator=True,
        )
    ]
    # A table row is no 款: the table belongs to the paragraph that introduces it (考核分工如下：).
    kinds = [
        "row"
        if ln.content.startswith("|")
        else "item"
        if _ITEM.match(ln.content)
        else "sub"
        if _SUBITEM.match(ln.content)
        else "para"
        for ln in lines[1:]
    ]
    paragraphs = 1 + kinds.count("para")
    if paragraphs >= 2:
        markers.append(
            Marker(lines[0].start, _RANK["款"], ClauseKind.PARAGRAPH, "para_1", "第一款", 1)
        )
    para = 1
    for line, kind in zip(lines[1:], kinds, strict=True):
        if kind == "para":
            para += 1
            markers.append(
                Marker(
                    line.start,
                    _RANK["款"],
                    ClauseKind.PARAGRAPH,
                    f"para_{para}",
                    f"第{int_to_cn(para)}款",
                    para,
                )
            )
        elif kind == "row":
            continue
        elif kind == "item":
            match = _ITEM.match(line.content)
            assert match is not None
            n = cn_to_int(match.group(1)) or 0
            markers.append(
                Marker(
                    line.start,
                    _RANK["项"],
                    ClauseKind.ITEM,
                    f"{segment}/para_{para}/item_{n}",
                    f"第（{int_to_cn(n)}）项",
                    n,
                    absolute=True,
                )
            )
        else:
            sub = _SUBITEM.match(line.content)
            assert sub is not None
            n = _item_number(sub)
            markers.append(
                Marker(line.start, _RANK["目"], ClauseKind.SUBITEM, f"sub_{n}", f"第{n}目", n)
            )
    return markers
