"""Builds the binary documents of the generalisation set (XLSX, DOCX, PDF) from readable specs.

Each ``specs/<document file name>.yaml`` says what a person sees in the file; run
``python -m benchmarks.generalisation.make`` to regenerate the files next to this module.

Spec shape (YAML)::

    format: xlsx | docx | pdf
    title: the file's title property (optional)
    sheets:                      # xlsx only: one entry per sheet
      - name: 检查表
        title: a title row merged across the table (optional)
        rows: [[cell, ...], ...]
        after: [line, ...]       # rows of one merged cell under the table (签字, 说明)
    blocks:                      # docx and pdf: in reading order
      - heading: text            # with level: 1-3 (docx heading style, bold in pdf)
      - p: text                  # align: center | right (optional)
      - table: [[cell, ...], ...]

In table rows a cell ``^`` is merged with the cell above it and ``<`` with the cell to its
left, as the merged cells of an office file: a person sees the text once.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SPECS = HERE / "specs"
UP, LEFT = "^", "<"
Grid = list[list[str]]


def load_spec(path: Path) -> dict[str, Any]:
    """The spec of one document, read from its YAML file."""
    spec: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return spec


def merges(rows: Grid) -> Iterator[tuple[int, int, int, int]]:
    """Merged ranges ``(top, left, bottom, right)`` (inclusive, 0-based) of a marked grid."""
    width = max(len(r) for r in rows)
    grid = [list(r) + [""] * (width - len(r)) for r in rows]
    covered: set[tuple[int, int]] = set()
    for top, row in enumerate(grid):
        for left, cell in enumerate(row):
            if cell in (UP, LEFT) or (top, left) in covered:
                continue
            right = left
            while right + 1 < width and grid[top][right + 1] == LEFT:
                right += 1
            bottom = top
            while bottom + 1 < len(grid) and grid[bottom + 1][left] == UP:
                bottom += 1
            if (bottom, right) != (top, left):
                covered.update(
                    (r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)
                )
                yield top, left, bottom, right


def shown(cell: str) -> str:
    """The text a person sees in a cell (nothing in the covered part of a merge)."""
    return "" if cell in (UP, LEFT) else cell


def visible_text(spec: dict[str, Any]) -> str:
    """Every paragraph and cell text of a spec, one per line: what the file shows."""
    lines: list[str] = []
    for sheet in spec.get("sheets", []):
        lines += [sheet.get("title") or ""]
        lines += [shown(c) for row in sheet["rows"] for c in row]
        lines += list(sheet.get("after", []))
    for block in spec.get("blocks", []):
        if "table" in block:
            lines += [shown(c) for row in block["table"] for c in row]
        else:
            lines.append(block.get("heading") or block.get("p") or "")
    return "\n".join(line for line in lines if line)


def build_xlsx(spec: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    if spec.get("title"):
        book.properties.title = spec["title"]
    for sheet in spec["sheets"]:
        ws = book.create_sheet(sheet["name"])
        rows: Grid = sheet["rows"]
        width = max(len(r) for r in rows)
        first = 1
        if sheet.get("title"):
            ws.cell(1, 1, sheet["title"]).font = Font(bold=True, size=14)
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
            first = 2
        wrap = Alignment(wrap_text=True, vertical="center")
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                value = shown(cell)
                target = ws.cell(first + r, c + 1)
                # Offices type scores as numbers: a bare "5" is stored as the number 5.
                target.value = float(value) if _is_number(value) else (value or None)
                target.alignment = wrap
        for top, left, bottom, right in merges(rows):
            ws.merge_cells(
                start_row=first + top,
                start_column=left + 1,
                end_row=first + bottom,
                end_column=right + 1,
            )
        next_row = first + len(rows)
        for line in sheet.get("after", []):
            ws.cell(next_row, 1, line)
            ws.merge_cells(start_row=next_row, start_column=1, end_row=next_row, end_column=width)
            next_row += 1
        for c, w in enumerate(sheet.get("widths", []), start=1):
            ws.column_dimensions[chr(ord("A") + c - 1)].width = w
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return value.strip() != ""


def build_docx(spec: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    if spec.get("title"):
        doc.core_properties.title = spec["title"]
    aligns = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
    for block in spec["blocks"]:
        if "heading" in block:
            doc.add_heading(block["heading"], level=block.get("level", 1))
        elif "p" in block:
            para = doc.add_paragraph(block["p"])
            if block.get("align") in aligns:
                para.alignment = aligns[block["align"]]
        else:
            rows: Grid = block["table"]
            width = max(len(r) for r in rows)
            table = doc.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    if shown(cell):
                        table.cell(r, c).text = cell
            for top, left, bottom, right in merges(rows):
                table.cell(top, left).merge(table.cell(bottom, right))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def build_pdf(spec: dict[str, Any]) -> bytes:
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    rl_config.invariant = 1  # no creation date or random id: the same spec gives the same bytes
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # a CJK font with no font file
    body = ParagraphStyle(
        "body", fontName="STSong-Light", fontSize=10.5, leading=16, wordWrap="CJK"
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=12)
    styles = {
        1: ParagraphStyle("h1", parent=body, fontSize=16, leading=24, alignment=1),
        2: ParagraphStyle("h2", parent=body, fontSize=12, leading=18),
        3: ParagraphStyle("h3", parent=body, fontSize=11, leading=16),
    }
    aligned = {
        "center": ParagraphStyle("c", parent=body, alignment=1),
        "right": ParagraphStyle("r", parent=body, alignment=2),
    }
    story: list[Any] = []
    for block in spec["blocks"]:
        if "heading" in block:
            story.append(Paragraph(block["heading"], styles[block.get("level", 1)]))
        elif "p" in block:
            story.append(Paragraph(block["p"], aligned.get(block.get("align", ""), body)))
        else:
            rows: Grid = block["table"]
            data = [[Paragraph(shown(c), cell) for c in row] for row in rows]
            widths = [w * mm for w in block["widths"]] if "widths" in block else None
            table = Table(data, colWidths=widths, repeatRows=1)
            style = [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
            for top, left, bottom, right in merges(rows):
                style.append(("SPAN", (left, top), (right, bottom)))
            table.setStyle(TableStyle(style))
            story += [Spacer(1, 4 * mm), table, Spacer(1, 4 * mm)]
    out = io.BytesIO()
    SimpleDocTemplate(
        out, pagesize=A4, title=spec.get("title", ""), leftMargin=18 * mm, rightMargin=18 * mm
    ).build(story)
    return out.getvalue()


BUILDERS = {"xlsx": build_xlsx, "docx": build_docx, "pdf": build_pdf}


def build_all(specs: Path = SPECS, into: Path = HERE) -> None:
    """Every document of a set from its ``specs`` folder, written ``into`` the set's folder."""
    for path in sorted(specs.glob("*.yaml")):
        spec = load_spec(path)
        target = into / path.name.removesuffix(".yaml")
        target.write_bytes(BUILDERS[spec["format"]](spec))
        print(f"wrote {target.name}")


def main(argv: list[str] | None = None) -> None:
    """``python -m benchmarks.generalisation.make [SET_FOLDER]``: this set, or another set's
    folder (benchmarks/generalisation2) built from its own ``specs``."""
    args = sys.argv[1:] if argv is None else argv
    if args:
        folder = Path(args[0])
        build_all(folder / "specs", folder)
    else:
        build_all()


if __name__ == "__main__":
    main()
