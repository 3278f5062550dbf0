"""The graph contract on the sample corpus (data/), run on embedded ArcadeDB and, when
NEO4J_URI is set, on Neo4j: traces, obligations, versions, article links, export reads."""

from __future__ import annotations

from typing import Any

import pytest

from graph import GraphStore, cypher
from graph.cypher import WORK_CITATION_KINDS
from graph.load_rows import work_key
from graph.schema import NODE_TYPES, Label, Rel
from ingest.bodies import issuer_keys
from ingest.models import IngestBatch, ParsedDocument
from tests.conftest import neo4j_environment

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


@pytest.mark.parametrize("number", ["国卫医急发〔2023〕35号", "国卫医急发[2023]35号"])
def test_a_document_number_traces_to_the_work_it_was_cited_as(
    corpus_store: GraphStore, number: str
) -> None:
    """Seed 004 cites 《…关于印发医疗监督执法工作规范（试行）的通知》（国卫医急发〔2023〕35号）: the
    number, however bracketed, finds the work it issues and who cites it."""
    key = corpus_store.resolve_regulation(number)
    assert key is not None and "医疗监督执法工作规范" in key
    rows = corpus_store.cited_by(number)
    assert SUPERVISION_DRAFT in {r.document_title for r in rows}, rows


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


def test_obligations_of_the_bodies_of_seed_001(
    corpus_store: GraphStore, sample_batch: IngestBatch
) -> None:
    (plan,) = [p for p in sample_batch.documents if p.document.title == QUALITY_PLAN]

    def binding(key: str) -> int:
        return sum(key in o.body_keys for o in plan.obligations)

    own = corpus_store.obligations_of("县（区）卫生健康局", include_sub_bodies=False, limit=ALL)
    assert {r.body_key for r in own} == {"health_administration/county"}
    from_plan = sum(r.document_title == QUALITY_PLAN for r in own)
    assert from_plan == binding("health_administration/county") >= 9
    # Every body the plan binds is reachable with exactly the plan's obligations binding it.
    for key in sorted({k for o in plan.obligations for k in o.body_keys}):
        rows = corpus_store.obligations_of(key, include_sub_bodies=False, limit=ALL)
        assert [r.document_title for r in rows].count(QUALITY_PLAN) == binding(key), key
        assert all(r.modality in {"must", "must_not", "may"} and r.text for r in rows)


def test_obligations_of_sub_bodies_of_seed_004(corpus_store: GraphStore) -> None:
    only = corpus_store.obligations_of("卫生健康行政部门", include_sub_bodies=False, limit=ALL)
    with_sub = corpus_store.obligations_of("卫生健康行政部门", limit=ALL)
    assert {r.body_key for r in only} == {"health_administration/any"}
    assert len(with_sub) > len(only)
    from_draft = {r.body_key for r in with_sub if r.document_title == SUPERVISION_DRAFT}
    assert {"health_administration/any", "supervision_agency/any"} <= from_draft
    # the body's own come first, then its sub-bodies' (a page of 医疗机构 opened on 伦理委员会)
    first_other = next(
        i for i, r in enumerate(with_sub) if r.body_key != "health_administration/any"
    )
    assert first_other == len(only)


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
    # Every issuer a rule knows is linked by its key (中华人民共和国国务院, 山东省人民代表大会常务
    # 委员会 had matched no body by name).
    issued = {(p.document.id, k) for p in docs for n in p.document.issuers for k in issuer_keys(n)}
    assert stats["relationships"]["ISSUED_BY"] == len(issued) > 90


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


def test_small_pages_read_every_part_once(corpus_store: GraphStore) -> None:
    """Parts of documents come a few documents at a time (graph.paging): pages far smaller
    than one document still give every node and edge exactly once."""
    stats = corpus_store.stats()
    for label in (Label.CLAUSE, Label.OBLIGATION, Label.INSPECTION_ITEM, Label.REGULATION):
        ids = [n[NODE_TYPES[label].key] for n in corpus_store.iter_nodes(label, batch_size=37)]
        assert len(ids) == len(set(ids)) == stats["nodes"][label], label
    for rel in (Rel.PART_OF, Rel.CITES, Rel.BINDS):
        edges = list(corpus_store.iter_relationships(rel, batch_size=37))
        assert len(edges) == stats["relationships"][rel], rel
    cites = [e for e in corpus_store.iter_relationships(Rel.CITES) if e.start_label is Label.CLAUSE]
    assert cites and all(e.properties.get("raw") for e in cites)


