"""Word (.docx) documents as layouts: body paragraphs and tables in document order, heading
styles as headings, automatic numbering written out as the prefix Word shows (一、 （一） 1.).
"""

from __future__ import annotations

import io
import re
from typing import Any

from ingest.errors import IngestError
from ingest.layout import Block, Layout, Paragraph
from ingest.readers._common import file_name, grid_blocks, require

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "零一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HEADING_STYLE = re.compile(r"^(heading|标题|title)\s*\d*$", re.IGNORECASE)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (the counting Word's 一、 lists use)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        if not rest:
            tail = ""
        elif rest < 10:
            tail = "零" + _DIGITS[rest]
        else:
            tail = _DIGITS[rest // 10] + "十" + (_DIGITS[rest % 10] if rest % 10 else "")
        return _DIGITS[n // 100] + "百" + tail
    return str(n)


_ROMAN: tuple[tuple[int, str], ...] = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (w:numFmt)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting"):
        return chinese_number(n)
    if fmt in ("japaneseCounting", "ideographDigital", "chineseLegalSimplified"):
        return chinese_number(n)
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "decimalFullWidth":
        return str(n).translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class Numbering:
    """Word's list definitions (numbering.xml) and the running counters of each list."""

    def __init__(self, document: Any) -> None:
        # numId → ilvl → (number format, label text like "（%1）", first number)
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{_W}lvl"):
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    _val(lvl, "numFmt") or "decimal",
                    _val(lvl, "lvlText") or "",
                    int(_val(lvl, "start") or 1),
                )
            abstract[node.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iter(f"{_W}num"):
            levels = dict(abstract.get(_val(num, "abstractNumId") or "", {}))
            for override in num.iter(f"{_W}lvlOverride"):
                ilvl, start = int(override.get(f"{_W}ilvl", "0")), _val(override, "startOverride")
                if start and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, int(start))
            self.levels[num.get(f"{_W}numId", "")] = levels

    def prefix(self, num_id: str, ilvl: int) -> str:
        """The label of the next paragraph at level ``ilvl`` of list ``num_id``, e.g. "（二）"."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 10)
        for level in range(10):
            if level < ilvl and counts[level] == 0 and level in levels:
                counts[level] = levels[level][2]
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else levels[ilvl][2]
        for deeper in range(ilvl + 1, 10):
            counts[deeper] = 0
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return ""

        def number(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            level_fmt = levels.get(level, (fmt, "", 1))[0]
            return format_number(counts[level] or 1, level_fmt)

        return re.sub(r"%([1-9])", number, text)


def _val(node: Any, child: str) -> str | None:
    found = node.find(f"{_W}{child}")
    return None if found is None else found.get(f"{_W}val")


class Styles:
    """Paragraph styles by id, read once: python-docx looks a style up by scanning them all."""

    def __init__(self, document: Any) -> None:
        self.by_id: dict[str, Any] = {}
        self.default: Any = None
        for style in document.styles.element.iter(f"{_W}style"):
            if style.get(f"{_W}type") != "paragraph":
                continue
            self.by_id[style.get(f"{_W}styleId", "")] = style
            if style.get(f"{_W}default") in ("1", "true"):
                self.default = style

    def chain(self, paragraph: Any) -> list[Any]:
        """The paragraph's own properties, then its style's and the styles it is based on."""
        props = paragraph.find(f"{_W}pPr")
        style_id = None if props is None else _val(props, "pStyle")
        style = self.by_id.get(style_id or "", self.default)
        chain = [props]
        for _ in range(10):  # basedOn chains are short; a cycle must not hang the reader
            if style is None:
                break
            chain.append(style)
            style = self.by_id.get(_val(style, "basedOn") or "")
        return chain

    def numbering(self, paragraph: Any) -> tuple[str, int] | None:
        """The list a paragraph belongs to (w:numPr, its own or its style's), if any."""
        for node in self.chain(paragraph):
            props = node if node is None or node.tag == f"{_W}pPr" else node.find(f"{_W}pPr")
            num_pr = None if props is None else props.find(f"{_W}numPr")
            if num_pr is not None:
                num_id = _val(num_pr, "numId")
                if not num_id or num_id == "0":
                    return None  # numbering switched off here
                return num_id, int(_val(num_pr, "ilvl") or 0)
        return None

    def is_heading(self, paragraph: Any) -> bool:
        """A heading or title style, or any style or paragraph with an outline level."""
        for node in self.chain(paragraph):
            if node is None:
                continue
            if node.tag == f"{_W}style" and _HEADING_STYLE.match(_val(node, "name") or ""):
                return True
            props = node if node.tag == f"{_W}pPr" else node.find(f"{_W}pPr")
            level = None if props is None else _val(props, "outlineLvl")
            if level is not None and level != "9":  # 9 is Word's "body text"
                return True
        return False


def read_docx(data: bytes, source: str) -> Layout:
    """Paragraphs (段落N) and tables (表格K 第R行) of a .docx body, in document order."""
    name = file_name(source)
    docx = require("docx", "python-docx", "Word .docx files")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise IngestError(
            f"{name}: is a damaged .docx ({type(exc).__name__}); "
            "open it in Word or WPS and save it again"
        ) from None
    reader = _Body(document, docx)
    reader.walk(document.element.body)
    if not reader.blocks:
        raise IngestError(f"{name}: the Word document has no text; supply the document's text")
    title = (document.core_properties.title or "").strip() or None
    return Layout("docx", tuple(reader.blocks), title=title)


class _Body:
    def __init__(self, document: Any, docx: Any) -> None:
        self.document = document
        self.docx = docx
        self.numbering = Numbering(document)
        self.styles = Styles(document)
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0

    def text(self, paragraph: Any) -> str:
        numbered = self.styles.numbering(paragraph._p)
        label = self.numbering.prefix(*numbered) if numbered else ""
        return label + paragraph.text

    def walk(self, parent: Any) -> None:
        for child in parent.iterchildren():
            if child.tag == f"{_W}p":
                self.paragraphs += 1
                paragraph = self.docx.text.paragraph.Paragraph(child, self.document)
                text = self.text(paragraph)
                if text.strip():
                    where = f"段落{self.paragraphs}"
                    self.blocks.append(
                        Paragraph(text, where, heading=self.styles.is_heading(child))
                    )
            elif child.tag == f"{_W}tbl":
                self.tables += 1
                self.table(self.docx.table.Table(child, self.document))
            elif child.tag == f"{_W}sdt":  # a content control wraps ordinary body content
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    self.walk(content)

    def table(self, table: Any) -> None:
        k = self.tables
        seen: dict[Any, str] = {}  # a merged cell is one w:tc met several times
        rows: list[list[str]] = []
        for row in table.rows:
            cells = [""] * getattr(row, "grid_cols_before", 0)
            for cell in row.cells:
                if cell._tc not in seen:  # the key keeps lxml's proxy, so it stays the same
                    parts = [self.text(p) for p in cell.paragraphs]
                    for inner in cell.tables:  # a table in a cell: its rows as lines
                        parts += [" ".join(c.text for c in r.cells) for r in inner.rows]
                    seen[cell._tc] = "\n".join(parts)
                cells.append(seen[cell._tc])
            rows.append(cells)
        self.blocks.extend(grid_blocks(rows, lambda i: f"表格{k} 第{i + 1}行", f"表格{k}"))
