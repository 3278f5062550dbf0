"""Citation resolution: the title rule (exact, alias, fuzzy) and batch resolution on real files."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ingest.citations import extract_citations
from ingest.models import CitationKind, ParsedDocument, Resolution
from ingest.resolve import TitleCatalogue, resolve_citations, title_key
from tests.test_citations import make_doc

DATA = Path(__file__).resolve().parent.parent / "data"
HELD = [
    "医疗机构管理条例",
    "医疗机构管理条例实施细则",
    "中华人民共和国医师法",
    "中华人民共和国母婴保健法",
    "互联网药品信息服务管理办法",
    "医疗器械经营监督管理办法",
]


@pytest.mark.parametrize(
    ("cited", "title", "resolution"),
    [
        ("医疗机构管理条例", "医疗机构管理条例", Resolution.EXACT),
        ("医师法", "中华人民共和国医师法", Resolution.ALIAS),
        ("中华人民共和国医师法（2022年版）", "中华人民共和国医师法", Resolution.ALIAS),
        ("医疗机构管理调条例", "医疗机构管理条例", Resolution.FUZZY),
        ("母婴母婴保健法", "中华人民共和国母婴保健法", Resolution.FUZZY),
        ("医疗机构管埋条例", "医疗机构管理条例", Resolution.FUZZY),
    ],
)
def test_title_rule(cited: str, title: str, resolution: Resolution) -> None:
    match = TitleCatalogue(HELD).match(cited)
    assert match is not None
    assert (match.title, match.resolution) == (title, resolution)


@pytest.mark.parametrize(
    "cited",
    ["执业医师法", "互联网信息服务管理办法", "医疗器械使用监督管理办法", "医疗质量管理办法"],
)
def test_different_acts_stay_apart(cited: str) -> None:
    assert TitleCatalogue(HELD).match(cited) is None


def test_title_key() -> None:
    assert title_key("《中华人民共和国医师资格考试暂行办法（试行）》") == "医师资格考试办法"


def parsed(text: str, doc_id: str, title: str, version: date | None = None) -> ParsedDocument:
    doc = replace(make_doc(text, doc_id=doc_id, title=title), version_date=version)
    return ParsedDocument(document=doc, clauses=(), citations=tuple(extract_citations(doc, [])))


def test_batch_resolution_picks_newest_version_and_keeps_unheld() -> None:
    old = parsed("第一条 制定本条例。", "old", "医疗机构管理条例", date(2016, 2, 6))
    new = parsed("第一条 制定本条例。", "new", "医疗机构管理条例", date(2022, 3, 29))
    report = parsed(
        "依据《医疗机构管理调条例》和《医疗质量管理办法》（以下简称《办法》），落实《办法》要求。"
        "另见《中华人民共和国执业医师法》与《执业医师法》。",
        "report",
        "自查报告",
    )
    docs, known = resolve_citations([old, new, report])
    assert known == ("医疗机构管理条例", "自查报告")
    cites = {c.raw: c for c in docs[2].citations}
    typo = cites["《医疗机构管理调条例》"]
    assert (typo.target_title, typo.target_document_id, typo.resolution) == (
        "医疗机构管理条例", "new", Resolution.FUZZY,
    )  # fmt: skip
    unheld = cites["《医疗质量管理办法》"]
    assert (unheld.target_title, unheld.target_document_id) == ("医疗质量管理办法", None)
    assert unheld.resolution is Resolution.UNRESOLVED
    short = cites["《办法》"]
    assert (short.kind, short.resolution, short.target_title) == (
        CitationKind.SHORT_FORM, Resolution.DEFINED, "医疗质量管理办法",
    )  # fmt: skip
    # two names of one unheld work become one target
    assert cites["《执业医师法》"].target_title == "中华人民共和国执业医师法"
    problems = [p.message for p in docs[2].problems if p.code == "unresolved_citation"]
    assert len(problems) == 2
    self_ref = docs[0].citations[0]
    assert (self_ref.kind, self_ref.target_document_id) == (CitationKind.SELF, "old")


def test_resolution_through_the_real_pipeline() -> None:
    ingest = pytest.importorskip("ingest")
    paths = [
        DATA / "seeds" / "000_e8441b651c306fc0.txt",
        DATA / "corpus" / "admin_regulation" / "医疗机构管理条例(2016-02-06).md",
        DATA / "corpus" / "admin_regulation" / "医疗机构管理条例(2022-03-29).md",
        DATA / "corpus" / "law" / "中华人民共和国母婴保健法(2017-11-04).md",
        DATA / "corpus" / "law" / "中华人民共和国医师法(2021-08-20).md",
    ]
    batch = ingest.ingest_paths(paths)
    report = next(d for d in batch.documents if d.document.source.endswith(".txt"))
    newest = next(d.document.id for d in batch.documents if "2022-03-29" in d.document.source)
    by_title = {c.title: c for c in report.citations if c.title}
    assert by_title["医疗机构管理调条例"].target_document_id == newest
    assert by_title["母婴母婴保健法"].target_title == "中华人民共和国母婴保健法"
    assert by_title["母婴母婴保健法"].resolution is Resolution.FUZZY
    assert by_title["中华人民共和国医师法"].resolution is Resolution.EXACT
    assert by_title["医疗质量管理办法"].resolution is Resolution.UNRESOLVED
