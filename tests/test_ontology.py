"""Unit tests of the RDF export on hand-made graph rows (the real graph is in
test_ontology_integration.py): IRIs, mapping, round trips in every syntax, shapes, SPARQL."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date

import pytest
import rdflib.namespace as rns  # not XSD itself: pytest's collector trips over its warnings
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import ORG, RDF, SH, SKOS

from graph.schema import Label, Rel, RelRow
from ontology import (
    OntologyError,
    build_graph,
    export,
    legislation_jsonld,
    run_query,
    schema_graph,
    shapes_graph,
)
from ontology.iris import DocumentIdentity, Iris, segment
from ontology.schema import LABEL_CLASSES, REL_PROPERTIES, SCHEMES, concept
from ontology.vocab import CITO, DPV, ELI, OA, REGKG

BASE = "https://kg.example.cn/regkg"
OLD, NEW, DRAFT, PLAN, TABLE = "law_2016", "law_2022", "draft_004", "plan_001", "table_003"
ARTICLE_20 = "第二十条　医疗机构必须将《医疗机构执业许可证》悬挂于明显处所。"
PLAN_TEXT = "各县（区）卫生健康局应当于6月12日前将实施方案报市卫生健康委。"


class MemoryReader:
    """A GraphReader over rows held in lists, shaped exactly as graph/schema.py describes."""

    def __init__(self, nodes: dict[Label, list[dict[str, object]]], rels: list[RelRow]) -> None:
        self.nodes, self.rels = nodes, rels

    def iter_nodes(self, label: Label, batch_size: int = 5000) -> Iterator[dict[str, object]]:
        yield from self.nodes.get(label, [])

    def iter_relationships(self, rel: Rel, batch_size: int = 5000) -> Iterator[RelRow]:
        yield from (r for r in self.rels if r.type == rel)


def _doc(doc_id: str, title: str, **extra: object) -> dict[str, object]:
    row: dict[str, object] = {
        "id": doc_id,
        "source": f"{doc_id}.md",
        "sha256": (doc_id.encode().hex() * 8)[:64],
        "encoding": "utf-8",
        "title": title,
        "kind": "administrative_regulation",
        "number": None,
        "issuers": [],
        "issued": None,
        "effective": None,
        "version_date": None,
        "level": "national",
        "jurisdiction": "全国",
        "status": "in_force",
        "work_key": None,
        "is_current": True,
        "text": "",
    }
    row.update(extra)
    return row


def _clause(
    doc: str,
    path: str,
    kind: str,
    locator: str,
    start: int,
    end: int,
    text: str,
    parent: str | None,
    number: int | None = None,
) -> dict[str, object]:
    return {
        "id": f"{doc}#{path}",
        "document_id": doc,
        "kind": kind,
        "path": path,
        "locator": locator,
        "text": text,
        "start": start,
        "end": end,
        "parent_id": parent,
        "order": 0,
        "number": number,
        "heading": None,
    }


def _rel(rel: Rel, sl: Label, sk: str, el: Label, ek: str, **props: object) -> RelRow:
    return RelRow(rel, sl, sk, el, ek, dict(props))


def sample_reader() -> MemoryReader:
    """Two versions of 医疗机构管理条例 (2016 superseded), a provincial draft, a city plan with an
    obligation of county health bureaus, a scoring table whose item cites 第二十条, and a cited
    work that is not held (医疗质量管理办法)."""
    work, missing = "医疗机构管理条例", "医疗质量管理办法"
    county = "health_administration/county"
    nodes: dict[Label, list[dict[str, object]]] = {
        Label.REGULATION: [
            {
                "key": work,
                "title": work,
                "aliases": ["医疗机构条例"],
                "held": True,
                "kind": "administrative_regulation",
                "level": "national",
                "current_document_id": NEW,
            },
            {
                "key": missing,
                "title": missing,
                "aliases": [],
                "held": False,
                "kind": None,
                "level": None,
                "current_document_id": None,
            },
        ],
        Label.DOCUMENT: [
            _doc(
                OLD,
                work,
                work_key=work,
                version_date=date(2016, 2, 6),
                status="superseded",
                is_current=False,
                text=ARTICLE_20,
            ),
            _doc(
                NEW,
                work,
                work_key=work,
                version_date="2022-03-29",
                issued="2022-03-29",
                number="国务院令第752号",
                issuers=["国务院"],
                text=ARTICLE_20,
            ),
            _doc(
                DRAFT,
                "关于进一步加强医疗监督执法工作的通知（征求意见稿）",
                kind="notice",
                level="provincial",
                jurisdiction="新疆维吾尔自治区",
                status="draft",
            ),
            _doc(
                PLAN,
                "医疗质量提升年实施方案",
                kind="plan",
                level="prefectural",
                jurisdiction="中卫市",
                text=PLAN_TEXT,
            ),
            _doc(
                TABLE,
                "一级医院评审标准",
                kind="scoring_standard",
                level="provincial",
                status="unknown",
                text="3-3-6|悬挂执业许可证|6分",
            ),
        ],
        Label.CLAUSE: [
            _clause(OLD, "art_20", "article", "第二十条", 0, len(ARTICLE_20), ARTICLE_20, None, 20),
            _clause(NEW, "ch_2", "chapter", "第二章", 0, len(ARTICLE_20), ARTICLE_20, None, 2),
            _clause(
                NEW,
                "ch_2/art_20",
                "article",
                "第二十条",
                0,
                len(ARTICLE_20),
                ARTICLE_20,
                f"{NEW}#ch_2",
                20,
            ),
            _clause(PLAN, "h_1", "heading", "一、", 0, len(PLAN_TEXT), PLAN_TEXT, None, 1),
            _clause(
                TABLE, "t_1/r_3-3-6", "row", "表1 3-3-6", 0, 16, "3-3-6|悬挂执业许可证|6分", None
            ),
        ],
        Label.INSPECTION_ITEM: [
            {
                "id": f"{TABLE}:item:3-3-6",
                "document_id": TABLE,
                "clause_id": f"{TABLE}#t_1/r_3-3-6",
                "code": "3-3-6",
                "table": "表1",
                "section": "依法执业",
                "requirement": None,
                "content": "悬挂《医疗机构执业许可证》",
                "points": 6.0,
                "points_raw": "6分",
                "start": 0,
                "end": 16,
            },
        ],
        Label.OBLIGATION: [
            {
                "id": f"{PLAN}:obl:0",
                "document_id": PLAN,
                "clause_id": f"{PLAN}#h_1",
                "modality": "must",
                "cue": "应当",
                "body_keys": [county],
                "action": "将实施方案报市卫生健康委",
                "text": PLAN_TEXT,
                "start": 0,
                "end": len(PLAN_TEXT),
                "deadline": "6月12日前",
                "frequency": None,
                "threshold": None,
            },
            {
                "id": f"{NEW}:obl:0",
                "document_id": NEW,
                "clause_id": f"{NEW}#ch_2/art_20",
                "modality": "must",
                "cue": "必须",
                "body_keys": ["institution/institution"],
                "action": "将《医疗机构执业许可证》悬挂于明显处所",
                "text": ARTICLE_20[4:],
                "start": 4,
                "end": len(ARTICLE_20),
                "deadline": None,
                "frequency": None,
                "threshold": None,
            },
        ],
        Label.BODY: [
            {
                "key": county,
                "name": "县级卫生健康行政部门",
                "kind": "health_administration",
                "level": "county",
                "aliases": ["县（区）卫生健康局"],
                "parent_key": "government/county",
            },
            {
                "key": "government/county",
                "name": "县级人民政府",
                "kind": "government",
                "level": "county",
                "aliases": [],
                "parent_key": None,
            },
            {
                "key": "institution/institution",
                "name": "医疗机构",
                "kind": "institution",
                "level": "institution",
                "aliases": ["各医疗机构"],
                "parent_key": None,
            },
            {
                "key": "internal_role/director",
                "name": "院长",
                "kind": "internal_role",
                "level": "institution",
                "aliases": [],
                "parent_key": "institution/institution",
            },
            {
                "key": "government/national",
                "name": "国务院",
                "kind": "government",
                "level": "national",
                "aliases": [],
                "parent_key": None,
            },
        ],
    }
    rels = [
        _rel(Rel.VERSION_OF, Label.DOCUMENT, OLD, Label.REGULATION, work),
        _rel(Rel.VERSION_OF, Label.DOCUMENT, NEW, Label.REGULATION, work),
        _rel(Rel.PART_OF, Label.CLAUSE, f"{OLD}#art_20", Label.DOCUMENT, OLD, order=0),
        _rel(Rel.PART_OF, Label.CLAUSE, f"{NEW}#ch_2", Label.DOCUMENT, NEW, order=0),
        _rel(Rel.PART_OF, Label.CLAUSE, f"{NEW}#ch_2/art_20", Label.CLAUSE, f"{NEW}#ch_2", order=0),
        _rel(Rel.PART_OF, Label.CLAUSE, f"{PLAN}#h_1", Label.DOCUMENT, PLAN, order=0),
        _rel(Rel.PART_OF, Label.CLAUSE, f"{TABLE}#t_1/r_3-3-6", Label.DOCUMENT, TABLE, order=0),
        _rel(
            Rel.CITES,
            Label.INSPECTION_ITEM,
            f"{TABLE}:item:3-3-6",
            Label.CLAUSE,
            f"{NEW}#ch_2/art_20",
            id=f"{TABLE}:cite:3-14",
            document_id=TABLE,
            kind="title",
            raw="《医疗机构管理条例》第二十条",
            start=3,
            end=14,
            title=work,
            number=None,
            article="第二十条",
            article_path="art_20",
            resolution="exact",
            score=1.0,
        ),
        _rel(
            Rel.CITES,
            Label.CLAUSE,
            f"{PLAN}#h_1",
            Label.REGULATION,
            missing,
            id=f"{PLAN}:cite:0-10",
            document_id=PLAN,
            kind="title",
            raw="《医疗质量管理办法》",
            start=0,
            end=10,
            title=missing,
            number=None,
            article=None,
            article_path=None,
            resolution="unresolved",
            score=0.0,
        ),
        _rel(Rel.ITEM_OF, Label.INSPECTION_ITEM, f"{TABLE}:item:3-3-6", Label.DOCUMENT, TABLE),
        _rel(
            Rel.STATED_IN,
            Label.INSPECTION_ITEM,
            f"{TABLE}:item:3-3-6",
            Label.CLAUSE,
            f"{TABLE}#t_1/r_3-3-6",
        ),
        _rel(Rel.STATED_IN, Label.OBLIGATION, f"{PLAN}:obl:0", Label.CLAUSE, f"{PLAN}#h_1"),
        _rel(Rel.STATED_IN, Label.OBLIGATION, f"{NEW}:obl:0", Label.CLAUSE, f"{NEW}#ch_2/art_20"),
        _rel(Rel.BINDS, Label.OBLIGATION, f"{PLAN}:obl:0", Label.BODY, county),
        _rel(Rel.BINDS, Label.OBLIGATION, f"{NEW}:obl:0", Label.BODY, "institution/institution"),
        _rel(Rel.SUB_OF, Label.BODY, county, Label.BODY, "government/county"),
        _rel(
            Rel.SUB_OF, Label.BODY, "internal_role/director", Label.BODY, "institution/institution"
        ),
        _rel(Rel.ISSUED_BY, Label.DOCUMENT, NEW, Label.BODY, "government/national"),
    ]
    return MemoryReader(nodes, rels)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(sample_reader(), BASE)


def test_iris_follow_the_eli_template_and_encode_chinese() -> None:
    iris = Iris(
        BASE + "/",
        [
            DocumentIdentity.from_row(
                _doc(NEW, "x", work_key="医疗机构管理条例", version_date="2022-03-29")
            )
        ],
    )
    work = "%E5%8C%BB%E7%96%97%E6%9C%BA%E6%9E%84%E7%AE%A1%E7%90%86%E6%9D%A1%E4%BE%8B"
    assert iris.work("医疗机构管理条例") == URIRef(f"{BASE}/eli/{work}")
    assert iris.document(NEW) == URIRef(f"{BASE}/eli/{work}/2022-03-29")
    assert iris.clause(f"{NEW}#ch_2/art_20/para_2") == URIRef(
        f"{BASE}/eli/{work}/2022-03-29/ch_2__art_20__para_2"
    )
    assert iris.part("citation", f"{NEW}:cite:3-14") == URIRef(
        f"{BASE}/eli/{work}/2022-03-29/citation/cite:3-14"
    )
    assert iris.body("health_administration/county") == URIRef(
        f"{BASE}/body/health_administration/county"
    )
    assert segment("三、（三） 项") == "%E4%B8%89%E3%80%81%EF%BC%88%E4%B8%89%EF%BC%89_%E9%A1%B9"


def test_two_undated_versions_of_one_work_get_distinct_iris() -> None:
    # Undated and read from identical bytes: only the document ids tell them apart.
    rows = [_doc("a1", "同名通知", sha256="ab" * 32), _doc("b2", "同名通知", sha256="ab" * 32)]
    iris = Iris(BASE, [DocumentIdentity.from_row(r) for r in rows])
    assert iris.document("a1") != iris.document("b2")
    assert str(iris.document("a1")).endswith("_a1")


@pytest.mark.parametrize("base", ["regkg.example.org", "ftp://x.org", "https://x.org/?q=1", ""])
def test_a_base_that_is_not_an_http_iri_is_refused(base: str) -> None:
    with pytest.raises(OntologyError, match="not an absolute http"):
        build_graph(sample_reader(), base)


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(OntologyError, match="unknown RDF format 'yaml'"):
        export(sample_reader(), io.BytesIO(), "yaml")


def test_every_label_and_relationship_has_a_standard_term() -> None:
    assert set(LABEL_CLASSES) == set(Label)
    assert set(REL_PROPERTIES) == set(Rel)
    schema = schema_graph()
    for name, (enum, zh) in SCHEMES.items():
        assert set(zh) == {m.value for m in enum}, name
        assert (concept(name, next(iter(enum)).value), SKOS.inScheme, None) in schema


def test_versions_drafts_and_unresolved_works_are_visible(graph: Graph) -> None:
    iris = Iris(BASE, [DocumentIdentity.from_row(r) for r in sample_reader().nodes[Label.DOCUMENT]])
    work = iris.work("医疗机构管理条例")
    old, new, draft = iris.document(OLD), iris.document(NEW), iris.document(DRAFT)
    assert set(graph.objects(work, ELI.is_realized_by)) == {old, new}
    assert (work, REGKG.currentVersion, new) in graph
    assert (old, REGKG.status, concept("status", "superseded")) in graph
    assert (old, ELI.in_force, ELI["InForce-notInForce"]) in graph
    assert (new, ELI.in_force, ELI["InForce-inForce"]) in graph
    assert (draft, REGKG.status, concept("status", "draft")) in graph
    assert (new, ELI.version_date, Literal("2022-03-29", datatype=rns.XSD.date)) in graph
    assert (new, ELI.number, Literal("国务院令第752号")) in graph
    assert (new, ELI.passed_by, iris.body("government/national")) in graph
    missing = iris.work("医疗质量管理办法")
    assert (missing, REGKG.held, Literal(False)) in graph
    assert (missing, RDF.type, ELI.LegalResource) in graph


def test_clauses_obligations_items_and_citations_map_to_their_vocabularies(graph: Graph) -> None:
    iris = Iris(BASE, [DocumentIdentity.from_row(r) for r in sample_reader().nodes[Label.DOCUMENT]])
    article = iris.clause(f"{NEW}#ch_2/art_20")
    assert (article, ELI.is_part_of, iris.clause(f"{NEW}#ch_2")) in graph
    assert (article, ELI.number, Literal("第二十条")) in graph
    selector = iris.selector(article)
    assert (iris.span(article), OA.hasSource, iris.document(NEW)) in graph
    assert (selector, OA.end, Literal(len(ARTICLE_20), datatype=rns.XSD.integer)) in graph
    assert (selector, OA.exact, Literal(ARTICLE_20)) in graph
    rule = iris.part("obligation", f"{PLAN}:obl:0")
    assert (rule, RDF.type, DPV.Obligation) in graph
    assert (rule, DPV.hasResponsibleEntity, iris.body("health_administration/county")) in graph
    assert (rule, REGKG.deadline, Literal("6月12日前")) in graph
    item = iris.part("item", f"{TABLE}:item:3-3-6")
    assert (item, SKOS.notation, Literal("3-3-6")) in graph
    assert (item, SKOS.inScheme, Iris.item_scheme(iris.document(TABLE))) in graph
    assert (item, REGKG.points, Literal("6.0", datatype=rns.XSD.decimal)) in graph
    assert (item, CITO.cites, article) in graph
    citation = iris.part("citation", f"{TABLE}:cite:3-14")
    assert (citation, CITO.hasCitationCharacterization, CITO.citesAsAuthority) in graph
    assert (citation, REGKG.resolution, concept("resolution", "exact")) in graph
    county = iris.body("health_administration/county")
    assert (county, SKOS.altLabel, Literal("县（区）卫生健康局", lang="zh")) in graph
    assert (county, ORG.subOrganizationOf, iris.body("government/county")) in graph
    director = iris.body("internal_role/director")
    assert (director, RDF.type, ORG.Role) in graph
    assert (director, REGKG.subordinateTo, iris.body("institution/institution")) in graph


@pytest.mark.parametrize(
    ("fmt", "parse_as"),
    [
        ("nt", "nt"),
        ("turtle", "turtle"),
        ("xml", "xml"),
        ("jsonld", "json-ld"),
    ],
)
def test_export_parses_back_to_the_same_graph(graph: Graph, fmt: str, parse_as: str) -> None:
    out = io.BytesIO()
    written = export(sample_reader(), out, fmt, base=BASE)
    parsed = Graph().parse(data=out.getvalue(), format=parse_as)
    assert written >= len(graph)
    assert len(parsed) == len(graph)
    assert isomorphic(parsed, graph)


@pytest.mark.parametrize(
    ("fmt", "parse_as"),
    [
        ("nt", "nt"),
        ("turtle", "turtle"),
        ("xml", "xml"),
        ("jsonld", "json-ld"),
    ],
)
def test_awkward_text_survives_every_syntax(fmt: str, parse_as: str) -> None:
    awkward = '他说："应当"\\ <b>&amp;</b>\n第二行\r\t末尾 \'单引号\' """'
    if fmt != "xml":  # XML 1.0 cannot hold a form feed at all (see the next test)
        awkward += "\f分页"
    reader = sample_reader()
    reader.nodes[Label.DOCUMENT][3]["text"] = awkward
    reader.nodes[Label.DOCUMENT][3]["title"] = "x" * 3 + awkward
    expected = build_graph(reader, BASE)
    out = io.BytesIO()
    export(reader, out, fmt, base=BASE)
    parsed = Graph().parse(data=out.getvalue(), format=parse_as)
    assert (None, REGKG.text, Literal(awkward)) in parsed
    assert isomorphic(parsed, expected)


