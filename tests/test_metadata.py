"""Document-level metadata from the seeds (plain text) and the corpus (front matter)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest.boilerplate import strip_boilerplate
from ingest.errors import IngestError
from ingest.metadata import (
    DOC_NUMBER,
    Metadata,
    extract_metadata,
    find_title,
    normalise_number,
    parse_date,
    split_front_matter,
)
from ingest.models import DocumentKind, Level, Status
from ingest.reading import decode, fold
from ingest.structure.common import cn_to_int, int_to_cn

DATA = Path(__file__).resolve().parent.parent / "data"


def metadata_of(path: Path) -> Metadata:
    text = decode(path.read_bytes()).text
    front, body = split_front_matter(text)
    if not front:
        body, _ = strip_boilerplate(body)
    return extract_metadata(fold(body), front)


def seed(name: str) -> Metadata:
    return metadata_of(next((DATA / "seeds").glob(f"{name}_*.txt")))


def corpus(name: str) -> Metadata:
    return metadata_of(next((DATA / "corpus").glob(f"*/{name}")))


def test_seed_002_national_notice_scraped_from_the_web() -> None:
    meta = seed("002")
    assert meta.title == "关于印发医疗机构医疗质量安全专项整治行动方案的通知"
    assert meta.number == "国卫办医政函〔2025〕228号"
    assert meta.kind == DocumentKind.NOTICE
    assert meta.issuers == ("国家卫生健康委办公厅", "国家中医药局综合司", "国家疾控局综合司")
    assert meta.issued == date(2025, 6, 16)
    assert (meta.level, meta.jurisdiction) == (Level.NATIONAL, "全国")


def test_seed_004_provincial_draft_with_a_title_over_two_lines() -> None:
    meta = seed("004")
    assert meta.title == "关于进一步规范我区医疗卫生监督执法工作的通知"
    assert meta.kind == DocumentKind.NOTICE
    assert meta.status == Status.DRAFT
    assert meta.level == Level.PROVINCIAL  # 我区 with 自治区卫生健康委 in the text
    assert meta.number is None  # 国卫医急发〔2023〕35号 is cited in the body, not its own


def test_seed_001_city_plan() -> None:
    meta = seed("001")
    assert meta.title == "中卫市2020年“医疗质量提升年”实施方案"
    assert meta.kind == DocumentKind.PLAN
    assert (meta.level, meta.jurisdiction) == (Level.PREFECTURAL, "中卫市")


def test_seed_000_hospital_report_without_a_title_line() -> None:
    meta = seed("000")
    assert meta.kind == DocumentKind.REPORT
    assert meta.title == "2024年度自查工作开展情况总结"
    assert (meta.level, meta.jurisdiction) == (Level.INSTITUTION, "克拉玛依市")


def test_seed_003_scoring_table_has_no_title() -> None:
    meta = seed("003")
    assert meta.kind == DocumentKind.SCORING_STANDARD
    assert meta.title is None


def test_corpus_regulation_from_front_matter() -> None:
    meta = corpus("医疗机构管理条例(2022-03-29).md")
    assert meta.title == meta.work_title == "医疗机构管理条例"
    assert meta.kind == DocumentKind.ADMINISTRATIVE_REGULATION
    assert meta.version_date == date(2022, 3, 29)
    assert meta.issuers == ("国务院",)
    assert (meta.level, meta.jurisdiction) == (Level.NATIONAL, "全国")
    assert meta.status == Status.IN_FORCE  # status_at_crawl
    assert ("group", "core") in meta.extra


def test_corpus_law_issuer_and_effective_date() -> None:
    meta = corpus("中华人民共和国中医药法(2016-12-25).md")
    assert meta.kind == DocumentKind.LAW
    assert meta.issuers == ("全国人民代表大会常务委员会",)
    assert meta.effective == date(2017, 7, 1)  # 本法自2017年7月1日起施行


def test_corpus_departmental_rule_has_an_order_number() -> None:
    meta = corpus("互联网药品信息服务管理办法(2004-07-08).md")
    assert meta.kind == DocumentKind.DEPARTMENTAL_RULE
    assert meta.number == "国家食品药品监督管理局令第9号"
    assert meta.issuers == ("国家食品药品监督管理局",)


@pytest.mark.parametrize(
    ("name", "level", "jurisdiction"),
    [
        ("上海市人口与计划生育条例(2021-11-25).md", Level.PROVINCIAL, "上海市"),
        ("临沂市献血条例(2019-02-12).md", Level.PREFECTURAL, "临沂市"),
        ("山东省中医药条例(2020-11-27).md", Level.PROVINCIAL, "山东省"),
    ],
)
def test_local_regulation_level_from_its_title(name: str, level: Level, jurisdiction: str) -> None:
    meta = corpus(name)
    assert meta.kind == DocumentKind.LOCAL_REGULATION
    assert (meta.level, meta.jurisdiction) == (level, jurisdiction)


def test_excerpt_belongs_to_its_work() -> None:
    meta = corpus("中华人民共和国刑法·第六章第五节 危害公共卫生罪.md")
    assert meta.work_title == "中华人民共和国刑法"
    # no version_date in front matter: the last issuing line (刑法修正案（十二）) dates the text
    assert meta.version_date == date(2023, 12, 29)


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("国卫办医政函〔2025〕228号", "国卫办医政函〔2025〕228号"),
        ("苏卫疾控[2007]35号", "苏卫疾控〔2007〕35号"),
        ("新卫医函﹝2024﹞201号", "新卫医函〔2024〕201号"),
        ("国卫监督发（2020）18号", "国卫监督发〔2020〕18号"),
        ("卫医发【2009】 第012号", "卫医发〔2009〕12号"),
    ],
)
def test_document_numbers_are_normalised(written: str, normalised: str) -> None:
    match = DOC_NUMBER.search(fold(written))
    assert match is not None
    assert normalise_number(match["prefix"], match["year"], match["seq"]) == normalised


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025年6月16日", date(2025, 6, 16)),
        ("时间:2025-06-23", date(2025, 6, 23)),
        ("二〇二五年六月十六日", date(2025, 6, 16)),
        ("2025年2月30日", None),
    ],
)
def test_dates(raw: str, expected: date | None) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("三百三十四", 334),
        ("一千二百", 1200),
        ("二〇二五", 2025),
        ("12", 12),
    ],
)
def test_chinese_numerals(numeral: str, value: int) -> None:
    assert cn_to_int(numeral) == value
    if not numeral.isdigit() and "〇" not in numeral:
        assert int_to_cn(value) == numeral


def test_title_joins_lines_and_skips_attachment_and_draft_marks() -> None:
    header = "附件2\n关于加强某市医疗机构管理\n\n工作的实施方案\n（征求意见稿）\n\n各有关单位：\n"
    assert find_title(header) == "关于加强某市医疗机构管理工作的实施方案"


def test_a_title_ending_in_its_year_under_its_own_document_number() -> None:
    """A hospital's plan: its 文号 above the title, the title closed by （2027年）; a plan, not
    the report its closing 工作总结 would make of it."""
    text = (
        "松院发〔2027〕5号\n某某人民医院医疗质量提升行动实施方案（2027年）\n各科室：\n"
        "为提升医疗质量，制定本方案。\n各科室于12月15日前提交年度工作总结。\n"
    )
    assert find_title(text) == "某某人民医院医疗质量提升行动实施方案（2027年）"
    assert extract_metadata(text, {}).kind is DocumentKind.PLAN


def test_bad_front_matter_is_a_clear_error() -> None:
    with pytest.raises(IngestError, match="front matter is not valid YAML"):
        split_front_matter("---\ntitle: [unclosed\n---\n# x\n", "bad.md")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a Markdown heading opens the text: the title whatever its last word
        ("# 苏州市2013年度一级医院考评细则\n\n| 项目 | 内容 | 分值 |\n| 组织 | 有制度 | 2 |\n",
         "苏州市2013年度一级医院考评细则"),
        ("# 传染病防治工作检查清单\n\n| 序号 | 检查内容 |\n| 1 | 有制度 |\n",
         "传染病防治工作检查清单"),
        # the caption line above a leading table
        ("\n传染病防治工作评价表\n| 序号 | 评价内容 | 评价依据 | 分值 |\n"
         "| 1 | 有制度 | 《传染病防治法》 | 2 |\n",
         "传染病防治工作评价表"),
        ("\n2024年第二季度病历质量抽查情况\n| 科室 | 份数 |\n| 内科 | 20 |\n",
         "2024年第二季度病历质量抽查情况"),
    ],
)  # fmt: skip
def test_titles_of_documents_without_a_title_line(text: str, title: str) -> None:
    meta = extract_metadata(fold(text), {})
    assert (meta.title, meta.described_title) == (title, None)


def test_markdown_heading_that_is_prose_is_not_a_title() -> None:
    meta = extract_metadata(fold("# 为加强管理，现将有关事项通知如下。\n\n一、总体要求\n"), {})
    assert meta.title is None


def test_seed_003_is_described_by_what_it_is() -> None:
    meta = seed("003")
    assert meta.title is None  # still no title line: the pipeline reports no_title
    assert meta.described_title == "一级综合医院评分表：管理、管理队伍等"


def test_untitled_table_with_graded_criteria_is_a_review_standard() -> None:
    text = (
        "\n| 序号 | 评审内容 | 评审要点 |\n"
        "| 1、组织管理 | 有制度 | 【C】有制度【B】有落实【A】持续改进 |\n"
    )
    meta = extract_metadata(fold(text), {})
    assert (meta.title, meta.described_title) == (None, "评审标准：组织管理等")


def test_prose_document_is_not_described_from_tables() -> None:
    meta = extract_metadata(fold("为加强医疗质量管理，现通知如下。\n一、总体要求\n"), {})
    assert meta.described_title is None


@pytest.mark.parametrize(
    "header",
    [
        # 发文机关标志, 文号, then the title (GB/T 9704 红头文件)
        "某县卫生健康委员会文件\n某卫发〔2024〕15号\n"
        "某县卫生健康委员会关于开展2024年度医疗机构依法执业专项检查的通知\n各医疗机构：\n",
        # the same without a 文号 between them
        "某县卫生健康委员会文件\n"
        "某县卫生健康委员会关于开展2024年度医疗机构依法执业专项检查的通知\n各医疗机构：\n",
    ],
)
def test_the_issuing_organ_mark_is_not_part_of_the_title(header: str) -> None:
    """The 发文机关标志 line (…文件) above a title is not the title's first line."""
    assert find_title(header) == "某县卫生健康委员会关于开展2024年度医疗机构依法执业专项检查的通知"


def test_a_ledger_or_checklist_title_beats_the_caption_of_its_table() -> None:
    """…问题整改台账 / …专项检查表 is the title, not the caption (问题清单) of the table below."""
    text = (
        "某县人民医院2024年依法执业检查问题整改台账\n某县人民医院医务部\n\n问题清单\n"
        "| 序号 | 问题描述 | 责任科室 |\n| 1 | 部分医师超范围执业 | 医务部 |\n"
    )
    assert find_title(text) == "某县人民医院2024年依法执业检查问题整改台账"
