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
        ("严格执行苏卫疾控[2007]35号", "苏卫疾控〔2007〕35号"),  # seed 003
        ("认真贯彻落实国卫医发〔2018〕8号", "国卫医发〔2018〕8号"),
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
    by_number = {c.number: c for c in cites if c.number and not c.issued_by}
    notice = by_number["国卫监督发〔2020〕18号"]
    assert notice.title == "关于印发医疗机构依法执业自查管理办法的通知"
    assert notice.raw.endswith("（国卫监督发〔2020〕18号）")
    # the notice also cites the work it issues, at the same place and with the same number
    issued = [c for c in cites if c.issued_by == notice.title]
    assert [(c.title, c.number, c.span) for c in issued] == [
        ("医疗机构依法执业自查管理办法", "国卫监督发〔2020〕18号", notice.span)
    ]
    assert (by_number["新医指导发〔2024〕12号"].title or "").startswith("关于开展新疆维吾尔自治区")
    assert by_number["新卫医函〔2024〕201号"].kind is CitationKind.TITLE
    order = by_number["中华人民共和国国家卫生和计划生育委员会令第13号"]
    assert order.title == "医师执业注册管理办法"
    # 30 《》 titles, a 解读 of the 医疗质量管理办法, the works two 印发 notices issue, and
    # 《母婴母婴保健法》及其实施办法
    assert len(titles) == 34
    assert "医疗质量管理办法核心要点解读(第二版）" in titles
    # the issuer written before the brackets is part of the title
    assert "国务院办公厅关于改革完善医疗卫生行业综合监管制度的指导意见" in titles
    assert "母婴母婴保健法实施办法" in titles


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
     ("第三条第四项", "art_3/para_1/item_4"), ("第三章", "ch_3"), ("第十条之一", "art_10-1"),
     ("第八十一条第一款第（一）项", "art_81/para_1/item_1")],
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