def test_xml_replaces_the_control_characters_it_cannot_hold() -> None:
    reader = sample_reader()
    reader.nodes[Label.DOCUMENT][3]["text"] = "第一页\f第二页"
    out = io.BytesIO()
    export(reader, out, "xml", base=BASE)
    parsed = Graph().parse(data=out.getvalue(), format="xml")
    assert (None, REGKG.text, Literal("第一页\ufffd第二页")) in parsed


def test_schema_only_export_is_the_ontology() -> None:
    out = io.BytesIO()
    export(None, out, "turtle", schema_only=True)
    assert isomorphic(Graph().parse(data=out.getvalue(), format="turtle"), schema_graph())


def test_the_export_conforms_to_the_shapes(graph: Graph) -> None:
    from pyshacl import validate

    conforms, _, report = validate(graph, shacl_graph=shapes_graph(), inference="none")
    assert conforms, report


def test_the_shapes_catch_a_missing_document_a_backwards_span_and_a_wrong_concept(
    graph: Graph,
) -> None:
    from pyshacl import validate

    broken = Graph() + graph
    rule = next(broken.subjects(RDF.type, DPV.Obligation))
    broken.remove((rule, REGKG.inDocument, None))
    selector = next(broken.subjects(OA.start, Literal(4, datatype=rns.XSD.integer)))
    broken.set((selector, OA.start, Literal(10_000, datatype=rns.XSD.integer)))
    clause = next(broken.subjects(RDF.type, ELI.LegalResourceSubdivision))
    broken.set((clause, REGKG.clauseKind, concept("status", "draft")))
    conforms, results, _ = validate(broken, shacl_graph=shapes_graph(), inference="none")
    assert not conforms
    paths = {
        (results.value(r, SH.focusNode), results.value(r, SH.resultPath))
        for r in results.subjects(RDF.type, SH.ValidationResult)
    }
    assert paths == {
        (rule, REGKG.inDocument),
        (selector, OA.start),
        (concept("status", "draft"), SKOS.inScheme),
    }


