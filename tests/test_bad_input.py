"""Bad input: each bad file gets a clear one-line message while the rest of the batch ingests."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest import IngestError, ingest_paths, parse_document
from ingest.reading import READABLE
from tests import office_files as files

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    )
    with (tmp_path / "huge.txt").open("wb") as handle:  # 50 MB, sparse: never read whole
        handle.seek(50 * 1024 * 1024 - 1)
        handle.write(b"\n")
    table = (SEEDS / "003_589e6644b93518d1.txt").read_text(encoding="utf-8")
    cut = table.index("3-3-6 药事") + len("3-3-6 药事:认真执行卫生部《医疗机构")
    (tmp_path / "truncated.txt").write_text(table[:cut], encoding="utf-8")
    (tmp_path / "notice.txt").write_bytes((SEEDS / "004_7640afe18d2e02d4.txt").read_bytes())
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    (tmp_path / "cut.pdf").write_bytes(b"%PDF-1.4")
    return tmp_path


def test_a_batch_survives_its_bad_files(folder: Path) -> None:
    batch = ingest_paths([folder, folder / "missing.txt"])
    messages = {Path(f.source).name: f.message for f in batch.failures}
    assert set(messages) == {"empty.txt", "image.txt", "huge.txt", "missing.txt", "cut.pdf"}
    assert messages["empty.txt"] == "empty.txt: file is empty (0 bytes); supply the document's text"
    assert messages["image.txt"].startswith("image.txt: contains NUL bytes, so it is a binary file")
    assert messages["huge.txt"] == (
        "huge.txt: file is 52.4 MB, over the 21.0 MB limit; split the document or raise max_bytes"
    )
    assert "no such file" in messages["missing.txt"]
    assert messages["cut.pdf"].startswith("cut.pdf: is a damaged PDF")
    assert all("\n" not in m for m in messages.values())
    names = sorted(Path(d.document.source).name for d in batch.documents)
    assert names == ["notice.txt", "truncated.txt"]


def test_truncated_table_ingests_with_a_problem(folder: Path) -> None:
    parsed = parse_document((folder / "truncated.txt").read_bytes(), "truncated.txt")
    last = parsed.inspection_items[-1]
    assert (last.table, last.code, last.points) == ("表2", "3-3-6", None)
    assert last.content == "药事:认真执行卫生部《医疗机构"
    problems = [p.message for p in parsed.problems if p.code == "malformed_row"]
    assert "表2 3-3-6: no 标准分 (row cut short or points missing)" in problems


def test_limit_can_be_raised(folder: Path) -> None:
    batch = ingest_paths([folder / "notice.txt"], max_bytes=1000)
    assert [f.message.split(";")[0] for f in batch.failures] == [
        "notice.txt: file is 0.0 MB, over the 0.0 MB limit"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "x.txt: file is empty (0 bytes); supply the document's text"),
        (
            b"\xff\xfe\x00\xd8",
            "x.txt: starts with a utf-16-le byte-order mark but is not valid "
            "utf-16-le at byte 2; re-save the file as UTF-8",
        ),
        (
            b"---\ntitle: [\n---\n# t\n",
            "x.txt: front matter is not valid YAML (line 2); fix or remove the --- block",
        ),
    ],
)
def test_parse_document_errors_are_one_line(data: bytes, message: str) -> None:
    with pytest.raises(IngestError) as caught:
        parse_document(data, "x.txt")
    assert str(caught.value) == message


def _zip_bomb() -> bytes:
    """A workbook package whose one sheet inflates to 210 MB of zeros from a few hundred KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = bytes(1 << 20)
            for _ in range(210):
                sheet.write(block)
    return out.getvalue()


def _encrypted(data: bytes) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("secret", out)
    return out.getvalue()


def _pdf(encrypt: bool = False, scan: bool = False) -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    lock = pdfencrypt.StandardEncryption("user-password", "owner") if encrypt else None
    page = canvas.Canvas(out, encrypt=lock)
    if scan:  # a page that is only a picture, as a scanner makes it
        from PIL import Image

        picture = io.BytesIO()
        Image.new("L", (400, 300), 255).save(picture, "PNG")
        picture.seek(0)
        page.drawImage(ImageReader(picture), 72, 400, 400, 300)
    else:
        page.drawString(72, 720, "Article 1. Hospitals shall report.")
    page.save()
    return out.getvalue()


def _empty_workbook() -> bytes:
    import openpyxl

    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


