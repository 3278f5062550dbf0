"""Citation resolution: the title rule (exact, alias, fuzzy) and batch resolution on real files."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ingest.catalogue import TitleFinder, national_aliases, national_works, written_forms
from ingest.citations import extract_citations, is_regulation_title
from ingest.models import (
    Citation,
    CitationKind,
    ParsedDocument,
    RepealKind,
    Resolution,
    Status,
)
from ingest.resolve import TitleCatalogue, clean_title, resolve_citations, title_key
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
        ("医疗机构管理条理", "医疗机构管理条例", Resolution.FUZZY),  # the type word misspelt
    ],
)
def test_title_rule(cited: str, title: str, resolution: Resolution) -> None:
    match = TitleCatalogue(HELD).match(cited)
    assert match is not None
    assert (match.title, match.resolution) == (title, resolution)


@pytest.mark.parametrize(
    "cited",
    [
        "执业医师法",
        "互联网信息服务管理办法",
        "医疗器械使用监督管理办法",
        "医疗质量管理办法",
        "医疗机构管理办法",  # another type of act, not a typo of 条例
    ],
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


HELD_DOCS = {
    "医疗机构管理条例": "第一条 为了加强对医疗机构的管理，制定本条例。",
    "医疗机构管理条例实施细则": "第一条 根据《医疗机构管理条例》制定本细则。",
    "中华人民共和国医师法": "第一条 为了保障医师合法权益，制定本法。",
    "国务院办公厅关于改革完善医疗卫生行业综合监管制度的指导意见": "一、总体要求",
}


def resolved_report(text: str, title: str = "自查报告") -> list[Citation]:
    """The citations of ``text`` once resolved against ``HELD_DOCS``."""
    held = [parsed(body, f"h{i}", t) for i, (t, body) in enumerate(HELD_DOCS.items())]
    report = parsed(text, "report", title)
    docs, _ = resolve_citations([*held, report])
    return [c for c in docs[-1].citations if c.kind is not CitationKind.SELF]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # held titles written without 《》, the article kept
        ("根据医疗机构管理条例第二十条规定执业。", [("医疗机构管理条例", "art_20")]),
        ("依照医疗机构管理条例第二十条第二款处理。", [("医疗机构管理条例", "art_20/para_2")]),
        ("严格执行医疗机构管理条例实施细则。", [("医疗机构管理条例实施细则", None)]),
        ("依照医师法第十四条注册。", [("中华人民共和国医师法", "art_14")]),
        # seed 000: the catalogue names works nobody holds
        ("内容包括:中华人民共和国医师法（2022年版）、关于医师执业注册中执业范围的暂行规定、"
         "医疗机构手术分级管理办法（2022年版）、医疗质量安全核心制度要点等",
         [("中华人民共和国医师法", None), ("关于医师执业注册中执业范围的暂行规定", None),
          ("医疗机构手术分级管理办法", None), ("医疗质量安全核心制度要点", None)]),
        # the longest name wins: 执业医师法 is another work than 医师法
        ("依照执业医师法第十四条的规定。", [("中华人民共和国执业医师法", "art_14")]),
    ],
)  # fmt: skip
def test_titles_written_without_brackets(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(c.target_title, c.article_path) for c in resolved_report(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "本院医疗质量管理办法已修订。",  # a hospital's own rules, preceded by 院
        "医疗机构管理条例\n",  # a heading line
        "我院制定了医疗质量管理办法实施细则。",  # part of a longer name
        "组织学习医师法。",  # a short name needs a locator to be read bare
        "编制医疗隐患点警示手册及预警处置办法。",  # seed 001: a plan's task, no known work
        "各医疗机构要建立本单位内部医疗技术准入制度。",
    ],
)
def test_bare_title_false_positive_guards(text: str) -> None:
    assert resolved_report(text) == []


def test_own_title_is_not_a_citation() -> None:
    cites = resolved_report("医疗机构管理条例自发布之日起施行。", title="医疗机构管理条例")
    assert cites == []


@pytest.mark.parametrize(
    ("cited", "expected"),
    [
        ("国务院办公厅关于《改革完善医疗卫生行业综合监管制度的指导意见》",
         "国务院办公厅关于改革完善医疗卫生行业综合监管制度的指导意见"),
        ("《国务院办公厅关于改革完善医疗卫生行业综合监管制度的指导意见》",
         "国务院办公厅关于改革完善医疗卫生行业综合监管制度的指导意见"),
        ("《国务院医疗机构管理条例》", "医疗机构管理条例"),
        ("《中华人民共和国医疗机构管理条例》", "医疗机构管理条例"),
        ("《医疗机构管理条例〉第二十条", "医疗机构管理条例"),
        ("根据国务院办公厅关于《改革完善医疗卫生行业综合监管制度的指导意见》",
         "国务院办公厅关于改革完善医疗卫生行业综合监管制度的指导意见"),
    ],
)  # fmt: skip
def test_issuer_prefixed_titles_resolve(cited: str, expected: str) -> None:
    cites = resolved_report(f"依据{cited}开展自查。")
    assert [(c.target_title, c.resolution is Resolution.UNRESOLVED) for c in cites] == [
        (expected, False)
    ]


def test_notice_unheld_leaves_the_issued_work_with_its_number() -> None:
    text = "根据《关于印发医疗质量安全核心制度要点的通知》（国卫医发〔2018〕8号）要求"
    cites = resolved_report(text)
    assert [(c.target_title, c.number, c.issued_by is not None) for c in cites] == [
        ("医疗质量安全核心制度要点", "国卫医发〔2018〕8号", True)
    ]


def test_held_notice_is_cited_by_title_by_number_and_by_the_work_it_issues() -> None:
    notice = replace(
        parsed("各有关单位：现将要点印发给你们。", "n", "关于印发医疗质量安全核心制度要点的通知"),
    )
    notice = replace(notice, document=replace(notice.document, number="国卫医发〔2018〕8号"))
    report = parsed(
        "根据《国家卫生健康委关于印发医疗质量安全核心制度要点的通知》要求，落实"
        "《医疗质量安全核心制度要点》，执行国卫医发〔2018〕8号文件。",
        "report",
        "自查报告",
    )
    docs, _ = resolve_citations([notice, report])
    cites = [c for c in docs[1].citations if c.kind is not CitationKind.SELF]
    assert [(c.kind, c.target_document_id) for c in cites] == [
        (CitationKind.TITLE, "n"), (CitationKind.TITLE, "n"), (CitationKind.DOCUMENT_NUMBER, "n")
    ]  # fmt: skip
    assert not any(c.issued_by for c in cites)  # the issued work is the held notice itself


def test_seed_002_does_not_cite_its_own_plan() -> None:
    path = next((DATA / "seeds").glob("002_*.txt"))
    batch = pytest.importorskip("ingest").ingest_paths([path])
    cited = {c.target_title for c in batch.documents[0].citations if c.kind is CitationKind.TITLE}
    assert "医疗机构医疗质量安全专项整治行动方案" not in cited
    assert "医疗质量安全核心制度要点" in cited
    # its own 文号 in the header names the notice itself: a self reference, not a cited work
    (own,) = [c for c in batch.documents[0].citations if c.number == "国卫办医政函〔2025〕228号"]
    assert (own.kind, own.resolution) == (CitationKind.SELF, Resolution.SELF)


def repeal_batch(
    new_text: str, new_title: str, old_title: str, *, draft: bool = False
) -> tuple[ParsedDocument, ParsedDocument]:
    old = parsed("第一条 为了管理，制定本法。", "old", old_title, date(1998, 6, 26))
    new = parsed(new_text, "new", new_title, date(2021, 8, 20))
    if draft:
        new = replace(new, document=replace(new.document, status=Status.DRAFT))
    docs, _ = resolve_citations([old, new])
    return docs[0], docs[1]


@pytest.mark.parametrize(
    ("text", "new_title", "old_title", "kind", "status"),
    [
        ("第六十七条 本法自2022年3月1日起施行。《中华人民共和国执业医师法》同时废止。",
         "中华人民共和国医师法", "中华人民共和国执业医师法",
         RepealKind.REPLACES, Status.SUPERSEDED),
        ("第五十五条 本条例自1994年9月1日起施行。1951年政务院批准发布的《医院诊所管理暂行条例》"
         "同时废止。", "医疗机构管理条例", "医院诊所管理暂行条例",
         RepealKind.REPEALS, Status.REPEALED),
        ("第四十条 本办法自发布之日起施行，《医疗机构药事管理暂行规定》（卫医发〔2002〕24号）"
         "自本办法施行之日起废止。", "医疗机构药事管理规定", "医疗机构药事管理暂行规定",
         RepealKind.REPLACES, Status.SUPERSEDED),
    ],
)  # fmt: skip
def test_repeal_and_replacement(
    text: str, new_title: str, old_title: str, kind: RepealKind, status: Status
) -> None:
    old, new = repeal_batch(text, new_title, old_title)
    assert [(r.kind, r.target_title, r.target_document_id) for r in new.repeals] == [
        (kind, old_title, "old")
    ]
    repeal = new.repeals[0]
    assert repeal.raw.endswith("废止") and repeal.raw == text[repeal.span.start : repeal.span.end]
    assert old.document.status is status
    assert new.document.status is Status.UNKNOWN


def test_repeal_of_a_list_of_works() -> None:
    text = (
        "第八十九条 本条例自2005年11月1日起施行。1987年11月28日国务院发布的《麻醉药品管理办法》"
        "和1988年12月27日国务院发布的《精神药品管理办法》同时废止。"
    )
    _, new = repeal_batch(text, "麻醉药品和精神药品管理条例", "精神药品管理办法")
    assert [r.target_title for r in new.repeals] == ["麻醉药品管理办法", "精神药品管理办法"]
    assert all(r.kind is RepealKind.REPEALS for r in new.repeals)


@pytest.mark.parametrize(
    "text",
    [
        "第十七条 医师注册后有下列情形之一的，注销注册，废止医师执业证书。",
        "有前款规定情形的，依照《中华人民共和国执业医师法》第十六条的规定处理，废止其证书。",
    ],
)
def test_not_a_repeal(text: str) -> None:
    old, new = repeal_batch(text, "中华人民共和国医师法", "中华人民共和国执业医师法")
    assert new.repeals == ()
    assert old.document.status is Status.UNKNOWN


def test_a_draft_repeals_nothing_yet() -> None:
    text = "本办法自发布之日起施行。《中华人民共和国执业医师法》同时废止。"
    old, new = repeal_batch(text, "中华人民共和国医师法", "中华人民共和国执业医师法", draft=True)
    assert len(new.repeals) == 1  # the statement is recorded
    assert old.document.status is Status.UNKNOWN  # but a draft changes no status


def test_physicians_law_replaces_the_licensed_physicians_law_from_the_corpus() -> None:
    path = DATA / "corpus" / "law" / "中华人民共和国医师法(2021-08-20).md"
    batch = pytest.importorskip("ingest").ingest_paths([path])
    parsed_law = batch.documents[0]
    (repeal,) = parsed_law.repeals
    assert (repeal.kind, repeal.target_title) == (
        RepealKind.REPLACES, "中华人民共和国执业医师法",
    )  # fmt: skip
    clause = next(c for c in parsed_law.clauses if c.id == repeal.clause_id)
    assert clause.path.endswith("art_67") and "同时废止" in clause.text


def test_national_catalogue_is_well_formed() -> None:
    works = national_works()
    titles = [w.title for w in works]
    assert len(titles) == len(set(titles)) >= 140
    assert {w.level for w in works} == {"法律", "行政法规", "部门规章", "规范性文件"}
    assert all(is_regulation_title(t) and t == clean_title(t) for t in titles)
    # two works, one replacing the other, stay two entries and two keys' worth of names
    assert {"中华人民共和国医师法", "中华人民共和国执业医师法"} <= set(titles)
    assert national_aliases()["核心制度要点"] == "医疗质量安全核心制度要点"


def test_title_finder_prefers_the_longest_whole_name() -> None:
    finder = TitleFinder(
        written_forms("中华人民共和国医师法") | written_forms("中华人民共和国执业医师法")
    )
    text = "依照中华人民共和国执业医师法第十四条和医师法第二条，并学习医师法。"
    assert [name for _, _, name in finder.find(text)] == ["中华人民共和国执业医师法", "医师法"]


def test_a_short_form_of_a_longer_unheld_title_in_the_same_document_is_that_work() -> None:
    """《影像科建设管理规范》 after 《医院影像科建设管理规范》: what is left off is the
    institution; 《医院建筑设计规范》 beside 《传染病医院建筑设计规范》 leaves off what it is
    about: two works."""
    from ingest import ingest_bytes

    text = (
        "医院工作考核表\n\n"
        "一、放射科执行省《医院影像科建设管理规范》，布局符合《传染病医院建筑设计规范》。\n"
        "二、影像科符合《影像科建设管理规范》要求，病房符合《医院建筑设计规范》。\n"
    )
    parsed = ingest_bytes([("考核表.txt", text.encode())]).documents[0]
    targets = {c.raw: c.target_title for c in parsed.citations}
    assert targets["《影像科建设管理规范》"] == "医院影像科建设管理规范"
    assert targets["《医院建筑设计规范》"] == "医院建筑设计规范"


def test_a_title_two_characters_from_its_own_is_another_work() -> None:
    """原《某县人民医院医疗质量管理制度》同时废止 in the 医疗质量安全管理制度 names the old work it
    replaces, not the document itself (a fuzzy match to one's own title is never the document)."""
    from ingest import ingest_bytes

    text = (
        "某县人民医院医疗质量安全管理制度\n第一条 为规范管理，制定本制度。\n"
        "第二条 本制度自印发之日起施行。原《某县人民医院医疗质量管理制度》同时废止。\n"
    )
    parsed = ingest_bytes([("rules.txt", text.encode())]).documents[0]
    cited = [c for c in parsed.citations if c.title == "某县人民医院医疗质量管理制度"]
    assert [(c.resolution, c.target_document_id) for c in cited] == [(Resolution.UNRESOLVED, None)]
    assert cited[0].target_title == "某县人民医院医疗质量管理制度"
