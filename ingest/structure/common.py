"""Shared pieces of the structure parsers: lines with offsets, Chinese numerals, prose tests.

Parsers read ``Document.folded`` (simplified, half-width digits) and cut spans that index
``Document.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "零〇○一二两三四五六七八九十百千"
CN_NUMBER = f"[{CN_NUMERAL}]+"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Sentence punctuation in both widths: a line with it reads as prose, not as a heading.
PROSE_PUNCT = re.compile(r"[，。；！？,;!?]")
SENTENCE_END = "。；！？;!?"


def cn_to_int(numeral: str) -> int | None:
    """Chinese (or Arabic) numeral up to 千 → int: 二十 → 20, 三百三十四 → 334, 一〇五 → 105."""
    numeral = numeral.strip()
    if not numeral:
        return None
    if numeral.isdigit():
        return int(numeral)
    if not all(ch in _DIGITS or ch in _UNITS for ch in numeral):
        return None
    if not any(ch in _UNITS for ch in numeral):  # positional form: 二〇二五
        return int("".join(str(_DIGITS[ch]) for ch in numeral))
    total, digit = 0, None
    for ch in numeral:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
    return total + (digit or 0)


def int_to_cn(number: int) -> str:
    """int up to 9999 → Chinese numeral as statutes write it: 20 → 二十, 105 → 一百零五."""
    names = "零一二三四五六七八九"
    if number < 10:
        return names[number]
    parts: list[str] = []
    zero_pending = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = (number // unit) % 10
        if digit == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        parts.append(("" if (unit == 10 and digit == 1 and not parts) else names[digit]) + name)
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text: offsets of its stripped content, and that content (from folded)."""

    index: int
    start: int  # first non-blank character
    end: int  # after the last non-blank character
    content: str  # folded, stripped

    @property
    def blank(self) -> bool:
        return not self.content


def iter_lines(folded: str) -> Iterator[Line]:
    """Every line with the offsets of its stripped content."""
    offset = 0
    for index, raw in enumerate(folded.split("\n")):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        start = offset + lead if stripped else offset
        yield Line(index, start, start + len(stripped), stripped)
        offset += len(raw) + 1


def is_prose(content: str, min_chars: int = 30) -> bool:
    """A paragraph of running text: long enough and punctuated like sentences."""
    return len(content) >= min_chars and bool(PROSE_PUNCT.search(content))


def squeeze(text: str) -> str:
    """Drop whitespace inside Chinese text (kept only between two Latin letters or digits)."""
    return re.sub(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])", "", text.strip())


def unwrap(text: str) -> str:
    """Join lines a page break split mid-sentence; keep breaks after sentence punctuation."""
    out: list[str] = []
    for piece in re.split(r"\n\s*", text.strip()):
        if out and out[-1] and out[-1][-1] not in SENTENCE_END + "：:":
            out[-1] += piece
        else:
            out.append(piece)
    return "\n".join(p for p in out if p)
