"""Readers on real files made in the test: each format's layout, its rendered text, the clauses'
origins after parse_document, and one load into the real embedded graph per format."""

from __future__ import annotations

import io

import opencc
import pytest

from graph import GraphStore, load
from graph.schema import Label
from ingest import ingest_bytes, parse_document
from ingest.boilerplate import html_to_text
from ingest.layout import Layout, Paragraph, Table, render
from ingest.readers import detect, read_layout
from ingest.readers.records import sniff_delimiter
from ingest.readers.word import chinese_number, format_number
from tests import office_files as files

FIRST_ROW = ("组织管理", "1-1", "组织管理第1项：建立制度并落实到位", "2", "《传染病防治法》第5条")


def tables(layout: Layout | None) -> list[Table]:
    assert layout is not None
    return [b for b in layout.blocks if isinstance(b, Table)]


def test_xlsx_title_row_merged_cells_numbers_and_sheets() -> None:
    layout = read_layout(files.xlsx(), "考核.xlsx")
    assert layout is not None
    assert (layout.format, layout.title) == ("xlsx", "考核评分表")
    title, table, note, rates = layout.blocks
    assert title == Paragraph(files.TITLE, "考核表 第2行", heading=True)
    assert isinstance(table, Table) and table.caption is None  # the title row stands for it
    assert table.rows[0] == files.HEADER  # the empty first column is gone
    assert table.rows[1] == FIRST_ROW  # 2.0 shown as 2
    assert [r[0] for r in table.rows[1:4]] == ["组织管理"] * 3  # merged down, propagated
    assert table.rows[3][3] == "2.5"
    assert table.row_origins[:2] == ("考核表 第4行", "考核表 第5行")
    assert note == Paragraph("备注：本表满分100分，得分率按百分比计。", "考核表 第11行")
    assert isinstance(rates, Table) and rates.caption == "得分率"
    assert rates.rows[1] == ("市第一人民医院", "87.5%")  # as the cell's format shows it
    assert "隐藏" not in render(layout)[0]  # a hidden sheet is not read


def test_xls_merged_title_and_categories() -> None:
    layout = read_layout(files.xls(), "考核.xls")
    assert layout is not None and layout.format == "xls"
    assert layout.blocks[0] == Paragraph(files.TITLE, "考核表 第1行", heading=True)
    (table,) = tables(layout)
    assert table.rows[:2] == (files.HEADER, FIRST_ROW)
    assert [r[0] for r in table.rows[4:7]] == ["疫情报告"] * 3
    assert table.row_origins[1] == "考核表 第3行"


def test_ods_title_and_numbers() -> None:
    layout = read_layout(files.ods(), "考核.ods")
    assert layout is not None and layout.format == "ods"
    assert layout.blocks[0] == Paragraph(files.TITLE, "考核表 第1行", heading=True)
    assert tables(layout)[0].rows == (("考核内容", "分值"), ("建立制度", "2"))


def test_docx_order_headings_numbering_and_merged_cells() -> None:
    layout = read_layout(files.docx(), "考核.docx")
    assert layout is not None and (layout.format, layout.title) == ("docx", "考核评分表")
    paragraphs = [b for b in layout.blocks if isinstance(b, Paragraph)]
    assert paragraphs[0] == Paragraph(files.TITLE, "段落1", heading=True)
    assert [p.text for p in paragraphs[1:8]] == [
        "一、考核目的",
        files.INTRO,
        "二、考核内容",
        "（一）组织管理",
        "1.医疗机构应当建立传染病防治工作制度。",
        "2.医疗机构应当定期开展自查。",
        "三、考核评分",
    ]
    (table,) = tables(layout)
    assert layout.blocks.index(table) == 8  # between 三、考核评分 and the closing paragraph
    assert table.origin == "表格1" and table.row_origins[1] == "表格1 第2行"
    assert table.rows[1] == FIRST_ROW
    assert [r[0] for r in table.rows[1:4]] == ["组织管理"] * 3  # vMerge propagated
    assert table.rows[-1][:3] == ("合计", "合计", "合计")  # gridSpan propagated
    assert layout.blocks[-1] == Paragraph(files.CLOSING, "段落9")


NUMBER_LABELS = [
    (1, "chineseCounting", "一"),
    (12, "chineseCounting", "十二"),
    (120, "chineseCounting", "一百二十"),
    (105, "chineseCounting", "一百零五"),
    (3, "decimal", "3"),
    (2, "ideographTraditional", "乙"),
    (4, "upperRoman", "IV"),
    (3, "decimalEnclosedCircle", "③"),
    (28, "lowerLetter", "bb"),
    (5, "bullet", ""),
]


