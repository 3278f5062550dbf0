"""Real office files made in the test: one scoring table (考核评分表) as XLSX, XLS, DOCX, PDF, CSV,
JSON and HTML, with the features readers must get right (merged cells, title rows, numbering).

Used by tests/test_readers.py, tests/test_bad_input.py and benchmarks/ingest.py; needs the test
extra (reportlab, xlwt).
"""

from __future__ import annotations

import csv
import io
import json
import struct

TITLE = "2024年度医疗机构传染病防治工作考核评分表"
INTRO = (
    "为落实《中华人民共和国传染病防治法》，规范医疗机构传染病防治工作，"
    "市卫生健康委员会组织开展年度考核，考核结果纳入医疗机构校验。"
)
# One sentence, long enough to run over a page of the PDF: only its last character ends it.
CLOSING = (
    "各医疗机构应当对照本表逐项开展自查，"
    + "对发现的问题建立台账，明确整改责任人和整改时限，" * 14
    + "并于每年12月31日前将自查报告报送辖区卫生健康行政部门。"
)
HEADER = ("考核项目", "编号", "考核内容", "分值", "评价依据")
CATEGORIES = ("组织管理", "疫情报告", "消毒隔离", "医疗废物", "培训演练")


def scoring_rows(n: int) -> list[tuple[str, str, str, int | float, str]]:
    """n items in groups of three under a category: (类别, 编号, 内容, 分值, 依据)."""
    rows = []
    for i in range(n):
        group, k = divmod(i, 3)
        category = CATEGORIES[group % len(CATEGORIES)]
        points: int | float = 2.5 if k == 2 else k + 2
        content = f"{category}第{k + 1}项：建立制度并落实到位"
        rows.append(
            (category, f"{group + 1}-{k + 1}", content, points, f"《传染病防治法》第{i + 5}条")
        )
    return rows


def xlsx(n: int = 6) -> bytes:
    """A title row merged over the table, categories merged down, 2.0 points, a note row, a
    percentage, a second named sheet and a hidden one."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "考核表"
    sheet["B2"] = TITLE
    sheet.merge_cells("B2:F2")
    sheet.append([])
    sheet.append([None, *HEADER])
    for i, (category, code, content, points, basis) in enumerate(scoring_rows(n)):
        row = sheet.max_row + 1
        first = i % 3 == 0
        sheet.append([None, category if first else None, code, content, float(points), basis])
        if first and i + 2 < n:
            sheet.merge_cells(start_row=row, start_column=2, end_row=row + 2, end_column=2)
    note = sheet.max_row + 1
    sheet.cell(note, 2, "备注：本表满分100分，得分率按百分比计。")
    sheet.merge_cells(start_row=note, start_column=2, end_row=note, end_column=6)
    rates = book.create_sheet("得分率")
    rates.append(["单位", "得分率"])
    rates.append(["市第一人民医院", 0.875])
    rates["B2"].number_format = "0.0%"
    hidden = book.create_sheet("字典")
    hidden.append(["隐藏", "不读"])
    hidden.sheet_state = "hidden"
    book.properties.title = "考核评分表"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls(n: int = 6) -> bytes:
    """The same table as an Excel 97 workbook, title and categories merged."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("考核表")
    sheet.write_merge(0, 0, 0, len(HEADER) - 1, TITLE)
    for c, name in enumerate(HEADER):
        sheet.write(1, c, name)
    rows = scoring_rows(n)
    for i, (category, code, content, points, basis) in enumerate(rows):
        r = i + 2
        if i % 3 == 0:
            last = min(r + 2, len(rows) + 1)
            sheet.write_merge(r, last, 0, 0, category)
        for c, value in enumerate((code, content, float(points), basis), start=1):
            sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx(n: int = 6) -> bytes:
    """A title, Word-numbered paragraphs (一、 （一） 1.), a table with categories merged down
    and a total row merged across, the core title property."""
    import docx as python_docx
    from docx.oxml import parse_xml

    document = python_docx.Document()
    document.core_properties.title = "考核评分表"
    document.add_heading(TITLE, level=0)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="（%2）"/></w:lvl>'
            '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%3."/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        )

    numbered("考核目的", 0)
    document.add_paragraph(INTRO)
    numbered("考核内容", 0)
    numbered("组织管理", 1)
    numbered("医疗机构应当建立传染病防治工作制度。", 2)
    numbered("医疗机构应当定期开展自查。", 2)
    numbered("考核评分", 0)
    rows = scoring_rows(n)
    table = document.add_table(rows=len(rows) + 2, cols=len(HEADER))
    for c, name in enumerate(HEADER):
        table.cell(0, c).text = name
    for i, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if c or (i - 1) % 3 == 0:
                table.cell(i, c).text = str(value)
    for start in range(1, len(rows) + 1, 3):
        end = min(start + 2, len(rows))
        if end > start:
            text = table.cell(start, 0).text
            table.cell(start, 0).merge(table.cell(end, 0)).text = text
    total = len(rows) + 1
    table.cell(total, 0).merge(table.cell(total, 2)).text = "合计"
    table.cell(total, 3).text = str(sum(r[3] for r in rows))
    document.add_paragraph(CLOSING)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf(n: int = 40) -> bytes:
    """Printed with a CJK font: a running header and page numbers, the table going on over a page
    break with its header repeated, categories merged down, a sentence split by a page break."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font, size, leading, per_line = "STSong-Light", 11, 18, 36
    width, height = A4
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setTitle("考核评分表")
    state = {"page": 1, "y": height - 80.0}

    def furniture() -> None:
        page.setFont(font, 9)
        page.drawString(72, height - 40, "某市卫生健康委员会 文件")
        page.drawCentredString(width / 2, 30, f"- {state['page']} -")

    def new_page() -> None:
        page.showPage()
        state["page"] += 1
        state["y"] = height - 80.0
        furniture()

    def text(body: str, font_size: int = size) -> None:
        for start in range(0, len(body), per_line):
            if state["y"] < 80:
                new_page()
            page.setFont(font, font_size)
            page.drawString(72, state["y"], body[start : start + per_line])
            state["y"] -= leading

    def table(rows: list[tuple[str, ...]]) -> None:
        cells = [[str(v) for v in row] for row in rows]
        todo = cells
        while todo:
            room = int((state["y"] - 60) // 20) - 1  # rows that fit under the header
            if room < 2:
                new_page()
                continue
            part, todo = todo[:room], todo[room:]
            data = [list(HEADER), *part]
            style = [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
            ]
            for r in range(1, len(data)):  # merge each category's run down
                if data[r][0] and (r == 1 or data[r][0] != data[r - 1][0]):
                    end = r
                    while end + 1 < len(data) and data[end + 1][0] == data[r][0]:
                        end += 1
                    style.append(("SPAN", (0, r), (0, end)))
            drawn = Table(data, colWidths=[60, 40, 190, 30, 130], rowHeights=20)
            drawn.setStyle(TableStyle(style))
            _, h = drawn.wrapOn(page, width, height)
            drawn.drawOn(page, 72, state["y"] - h)
            state["y"] -= h + 20
            if todo:
                new_page()

    furniture()
    text(TITLE, 14)
    state["y"] -= 6
    text(INTRO)
    table([tuple(str(v) for v in row) for row in scoring_rows(n)])
    text(CLOSING)
    page.save()
    return out.getvalue()


def csv_bytes(n: int = 6, encoding: str = "gbk", delimiter: str = ";") -> bytes:
    """The table as CSV in a legacy encoding, a title line first; Big5 in traditional script."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([TITLE] + [""] * (len(HEADER) - 1))
    writer.writerow(HEADER)
    writer.writerows(scoring_rows(n))
    text = out.getvalue()
    if encoding == "big5":
        import opencc

        text = opencc.OpenCC("s2t").convert(text)
    return text.encode(encoding)


