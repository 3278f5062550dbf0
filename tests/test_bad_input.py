"""Bad input: each bad file gets a clear one-line message while the rest of the batch ingests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import IngestError, ingest_paths, parse_document

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
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF-1.4")
    return tmp_path


def test_a_batch_survives_its_bad_files(folder: Path) -> None:
    batch = ingest_paths([folder, folder / "missing.txt"])
    messages = {Path(f.source).name: f.message for f in batch.failures}
    assert set(messages) == {"empty.txt", "image.txt", "huge.txt", "missing.txt"}
    assert messages["empty.txt"] == "empty.txt: file is empty (0 bytes); supply the document's text"
    assert messages["image.txt"].startswith("image.txt: contains NUL bytes, so it is a binary file")
    assert messages["huge.txt"] == (
        "huge.txt: file is 52.4 MB, over the 21.0 MB limit; split the document or raise max_bytes"
    )
    assert "no such file" in messages["missing.txt"]
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