BAD_FILES: list[tuple[str, Callable[[], bytes], str]] = [
    ("scan.pdf", lambda: _pdf(scan=True), "scan.pdf: has no text layer (a scan); run OCR first"),
    ("locked.pdf", lambda: _pdf(encrypt=True), "locked.pdf: is password-protected (encrypted)"),
    ("locked.xlsx", lambda: _encrypted(files.xlsx()), "locked.xlsx: is password-protected"),
    ("locked.docx", lambda: _encrypted(files.docx()), "locked.docx: is password-protected"),
    ("cut.xlsx", lambda: files.xlsx()[:3000], "cut.xlsx: is a damaged .xlsx file"),
    ("cut.docx", lambda: files.docx()[:-200], "cut.docx: is a damaged .docx file"),
    ("bomb.xlsx", _zip_bomb, "bomb.xlsx: would unpack to 220 MB in 3 parts"),
    ("empty.xlsx", _empty_workbook, "empty.xlsx: the workbook has no filled cells"),
    ("old.doc", lambda: files.ole_file("WordDocument", b"W"), "old.doc: is an old Word .doc file"),
    (
        "slides.ppt",
        lambda: files.ole_file("PowerPoint Document", b"P"),
        "slides.ppt: is a PowerPoint",
    ),
    (
        "bad.xls",
        lambda: files.ole_file("Workbook", b"\x09\x08"),
        "bad.xls: is a damaged xls workbook",
    ),
    ("misnamed.pdf", lambda: "第一条".encode(), "misnamed.pdf: is not a PDF (no %PDF header)"),
    (
        "broken.json",
        lambda: b'{"a": [1,\n 2,,]}',
        "broken.json: not valid JSON at line 2, column 4",
    ),
    ("memo.doc", lambda: rb"{\rtf1\ansi Hospitals shall report.}", "memo.doc: is an RTF file"),
    ("empty.csv", lambda: b";;\r\n;;\r\n", "empty.csv: the CSV holds no filled cells"),
    ("bundle.zip.docx", lambda: _zip_of("notes.txt"), "bundle.zip.docx: is a zip file without"),
]


def _zip_of(name: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr(name, "text")
    return out.getvalue()


@pytest.mark.parametrize(("name", "build", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_office_files_get_one_line_that_names_the_fix(
    name: str, build: Callable[[], bytes], message: str
) -> None:
    with pytest.raises(IngestError) as caught:
        parse_document(build(), name)
    text = str(caught.value)
    assert text.startswith(message)
    assert "\n" not in text and "; " in text  # one line, then what to do


def test_a_batch_of_office_files_survives_its_bad_ones(tmp_path: Path) -> None:
    for name, build, _ in BAD_FILES[:6]:
        (tmp_path / name).write_bytes(build())
    (tmp_path / "考核.xlsx").write_bytes(files.xlsx())
    (tmp_path / "考核.pdf").write_bytes(files.pdf(8))
    batch = ingest_paths([tmp_path])
    assert sorted(Path(f.source).name for f in batch.failures) == sorted(
        name for name, _, _ in BAD_FILES[:6]
    )
    assert sorted(d.document.format for d in batch.documents) == ["pdf", "xlsx"]


def test_an_unknown_binary_file_names_the_formats_read() -> None:
    with pytest.raises(IngestError) as caught:
        parse_document(bytes(range(256)) * 8, "picture.bmp")
    assert str(caught.value).endswith(READABLE)


@pytest.mark.parametrize(
    ("page", "said"),
    [
        (
            "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found"
            "</h1></center><hr><center>nginx/1.24.0</center></body></html>",
            "404 Not Found",
        ),
        (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>提示</title></head><body>"
            "<div class='err'>抱歉，您访问的页面不存在或已被删除！</div><a href='/'>返回首页</a>"
            "</body></html>",
            "您访问的页面不存在",
        ),
        (
            "<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>",
            "502 Bad Gateway",
        ),
    ],
)
def test_a_web_servers_error_page_is_refused_with_a_reason(page: str, said: str) -> None:
    with pytest.raises(IngestError, match="error page") as raised:
        parse_document(page.encode(), "通知.html")
    assert said in str(raised.value) and "\n" not in str(raised.value)


def test_a_notice_that_mentions_a_404_page_is_still_a_document() -> None:
    paragraph = (
        "<p>一、各医疗机构应当定期检查门户网站，出现 404 Not Found 等错误页面的，"
        "应当在24小时内修复。网站应当公开医疗服务价格、出诊信息和投诉渠道，并每季度更新一次。</p>"
    )
    notice = (
        "<html><head><title>关于规范医院网站建设的通知</title></head><body>"
        "<h1>关于规范医院网站建设的通知</h1><p>各医疗机构：</p>" + paragraph * 8 + "</body></html>"
    )
    parsed = parse_document(notice.encode(), "网站.html")
    assert parsed.document.title == "关于规范医院网站建设的通知"
    assert parsed.obligations
