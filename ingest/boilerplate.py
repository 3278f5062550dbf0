"""Strip web-page furniture (navigation, widgets, link farms) from scraped text; HTML to text.

A general line-level rule, not a list of strings: lines are judged by separators, link
density and density of prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

# Sentence punctuation (full and half width) marks prose; nav and widgets have none.
_PROSE_PUNCT = re.compile(r"[，。；：！？、,;:!?]")
_SENTENCE_PUNCT = re.compile(r"[，。；！？,;!?]")
_BRACKET_LINK = re.compile(r"\[[^\[\]]{1,12}\]")
_HAS_DIGIT = re.compile(r"[0-9０-９〇一二三四五六七八九十]+[年月日号]|\d")
_GOOD_MIN_CHARS = 30  # a prose paragraph carries at least this much text and sentence punctuation
_SHORT_MAX_CHARS = 6  # a site name or a breadcrumb word


@dataclass(frozen=True, slots=True)
class Dropped:
    """A removed line: its offsets in the text before removal and why it went."""

    start: int
    end: int
    reason: str  # "navigation", "widget", "link_farm", "near_boilerplate"


def _cells(line: str) -> list[str]:
    return line.split("|")


def _is_table_row(lines: list[str], i: int) -> bool:
    """A pipe line belongs to a table when a neighbouring non-blank line has as many cells."""
    cells = len(_cells(lines[i]))
    return any(
        lines[j].count("|") >= 2 and abs(len(_cells(lines[j])) - cells) <= 3
        for j in (i - 2, i - 1, i + 1, i + 2)
        if 0 <= j < len(lines)
    )


def classify(lines: list[str]) -> list[str]:
    """Label each line ``bad`` (boilerplate), ``good`` (prose), ``short`` or ``other``."""
    labels: list[str] = []
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            labels.append("blank")
            continue
        pipes = line.count("|")
        tokens = line.split()
        if pipes >= 2:
            # Pipe-separated segments outside a table: a menu or a link farm.
            labels.append("other" if _is_table_row(lines, i) else "bad")
        elif len(_BRACKET_LINK.findall(line)) >= 2 and len(line) < 60:
            labels.append("bad")
        elif (
            len(tokens) >= 8
            and not line.startswith("#")
            and sum(len(t) for t in tokens) / len(tokens) <= 5
            and not _SENTENCE_PUNCT.search(line)
        ):
            # Space-separated fragments with no sentence punctuation: a player or toolbar.
            labels.append("bad")
        elif len(line) >= _GOOD_MIN_CHARS and _SENTENCE_PUNCT.search(line):
            labels.append("good")
        elif len(line) <= _SHORT_MAX_CHARS and not _HAS_DIGIT.search(line):
            labels.append("short")
        else:
            labels.append("other")
    return labels


def strip_boilerplate(text: str) -> tuple[str, list[Dropped]]:
    """Remove boilerplate lines; return the kept text and what was dropped.

    Lines judged bad go wherever they are. Around the body (before the first and after the last
    prose line), runs of very short lines next to a bad line go too: site names, breadcrumbs
    and "hot tags" headings sit there, while a title or a dated signature is longer or has digits.
    """
    lines = text.split("\n")
    labels = classify(lines)
    if "bad" not in labels:
        return text, []
    good = [i for i, label in enumerate(labels) if label == "good"]
    first_good, last_good = (good[0], good[-1]) if good else (len(lines), -1)
    drop = {i: "boilerplate" for i, label in enumerate(labels) if label == "bad"}
    for i in list(drop):
        for step in (1, -1):
            j = i + step
            while 0 <= j < len(lines) and labels[j] in ("short", "blank", "bad"):
                if (j < first_good or j > last_good) and labels[j] == "short":
                    drop.setdefault(j, "near_boilerplate")
                j += step
    kept: list[str] = []
    dropped: list[Dropped] = []
    offset = 0
    for i, line in enumerate(lines):
        end = offset + len(line) + (1 if i < len(lines) - 1 else 0)
        if i in drop:
            dropped.append(Dropped(offset, end, drop[i]))
        else:
            kept.append(line)
        offset = end
    return "\n".join(kept), dropped


class _TextExtractor(HTMLParser):
    """Collect visible text, one line per block element; skip scripts, styles and heads."""

    _BLOCK = frozenset(
        [
            "p",
            "div",
            "br",
            "li",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "section",
            "article",
            "header",
            "footer",
            "ul",
            "ol",
            "dt",
            "dd",
            "title",
            "blockquote",
            "pre",
            "hr",
        ]
    )
    _SKIP = frozenset({"script", "style", "noscript", "template", "svg"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(re.sub(r"[ \t\n]+", " ", data))


def looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(body|div|p|table)[\s>]", head)
    )


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one block per line, entities decoded."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = unescape("".join(parser.parts))
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