@pytest.mark.parametrize(("n", "fmt", "label"), NUMBER_LABELS)
def test_word_number_formats(n: int, fmt: str, label: str) -> None:
    assert format_number(n, fmt) == label
    assert chinese_number(21) == "二十一"


def test_pdf_text_tables_page_breaks_and_furniture() -> None:
    layout = read_layout(files.pdf(40), "考核.pdf")
    assert layout is not None and (layout.format, layout.title) == ("pdf", "考核评分表")
    text, _ = render(layout)
    assert "某市卫生健康委员会 文件" not in text  # the running header
    assert "- 1 -" not in text and "- 2 -" not in text  # page numbers
    paragraphs = [b for b in layout.blocks if isinstance(b, Paragraph)]
    assert [p.text for p in paragraphs] == [files.TITLE, files.INTRO, files.CLOSING]
    assert paragraphs[2].origin.startswith("第2页")  # wrapped lines and a page break joined
    (table,) = tables(layout)  # one table, though printed over two pages
    assert table.rows[0] == files.HEADER
    assert table.rows[1] == FIRST_ROW
    assert len(table.rows) == 41  # the header repeated on page 2 is not a row
    assert [r[0] for r in table.rows[1:4]] == ["组织管理"] * 3  # merged down, propagated
    assert table.row_origins[1] == "第1页 表1 第2行"
    assert table.row_origins[-1].startswith("第2页 表1 ")


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("gbk", ";"), ("big5", "\t"), ("utf-8-sig", ","), ("gb18030", "|")]
)
def test_csv_encodings_and_delimiters(encoding: str, delimiter: str) -> None:
    data = files.csv_bytes(encoding=encoding, delimiter=delimiter)
    text = data.decode(encoding)
    assert sniff_delimiter(text) == delimiter
    layout = read_layout(data, "考核.csv")
    assert layout is not None and layout.format == "csv"
    title = layout.blocks[0]
    assert isinstance(title, Paragraph) and title.heading
    (table,) = tables(layout)
    simplified = opencc.OpenCC("t2s").convert
    assert tuple(map(simplified, table.rows[0])) == files.HEADER
    assert simplified(table.rows[1][2]) == FIRST_ROW[2]
    assert table.row_origins[0] == "第2行"


def test_json_records_nested_values_and_title() -> None:
    layout = read_layout(files.json_bytes(), "考核.json")
    assert layout is not None and (layout.format, layout.title) == ("json", files.TITLE)
    assert layout.blocks[0] == Paragraph(files.TITLE, "键 标题", heading=True)
    assert layout.blocks[1] == Paragraph(files.INTRO, "键 说明")
    (table,) = tables(layout)
    assert table.caption == "考核项目"
    assert table.rows[0] == (*files.HEADER, "评分标准")
    assert table.rows[1][3:] == ("2", "《传染病防治法》第5条", "C：有制度；B：有检查；A：持续改进")
    assert table.row_origins[1] == "记录1"


def test_json_of_lists_and_strings() -> None:
    data = '[["条目", "分值"], ["制度", 2.0]]'.encode()
    (table,) = tables(read_layout(data, "a.json"))
    assert table.rows == (("条目", "分值"), ("制度", "2"))
    lines = read_layout('["第一条 总则。", "第二条 适用范围。"]'.encode(), "b.json")
    assert lines is not None
    assert lines.blocks == (
        Paragraph("第一条 总则。", "记录1"),
        Paragraph("第二条 适用范围。", "记录2"),
    )


def test_html_tables_with_spans_captions_and_headings() -> None:
    text = html_to_text(files.html().decode("utf-8"))
    lines = text.split("\n")
    assert files.TITLE in lines and files.INTRO in lines  # <h1>, <p> on their own lines
    assert "考核评分表" in lines  # the caption
    assert "| " + " | ".join(files.HEADER) + " |" in lines  # <th> cells kept
    assert "| " + " | ".join(FIRST_ROW) + " |" in lines
    assert (
        "| 组织管理 | 1-2 | 组织管理第2项：建立制度并落实到位 | 3 | 《传染病防治法》第6条 |"
        in lines
    )
    assert "| 合计 | 合计 | 合计 | 15.0 |  |" in lines  # colspan propagated


def test_html_layout_tables_read_as_blocks() -> None:
    inner = "<table><tr><td>甲</td><td>乙</td></tr></table>"
    page = f"<table><tr><td>{inner}<p>第一条 正文。</p></td></tr></table>"
    assert html_to_text(page).split("\n") == ["| 甲 | 乙 |", "", "第一条 正文。", ""]


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.bin", b"%PDF-1.7\n", "pdf"),
        ("a.txt", files.xlsx(), "xlsx"),  # by its bytes, not its name
        ("a", files.docx(), "docx"),
        ("a.dat", files.xls(), "xls"),
        ("a.csv", b"a,b\n1,2\n", "csv"),
        ("a.json", b"{}", "json"),
        ("a.xls", b"<html><table><tr><td>1</td></tr></table></html>", None),
        ("a.xls", "项目\t分值\n制度\t2\n".encode("gbk"), "csv"),  # a system's text export
        ("a.md", "# 标题\n正文".encode(), None),
    ],
)
def test_detect_by_bytes_then_suffix(name: str, data: bytes, kind: str | None) -> None:
    assert detect(data, name) == kind


