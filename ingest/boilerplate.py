"""Strip web-page furniture (navigation, widgets, link farms) from scraped text; HTML to text,
its tables as ``| a | b |`` rows.

A general line-level rule, not a list of strings: lines are judged by separators, link
density and density of prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from ingest.layout import cell_text

# Sentence punctuation (full and half width) marks prose; nav and widgets have none.
_PROSE_PUNCT = re.compile(r"[，。；：！？、,;:!?]")
_SENTENCE_PUNCT = re.compile(r"[，。；！？,;!?]")
_BRACKET_LINK = re.compile(r"\[[^\[\]]{1,12}\]")
_HAS_DIGIT = re.compile(r"[0-9０-９〇一二三四五六七八九十]+[年月日号]|\d")
# A page number printed in a text export of a Word or PDF file (第 1 页 共 2 页, - 3 -, 2/5);
# a bare number alone is left alone (a table cell, a list number).
_PAGE_NUMBER_LINE = re.compile(
    r"^[-—–\s]*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)[-—–\s]*$"
    r"|^\s*[-—–]+\s*\d+\s*[-—–]+\s*$"
)
_GOOD_MIN_CHARS = 30  # a prose paragraph carries at least this much text and sentence punctuation
_SHORT_MAX_CHARS = 6  # a site name or a breadcrumb word


@dataclass(frozen=True, slots=True)
class Dropped:
    """A removed line: its offsets in the text before removal and why it went."""

    start: int
    end: int
    reason: str  # "boilerplate", "near_boilerplate", "page_number"


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
        if _PAGE_NUMBER_LINE.match(line):
            labels.append("page")
        elif pipes >= 2:
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
    if "bad" not in labels and "page" not in labels:
        return text, []
    good = [i for i, label in enumerate(labels) if label == "good"]
    first_good, last_good = (good[0], good[-1]) if good else (len(lines), -1)
    drop = {i: "boilerplate" for i, label in enumerate(labels) if label == "bad"}
    pages = {i: "page_number" for i, label in enumerate(labels) if label == "page"}
    for i in list(drop):
        for step in (1, -1):
            j = i + step
            while 0 <= j < len(lines) and labels[j] in ("short", "blank", "bad"):
                if (j < first_good or j > last_good) and labels[j] == "short":
                    drop.setdefault(j, "near_boilerplate")
                j += step
    drop.update(pages)
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


_MAX_SPAN = 500  # a rowspan/colspan past this is a broken page, not a table


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    value = dict(attrs).get(name) or "1"
    digits = re.match(r"\s*(\d+)", value)
    return min(max(int(digits.group(1)), 1), _MAX_SPAN) if digits else 1


@dataclass
class _HtmlTable:
    """A table being read: rows of (text, rowspan, colspan) cells, its caption, a nested table."""

    rows: list[list[tuple[str, int, int]]] = field(default_factory=list)
    caption: list[str] = field(default_factory=list)
    cell: list[str] | None = None  # the open <td>/<th>'s text
    span: tuple[int, int] = (1, 1)
    in_caption: bool = False
    nested: bool = False  # holds a table: a layout table, its cells read as blocks

    def close_cell(self) -> None:
        if self.cell is not None:
            if not self.rows:
                self.rows.append([])
            self.rows[-1].append(("".join(self.cell), *self.span))
        self.cell = None

    def grid(self) -> list[list[str]]:
        """Cells placed on the grid, a row- or col-spanning cell's text in every slot it covers."""
        placed: dict[tuple[int, int], str] = {}
        for r, row in enumerate(self.rows):
            c = 0
            for text, rowspan, colspan in row:
                while (r, c) in placed:
                    c += 1
                for dr in range(min(rowspan, len(self.rows) - r)):
                    for dc in range(colspan):
                        placed[(r + dr, c + dc)] = text
                c += colspan
        width = max((c + 1 for _, c in placed), default=0)
        return [[placed.get((r, c), "") for c in range(width)] for r in range(len(self.rows))]

    def render(self) -> str:
        """Pipe rows for a data table; the cells' own lines for a layout table."""
        grid = self.grid()
        if self.nested or max((len(row) for row in grid), default=0) < 2:
            return "\n".join(text for row in self.rows for text, _, _ in row if text.strip())
        lines = [cell_text("".join(self.caption))] if "".join(self.caption).strip() else []
        lines += [
            "| " + " | ".join(cell_text(c) for c in row) + " |"
            for row in grid
            if any(c.strip() for c in row)
        ]
        return "\n\n" + "\n".join(lines) + "\n\n"


class _TextExtractor(HTMLParser):
    """Collect visible text, one line per block element; skip scripts, styles and heads.

    Tables become ``| a | b |`` rows with row- and column-spanning cells copied into each slot
    they cover, like the tables of the binary readers; a table holding tables only lays out the
    page, so its cells are read as ordinary blocks.
    """

    _BLOCK = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"}
        | {"header", "footer", "ul", "ol", "dt", "dd", "title", "blockquote", "pre", "hr"}
    )
    _SKIP = frozenset({"script", "style", "noscript", "template", "svg"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0
        self._tables: list[_HtmlTable] = []

    def _sink(self) -> list[str] | None:
        """Where text goes now: the open cell or caption, the page, or nowhere (between cells)."""
        if not self._tables:
            return self.parts
        table = self._tables[-1]
        if table.in_caption:
            return table.caption
        return table.cell

    def _write(self, text: str) -> None:
        sink = self._sink()
        if sink is not None:
            sink.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag == "table":
            if self._tables:
                self._tables[-1].nested = True
            self._tables.append(_HtmlTable())
        elif self._tables and tag == "tr":
            self._tables[-1].close_cell()
            self._tables[-1].rows.append([])
        elif self._tables and tag in ("td", "th"):
            table = self._tables[-1]
            table.close_cell()
            table.cell, table.span = [], (_span(attrs, "rowspan"), _span(attrs, "colspan"))
        elif self._tables and tag == "caption":
            self._tables[-1].in_caption = True
        elif tag in self._BLOCK:
            self._write("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "table" and self._tables:
            table = self._tables.pop()
            table.close_cell()
            self._write("\n" + table.render() + "\n")
        elif self._tables and tag in ("td", "th", "tr"):
            self._tables[-1].close_cell()
        elif self._tables and tag == "caption":
            self._tables[-1].in_caption = False
        elif tag in self._BLOCK:
            self._write("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            text = re.sub(r"[ \t\n]+", " ", data)
            self._write(page_title(text) if self.lasttag == "title" else text)

    def close(self) -> None:
        super().close()
        while self._tables:  # a page cut off inside a table
            table = self._tables.pop()
            table.close_cell()
            self._write("\n" + table.render() + "\n")


# A page title names its site and section after the document: 某某通知_通知公告_某某委员会,
# 某某通知 - 某某政府网, 某某通知|某某网.
_SITE_SUFFIX = re.compile(r"\s*(?:[_|｜]|\s[-－—–]\s)\s*")
_TITLE_LONGEST_PART = 6  # a part this short or shorter is a section or site name


def page_title(text: str) -> str:
    """The document's part of a page title: the first of its ``_``/``|``/`` - `` parts when it
    is longer than a section's name."""
    parts = [p for p in _SITE_SUFFIX.split(text.strip()) if p]
    if len(parts) > 1 and len(parts[0]) > _TITLE_LONGEST_PART:
        return parts[0]
    return text


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
