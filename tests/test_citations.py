"""Citation extraction on the seeds, on hand-built statute clauses, and as a hypothesis property."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.citations import (
    article_path_of,
    extract_citations,
    is_regulation_title,
    normalise_number,
)
from ingest.models import CitationKind, Clause, ClauseKind, Document, DocumentKind, Resolution, Span
from ingest.reading import fold

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"


def make_doc(
    text: str, doc_id: str = "d", title: str = "测试文件", number: str | None = None
) -> Document:
    return Document(
        id=doc_id, source=f"{doc_id}.txt", sha256="0", encoding="utf-8", title=title,
        kind=DocumentKind.OTHER, text=text, folded=fold(text), number=number,
    )  # fmt: skip


def seed(name: str) -> Document:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return make_doc(path.read_text(encoding="utf-8"), doc_id=name)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("医疗机构管理条例", True),
        ("中华人民共和国医师法", True),
        ("新疆维吾尔自治区职业健康检查机构备案办法（试行）", True),
        ("关于印发医疗机构依法执业自查管理办法的通知", True),
        ("改革完善医疗卫生行业综合监管制度的指导意见", True),
        ("医疗机构执业许可证", False),
        ("出生医学证明", False),
        ("行政处罚决定通知书", False),
        ("突发急性传染病的识别与救治", False),
        ("品管圈在降低阴分娩并发症发生率中的应用", False),
        ("2024年十大质量安全目标", False),
    ],
)
def test_regulation_title_classifier(title: str, expected: bool) -> None:
    assert is_regulation_title(title) is expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("苏卫疾控[2007]35号", "苏卫疾控〔2007〕35号"),
        ("国卫监督发〔2020〕18号", "国卫监督发〔2020〕18号"),
        ("根据国卫医急发〔2023〕 35 号", "国卫医急发〔2023〕35号"),
        ("国务院令第752号", "国务院令第752号"),
        ("没有文号", None),
    ],
)
def test_normalise_number(written: str, expected: str | None) -> None:
    assert normalise_number(written) == expected


def test_seed_000_titles_numbers_and_exclusions() -> None:
    doc = seed("000")
    cites = extract_citations(doc, [])
    titles = [c.title for c in cites if c.kind is CitationKind.TITLE]
    assert "医疗机构管理调条例" in titles
    assert "母婴母婴保健法" in titles
    assert titles.count("医疗质量管理办法") == 2
    # certificates, a course and a paper are not regulations
    for not_cited in ("出生医学证明", "突发急性传染病的识别与救治", "2024年十大质量安全目标"):
        assert not_cited not in titles
    assert not any(t and t.startswith("品管圈") for t in titles)
    by_number = {c.number: c for c in cites if c.number}
    notice = by_number["国卫监督发〔2020〕18号"]
    assert notice.title == "关于印发医疗机构依法执业自查管理办法的通知"
    assert notice.raw.endswith("（国卫监督发〔2020〕18号）")
    assert (by_number["新医指导发〔2024〕12号"].title or "").startswith("关于开展新疆维吾尔自治区")
    assert by_number["新卫医函〔2024〕201号"].kind is CitationKind.TITLE
    order = by_number["中华人民共和国国家卫生和计划生育委员会令第13号"]
    assert order.title == "医师执业注册管理办法"
    assert len(titles) == 30


def test_seed_004_defined_short_form() -> None:
    doc = seed("004")
    cites = extract_citations(doc, [])
    short = [c for c in cites if c.kind is CitationKind.SHORT_FORM]
    # 《工作规范》 in the study list and the bare "依据工作规范"
    assert [c.raw for c in short] == ["工作规范", "《工作规范》"]
    assert {c.target_title for c in short} == {"医疗监督执法工作规范（试行）"}
    assert all(c.resolution is Resolution.DEFINED for c in short)
    first = cites[0]
    assert first.number == "国卫医急发〔2023〕35号"
    assert "（以下简称" not in first.raw


def test_seed_002_traditional_text_matched_folded() -> None:
    doc = seed("002")
    cites = extract_citations(doc, [])
    assert "醫師法" in [c.title for c in cites]  # as written
    numbers = [c.number for c in cites if c.kind is CitationKind.DOCUMENT_NUMBER]
    assert numbers == ["国卫办医政函〔2025〕228号"]  # normalised to simplified


STATUTE = (
    "第十九条 医师应当遵守执业规范。\n"
    "违反前款规定的，依照本法第三十条第二款处理。\n"
    "前两款规定适用于助理医师。\n"
    "第二十条 本条第一款所称医疗机构，适用《医疗机构管理条例》第二十四条、第二十五条的规定。\n"
)


def statute_clauses(doc: Document) -> list[Clause]:
    text = doc.text
    lines = text.split("\n")
    starts = [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
    art19 = Span(0, starts[3] - 1)
    art20 = Span(starts[3], len(text))

    def clause(path: str, kind: ClauseKind, span: Span, parent: str | None) -> Clause:
        return Clause(f"d#{path}", "d", kind, path, path, span.slice(text), span, parent, 0)

    return [
        clause("art_19", ClauseKind.ARTICLE, art19, None),
        clause("art_19/para_1", ClauseKind.PARAGRAPH, Span(0, starts[1] - 1), "d#art_19"),
        clause("art_19/para_2", ClauseKind.PARAGRAPH, Span(starts[1], starts[2] - 1), "d#art_19"),
        clause("art_19/para_3", ClauseKind.PARAGRAPH, Span(starts[2], starts[3] - 1), "d#art_19"),
        clause("art_20", ClauseKind.ARTICLE, art20, None),
    ]


def test_internal_references_in_a_statute() -> None:
    doc = make_doc(STATUTE, title="中华人民共和国医师法")
    cites = extract_citations(doc, statute_clauses(doc))
    got = [(c.raw, c.kind, c.article_path, c.clause_id) for c in cites]
    assert ("前款", CitationKind.INTERNAL, "art_19/para_1", "d#art_19/para_2") in got
    assert ("本法第三十条第二款", CitationKind.INTERNAL, "art_30/para_2", "d#art_19/para_2") in got
    front = [g for g in got if g[0] == "前两款"]
    assert [g[2] for g in front] == ["art_19/para_1", "art_19/para_2"]
    assert ("本条第一款", CitationKind.INTERNAL, "art_20/para_1", "d#art_20") in got
    external = [c for c in cites if c.kind is CitationKind.TITLE]
    assert [(c.raw, c.article_path) for c in external] == [
        ("《医疗机构管理条例》第二十四条", "art_24"),
        ("第二十五条", "art_25"),
    ]
    # the article numbers opening lines are headings, not citations
    assert not any(c.raw in ("第十九条", "第二十条") for c in cites)


def test_self_reference_targets_own_work() -> None:
    doc = make_doc(
        "为了规范管理，制定本办法。基本法律另有规定的除外。", title="医疗技术临床应用管理办法"
    )
    cites = extract_citations(doc, [])
    assert [(c.raw, c.kind, c.target_title) for c in cites] == [
        ("本办法", CitationKind.SELF, "医疗技术临床应用管理办法")
    ]


@pytest.mark.parametrize(
    ("locator", "expected"),
    [("第二十条第二款", "art_20/para_2"), ("第一百零五条", "art_105"),
     ("第三条第四项", "art_3/para_1/item_4"), ("第三章", "ch_3"), ("第十条之一", "art_10-1")],
)  # fmt: skip
def test_article_path_of(locator: str, expected: str) -> None:
    assert article_path_of(locator) == expected


_ALPHABET = st.sampled_from(
    list(
        "《》〈〉（）()〔〕[]第条款项章一二三十百0123456789号本法条例办法规定"
        "以下简称“”前两医疗机构卫健委国令\n ，。；"
    )
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=120).map("".join))
def test_extractor_never_crashes_and_spans_index_text(text: str) -> None:
    doc = make_doc(text)
    for citation in extract_citations(doc, []):
        assert 0 <= citation.span.start <= citation.span.end <= len(text)
        assert text[citation.span.start : citation.span.end] == citation.raw
