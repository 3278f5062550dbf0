"""Obligation extraction: modal cues, responsible bodies, deadlines, frequencies, thresholds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ingest.models import DocumentKind, Modality
from ingest.obligations import extract_obligations, split_sentences
from tests.test_citations import make_doc, seed

DATA = Path(__file__).resolve().parent.parent / "data"


def obligations(
    text: str, kind: DocumentKind = DocumentKind.NOTICE
) -> list[tuple[str, str, tuple[str, ...]]]:
    doc = replace(make_doc(text), kind=kind)
    return [(o.modality.value, o.cue, o.body_keys) for o in extract_obligations(doc, [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("医疗机构应当建立制度。", [("must", "应当", ("institution/medical_institution",))]),
        ("医务人员不得收受财物。", [("must_not", "不得", ("role/medical_staff",))]),
        (
            "医疗机构不应当推诿患者。",
            [("must_not", "不应当", ("institution/medical_institution",))],
        ),
        ("医疗机构可以委托检验。", [("may", "可以", ("institution/medical_institution",))]),
        ("医疗机构执业，必须进行登记。", [("must", "必须", ("institution/medical_institution",))]),
        # 要求 / 重要 / 主要 / 需要 / 许可 / 可能 are words, not cues
        ("按照要求开展重要工作，主要是需要许可，可能延迟。", []),
    ],
)
def test_cues_and_subjects(text: str, expected: list[tuple[str, str, tuple[str, ...]]]) -> None:
    assert obligations(text) == expected


def test_subject_carries_over_to_a_sentence_without_one() -> None:
    got = obligations("各医疗机构要成立质控小组。同时，要配齐人员。")
    assert got == [
        ("must", "要", ("institution/medical_institution",)),
        ("must", "要", ("institution/medical_institution",)),
    ]


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("医疗机构应当在三十日内报告。", "deadline", "三十日内"),
        ("卫生健康行政部门应当于15 个工作日内作出决定。", "deadline", "15个工作日内"),
        ("医疗机构应当每季度开展自查。", "frequency", "每季度"),
        ("医疗机构要每月至少一次组织活动。", "frequency", "每月至少一次"),
        ("医疗机构应当定期评估。", "frequency", "定期"),
        ("医疗机构手卫生依从率应当≥95%。", "threshold", "≥95%"),
        ("病历合格率应当不低于 90%。", "threshold", "不低于90%"),
    ],
)
def test_details(text: str, field: str, value: str) -> None:
    found = extract_obligations(make_doc(text), [])
    assert len(found) == 1
    assert getattr(found[0], field) == value


def test_page_break_does_not_split_a_sentence() -> None:
    text = (
        "一、目标\n\n各医疗机构要落实医疗质量管理院、科两级责任制，医疗机构主要负责人为本机构医疗"
        "\n\n质量管理的第一责任人。"
    )
    spans = split_sentences(text)
    assert text[spans[0][0] : spans[0][1]] == "一、目标"
    assert text[spans[1][0] : spans[1][1]].endswith("第一责任人。")
    assert len(spans) == 2


def test_seed_001_duties_of_county_bureaus_and_institutions() -> None:
    doc = replace(seed("001"), kind=DocumentKind.PLAN)
    found = extract_obligations(doc, [])
    assert len(found) == 44
    county = [o for o in found if "health_administration/county" in o.body_keys]
    assert len(county) == 10
    both = [o for o in county if "institution/medical_institution" in o.body_keys]
    assert both[0].action.startswith("建立健全医疗安全与风险管理体系")
    report = next(o for o in found if o.deadline == "6月12日前")
    assert report.body_keys == ("institution/medical_institution",)
    assert report.action.startswith("将本单位工作方案盖章报至市卫健委")
    quality = next(o for o in found if o.frequency == "每年不少于2次")
    assert quality.body_keys == ("quality_control_centre/prefectural",)
    assert quality.modality is Modality.MUST
    assert quality.cue == ""  # a plan's duty stated without a modal word
    december = next(o for o in found if o.deadline == "12月1日前")
    assert set(december.body_keys) == {
        "health_administration/county",
        "institution/medical_institution",
    }


def test_seed_000_report_states_no_implicit_duties() -> None:
    doc = replace(seed("000"), kind=DocumentKind.REPORT)
    found = extract_obligations(doc, [])
    assert all(o.cue for o in found)


def test_statute_through_the_pipeline() -> None:
    ingest = pytest.importorskip("ingest")
    path = DATA / "corpus" / "admin_regulation" / "医疗机构管理条例(2022-03-29).md"
    parsed = ingest.parse_document(path.read_bytes(), str(path))
    art14 = [o for o in parsed.obligations if o.clause_id and o.clause_id.endswith("art_14")]
    assert [o.cue for o in art14] == ["必须", "可以"]
    assert art14[0].body_keys == ("institution/medical_institution",)  # 医疗机构执业，必须进行登记
    must_not = [o for o in parsed.obligations if o.modality is Modality.MUST_NOT]
    assert any(o.action.startswith("开展诊疗活动") for o in must_not)
