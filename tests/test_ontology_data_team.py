"""What a data team asks of the RDF first, on the small sample graph of test_ontology.py plus
the facts the export used to drop: where a renumbered cited article is now, the sanctions of a
penalty link (违反后果), what replaced or repealed a version and why, and the 发布机关 as named.
The shipped SPARQL (ontology/queries) answers each with real rows."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from graph.schema import Label, Rel
from ontology import build_graph, run_query, shapes_graph
from ontology.iris import DocumentIdentity, Iris
from ontology.links import penalty_link_iri, sanction_kinds
from ontology.schema import concept
from ontology.vocab import ELI, OA, REGKG
from tests.test_ontology import (
    ARTICLE_20,
    BASE,
    NEW,
    OLD,
    PLAN,
    MemoryReader,
    _clause,
    _rel,
    sample_reader,
)

WORK = "医疗机构管理条例"
PENALTY_TEXT = (
    "第四十八条　违反本条例第二十条规定的，由县级以上人民政府卫生行政部门责令改正，"
    "处以3000元以下的罚款。"
)
SANCTIONS = (
    '[{"kind": "correction", "raw": "责令改正"}, {"kind": "fine", "raw": "处以3000元以下的罚款"},'
    ' {"kind": "fine", "raw": "罚款"}]'
)


def data_team_reader() -> MemoryReader:
    """sample_reader, with 2016 replaced by 2022 (its reason and issuer as named), a penalty
    clause 第四十八条 sanctioning 第二十条, and two citations of the 2016 text: 第十九条, now
    第二十条 of the current version, and 第三十条, which the current version dropped."""
    reader = sample_reader()
    nodes, rels = reader.nodes, list(reader.rels)
    for doc in nodes[Label.DOCUMENT]:
        if doc["id"] == OLD:
            doc.update(
                replaced_by=NEW,
                status_reason="本库收有 2022-03-29 的新版本《医疗机构管理条例》",
                issuers=["国务院", "某未建机构的部门"],
            )
        if doc["id"] == NEW:
            doc.update(version_date=date(2022, 3, 29), text=ARTICLE_20 + PENALTY_TEXT)
    for work in nodes[Label.REGULATION]:
        if work["key"] == WORK:
            work.update(status="in_force", status_reason="来源元数据标注为现行有效")
    start = len(ARTICLE_20)
    nodes[Label.CLAUSE].append(
        _clause(
            NEW,
            "ch_5/art_48",
            "article",
            "第四十八条",
            start,
            start + len(PENALTY_TEXT),
            PENALTY_TEXT,
            None,
            48,
        )
    )
    rels.append(_rel(Rel.PART_OF, Label.CLAUSE, f"{NEW}#ch_5/art_48", Label.DOCUMENT, NEW))
    rels.append(
        _rel(
            Rel.PENALISED_BY,
            Label.CLAUSE,
            f"{NEW}#ch_2/art_20",
            Label.CLAUSE,
            f"{NEW}#ch_5/art_48",
            id=f"{NEW}#ch_2/art_20->{NEW}#ch_5/art_48",
            document_id=NEW,
            how="article",
            raw="违反本条例第二十条",
            start=start + 6,
            end=start + 15,
            score=0.95,
            sanctions=SANCTIONS,
            summary="责令改正；罚款 3000元以下（县级以上人民政府卫生行政部门）",
            imposed_by=["government/national"],
            imposed_by_raw="县级以上人民政府卫生行政部门",
        )
    )
    for n, (article, path, now, target) in enumerate(
        [
            ("第十九条", "art_19", "ch_2/art_20", f"{NEW}#ch_2/art_20"),
            ("第三十条", "art_30", "", None),
        ]
    ):
        rels.append(
            _rel(
                Rel.CITES,
                Label.CLAUSE,
                f"{PLAN}#h_1",
                Label.CLAUSE if target else Label.REGULATION,
                target or WORK,
                id=f"{PLAN}:cite:{n}",
                document_id=PLAN,
                kind="short_form",
                raw=f"条例{article}",
                start=n,
                end=n + 6,
                title="条例",
                article=article,
                article_path=path,
                now_path=now,
                resolution="alias",
                score=0.9,
                target_key=WORK,
            )
        )
    return MemoryReader(nodes, rels)


@pytest.fixture(scope="module")
def reader() -> MemoryReader:
    return data_team_reader()


@pytest.fixture(scope="module")
def graph(reader: MemoryReader) -> Graph:
    return build_graph(reader, BASE)


@pytest.fixture(scope="module")
def iris(reader: MemoryReader) -> Iris:
    return Iris(BASE, [DocumentIdentity.from_row(r) for r in reader.nodes[Label.DOCUMENT]])


def test_a_renumbered_cited_article_says_where_it_is_now(graph: Graph, iris: Iris) -> None:
    moved = iris.part("citation", f"{PLAN}:cite:0", PLAN)
    dropped = iris.part("citation", f"{PLAN}:cite:1", PLAN)
    assert graph.value(moved, REGKG.citedArticlePath) == Literal("art_19")
    assert graph.value(moved, REGKG.citedArticlePathNow) == Literal("ch_2/art_20")
    assert graph.value(moved, REGKG.citedArticleDropped) is None
    assert graph.value(dropped, REGKG.citedArticleDropped) == Literal(True)
    assert graph.value(dropped, REGKG.citedArticlePathNow) is None
    rows = run_query(graph, "renumbered_citations")
    assert sorted((r["articleAsWritten"], r.get("articleNow"), r.get("dropped")) for r in rows) == [
        ("第三十条", None, "true"),
        ("第十九条", "第二十条", None),
    ]


def test_a_penalty_link_carries_its_sanctions_and_span(graph: Graph, iris: Iris) -> None:
    duty, penalty = iris.clause(f"{NEW}#ch_2/art_20"), iris.clause(f"{NEW}#ch_5/art_48")
    assert (duty, REGKG.penalisedBy, penalty) in graph
    (link,) = graph.subjects(RDF.type, REGKG.PenaltyLink)
    assert link == URIRef(f"{duty}/penalty/ch_5__art_48")
    assert graph.value(link, REGKG.dutyClause) == duty
    assert graph.value(link, REGKG.penaltyClause) == penalty
    assert graph.value(link, REGKG.sanctionSummary).language == "zh"  # type: ignore[union-attr]
    assert sorted(str(k) for k in graph.objects(link, REGKG.sanctionKind)) == ["correction", "fine"]
    assert graph.value(link, REGKG.imposedBy) == iris.body("government/national")
    selector = graph.value(graph.value(link, REGKG.textSpan), OA.hasSelector)
    assert graph.value(selector, OA.exact) == Literal("违反本条例第二十条")
    start = int(str(graph.value(selector, OA.start)))
    assert (ARTICLE_20 + PENALTY_TEXT)[start : start + 9] == "违反本条例第二十条"


def test_what_replaced_a_version_why_and_who_issued_it(graph: Graph, iris: Iris) -> None:
    old, new = iris.document(OLD), iris.document(NEW)
    assert graph.value(old, DCTERMS.isReplacedBy) == new
    assert graph.value(old, REGKG.statusReason).language == "zh"  # type: ignore[union-attr]
    assert set(graph.objects(old, REGKG.issuerName)) == {
        Literal("国务院", lang="zh"),
        Literal("某未建机构的部门", lang="zh"),
    }
    work = iris.work(WORK)
    assert graph.value(work, REGKG.status) == concept("status", "in_force")
    rows = run_query(graph, "versions_of_work")
    assert [(r["versionDate"], r["isCurrent"], r.get("replacedBy")) for r in rows] == [
        ("2016-02-06", "false", str(new)),
        ("2022-03-29", "true", None),
    ]


def test_a_repeal_clause_is_linked_as_eli_repealed_by(iris: Iris) -> None:
    from ontology.mapping import Mapper

    row = data_team_reader().nodes[Label.DOCUMENT][0] | {"repealed_by": f"{NEW}#ch_5/art_48"}
    triples = set(Mapper(iris).node_triples(Label.DOCUMENT, row))
    assert (iris.document(str(row["id"])), ELI.repealed_by, iris.clause(f"{NEW}#ch_5/art_48")) in (
        triples
    )


def test_the_data_team_queries_answer_with_provenance(graph: Graph) -> None:
    rules = run_query(graph, "obligations_with_penalties")
    assert [(r["clauseNumber"], r["penaltyNumber"]) for r in rules] == [("第二十条", "第四十八条")]
    assert rules[0]["sanctions"].startswith("责令改正；罚款")
    (clause,) = run_query(graph, "clause_provenance", {"article": Literal("第二十条")})
    assert clause["text"] == ARTICLE_20
    assert (int(clause["start"]), int(clause["end"])) == (0, len(ARTICLE_20))
    assert len(clause["sha256"]) == 64
    assert run_query(graph, "items_citing_articles")[0]["code"] == "3-3-6"


def test_the_export_with_the_new_facts_conforms_to_the_shapes(graph: Graph) -> None:
    from pyshacl import validate

    conforms, _, report = validate(graph, shacl_graph=shapes_graph(), inference="none")
    assert conforms, report


def test_sanction_kinds_are_read_once_each_and_bad_json_is_none() -> None:
    assert sanction_kinds(SANCTIONS) == ["correction", "fine"]
    assert sanction_kinds("not json") == sanction_kinds(None) == []


def test_a_penalty_link_iri_is_stable_and_local(iris: Iris) -> None:
    rel = _rel(Rel.PENALISED_BY, Label.CLAUSE, f"{NEW}#art_2", Label.CLAUSE, f"{OLD}#art_9")
    duty = iris.clause(f"{NEW}#art_2")
    # A penalty clause of another document keeps its whole id in the IRI.
    assert penalty_link_iri(rel, duty) == penalty_link_iri(rel, duty)
    assert str(penalty_link_iri(rel, duty)).startswith(f"{duty}/penalty/law_2016%23")
