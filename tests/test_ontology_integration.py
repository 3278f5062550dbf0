"""The RDF export of the real sample corpus, read from the embedded graph server: it parses back
to the same graph, conforms to the shapes, and the README's SPARQL answers with real rows."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator

import pytest
from rdflib import BNode, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from graph import GraphStore
from graph.schema import NODE_TYPES, Label, Rel, RelRow
from ontology import build_graph, export, legislation_jsonld, run_query, shapes_graph
from ontology.iris import DocumentIdentity, Iris
from ontology.schema import concept
from ontology.values import as_list
from ontology.vocab import CITO, DPV, ELI, REGKG

# Every test here reads the whole loaded sample graph (a snapshot of every row): CI's tier;
# the fast tier checks the same mapping on small graphs in test_ontology.py.
pytestmark = pytest.mark.slow

BASE = "https://regkg.example.org"


class Snapshot:
    """Every row of the real store, read once through its GraphReader methods and kept, so the
    tests below do not page through Bolt again."""

    def __init__(
        self,
        nodes: dict[Label, list[dict[str, object]]],
        rels: dict[Rel, list[RelRow]],
    ) -> None:
        self.nodes, self.rels = nodes, rels

    @staticmethod
    def of(store: GraphStore) -> Snapshot:
        return Snapshot(
            {label: list(store.iter_nodes(label)) for label in Label},
            {rel: list(store.iter_relationships(rel)) for rel in Rel},
        )

    def narrowed(self, documents: set[str]) -> Snapshot:
        """Only these documents and what hangs under them (works and bodies are all kept)."""

        def kept(label: Label, key: str) -> bool:
            return label in {Label.REGULATION, Label.BODY} or any(
                key.startswith(doc) for doc in documents
            )

        return Snapshot(
            {
                label: [r for r in rows if kept(label, str(r[NODE_TYPES[label].key]))]
                for label, rows in self.nodes.items()
            },
            {
                rel: [
                    r
                    for r in rows
                    if kept(r.start_label, r.start_key) and kept(r.end_label, r.end_key)
                ]
                for rel, rows in self.rels.items()
            },
        )

    def iter_nodes(self, label: Label, batch_size: int = 5000) -> Iterator[dict[str, object]]:
        yield from self.nodes[label]

    def iter_relationships(self, rel: Rel, batch_size: int = 5000) -> Iterator[RelRow]:
        yield from self.rels[rel]


@pytest.fixture(scope="module")
def snapshot(arcadedb_corpus: GraphStore) -> Snapshot:
    return Snapshot.of(arcadedb_corpus)


@pytest.fixture(scope="module")
def corpus_graph(snapshot: Snapshot) -> Graph:
    return build_graph(snapshot, BASE)


@pytest.fixture(scope="module")
def iris(snapshot: Snapshot) -> Iris:
    docs = snapshot.nodes[Label.DOCUMENT]
    return Iris(BASE, [DocumentIdentity.from_row(row) for row in docs])


@pytest.fixture(scope="module")
def seeds(snapshot: Snapshot) -> Snapshot:
    """The five seed documents only: each syntax is round-tripped on their real rows."""
    docs = snapshot.nodes[Label.DOCUMENT]
    return snapshot.narrowed({str(d["id"]) for d in docs if "/seeds/" in str(d["source"])})


def test_every_node_of_the_store_becomes_a_typed_resource(
    arcadedb_corpus: GraphStore, corpus_graph: Graph
) -> None:
    counts = {label: sum(1 for _ in arcadedb_corpus.iter_nodes(label)) for label in Label}
    assert counts[Label.DOCUMENT] == 146  # 5 seeds + 141 statutes
    assert len(set(corpus_graph.subjects(RDF.type, ELI.LegalExpression))) == 146
    assert len(set(corpus_graph.subjects(REGKG.held, None))) == counts[Label.REGULATION]
    clauses = set(corpus_graph.subjects(RDF.type, ELI.LegalResourceSubdivision))
    assert len(clauses) == counts[Label.CLAUSE]
    items = set(corpus_graph.subjects(RDF.type, REGKG.InspectionItem))
    assert len(items) == counts[Label.INSPECTION_ITEM]
    rules = {
        s
        for c in (DPV.Obligation, DPV.Prohibition, DPV.Permission)
        for s in corpus_graph.subjects(RDF.type, c)
    }
    assert len(rules) == counts[Label.OBLIGATION]
    cites = sum(1 for _ in arcadedb_corpus.iter_relationships(Rel.CITES))
    assert len(set(corpus_graph.subjects(RDF.type, CITO.Citation))) == cites


def test_unresolved_works_drafts_and_superseded_versions_are_kept(
    arcadedb_corpus: GraphStore, corpus_graph: Graph, iris: Iris
) -> None:
    not_held = [r["key"] for r in arcadedb_corpus.iter_nodes(Label.REGULATION) if not r["held"]]
    assert "医疗质量管理办法" in not_held  # cited by the seeds, no full text in the corpus
    for key in not_held:
        assert (iris.work(str(key)), REGKG.held, Literal(False)) in corpus_graph
    statuses = Counter(corpus_graph.objects(None, REGKG.status))
    assert statuses[concept("status", "draft")] >= 1  # 004: 征求意见稿
    assert statuses[concept("status", "superseded")] >= 1
    work = iris.work("医疗机构管理条例")
    versions = set(corpus_graph.objects(work, ELI.is_realized_by))
    dates = sorted(str(d) for v in versions for d in corpus_graph.objects(v, ELI.version_date))
    assert dates == ["2016-02-06", "2022-03-29"]
    superseded = [
        v for v in versions if (v, REGKG.status, concept("status", "superseded")) in corpus_graph
    ]
    assert [str(d) for d in corpus_graph.objects(superseded[0], ELI.version_date)] == ["2016-02-06"]


@pytest.mark.parametrize(
    ("fmt", "parse_as"), [("nt", "nt"), ("turtle", "turtle"), ("xml", "xml"), ("jsonld", "json-ld")]
)
def test_the_seeds_export_parses_back_to_the_same_graph(
    seeds: Snapshot, fmt: str, parse_as: str
) -> None:
    assert len(seeds.nodes[Label.DOCUMENT]) == 5
    source = build_graph(seeds, BASE)
    out = io.BytesIO()
    export(seeds, out, fmt, base=BASE)
    parsed = Graph().parse(data=out.getvalue(), format=parse_as)
    assert len(parsed) == len(source) > 10_000
    assert isomorphic(parsed, source)


@pytest.mark.slow
def test_the_corpus_export_parses_back_to_the_same_graph(
    arcadedb_corpus: GraphStore, corpus_graph: Graph
) -> None:
    out = io.BytesIO()
    export(arcadedb_corpus, out, "nt", base=BASE)  # streamed from the store itself
    parsed = Graph().parse(data=out.getvalue(), format="nt")
    assert len(parsed) == len(corpus_graph) > 500_000
    # No blank nodes: the same triples is the same graph (isomorphic() would canonicalise
    # 500,000 triples for nothing).
    assert not any(isinstance(term, BNode) for triple in corpus_graph for term in triple)
    assert set(parsed) == set(corpus_graph)


@pytest.mark.slow
def test_the_corpus_export_conforms_to_the_shapes(corpus_graph: Graph) -> None:
    from pyshacl import validate

    conforms, _, report = validate(corpus_graph, shacl_graph=shapes_graph(), inference="none")
    assert conforms, report[:5000]


def test_items_citing_a_regulation(corpus_graph: Graph) -> None:
    # As shipped (医疗机构管理条例): the seeds cite it in prose, never from a scored item.
    assert run_query(corpus_graph, "items_citing_regulation") == []
    # 表3 3-3-2 of the scoring table: 严格执行《传染病防治法》、《医院感染管理办法》; the
    # short title resolves to the work, which is held in two versions (2013, 2025).
    for title in ("中华人民共和国传染病防治法", "医院感染管理办法"):
        rows = run_query(
            corpus_graph, "items_citing_regulation", {"title": Literal(title, lang="zh")}
        )
        assert [r["code"] for r in rows] == ["3-3-2"], title
        assert rows[0]["content"].startswith("医院感染管理:严格执行《传染病防治法》")


def test_obligations_of_county_health_bureaus(
    arcadedb_corpus: GraphStore, corpus_graph: Graph
) -> None:
    rows = run_query(corpus_graph, "county_health_obligations")
    expected = [
        o
        for o in arcadedb_corpus.iter_nodes(Label.OBLIGATION)
        if o.get("modality") == "must"
        and "health_administration/county" in as_list(o.get("body_keys"))
    ]
    assert len(rows) == len(expected) > 20
    assert {r["body"] for r in rows} == {"县级卫生健康行政部门"}
    # 中卫市 plan (seed 001): 12月1日前各县（区）卫生健康局…要将活动开展情况报至市卫健委。
    dated = {(r["deadline"], r["action"]) for r in rows if "deadline" in r}
    assert ("12月1日前", "将活动开展情况报至市卫健委") in dated


def test_legislation_jsonld_of_a_regulation_with_two_versions(
    arcadedb_corpus: GraphStore,
) -> None:
    regulation = next(
        r for r in arcadedb_corpus.iter_nodes(Label.REGULATION) if r["key"] == "医疗机构管理条例"
    )
    versions = [
        d
        for d in arcadedb_corpus.iter_nodes(Label.DOCUMENT)
        if d.get("work_key") == "医疗机构管理条例"
    ]
    view = legislation_jsonld(regulation, versions, base=BASE)
    assert view["legislationDateVersion"] == "2022-03-29"
    assert view["legislationLegalForce"] == "https://schema.org/InForce"
    assert sorted(
        (v["legislationDateVersion"], v["creativeWorkStatus"]) for v in view["workExample"]
    ) == [("2016-02-06", "已被新版本取代"), ("2022-03-29", "现行有效")]


def test_the_data_team_questions_on_the_corpus(snapshot: Snapshot, corpus_graph: Graph) -> None:
    """Renumbered citations say where the article is now, as graph/relink decided; a body's duties
    carry the 罚则 behind them with the sanctions; every penalty link is a regkg:PenaltyLink."""
    moved = {
        str(r.properties["id"]): str(r.properties["now_path"])
        for r in snapshot.rels[Rel.CITES]
        if r.properties.get("now_path") is not None
    }
    rows = run_query(corpus_graph, "renumbered_citations")
    assert len(rows) == len(moved) > 0
    assert sorted(r.get("pathNow", "") for r in rows) == sorted(moved.values())
    # 细则 (1994) cites 条例第十九条, which the 2022 text numbers 第十八条.
    assert ("第十九条", "第十八条") in {(r["articleAsWritten"], r.get("articleNow")) for r in rows}
    links = set(corpus_graph.subjects(RDF.type, REGKG.PenaltyLink))
    assert len(links) == len(snapshot.rels[Rel.PENALISED_BY]) > 0
    duties = run_query(corpus_graph, "obligations_with_penalties")
    penalised = [r for r in duties if "penaltyClause" in r]
    assert penalised and all(r["sanctions"] for r in penalised if "sanctions" in r)
    assert all(int(r["start"]) < int(r["end"]) for r in duties)
