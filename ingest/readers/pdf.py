"""PDF files with a text layer as layouts: pdfplumber's table finder for tables (merged cells
propagated, a table going on over a page break joined), the text outside them in reading order.

Lines wrapped at the right margin, or split by a page break mid-sentence, are joined back; page
headers and footers repeated across pages and bare page numbers go.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ingest.errors import IngestError
from ingest.layout import Block, Layout, Paragraph
from ingest.readers._common import file_name, grid_blocks, require

_TERMINAL = tuple("。！？；：;:!?")
# A line that starts a new clause or list item never continues the line above it.
_STARTS_ITEM = re.compile(
    r"^\s*(第[一二三四五六七八九十百零〇\d]+[条章节编款]|[一二三四五六七八九十]+[、.．]|"
    r"[（(][一二三四五六七八九十\d]+[)）]|\d+(\.\d+)*[、.．\s]|[①-⑳]|附件|附表)"
)
_PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|\d+(\s*/\s*\d+)?|page\s*\d+.*)[-—–\s]*$",
    re.IGNORECASE,
)
_NO_TITLE = re.compile(
    r"\.(docx?|xlsx?|pdf|txt|wps)$|^\W*(anonymous|untitled|无标题|未命名)\W*$", re.IGNORECASE
)
_CJK = r"\u3400-\u9fff\uff00-\uffef\u3000-\u303f"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])\n(?=[{_CJK}])|(?<=[{_CJK}])\n|\n(?=[{_CJK}])")


@dataclass
class _Line:
    text: str
    page: int
    top: float
    bottom: float
    x0: float
    x1: float


@dataclass
class _Grid:
    rows: list[list[str]]
    origins: list[str]
    origin: str
    page: int
    top: float = 0.0


@dataclass
class _Page:
    number: int
    right: float  # the right edge of the text column
    left: float  # its left edge: a line starting further in opens a paragraph (首行缩进)
    items: list[_Line | _Grid] = field(default_factory=list)


def cell_lines(text: str | None) -> str:
    """A wrapped cell's lines joined: no space between Chinese characters, one between words."""
    if not text:
        return ""
    return _CJK_BREAK.sub("", text).replace("\n", " ").strip()


def read_pdf(data: bytes, source: str) -> Layout:
    """Text and tables of a PDF's pages; IngestError for a scan, an encrypted or a damaged file."""
    name = file_name(source)
    pdfplumber = require("pdfplumber", "pdfplumber", "PDF files")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages, scanned = _read_pages(pdf)
            title = _title(pdf.metadata or {})
    except IngestError:
        raise
    except Exception as exc:  # pdfminer raises many kinds for a damaged or locked file
        detail = repr(exc).lower()
        if "password" in detail or "encrypt" in detail:
            raise IngestError(
                f"{name}: is password-protected (encrypted); open it with the password and "
                "print or export it again without one"
            ) from None
        raise IngestError(
            f"{name}: is a damaged PDF ({type(exc).__name__}); export or download it again"
        ) from None
    if not any(page.items for page in pages):
        if scanned:
            raise IngestError(
                f"{name}: has no text layer (a scan); run OCR first or supply the text"
            )
        raise IngestError(f"{name}: the PDF has no text; supply the document's text")
    _drop_furniture(pages)
    for page in pages:
        _measure_column(page)
    notes = tuple(
        f"第{n}页 has no text layer (a scanned page?); its text is missing" for n in scanned
    )
    return Layout("pdf", tuple(_blocks(pages)), title=title, notes=notes if len(pages) > 1 else ())


def _title(metadata: dict[str, Any]) -> str | None:
    title = metadata.get("Title")
    if isinstance(title, bytes):
        title = title.decode("utf-8", "replace")
    title = str(title or "").strip()
    # Printers put the file name or their default there: "Microsoft Word - 通知.docx" is no title.
    if not title or _NO_TITLE.search(title):
        return None
    return title


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _read_pages(pdf: Any) -> tuple[list[_Page], list[int]]:
    pages: list[_Page] = []
    scanned: list[int] = []
    for number, page in enumerate(pdf.pages, start=1):
        if not page.chars:
            if page.images:
                scanned.append(number)
            pages.append(_Page(number, float(page.width), 0.0))
            continue
        ruled = page.lines or page.rects or page.curves  # the finder follows ruling lines
        tables = page.find_tables() if ruled else []
        boxes = [t.bbox for t in tables]
        outside = page.filter(
            lambda o, b=boxes: o.get("object_type") != "char" or not _inside(o, b)
        )
        lines = [
            _Line(ln["text"], number, ln["top"], ln["bottom"], ln["x0"], ln["x1"])
            for ln in outside.extract_text_lines(return_chars=False)
            if ln["text"].strip()
        ]
        grids = [_grid(t, number, k) for k, t in enumerate(tables, start=1)]
        right = max((ln.x1 for ln in lines), default=float(page.width))
        left = min((ln.x0 for ln in lines), default=0.0)
        items: list[_Line | _Grid] = [*lines, *(g for g in grids if g.rows)]
        items.sort(key=lambda item: item.top)
        pages.append(_Page(number, right, left, items))
    return pages, scanned


