"""The graph contract on the sample corpus (data/), run on embedded ArcadeDB and, when
NEO4J_URI is set, on Neo4j: traces, obligations, versions, article links, export reads."""

from __future__ import annotations

from graph import GraphStore
from graph.load_rows import work_key
from graph.schema import Label, Rel
from ingest.models import IngestBatch

SELF_INSPECTION = "2024年度自查工作开展情况总结"  # seed 000
QUALITY_PLAN = "中卫市2020年“医疗质量提升年”实施方案"  # seed 001
SUPERVISION_DRAFT = "关于进一步规范我区医疗卫生监督执法工作的通知"  # seed 004
ALL = 100_000  # a page larger than any list of the sample corpus


def _raws(rows: list, title: str) -> set[str]:
    return {r.raw for r in rows if r.document_title == title}


def test_misspelt_title_traces_to_the_work(corpus_store: GraphStore) -> None:
    assert corpus_store.resolve_regulation("医疗机构管理调条例") == "医疗机构管理条例"
    rows = corpus_store.cited_by("《医疗机构管理调条例》")
    assert {r.target_key for r in rows} == {"医疗机构管理条例"}
    assert {"《医疗机构管理调条例》", "《医疗机构管理条例》"} <= _raws(rows, SELF_INSPECTION)
    assert "《医疗机构管理条例》" in _raws(rows, SUPERVISION_DRAFT)
    assert rows == corpus_store.cited_by("医疗机构管理条例")


def test_repeated_and_short_titles_trace_to_the_full_title(corpus_store: GraphStore) -> None:
    rows = corpus_store.cited_by("母婴母婴保健法")
    assert {r.target_key for r in rows} == {"中华人民共和国母婴保健法"}
    assert {"《母婴母婴保健法》", "《母婴保健法》"} <= _raws(rows, SELF_INSPECTION)
    resolutions = {r.raw: r.resolution for r in rows if r.document_title == SELF_INSPECTION}
    assert resolutions["《母婴母婴保健法》"] == "fuzzy"
    assert resolutions["《母婴保健法》"] == "alias"


def test_defined_short_form_traces_to_its_work(corpus_store: GraphStore) -> None:
    rows = corpus_store.cited_by("医疗监督执法工作规范（试行）")
    assert "《工作规范》" in _raws(rows, SUPERVISION_DRAFT)


def test_a_regulation_not_in_the_corpus_is_a_node_not_held(corpus_store: GraphStore) -> None:
    regulation = corpus_store.regulation("医疗质量管理办法")
    assert regulation is not None
    assert regulation.held is False and regulation.current_document_id is None
    citing = {r.document_title for r in corpus_store.cited_by("医疗质量管理办法")}
    assert {SELF_INSPECTION, QUALITY_PLAN} <= citing
    assert regulation.cited_by_count >= 4


def test_deeper_traces_add_rows_through_citing_works(corpus_store: GraphStore) -> None:
    direct = corpus_store.cited_by("医疗机构管理条例", depth=1)
    deep = corpus_store.cited_by("医疗机构管理条例", depth=3)
    assert [r for r in deep if r.depth == 1] == direct
    second = [r for r in deep if r.depth == 2]
    assert second and all(r.via for r in second)
    assert {r.via for r in second} <= {r.document_title for r in direct} | {
        r.target_key for r in deep
    }


def test_article_citations_end_at_the_current_versions_article(corpus_store: GraphStore) -> None:
    rows = corpus_store.cited_by("医疗器械监督管理条例", article="第二十条")
    assert [r.raw for r in rows] == ["《医疗器械监督管理条例》第二十条第一款"]
    current = corpus_store.regulation("医疗器械监督管理条例")
    assert current is not None and current.current_document_id is not None
    assert rows[0].target_clause_id == f"{current.current_document_id}#art_20/para_1"


def test_versions_mark_the_newest_current(corpus_store: GraphStore) -> None:
    versions = corpus_store.versions("医疗机构管理条例")
    assert [(v.version_date, v.status, v.is_current) for v in versions] == [
        ("2016-02-06", "superseded", False),
        ("2022-03-29", "in_force", True),
    ]
    regulation = corpus_store.regulation("医疗机构管理条例")
    assert regulation is not None and regulation.current_document_id == versions[1].document_id


def test_obligations_of_the_bodies_of_seed_001(corpus_store: GraphStore) -> None:
    own = corpus_store.obligations_of("县（区）卫生健康局", include_sub_bodies=False, limit=ALL)
    assert {r.body_key for r in own} == {"health_administration/county"}
    assert sum(r.document_title == QUALITY_PLAN for r in own) == 9
    committee = corpus_store.obligations_of("医疗质量管理委员会", limit=ALL)
    assert [r.document_title for r in committee].count(QUALITY_PLAN) == 2
    assert all(r.modality in {"must", "must_not", "may"} and r.text for r in committee)


def test_obligations_of_sub_bodies_of_seed_004(corpus_store: GraphStore) -> None:
    only = corpus_store.obligations_of("卫生健康行政部门", include_sub_bodies=False, limit=ALL)
    with_sub = corpus_store.obligations_of("卫生健康行政部门", limit=ALL)
    assert {r.body_key for r in only} == {"health_administration/any"}
    assert len(with_sub) > len(only)
    from_draft = {r.body_key for r in with_sub if r.document_title == SUPERVISION_DRAFT}
    assert {"health_administration/any", "supervision_agency/any"} <= from_draft


