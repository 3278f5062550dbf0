"""Names people type (graph/names.py): bodies by short forms and aliases, regulations by short
titles and misspellings, Chinese kind, level and modality names, and closest names offered when
nothing matches — on the real sample graph."""

from __future__ import annotations

import pytest

from graph import GraphStore, names
from ingest.bodies import keys_named


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("县卫健局", "health_administration/county"),
        ("区卫健局", "health_administration/county"),
        ("县（区）卫生健康局", "health_administration/county"),
        ("省卫生健康委", "health_administration/provincial"),
        ("国家卫生健康委", "health_administration/national"),
        ("质控中心", "quality_control_centre/any"),
        ("市级质控中心", "quality_control_centre/prefectural"),
        ("医院", "institution/hospital"),
        ("医师", "role/physician"),
        ("各医疗机构", "institution/medical_institution"),
        ("医院感染管理委员会", "committee/infection_control"),  # the head word decides
    ],
)
def test_the_ingest_rules_read_a_typed_body_name(typed: str, key: str) -> None:
    assert keys_named(typed) == [key]


def test_a_name_that_is_no_body_denotes_none() -> None:
    assert keys_named("量子色动力学") == []
    assert keys_named("") == []


def test_kind_level_and_modality_names_in_chinese_or_english() -> None:
    assert names.document_kind("法律") == "law"
    assert names.document_kind("评分标准") == "scoring_standard"
    assert names.document_kind("LAW") == "law"
    assert names.level("省") == "provincial" and names.level("县（区）") == "county"
    assert names.modality("不得") == "must_not" and names.modality("may") == "may"
    assert names.citing_kinds(["检查项,条款", "plan"]) == ["clause", "item", "plan"]
    assert names.citing_kinds(["法律"]) == ["clause"]  # what a law holds: clauses
    assert names.citing_kinds(None) is None
    with pytest.raises(ValueError, match="unknown citing kind 'statute'"):
        names.citing_kinds(["statute"])
    with pytest.raises(names.UnknownName) as unknown:
        names.document_kind("行政")
    assert unknown.value.code == "unknown_kind"
    assert "行政法规（administrative_regulation）" in unknown.value.suggestions


def test_the_message_offers_the_closest_names() -> None:
    error = names.UnknownName("body", "医生", ["医师", "医务人员"])
    assert error.message == "没有找到名为“医生”的机构；您是否要找：医师、医务人员"
    assert error.code == "unknown_body"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("县卫健局", "health_administration/county"),
        ("县（区）卫生健康局", "health_administration/county"),
        ("国家卫生健康委", "health_administration/national"),
        ("医疗机构", "institution/medical_institution"),
    ],
)
def test_bodies_resolve_on_the_sample_graph(
    arcadedb_corpus: GraphStore, typed: str, key: str
) -> None:
    assert names.resolve_body(arcadedb_corpus, typed) == key


def test_a_family_named_without_a_level_finds_its_highest_held_body(
    arcadedb_corpus: GraphStore,
) -> None:
    held = {r["key"] for r in arcadedb_corpus.read("MATCH (b:Body) RETURN b.key AS key")}
    found = names.resolve_body(arcadedb_corpus, "质控中心")
    assert found.startswith("quality_control_centre/") and found in held


def test_an_unknown_body_offers_close_names(arcadedb_corpus: GraphStore) -> None:
    with pytest.raises(names.UnknownName) as unknown:
        names.resolve_body(arcadedb_corpus, "医生们的协会")
    assert unknown.value.code == "unknown_body" and unknown.value.suggestions
    assert unknown.value.message.startswith("没有找到名为“医生们的协会”的机构；您是否要找：")


def test_regulations_by_misspelling_and_unknown_ones_with_suggestions(
    arcadedb_corpus: GraphStore,
) -> None:
    assert names.resolve_regulation(arcadedb_corpus, "医疗机构管理调条例") == "医疗机构管理条例"
    assert names.resolve_regulation(arcadedb_corpus, "医师法") == "中华人民共和国医师法"
    with pytest.raises(names.UnknownName) as unknown:
        names.resolve_regulation(arcadedb_corpus, "医疗机构管里办法条例")
    assert unknown.value.code == "unknown_regulation"
    assert "医疗机构管理条例" in unknown.value.suggestions


def test_documents_by_title_or_all_versions_of_a_work(arcadedb_corpus: GraphStore) -> None:
    versions = names.resolve_documents(arcadedb_corpus, "医疗机构管理条例")
    assert len(versions) == 2  # the 2016 and the 2022 text
    with pytest.raises(names.UnknownName) as unknown:
        names.resolve_documents(arcadedb_corpus, "不存在的文件标题")
    assert unknown.value.code == "unknown_document"