def _grid(table: Any, page: int, k: int) -> _Grid:
    """A found table's cells, a merged cell's text copied into each grid cell it covers."""
    texts = table.extract()
    boxes = [row.cells for row in table.rows]
    rows: list[list[str]] = []
    for r, row in enumerate(texts):
        out: list[str] = []
        for c, text in enumerate(row):
            if boxes[r][c] is not None:
                out.append(cell_lines(text))
                continue
            out.append(_covering(texts, boxes, r, c))
        rows.append(out)
    origin = f"第{page}页 表{k}"
    return _Grid(
        rows, [f"{origin} 第{r}行" for r in range(1, len(rows) + 1)], origin, page, table.bbox[1]
    )


def _covering(texts: list[list[str | None]], boxes: list[list[Any]], r: int, c: int) -> str:
    """The text of the merged cell covering the empty grid slot (r, c): the cell to its left when
    that cell reaches over the slot's middle, else the nearest cell above."""
    column = [row[c] for row in boxes if c < len(row) and row[c] is not None]
    middle = (column[0][0] + column[0][2]) / 2 if column else None
    for left in range(c - 1, -1, -1):
        box = boxes[r][left]
        if box is not None:
            if middle is None or box[2] > middle:
                return cell_lines(texts[r][left])
            break
    for up in range(r - 1, -1, -1):
        if boxes[up][c] is not None:
            return cell_lines(texts[up][c])
    return ""


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_furniture(pages: list[_Page]) -> None:
    """Drop running headers/footers (same text, digits aside, atop or under most pages) and
    bare page numbers at a page's top or bottom."""
    edges: Counter[str] = Counter()
    for page in pages:
        lines = [item for item in page.items if isinstance(item, _Line)]
        edges.update({_key(ln.text) for ln in lines[:2] + lines[-2:]})
    repeated = {k for k, n in edges.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    for page in pages:
        lines = [item for item in page.items if isinstance(item, _Line)]
        edge = {id(ln) for ln in lines[:2] + lines[-2:]}
        page.items = [
            item
            for item in page.items
            if not (
                isinstance(item, _Line)
                and id(item) in edge
                and (_key(item.text) in repeated or _PAGE_NUMBER.match(item.text))
            )
        ]


def _measure_column(page: _Page) -> None:
    """The text column's edges from the lines left once headers, footers and page numbers are
    gone: a running header set in the margin (further left or right than the body) would make
    every wrapped line look indented or short, and no line would be joined."""
    lines = [item for item in page.items if isinstance(item, _Line)]
    if lines:
        page.right = max(ln.x1 for ln in lines)
        page.left = min(ln.x0 for ln in lines)


def _continues(previous: _Line, line: _Line, page: _Page) -> bool:
    """Whether ``line`` goes on with the sentence of ``previous`` (wrapped at the margin)."""
    text = previous.text.rstrip()
    if not text or text.endswith(_TERMINAL) or _STARTS_ITEM.match(line.text):
        return False
    height = max(previous.bottom - previous.top, 1.0)
    if line.page == previous.page and line.top - previous.bottom > 1.2 * height:
        return False  # a blank line between them: a new paragraph
    if line.x0 > page.left + 1.5 * height:
        return False  # indented: a new paragraph
    return previous.x1 >= page.right - 2.5 * height


def _join(left: str, right: str) -> str:
    if re.search(r"[A-Za-z0-9,]$", left) and re.match(r"[A-Za-z0-9(]", right):
        return f"{left} {right}"
    return left + right


def _blocks(pages: list[_Page]) -> list[Block]:
    """Paragraphs from joined lines, tables (one going over a page break joined) in order."""
    blocks: list[Block] = []
    text: list[str] = []
    last: _Line | None = None
    grid: _Grid | None = None
    start_page = 0

    def flush_text() -> None:
        nonlocal text
        if text:
            blocks.append(Paragraph("".join(text), f"第{start_page}页"))
        text = []

    def flush_grid() -> None:
        nonlocal grid
        if grid is not None:
            blocks.extend(grid_blocks(grid.rows, grid.origins.__getitem__, grid.origin))
        grid = None

    for page in pages:
        for item in page.items:
            if isinstance(item, _Grid):
                flush_text()
                last = None
                if grid is not None and _goes_on(grid, item):
                    skip = 1 if item.rows[0] == grid.rows[0] else 0  # a header repeated
                    grid.rows.extend(item.rows[skip:])
                    grid.origins.extend(item.origins[skip:])
                    grid.page = item.page
                    continue
                flush_grid()
                grid = item
                continue
            flush_grid()
            if last is not None and _continues(last, item, page):
                text[-1] = _join(text[-1], item.text.strip())
            else:
                flush_text()
                start_page = item.page
                text.append(item.text.strip())
            last = item
    flush_text()
    flush_grid()
    return blocks


def _goes_on(grid: _Grid, item: _Grid) -> bool:
    """A table at the top of the next page with as many columns goes on with the last one."""
    width = max((len(r) for r in grid.rows), default=0)
    return item.page == grid.page + 1 and width == max((len(r) for r in item.rows), default=-1)
