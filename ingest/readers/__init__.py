"""Readers for the binary and structured formats offices use (PDF, Word, Excel, CSV, JSON),
each into one ``Layout``; plain text, Markdown and HTML are read as text by the pipeline.

The format is told by the file's first bytes (%PDF, a zip package holding word/ or xl/, an OLE
container holding a Workbook or a WordDocument stream), then by its suffix. Files no reader takes
(.doc, .ppt, encrypted packages, zip bombs) raise an ``IngestError`` that says what to do.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ingest.errors import IngestError
from ingest.layout import Layout
from ingest.readers._common import file_name

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
# A zip-based document unpacks to a few times its size; a bomb to thousands of times.
MAX_UNPACKED_BYTES = 200_000_000
MAX_RATIO = 200
MAX_MEMBERS = 20_000

_DELIMITED = frozenset({".csv", ".tsv"})
_SAVE_AS = "save it as .docx, .xlsx, .pdf or text"


def read_layout(data: bytes, source: str) -> Layout | None:
    """The layout of a PDF, DOCX, XLSX, XLS, ODS, CSV or JSON source; None for a text source."""
    kind = detect(data, source)
    if kind is None:
        return None
    if kind == "pdf":
        from ingest.readers.pdf import read_pdf

        return read_pdf(data, source)
    if kind == "docx":
        from ingest.readers.word import read_docx

        return read_docx(data, source)
    if kind in ("xlsx", "xlsb", "xls", "ods"):
        from ingest.readers.sheets import read_workbook

        return read_workbook(data, source, kind)
    from ingest.readers.records import read_csv, read_json

    return read_csv(data, source) if kind == "csv" else read_json(data, source)


def detect(data: bytes, source: str) -> str | None:
    """pdf, docx, xlsx, xlsb, xls, ods, csv or json; None for text; IngestError if refused."""
    name = file_name(source)
    suffix = Path(source).suffix.lower()
    # Readers accept a PDF header after up to 1 KB of junk; a text merely naming it is no PDF.
    if data.startswith(b"%PDF-") or (suffix == ".pdf" and b"%PDF-" in data[:1024]):
        return "pdf"
    if data.startswith(_ZIP):
        return _zip_kind(data, name, suffix)
    if data.startswith(_OLE):
        return _ole_kind(data, name, suffix)
    if data[:64].lstrip().startswith(b"{\\rtf"):
        raise IngestError(f"{name}: is an RTF file, which regkg does not read; {_SAVE_AS}")
    if suffix in _DELIMITED:
        return "csv"
    if suffix == ".json":
        return "json"
    if suffix == ".pdf":
        raise IngestError(
            f"{name}: is not a PDF (no %PDF header), so it is damaged or misnamed; export it again"
        )
    if suffix in (".docx", ".xlsx", ".xlsm", ".ods"):
        raise IngestError(
            f"{name}: is not a {suffix} package (not a zip file), so it is damaged or misnamed; "
            "save it again from the program that made it"
        )
    if suffix in (".ppt", ".pptx"):
        raise _presentation(name)
    if suffix == ".xls" and not _looks_like_markup(data):
        return "csv"  # hospital systems export tab-separated text under the name .xls
    # .doc and .xls files that are really HTML (web exports often are) read as text.
    return None


def _looks_like_markup(data: bytes) -> bool:
    head = data[:4096].lower()
    return any(tag in head for tag in (b"<html", b"<table", b"<!doctype", b"<?xml"))


def _presentation(name: str) -> IngestError:
    return IngestError(
        f"{name}: is a PowerPoint presentation, which regkg does not read; "
        "save its content as .docx or .pdf"
    )


def _ole_kind(data: bytes, name: str, suffix: str) -> str:
    """An OLE compound file: its directory names its streams, each name in UTF-16 at the start
    of a 128-byte entry (entries are so aligned in the file, text in streams seldom is)."""

    def has_stream(stream: str) -> bool:
        name = stream.encode("utf-16-le") + b"\0\0"
        at = data.find(name)
        while at != -1:
            if at % 128 == 0:
                return True
            at = data.find(name, at + 1)
        return False

    if has_stream("EncryptedPackage"):
        raise IngestError(
            f"{name}: is password-protected (encrypted); open it, remove the password "
            "(File → Info → Protect) and save it again"
        )
    if has_stream("WordDocument"):
        raise IngestError(
            f"{name}: is an old Word .doc file, which regkg does not read; "
            "open it in Word or WPS and save it as .docx"
        )
    if has_stream("PowerPoint Document"):
        raise _presentation(name)
    if has_stream("Workbook") or has_stream("Book") or suffix == ".xls":
        return "xls"
    raise IngestError(f"{name}: is an Office file of a kind regkg does not read; {_SAVE_AS}")


def _zip_kind(data: bytes, name: str, suffix: str) -> str:
    """A zip package: refused when it would unpack too large, else told by what it holds."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        what = suffix or "zip"
        raise IngestError(
            f"{name}: is a damaged {what} file (its zip directory cannot be read); "
            "save it again from the program that made it"
        ) from None
    with package:
        members = package.infolist()
        check_unpacked_size(name, len(data), members)
        names = {m.filename for m in members}
        mimetype = package.read("mimetype") if "mimetype" in names else b""
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if any(n.startswith("ppt/") for n in names):
        raise _presentation(name)
    if b"opendocument.spreadsheet" in mimetype:
        return "ods"
    if b"opendocument.text" in mimetype:
        raise IngestError(
            f"{name}: is an OpenDocument text (.odt), which regkg does not read; save it as .docx"
        )
    if suffix in (".docx", ".xlsx", ".xlsm"):
        raise IngestError(
            f"{name}: is a zip file without the parts of a {suffix} package, so it is damaged; "
            "save it again from the program that made it"
        )
    raise IngestError(
        f"{name}: is a zip archive, not a document; unpack it and ingest the files inside"
    )


def check_unpacked_size(name: str, packed: int, members: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb from the sizes its directory declares, before anything inflates it.

    The standard zipfile module, which every reader here goes through, never inflates a member
    past its declared size, so the declared sizes are a bound that holds.
    """
    unpacked = sum(m.file_size for m in members)
    if (
        len(members) > MAX_MEMBERS
        or unpacked > MAX_UNPACKED_BYTES
        or (unpacked > 20 * 1024 * 1024 and unpacked > MAX_RATIO * max(packed, 1))
    ):
        raise IngestError(
            f"{name}: would unpack to {unpacked / 1e6:.0f} MB in {len(members)} parts "
            f"({unpacked / max(packed, 1):.0f}× its size), over the "
            f"{MAX_UNPACKED_BYTES / 1e6:.0f} MB cap for a document (a zip bomb?); "
            "open it, remove what is not text and save it again"
        )


__all__ = ["MAX_UNPACKED_BYTES", "check_unpacked_size", "detect", "read_layout"]