def test_sparql_finds_items_citing_a_regulation_through_a_version_article(graph: Graph) -> None:
    rows = run_query(graph, "items_citing_regulation")
    assert [(r["code"], r["content"], r["documentTitle"]) for r in rows] == [
        ("3-3-6", "悬挂《医疗机构执业许可证》", "一级医院评审标准"),
    ]


def test_sparql_finds_obligations_of_county_health_bureaus_with_deadlines(graph: Graph) -> None:
    rows = run_query(graph, "county_health_obligations")
    assert [(r["body"], r["action"], r["deadline"]) for r in rows] == [
        ("县级卫生健康行政部门", "将实施方案报市卫生健康委", "6月12日前"),
    ]
    assert rows[0]["text"] == PLAN_TEXT


def test_legislation_jsonld_describes_the_work_and_every_version() -> None:
    reader = sample_reader()
    regulation = reader.nodes[Label.REGULATION][0]
    versions = [d for d in reader.nodes[Label.DOCUMENT] if d["work_key"] == "医疗机构管理条例"]
    parts = [c for c in reader.nodes[Label.CLAUSE] if c["document_id"] == NEW]
    view = legislation_jsonld(regulation, versions, parts=parts, base=BASE)
    assert view["@type"] == "Legislation"
    assert view["name"] == "医疗机构管理条例"
    assert view["legislationIdentifier"] == "国务院令第752号"
    assert view["legislationDateVersion"] == "2022-03-29"
    assert view["legislationLegalForce"] == "https://schema.org/InForce"
    assert view["legislationPassedBy"] == [{"@type": "GovernmentOrganization", "name": "国务院"}]
    assert [v["creativeWorkStatus"] for v in view["workExample"]] == ["已被新版本取代", "现行有效"]
    assert [p["name"] for p in view["hasPart"]] == ["第二章", "第二十条"]
    # The same IRIs as the RDF export, and valid JSON-LD once the context is inlined.
    assert view["@id"] == str(Iris(BASE).work("医疗机构管理条例"))
    inline = json.dumps({**view, "@context": {"@vocab": "https://schema.org/"}})
    parsed = Graph().parse(data=inline, format="json-ld")
    assert len(parsed) > 15