FORMATS = ["xlsx", "xls", "docx", "pdf", "csv", "json"]
# Where item 1-1 sits in each source: sheet and row, table and row, page, table and row, record.
ROW_ORIGIN = {
    "xlsx": "考核表 第5行",
    "xls": "考核表 第3行",
    "docx": "表格1 第2行",
    "pdf": "第1页 表1 第2行",
    "csv": "第3行",
    "json": "记录1",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_parse_document_keeps_format_and_origins(fmt: str) -> None:
    parsed = parse_document(files.BUILDERS[fmt](), f"考核评分表.{fmt}")
    assert parsed.document.format == fmt
    assert parsed.document.title == files.TITLE
    assert parsed.clauses and all(c.origin for c in parsed.clauses)
    text = parsed.document.text
    rows = [c for c in parsed.clauses if "1-1 " in text[c.span.start : c.span.end]]
    row = min(rows, key=lambda c: c.span.end - c.span.start)  # the row, not its parents
    assert row.origin == ROW_ORIGIN[fmt]  # a table row knows its source row
    assert {i.code for i in parsed.inspection_items} >= {"1-1", "1-2", "2-3"}


def test_html_parses_to_the_same_items() -> None:
    parsed = parse_document(files.html(), "考核评分表.html")
    assert parsed.document.format == "html"
    assert {i.code for i in parsed.inspection_items} >= {"1-1", "1-2", "2-3"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_loads_into_the_graph(empty_store: GraphStore, fmt: str) -> None:
    batch = ingest_bytes([(f"考核评分表.{fmt}", files.BUILDERS[fmt]())])
    assert not batch.failures
    report = load(empty_store, batch)
    assert not report.failed
    (document,) = list(empty_store.iter_nodes(Label.DOCUMENT))
    assert (document["format"], document["title"]) == (fmt, files.TITLE)
    origins = {n["origin"] for n in empty_store.iter_nodes(Label.CLAUSE)}
    assert None not in origins
    assert ROW_ORIGIN[fmt] in origins


def test_pdf_paragraphs_split_by_first_line_indent() -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setFont("STSong-Light", 11)
    para = "医疗机构应当建立传染病防治工作制度，明确责任部门和责任人，" * 3 + "并保存记录。"
    lines = [(94, para[:34]), (72, para[34:70]), (72, para[70:]), (94, "医师应当依法报告。")]
    for k, (x, line) in enumerate(lines):  # each paragraph's first line indented (首行缩进)
        page.drawString(x, 760 - 18 * k, line)
    page.save()
    layout = read_layout(out.getvalue(), "indent.pdf")
    assert layout is not None
    assert [b.text for b in layout.blocks if isinstance(b, Paragraph)] == [
        para,
        "医师应当依法报告。",
    ]


def test_pdf_lines_joined_when_the_running_header_sits_in_the_margin() -> None:
    """A running header printed left of the text column (in the page margin) is dropped as
    furniture; the column's edges must be measured without it, or every wrapped line looks
    indented and each printed line becomes a paragraph of its own (a title cut in two)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    paras = [
        "第一条 为加强抗菌药物临床应用管理，根据《抗菌药物临床应用管理办法》和《处方管理办法》，"
        "结合本市实际，制定本细则。",
        "第二条 医疗机构应当每月对抗菌药物使用强度进行统计分析，并于每季度结束后十个工作日内"
        "将统计结果报送所在地卫生健康行政部门。",
    ]
    for number, para in enumerate(paras, start=1):
        page.setFont("STSong-Light", 9)
        page.drawString(40, 800, "某市卫生健康委员会规范性文件")  # in the margin, left of the text
        page.drawCentredString(A4[0] / 2, 30, f"— {number} —")
        page.setFont("STSong-Light", 11)
        lines = [para[i : i + 34] for i in range(0, len(para), 34)]
        for k, line in enumerate(lines):
            page.drawString(94 if k == 0 else 72, 760 - 18 * k, line)
        page.showPage()
    page.save()
    layout = read_layout(out.getvalue(), "margin_header.pdf")
    assert layout is not None
    assert [b.text for b in layout.blocks if isinstance(b, Paragraph)] == paras