def test_neighbourhood_of_a_regulation(corpus_store: GraphStore) -> None:
    picture = corpus_store.neighbourhood("医疗机构管理条例", depth=1)
    labels = {n["label"] for n in picture["nodes"]}
    assert {"Regulation", "Document"} <= labels
    assert {"VERSION_OF", "CITES"} <= {e["type"] for e in picture["edges"]}


def test_obligation_pages_cover_the_list_once_in_order(corpus_store: GraphStore) -> None:
    everything = corpus_store.obligations_of("卫生健康行政部门", limit=ALL)
    assert len(everything) > 200
    offsets = range(0, len(everything), 100)
    pages = [corpus_store.obligations_of("卫生健康行政部门", offset=o) for o in offsets]
    assert [len(p) for p in pages] == [min(100, len(everything) - o) for o in offsets]
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


# -- what users trace: items' citations, citing kinds ------------------------------------------
TABLE_SEED = "003_589e6644b93518d1"  # the scoring table


def _table(batch: IngestBatch) -> ParsedDocument:
    return next(p for p in batch.documents if p.document.source.endswith(f"{TABLE_SEED}.txt"))


def _item_citations(parsed: ParsedDocument) -> set[tuple[str, str, str]]:
    """(item id, citation as written, cited work) for every citation of a work that lies in an
    item's row: what the items of the document must show, read from ingest's records."""
    return {
        (item.id, c.raw, c.target_title)
        for item in parsed.inspection_items
        for c in parsed.citations
        if c.clause_id == item.clause_id
        and item.span.start <= c.span.start < item.span.end
        and c.target_title
        and c.kind in WORK_CITATION_KINDS
    }


def test_items_that_name_a_regulation_come_back_citing_it(
    corpus_store: GraphStore, sample_batch: IngestBatch
) -> None:
    table = _table(sample_batch)
    expected = _item_citations(table)
    assert len({item for item, _, _ in expected}) >= 15
    items = corpus_store.items_of(table.document.id)
    assert [i.id for i in items] == [i.id for i in table.inspection_items]
    shown = {(i.id, c.raw, c.target_title) for i in items for c in i.cites}
    assert shown == expected
    by_code = {(i.table, i.code): i for i in items}
    assert "医疗废物管理条例" in {c.target_title for c in by_code[("表2", "3-3-2")].cites}


def test_cited_by_returns_the_item_with_its_code_points_and_standard(
    corpus_store: GraphStore, sample_batch: IngestBatch
) -> None:
    table = _table(sample_batch)
    citing = {item for item, _, work in _item_citations(table) if work == "医疗废物管理条例"}
    assert citing
    rows = corpus_store.cited_by("医疗废物管理条例", limit=ALL)
    from_table = [r for r in rows if r.document_id == table.document.id]
    # One row per citing place: the item, not also the table row that holds it.
    assert {r.item.id for r in from_table if r.item} == citing
    assert len(from_table) == len(citing) and {r.kind for r in from_table} == {"item"}
    items = {i.id: i for i in table.inspection_items}
    for row in from_table:
        assert row.item is not None
        item = items[row.item.id]
        assert (row.item.code, row.item.table, row.item.points) == (
            item.code,
            item.table,
            item.points,
        )
        assert row.item.requirement == item.requirement and row.item.content == item.content
        assert row.clause_id == item.clause_id
    assert {r.kind for r in rows} - {"item"}, "statutes cite it too"


def test_citing_kinds_follow_the_citing_document_and_filter_the_trace(
    corpus_store: GraphStore,
) -> None:
    every = corpus_store.cited_by("医疗机构管理条例", limit=ALL)
    kinds = {r.document_title: r.kind for r in every}
    assert kinds[SELF_INSPECTION] == "report" and kinds[SUPERVISION_DRAFT] == "notice"
    assert kinds["医疗机构管理条例实施细则"] == "clause"
    for kind in {r.kind for r in every}:
        assert corpus_store.cited_by("医疗机构管理条例", limit=ALL, kinds=[kind]) == [
            r for r in every if r.kind == kind
        ]
    both = corpus_store.cited_by("医疗机构管理条例", limit=ALL, kinds=["report,notice"])
    assert both == [r for r in every if r.kind in {"report", "notice"}]
    paged = [
        row
        for i in range(len(both))
        for row in corpus_store.cited_by(
            "医疗机构管理条例", limit=1, offset=i, kinds=["notice", "report"]
        )
    ]
    assert paged == both
    regulation = corpus_store.regulation("医疗机构管理条例")
    assert regulation is not None
    assert sum(regulation.cited_by_kinds.values()) == regulation.cited_by_count
    assert regulation.cited_by_kinds["report"] >= sum(r.kind == "report" for r in every) > 0