def json_bytes(n: int = 6) -> bytes:
    """A titled object holding the items as records, one with nested criteria and a basis list."""
    items = [
        {"考核项目": c, "编号": code, "考核内容": content, "分值": float(p), "评价依据": [basis]}
        for c, code, content, p, basis in scoring_rows(n)
    ]
    items[0]["评分标准"] = {"C": "有制度", "B": "有检查", "A": "持续改进"}
    document = {"标题": TITLE, "说明": INTRO, "考核项目": items}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def html(n: int = 6) -> bytes:
    """The table as a web page: categories in rowspan cells, a colspan total, <th>, a caption."""
    rows = scoring_rows(n)
    body = []
    for i, (category, code, content, points, basis) in enumerate(rows):
        first = f'<td rowspan="{min(3, len(rows) - i)}">{category}</td>' if i % 3 == 0 else ""
        body.append(
            f"<tr>{first}<td>{code}</td><td>{content}</td><td>{points}</td><td>{basis}</td></tr>"
        )
    total = sum(r[3] for r in rows)
    return (
        f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1><p>{INTRO}</p>"
        f"<table><caption>考核评分表</caption><tr>{''.join(f'<th>{h}</th>' for h in HEADER)}</tr>"
        f'{"".join(body)}<tr><td colspan="3">合计</td><td>{total}</td><td></td></tr></table>'
        f"<p>{CLOSING}</p></body></html>"
    ).encode()


def ods() -> bytes:
    """A small OpenDocument spreadsheet written by the spec: a title spanning two columns."""
    import zipfile

    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )

    def cell(text: str, value: str | None = None) -> str:
        kind = (
            f'office:value-type="float" office:value="{value}"'
            if value
            else 'office:value-type="string"'
        )
        return f"<table:table-cell {kind}><text:p>{text}</text:p></table:table-cell>"

    rows = [
        '<table:table-cell table:number-columns-spanned="2" office:value-type="string">'
        f"<text:p>{TITLE}</text:p></table:table-cell><table:covered-table-cell/>",
        cell("考核内容") + cell("分值"),
        cell("建立制度") + cell("2", "2.0"),
    ]
    body = "".join(f"<table:table-row>{row}</table:table-row>" for row in rows)
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="考核表">{body}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        package.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
            ">"
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        package.writestr("content.xml", content)
    return out.getvalue()


BUILDERS = {
    "xlsx": xlsx,
    "xls": xls,
    "docx": docx,
    "pdf": pdf,
    "csv": csv_bytes,
    "json": json_bytes,
    "html": html,
}


def ole_file(stream: str, data: bytes) -> bytes:
    """A compound file (the container of .doc, .xls and .ppt) holding one stream, written by
    the spec (MS-CFB, version 3): header, one FAT sector, one directory sector, the stream."""
    sector = 512
    data = data.ljust(max(len(data), 4096), b"\0")  # at the cutoff: a regular, not a mini stream
    n_data = -(-len(data) // sector)
    end, free, fat_mark, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_mark, end, *range(3, 2 + n_data), end]
    fat += [free] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH6xIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096, end, 0)
    header += struct.pack("<I", end) + struct.pack("<I", 0)
    header += struct.pack("<109I", 0, *([free] * 108))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", none, none, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<III", start, size, 0)
        )

    directory = entry("Root Entry", 5, 1, end, 0) + entry(stream, 2, none, 2, len(data))
    directory += entry("", 0, none, 0, 0) * 2
    body = struct.pack("<128I", *fat) + directory + data.ljust(n_data * sector, b"\0")
    return header.ljust(sector, b"\0") + body