def test_inspection_items_citing_a_regulation(corpus_store: GraphStore) -> None:
    items = corpus_store.items_citing("处方管理办法")
    assert len(items) == 1
    assert "处方管理办法" in (items[0].raw or "")
    assert items[0].code


def test_counts_match_the_batch(corpus_store: GraphStore, sample_batch: IngestBatch) -> None:
    stats = corpus_store.stats()
    docs = sample_batch.documents
    assert stats["nodes"]["Document"] == len(docs) == 146
    assert stats["nodes"]["Clause"] == sum(len(p.clauses) for p in docs)
    assert stats["nodes"]["Obligation"] == sum(len(p.obligations) for p in docs)
    assert stats["relationships"]["PART_OF"] == stats["nodes"]["Clause"]
    assert stats["relationships"]["VERSION_OF"] == len(docs)
    held = [r for r in corpus_store.regulations() if r.held]
    assert len(held) == len({work_key(p.document) for p in docs})


def test_clause_context_and_expansion(corpus_store: GraphStore) -> None:
    current = corpus_store.regulation("医疗器械监督管理条例")
    assert current is not None
    article = f"{current.current_document_id}#art_20"
    context = corpus_store.clause_context(article)
    assert context is not None
    assert context["clause"]["locator"] == "第二十条"
    assert [c["path"] for c in context["children"]][:1] == ["art_20/para_1"]
    assert context["previous"][-1]["path"] == "art_19"
    cited_by = corpus_store.clause_context(f"{article}/para_1")
    assert cited_by is not None
    citing = cited_by["cited_by"][0]
    assert citing["raw"] == "《医疗器械监督管理条例》第二十条第一款"
    links = corpus_store.expand([citing["clause_id"]])[citing["clause_id"]]
    assert f"{article}/para_1" in [t.clause_id for t in links]
    assert links.is_current in (True, False)


def test_reader_streams_every_node_and_relationship(corpus_store: GraphStore) -> None:
    ids = [n["id"] for n in corpus_store.iter_nodes(Label.DOCUMENT, batch_size=40)]
    assert len(ids) == len(set(ids)) == 146
    rels = list(corpus_store.iter_relationships(Rel.VERSION_OF, batch_size=40))
    assert len(rels) == 146
    assert {(r.start_label, r.end_label) for r in rels} == {(Label.DOCUMENT, Label.REGULATION)}


def test_neighbourhood_of_a_regulation(corpus_store: GraphStore) -> None:
    picture = corpus_store.neighbourhood("医疗机构管理条例", depth=1)
    labels = {n["label"] for n in picture["nodes"]}
    assert {"Regulation", "Document"} <= labels
    assert {"VERSION_OF", "CITES"} <= {e["type"] for e in picture["edges"]}


def test_obligation_pages_cover_the_list_once_in_order(corpus_store: GraphStore) -> None:
    everything = corpus_store.obligations_of("卫生健康行政部门", limit=ALL)
    assert 200 < len(everything) < 300
    pages = [corpus_store.obligations_of("卫生健康行政部门", offset=o) for o in (0, 100, 200)]
    assert [len(p) for p in pages] == [100, 100, len(everything) - 200]
    assert [r.id for p in pages for r in p] == [r.id for r in everything]
    assert len({r.id for r in everything}) == len(everything)
    # Body by body in key order; the sub-bodies' rows say which body they bind.
    keys = [r.body_key for r in everything]
    assert keys == sorted(keys) and "supervision_agency/any" in keys


def test_citing_pages_cover_the_trace_once(corpus_store: GraphStore) -> None:
    everything = corpus_store.cited_by("医疗机构管理条例", depth=3, limit=ALL)
    assert len(everything) > 10
    first = corpus_store.cited_by("医疗机构管理条例", depth=3, limit=5)
    second = corpus_store.cited_by("医疗机构管理条例", depth=3, limit=5, offset=5)
    assert first + second == everything[:10]
    assert [r.depth for r in everything] == sorted(r.depth for r in everything)


def test_no_regulation_is_an_article_or_a_bare_type_word(corpus_store: GraphStore) -> None:
    """《国境卫生检疫法》第十八条、第十九条 names one work; 《解释》 in a 解释 names none."""
    keys = {r.key for r in corpus_store.regulations()}
    assert not {k for k in keys if k.startswith("第") and k.endswith("条")}
    assert not keys & {"解释", "规范", "办法", "条例"}
    assert "中华人民共和国国境卫生检疫法" in keys


def test_a_work_is_not_among_its_own_citers(corpus_store: GraphStore) -> None:
    versions = {v.document_id for v in corpus_store.versions("医疗机构管理条例")}
    rows = corpus_store.cited_by("医疗机构管理条例", limit=1000)
    assert len(versions) == 2 and rows
    assert not {r.document_id for r in rows} & versions
    assert "医疗机构管理条例实施细则" in {r.document_title for r in rows}