def titles_in(text: str) -> list[tuple[str | None, str | None]]:
    """(title, article path) of every title citation in ``text``."""
    cites = extract_citations(make_doc(text), [])
    return [(c.title, c.article_path) for c in cites if c.kind is CitationKind.TITLE]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("依据《医疗机构管理条例〉第二十条规定执业。", [("医疗机构管理条例", "art_20")]),
        ("依据〈医疗机构管理条例》的规定执业。", [("医疗机构管理条例", None)]),
        ("按照<医疗废物管理条例>要求分类收集。", [("医疗废物管理条例", None)]),
        ("落实《医疗质量管理办法》》要求。", [("医疗质量管理办法", None)]),
        ("组织学习《医疗纠纷预防和处理条例\n下一行", [("医疗纠纷预防和处理条例", None)]),
        ("依照“医疗机构管理条例”第二十四条处理。", [("医疗机构管理条例", "art_24")]),
        ("依照《医疗机构管理条例〉第二十条第二款处理。", [("医疗机构管理条例", "art_20/para_2")]),
        # 《关于修改〈X〉等十项法规的决定》 is one title: the X inside it is not cited apart
        ("根据《关于修改〈广东省计划生育条例〉等十项法规的决定》修正", [
            ("关于修改〈广东省计划生育条例〉等十项法规的决定", None)]),
    ],
)  # fmt: skip
def test_titles_with_brackets_that_do_not_pair(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert titles_in(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "开展“医疗质量提升年”活动。",  # a campaign in quotes
        "落实“三级查房制度”和“首诊负责制度”。",  # in-house systems in quotes
        "检验结论标明“符合标准规定”。",
        "平均住院日<8天,床位使用率>85%。",
        "持有效《医疗机构执业许可证》执业。",
        "《出生医学证明》发放及时。",
    ],
)
def test_quotes_and_angle_signs_that_are_not_titles(text: str) -> None:
    assert titles_in(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("重点学习了《母婴母婴保健法》及其实施办法、《计划生育技术服务管理条例》。",  # seed 000
         ["母婴母婴保健法", "母婴母婴保健法实施办法", "计划生育技术服务管理条例"]),
        ("严格执行《传染病防治法》及其实施细则。", ["传染病防治法", "传染病防治法实施细则"]),
        ("依照《药品管理法》及其实施条例第十条。", ["药品管理法", "药品管理法实施条例"]),
        ("执行《传染病防治法》及其他有关规定。", ["传染病防治法"]),
    ],
)  # fmt: skip
def test_title_and_its_implementing_regulation(text: str, expected: list[str]) -> None:
    assert [t for t, _ in titles_in(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("是否按照《医疗机构管理条理》第二十六条规定执业。",
         [("医疗机构管理条理", "art_26")]),
        ("违反《护士条列》第二十一条第一款。", [("护士条列", "art_21/para_1")]),
        ("持有效《医疗机构执业许可证》第3页复印件。", []),  # a certificate, no article
        ("参考《内科学》第九版。", []),
    ],
)  # fmt: skip
def test_a_title_with_a_misspelt_type_word_is_cited_by_its_article(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    """《…条理》 ends in no known type word; the 第X条 after it still makes it a cited work."""
    assert titles_in(text) == expected


def test_implementing_regulation_keeps_its_article() -> None:
    assert titles_in("依照《药品管理法》及其实施条例第十条。")[-1] == (
        "药品管理法实施条例",
        "art_10",
    )


@pytest.mark.parametrize(
    ("text", "notice", "issued", "number"),
    [
        ("根据《关于印发医疗质量安全核心制度要点的通知》（国卫医发〔2018〕8号）要求",
         "关于印发医疗质量安全核心制度要点的通知", "医疗质量安全核心制度要点",
         "国卫医发〔2018〕8号"),
        ("按照《国家卫生健康委 国家中医药局 国家疾控局关于印发医疗监督执法工作规范（试行）的通知》"
         "（国卫医急发〔2023〕35号）精神",  # seed 004, issuers first
         "国家卫生健康委 国家中医药局 国家疾控局关于印发医疗监督执法工作规范（试行）的通知",
         "医疗监督执法工作规范（试行）", "国卫医急发〔2023〕35号"),
        ("根据《关于印发〈医疗机构依法执业自查管理办法〉的通知》",  # the issued title in 〈〉
         "关于印发〈医疗机构依法执业自查管理办法〉的通知", "医疗机构依法执业自查管理办法", None),
    ],
)  # fmt: skip
def test_notice_cites_the_document_it_issues(
    text: str, notice: str, issued: str, number: str | None
) -> None:
    cites = [c for c in extract_citations(make_doc(text), []) if c.kind is CitationKind.TITLE]
    by_issuer = {c.issued_by: c for c in cites}
    assert by_issuer[None].title == notice
    work = by_issuer[notice]
    assert (work.title, work.number, work.span) == (issued, number, by_issuer[None].span)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("依据国务院办公厅关于《改革完善医疗卫生行业综合监管制度的指导意见》要求",  # seed 000
         "国务院办公厅关于改革完善医疗卫生行业综合监管制度的指导意见"),
        ("按照国家卫生健康委、国家中医药局关于《加强医疗机构药事管理促进合理用药的意见》",
         "国家卫生健康委、国家中医药局关于加强医疗机构药事管理促进合理用药的意见"),
        # not an issuer, or not a title that follows 关于: the bracketed title alone
        ("各医疗机构关于《进一步改善医疗服务的通知》的落实情况", "进一步改善医疗服务的通知"),
        ("市卫生健康委关于《医疗机构管理条例》的贯彻情况", "医疗机构管理条例"),
        ("关于《医疗质量管理办法》的学习", "医疗质量管理办法"),
    ],
)  # fmt: skip
def test_issuer_written_before_the_brackets(text: str, expected: str) -> None:
    assert [t for t, _ in titles_in(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # seed 000: "依据管理办法" after 《医疗机构依法执业自查管理办法》, with no 以下简称
        ("印发了《医疗机构依法执业自查管理办法》,医院依据管理办法切实落实主体责任。",
         [("管理办法", "医疗机构依法执业自查管理办法")]),
        ("执行《医疗机构管理条例》，依照条例第二十四条处理。",
         [("条例第二十四条", "医疗机构管理条例")]),
        # no earlier title of that type, or an everyday word: nothing
        ("依照条例第二十四条处理。", []),
        ("执行《医疗机构管理条例》，按照规定报告。", []),
        ("执行《医疗机构管理条例》，依照本条例第二十四条处理。", []),
    ],
)  # fmt: skip
def test_type_word_standing_for_the_title_before_it(
    text: str, expected: list[tuple[str, str]]
) -> None:
    cites = extract_citations(make_doc(text), [])
    short = [(c.raw, c.target_title) for c in cites if c.kind is CitationKind.SHORT_FORM]
    assert short == expected


@pytest.mark.parametrize(
    ("sentence", "bare"),
    [
        (
            "6-2-1严格执行《会计法》和财政违法行为处罚条例,评审前三年无违法事件。",
            "财政违法行为处罚条例",
        ),
        ("落实《消毒管理办法》、医院感染管理办法等要求。", "医院感染管理办法"),
        ("依据《传染病防治法》及有关规定开展检查。", None),
        ("执行《护士条例》和医院的规定。", None),
    ],
)
def test_a_bare_title_listed_after_a_bracketed_one_is_a_citation(
    sentence: str, bare: str | None
) -> None:
    from ingest.reading import fold
    from ingest.titles import bracketed_titles

    titles = [m.title for m in bracketed_titles(fold(sentence))]
    assert titles[1:] == ([bare] if bare else [])