def test_every_edge_ending_at_a_work_or_its_articles_carries_the_works_key(
    corpus_store: GraphStore,
) -> None:
    """The trace walks these edges from the node without asking their key (graph/cypher.py,
    ``_CITING_PAGE``): a key predicate would let a planner seek the index instead, in another
    order. So the key must hold by construction, through loads and relinks."""
    kinds = list(WORK_CITATION_KINDS)
    at_works = corpus_store.read(
        f"MATCH (t:{Label.REGULATION})<-[e:{Rel.CITES}]-() WHERE e.kind IN $kinds "
        "RETURN count(e) AS n, sum(CASE WHEN e.target_key = t.key THEN 0 ELSE 1 END) AS other",
        kinds=kinds,
    )
    at_articles = corpus_store.read(
        f"MATCH (g:{Label.REGULATION})<-[:{Rel.VERSION_OF}]-(d:{Label.DOCUMENT}) "
        f"MATCH (c:{Label.CLAUSE} {{document_id: d.id}})<-[e:{Rel.CITES}]-() "
        "WHERE e.kind IN $kinds "
        "RETURN count(e) AS n, sum(CASE WHEN e.target_key = g.key THEN 0 ELSE 1 END) AS other",
        kinds=kinds,
    )
    for (row,) in (at_works, at_articles):
        assert row["n"] > 100 and row["other"] == 0, row


def test_an_unknown_citing_kind_is_refused(corpus_store: GraphStore) -> None:
    with pytest.raises(ValueError, match="unknown citing kind 'statute'"):
        corpus_store.cited_by("医疗机构管理条例", kinds=["statute"])


def test_the_physicians_law_repeals_the_old_one(corpus_store: GraphStore) -> None:
    """医师法 (2021) 第六十七条: "《中华人民共和国执业医师法》同时废止"; the old law is not held."""
    old = corpus_store.regulation("中华人民共和国执业医师法")
    assert old is not None and old.held is False
    (by,) = old.repealed_by
    assert by.document_title == "中华人民共和国医师法" and by.locator == "第六十七条"
    assert "同时废止" in (by.raw or "")
    assert old.status == {"repeals": "repealed", "replaces": "superseded"}[by.kind]
    new = corpus_store.regulation("中华人民共和国医师法")
    assert new is not None and new.repealed_by == []
    assert new.status not in {"repealed", "superseded"}


def _operators(plan: Any) -> list[str]:
    """A Neo4j plan's operator names, depth first (``Expand(All)``, ``Union`` …)."""
    names = [plan["operatorType"].split("@")[0]]
    for child in plan.get("children", []):
        names += _operators(child)
    return names


@pytest.mark.neo4j
@pytest.mark.parametrize("kinds", [None, ["report"], ["clause", "notice"]])
def test_the_neo4j_trace_walks_the_work_and_seeks_the_articles(
    neo4j_store: GraphStore, kinds: list[str] | None
) -> None:
    """Neo4j once planned the kind-filtered trace as a target_key seek where the unfiltered one
    walked from the work: the same rows, newest first against oldest first, so the filtered
    list was not the unfiltered one filtered. Each branch now leaves the planner one way."""
    from neo4j import GraphDatabase

    env = neo4j_environment()
    auth = (env.get("NEO4J_USER", "neo4j"), env.get("NEO4J_PASSWORD", ""))
    with (
        GraphDatabase.driver(env["NEO4J_URI"], auth=auth) as driver,
        driver.session(database=env.get("NEO4J_DATABASE") or None) as session,
    ):
        query = "EXPLAIN " + cypher.CITING_WORK_AND_ARTICLES
        params = {"keys": ["医疗机构管理条例"], "skip": 0, "limit": 10, "kinds": kinds}
        summary = session.run(query, params).consume()
    assert summary.plan is not None
    operators = _operators(summary.plan)
    seeks = [op for op in operators if "RelationshipIndex" in op or "RelationshipTypeScan" in op]
    assert seeks == ["DirectedRelationshipIndexSeek"], operators  # the articles' branch only
    assert "Expand(All)" in operators, operators  # the work's edges, walked from its node
