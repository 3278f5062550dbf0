"""The sample data through ``ingest_paths``: every file and level, ids, speed, encodings."""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace
from pathlib import Path

import opencc
import pytest

from ingest import ingest_paths, parse_document
from ingest.models import ClauseKind, DocumentKind, IngestBatch, Level, ParsedDocument, Status
from tests.test_structure import assert_well_formed

DATA = Path(__file__).resolve().parent.parent / "data"
MANIFEST = json.loads((DATA / "corpus" / "manifest.json").read_text(encoding="utf-8"))["documents"]
KIND_OF_LEVEL = {
    "法律": DocumentKind.LAW,
    "行政法规": DocumentKind.ADMINISTRATIVE_REGULATION,
    "部门规章": DocumentKind.DEPARTMENTAL_RULE,
    "司法解释": DocumentKind.JUDICIAL_INTERPRETATION,
    "地方性法规": DocumentKind.LOCAL_REGULATION,
}


@pytest.fixture(scope="module")
def batch() -> tuple[IngestBatch, float, list[tuple[int, int, str]]]:
    calls: list[tuple[int, int, str]] = []
    started = time.perf_counter()
    result = ingest_paths([DATA], progress=lambda *args: calls.append(args))
    return result, time.perf_counter() - started, calls


def by_file(batch: IngestBatch) -> dict[str, ParsedDocument]:
    return {str(Path(d.document.source).relative_to(DATA)): d for d in batch.documents}


@pytest.mark.slow
def test_whole_sample_corpus_ingests(batch: tuple[IngestBatch, float, list]) -> None:
    """Its speed is benchmarks/ingest.py's business (a timed test fails on a busy machine)."""
    result, _, calls = batch
    assert result.failures == ()
    assert len(result.documents) == 146  # 141 statutes + 5 seeds; manifest.json and README skipped
    assert calls[-1][:2] == (146, 146)
    assert len({d.document.id for d in result.documents}) == 146


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
@pytest.mark.slow
def test_every_corpus_file(batch: tuple[IngestBatch, float, list], entry: dict) -> None:
    parsed = by_file(batch[0])[f"corpus/{entry['file']}"]
    doc = parsed.document
    assert doc.title.replace(" ", "") == entry["title"].replace(" ", "")
    assert doc.kind == KIND_OF_LEVEL[entry["level"]]
    articles = [c for c in parsed.clauses if c.kind == ClauseKind.ARTICLE]
    chapters = [c for c in parsed.clauses if c.kind == ClauseKind.CHAPTER]
    assert len(articles) == entry["n_articles"]
    # the manifest counts heading lines (a 目录 or 第四章 … > 第一节 repeats them): count chapters
    raw = (DATA / "corpus" / entry["file"]).read_text(encoding="utf-8")
    assert len(chapters) == len(set(re.findall(r"(?m)^#+\s*(第[一二三四五六七八九十]+章)", raw)))
    if entry["version_date"]:
        assert (
            doc.version_date is not None and doc.version_date.isoformat() == entry["version_date"]
        )
    if entry["level"] == "地方性法规":
        assert doc.level in (Level.PROVINCIAL, Level.PREFECTURAL) and doc.jurisdiction
    else:
        assert (doc.level, doc.jurisdiction) == (Level.NATIONAL, "全国")
    assert_well_formed(doc.text, parsed.clauses)
    assert len(doc.folded) == len(doc.text)


@pytest.mark.slow
def test_versions_of_one_work_are_ordered(batch: tuple[IngestBatch, float, list]) -> None:
    files = by_file(batch[0])
    old = files["corpus/admin_regulation/医疗机构管理条例(2016-02-06).md"].document
    new = files["corpus/admin_regulation/医疗机构管理条例(2022-03-29).md"].document
    assert old.work_title == new.work_title == "医疗机构管理条例"
    assert old.status == Status.SUPERSEDED
    assert new.status != Status.SUPERSEDED


@pytest.mark.slow
def test_seeds_in_the_batch(batch: tuple[IngestBatch, float, list]) -> None:
    files = by_file(batch[0])
    web = files["seeds/002_b1b565328e64de7c.txt"]
    assert web.document.number == "国卫办医政函〔2025〕228号"
    assert [p.code for p in web.problems if p.code == "boilerplate_removed"] == [
        "boilerplate_removed"
    ]
    draft = files["seeds/004_7640afe18d2e02d4.txt"].document
    assert (draft.kind, draft.status) == (DocumentKind.NOTICE, Status.DRAFT)
    table = files["seeds/003_589e6644b93518d1.txt"]
    assert table.document.kind == DocumentKind.SCORING_STANDARD
    assert len(table.inspection_items) == 235


def test_same_content_same_name_same_id() -> None:
    data = (DATA / "seeds" / "001_68de7e2d6fa5fde6.txt").read_bytes()
    first = parse_document(data, "a/plan.txt").document.id
    assert parse_document(data, "b/plan.txt").document.id == first
    assert parse_document(data, "plan2.txt").document.id != first
    assert parse_document(data + "补充。".encode(), "plan.txt").document.id != first
    assert first.startswith("plan-")


def _comparable(parsed: ParsedDocument) -> ParsedDocument:
    return replace(
        parsed,
        document=replace(parsed.document, sha256="", encoding=""),
        problems=tuple(p for p in parsed.problems if p.code != "encoding_guess"),
    )


@pytest.mark.parametrize("codec", ["gbk", "utf-16", "utf-8-sig"])
def test_other_encodings_of_a_seed_give_the_same_records(codec: str) -> None:
    text = (DATA / "seeds" / "001_68de7e2d6fa5fde6.txt").read_text(encoding="utf-8")
    reference = parse_document(text.encode("utf-8"), "plan.txt")
    other = parse_document(text.encode(codec), "plan.txt")
    assert _comparable(other) == _comparable(reference)
    assert other.document.encoding == {"gbk": "gb18030", "utf-16": "utf-16-le"}.get(codec, "utf-8")


def test_big5_copy_gives_the_same_records_as_utf8() -> None:
    simplified = (DATA / "seeds" / "001_68de7e2d6fa5fde6.txt").read_text(encoding="utf-8")
    text = opencc.OpenCC("s2t").convert(simplified).translate(str.maketrans("爲牀羣衆", "為床群眾"))
    reference = parse_document(text.encode("utf-8"), "plan.txt")
    big5 = parse_document(text.encode("big5"), "plan.txt")
    assert big5.document.encoding == "big5"
    assert _comparable(big5) == _comparable(reference)
    # folding makes the traditional copy match the simplified original's structure
    original = parse_document(simplified.encode("utf-8"), "plan.txt")
    assert [c.path for c in big5.clauses] == [c.path for c in original.clauses]
    assert big5.document.title == original.document.title
