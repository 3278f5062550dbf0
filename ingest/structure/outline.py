"""Clause trees of notices, plans and reports: 一、（一）1.（1）① numbering and unnumbered headings.

Ranks follow first appearance (the first numbering style met is the top level), as word
processors do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.models import ClauseKind
from ingest.structure.annex import annex_marker
from ingest.structure.common import CIRCLED, CN_NUMBER, PROSE_PUNCT, Line, cn_to_int, squeeze
from ingest.structure.tree import Marker


@dataclass(frozen=True, slots=True)
class _Style:
    name: str
    pattern: re.Pattern[str]
    kind: ClauseKind


_STYLES: tuple[_Style, ...] = (
    _Style("part", re.compile(rf"^第({CN_NUMBER})(部分|章|节)"), ClauseKind.HEADING),
    _Style("cn_dun", re.compile(rf"^({CN_NUMBER})\s*[、.](?!\d)"), ClauseKind.HEADING),
    _Style("cn_paren", re.compile(rf"^[（(]\s*({CN_NUMBER})\s*[)）]"), ClauseKind.ITEM),
    _Style("ar_dot", re.compile(r"^(\d{1,2})\s*[.、](?![\d.])"), ClauseKind.SUBITEM),
    _Style("ar_paren", re.compile(r"^[（(]\s*(\d{1,2})\s*[)）]"), ClauseKind.SUBITEM),
    _Style("circled", re.compile(rf"^([{CIRCLED}])"), ClauseKind.SUBITEM),
)
_MD_HEADING = re.compile(r"^(#{1,6})\s+\S")
_PLAIN_HEADING_MAX = 15  # 总体要求, 整治内容 …: a short line standing alone
_HEADING_MAX = 30


def _number(style: _Style, match: re.Match[str]) -> int | None:
    raw = match.group(1)
    if style.name == "circled":
        return CIRCLED.index(raw) + 1
    return cn_to_int(raw)


def _label(style: _Style, match: re.Match[str], number: int | None) -> str:
    if style.name == "part":
        return match.group(0)
    if style.name == "cn_dun":
        return f"{match.group(1)}、"
    if style.name == "cn_paren":
        return f"（{match.group(1)}）"
    if style.name == "ar_dot":
        return f"{number}."
    if style.name == "ar_paren":
        return f"（{number}）"
    return match.group(0)


def _heading(rest: str) -> str | None:
    """The heading of a numbered unit: the whole line if short, else a short first sentence."""
    rest = rest.strip()
    if not rest:
        return None
    if len(rest) <= _HEADING_MAX and not PROSE_PUNCT.search(rest.rstrip("。")):
        return squeeze(rest.rstrip("。:："))
    first = re.match(r"^([^。；;：:，,]{2,30})[。：:]", rest)
    return squeeze(first.group(1)) if first else None


def _is_plain_heading(lines: list[Line], i: int) -> bool:
    """A short unpunctuated line that opens a block: next comes prose or numbered units."""
    content = lines[i].content
    if (
        len(content) > _PLAIN_HEADING_MAX
        or len(content) < 2
        or PROSE_PUNCT.search(content)
        or re.search(r"[:：|\d]", content)
        or content.endswith("。")
    ):
        return False
    following = next((ln for ln in lines[i + 1 :] if not ln.blank), None)
    if following is None:
        return False
    return (len(following.content) >= 20 and bool(PROSE_PUNCT.search(following.content))) or any(
        s.pattern.match(following.content) for s in _STYLES
    )


def outline_markers(lines: list[Line], body_start: int) -> list[Marker]:
    """Markers for numbered and unnumbered headings at or after ``body_start``."""
    ranks: dict[str, int] = {}
    plain_counts: dict[int, int] = {}
    markers: list[Marker] = []
    for i, line in enumerate(lines):
        if line.blank or line.start < body_start:
            continue
        content = line.content
        annex = annex_marker(line, sum(m.segment.startswith("annex_") for m in markers) + 1)
        if annex is not None:
            markers.append(annex)
            continue
        md = _MD_HEADING.match(content)
        if md:
            style_name, text = f"md{len(md.group(1))}", content[len(md.group(1)) :].strip()
            rank = ranks.setdefault(style_name, len(ranks))
            k = plain_counts[rank] = plain_counts.get(rank, 0) + 1
            markers.append(
                Marker(
                    line.start,
                    rank,
                    ClauseKind.HEADING,
                    f"p_{k}",
                    squeeze(text),
                    heading=squeeze(text),
                )
            )
            continue
        for style in _STYLES:
            match = style.pattern.match(content)
            if match:
                number = _number(style, match)
                rank = ranks.setdefault(style.name, len(ranks))
                markers.append(
                    Marker(
                        line.start,
                        rank,
                        style.kind,
                        f"h_{number}",
                        _label(style, match, number),
                        number,
                        heading=_heading(content[match.end() :]),
                    )
                )
                break
        else:
            if _is_plain_heading(lines, i):
                rank = ranks.setdefault("plain", len(ranks))
                k = plain_counts[rank] = plain_counts.get(rank, 0) + 1
                markers.append(
                    Marker(
                        line.start,
                        rank,
                        ClauseKind.HEADING,
                        f"p_{k}",
                        squeeze(content),
                        heading=squeeze(content),
                    )
                )
    return markers