def test_legislation_jsonld_marks_a_work_known_only_by_citation() -> None:
    regulation = sample_reader().nodes[Label.REGULATION][1]
    view = legislation_jsonld(regulation, base=BASE)
    assert view["creativeWorkStatus"] == "未收录全文"
    assert "workExample" not in view


def test_repeals_and_the_new_record_fields_map_to_standard_terms() -> None:
    """(Document)-[:REPEALS]->(work) is eli:repeals (and dcterms:replaces for a replacement);
    an item's graded criteria, bonus and basis, a clause's origin and a source's format travel."""
    from rdflib.namespace import DCTERMS

    from ontology.mapping import Mapper

    reader = sample_reader()
    iris = Iris(BASE, [DocumentIdentity.from_row(r) for r in reader.nodes[Label.DOCUMENT]])
    mapper = Mapper(iris)
    old_law = "中华人民共和国执业医师法"
    repeal = _rel(Rel.REPEALS, Label.DOCUMENT, NEW, Label.REGULATION, old_law, kind="repeals")
    assert set(mapper.rel_triples(repeal)) == {
        (iris.document(NEW), ELI.repeals, iris.work(old_law))
    }
    replace = _rel(Rel.REPEALS, Label.DOCUMENT, NEW, Label.REGULATION, old_law, kind="replaces")
    assert (iris.document(NEW), DCTERMS.replaces, iris.work(old_law)) in set(
        mapper.rel_triples(replace)
    )
    item = dict(reader.nodes[Label.INSPECTION_ITEM][0])
    item |= {
        "criteria": ["【C】有制度", "【A】持续改进"],
        "bonus": 1.5,
        "basis": "《条例》第二十条",
    }
    triples = set(mapper.node_triples(Label.INSPECTION_ITEM, item))
    subject = iris.part("item", str(item["id"]), TABLE)
    assert {
        (subject, REGKG.criterion, Literal("【C】有制度")),
        (subject, REGKG.basis, Literal("《条例》第二十条")),
    } <= triples
    assert (subject, REGKG.bonusPoints, Literal("1.5", datatype=rns.XSD.decimal)) in triples
    clause = dict(reader.nodes[Label.CLAUSE][0]) | {"origin": "第3页"}
    assert (iris.clause(str(clause["id"])), REGKG.origin, Literal("第3页")) in set(
        mapper.node_triples(Label.CLAUSE, clause)
    )
    document = dict(reader.nodes[Label.DOCUMENT][0]) | {"format": "pdf"}
    formats = [
        o for _, p, o in mapper.node_triples(Label.DOCUMENT, document) if p == DCTERMS.format
    ]
    assert formats == [Literal("pdf")]
