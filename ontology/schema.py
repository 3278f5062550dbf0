"""The OWL ontology of regkg: how graph/schema.py's labels and relationships map onto ELI, SKOS,
ORG, DPV, CiTO, PROV-O and Web Annotation, plus SKOS concept schemes minted from ingest's enums.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from importlib import resources

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS

from graph.schema import Label, Rel
from ingest.models import (
    BodyKind,
    CitationKind,
    ClauseKind,
    DocumentKind,
    Level,
    Modality,
    Resolution,
    Status,
)
from ontology.terms import CLASSES, PROPERTIES
from ontology.vocab import CITO, DPV, ELI, REGKG, SCHEME, bind_prefixes

ONTOLOGY_IRI = URIRef("https://w3id.org/regkg/ontology")

# Which class each node label becomes (an obligation's class depends on its modality).
LABEL_CLASSES: dict[Label, URIRef] = {
    Label.REGULATION: ELI.LegalResource,
    Label.DOCUMENT: ELI.LegalExpression,
    Label.CLAUSE: ELI.LegalResourceSubdivision,
    Label.INSPECTION_ITEM: REGKG.InspectionItem,
    Label.OBLIGATION: DPV.Rule,
    Label.BODY: ORG.Organization,
}

# Which property each relationship type becomes (CITES also yields a cito:Citation node).
REL_PROPERTIES: dict[Rel, URIRef] = {
    Rel.VERSION_OF: ELI.realizes,
    Rel.PART_OF: ELI.is_part_of,
    Rel.CITES: CITO.cites,
    Rel.ITEM_OF: SKOS.inScheme,
    Rel.STATED_IN: REGKG.statedIn,
    Rel.BINDS: DPV.hasResponsibleEntity,
    Rel.SUB_OF: ORG.subOrganizationOf,
    Rel.ISSUED_BY: ELI.passed_by,
    Rel.REPEALS: ELI.repeals,  # a replacement (kind replaces) is dcterms:replaces as well
    Rel.PENALISED_BY: REGKG.penalisedBy,
}

MODALITY_CLASSES: dict[Modality, URIRef] = {
    Modality.MUST: DPV.Obligation,
    Modality.MUST_NOT: DPV.Prohibition,
    Modality.MAY: DPV.Permission,
}

# The concept schemes, keyed by the enum they enumerate; every value gets a Chinese label.
SCHEMES: dict[str, tuple[type[StrEnum], dict[str, str]]] = {
    "document-kind": (
        DocumentKind,
        {
            "law": "法律",
            "administrative_regulation": "行政法规",
            "departmental_rule": "部门规章",
            "local_regulation": "地方性法规",
            "judicial_interpretation": "司法解释",
            "notice": "通知",
            "plan": "方案",
            "scoring_standard": "评分标准",
            "report": "报告",
            "other": "其他",
        },
    ),
    "level": (
        Level,
        {
            "national": "国家级",
            "provincial": "省级",
            "prefectural": "地市级",
            "county": "县级",
            "institution": "机构",
            "unknown": "未知",
        },
    ),
    "status": (
        Status,
        {
            "in_force": "现行有效",
            "draft": "征求意见稿",
            "superseded": "已被新版本取代",
            "repealed": "已废止",
            "not_yet_in_force": "尚未施行",
            "unknown": "未知",
        },
    ),
    "clause-kind": (
        ClauseKind,
        {
            "preamble": "序言",
            "part": "编",
            "chapter": "章",
            "section": "节",
            "article": "条",
            "paragraph": "款",
            "item": "项",
            "subitem": "目",
            "heading": "标题",
            "table": "表",
            "row": "评分行",
            "text": "正文",
        },
    ),
    "body-kind": (
        BodyKind,
        {
            "government": "人民政府",
            "health_administration": "卫生健康行政部门",
            "other_administration": "其他行政部门",
            "supervision_agency": "卫生监督机构",
            "quality_control_centre": "质控中心",
            "institution": "医疗机构",
            "internal_role": "机构内部岗位",
            "committee": "委员会",
            "other": "其他",
        },
    ),
    "citation-kind": (
        CitationKind,
        {
            "title": "书名引用",
            "document_number": "文号引用",
            "short_form": "简称引用",
            "self": "自引",
            "internal": "文内引用",
        },
    ),
    "resolution": (
        Resolution,
        {
            "exact": "标题精确匹配",
            "alias": "简称匹配",
            "fuzzy": "近似匹配",
            "defined": "文内定义简称",
            "self": "指向本文件",
            "number": "文号匹配",
            "unresolved": "未解析",
        },
    ),
}


def concept(scheme: str, value: str) -> URIRef:
    """The SKOS concept of one enum value, e.g. ``scheme:body-kind/health_administration``."""
    return SCHEME[f"{scheme}/{value}"]


def scheme_iri(scheme: str) -> URIRef:
    return SCHEME[scheme]


def in_force_value(status: str | None) -> URIRef | None:
    """ELI's in-force concept for a status; ``None`` when the status is unknown."""
    if status == Status.IN_FORCE:
        return ELI["InForce-inForce"]
    if status in {Status.DRAFT, Status.SUPERSEDED, Status.REPEALED}:
        return ELI["InForce-notInForce"]
    return None


@cache
def _schema_triples() -> tuple[tuple[URIRef, URIRef, URIRef | Literal], ...]:
    g = Graph()
    g.add((ONTOLOGY_IRI, RDF.type, OWL.Ontology))
    g.add((ONTOLOGY_IRI, RDFS.label, Literal("regkg ontology", lang="en")))
    g.add(
        (
            ONTOLOGY_IRI,
            DCTERMS.description,
            Literal(
                "Chinese health-care regulations as ELI works, versions and subdivisions; "
                "inspection items as SKOS concepts; bodies as ORG organisations and roles; "
                "obligations as DPV rules; citations as CiTO; provenance as PROV-O; spans as "
                "Web Annotation selectors.",
                lang="en",
            ),
        )
    )
    for cls, parent, label in CLASSES:
        g.add((cls, RDF.type, OWL.Class))
        g.add((cls, RDFS.subClassOf, parent))
        g.add((cls, RDFS.label, Literal(label, lang="en")))
    for term, kind, label, domain, range_, comment in PROPERTIES:
        g.add((term, RDF.type, OWL.ObjectProperty if kind == "object" else OWL.DatatypeProperty))
        g.add((term, RDFS.label, Literal(label, lang="en")))
        g.add((term, RDFS.isDefinedBy, ONTOLOGY_IRI))
        if comment:
            g.add((term, RDFS.comment, Literal(comment, lang="en")))
        if domain is not None:
            g.add((term, RDFS.domain, domain))
        if range_ is not None:
            g.add((term, RDFS.range, range_))
    for cls in (REGKG.InspectionItem, REGKG.SourceFile, REGKG.ExtractionRun, REGKG.PenaltyLink):
        g.add((cls, RDFS.isDefinedBy, ONTOLOGY_IRI))
    g.add((REGKG.statedIn, RDFS.subPropertyOf, PROV.wasDerivedFrom))
    g.add((REGKG.subordinateTo, RDFS.subPropertyOf, SKOS.broader))
    g.add((CITO.citesAsAuthority, RDFS.subPropertyOf, CITO.cites))
    g.add((CITO.citesAsRelated, RDFS.subPropertyOf, CITO.cites))
    g.add((ELI.realizes, OWL.inverseOf, ELI.is_realized_by))
    g.add((ELI.is_part_of, OWL.inverseOf, ELI.has_part))
    g.add((ELI.cites, OWL.inverseOf, ELI.cited_by))
    for name, (enum, zh_labels) in SCHEMES.items():
        scheme = scheme_iri(name)
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, SKOS.prefLabel, Literal(name.replace("-", " "), lang="en")))
        for member in enum:
            c = concept(name, member.value)
            g.add((c, RDF.type, SKOS.Concept))
            g.add((c, SKOS.inScheme, scheme))
            g.add((scheme, SKOS.hasTopConcept, c))
            g.add((c, SKOS.notation, Literal(member.value)))
            g.add((c, SKOS.prefLabel, Literal(member.value.replace("_", " "), lang="en")))
            if member.value in zh_labels:
                g.add((c, SKOS.prefLabel, Literal(zh_labels[member.value], lang="zh")))
    # Sorted by subject, rdf:type first: each term's triples come out as one readable block.
    return tuple(sorted(g, key=lambda t: (str(t[0]), t[1] != RDF.type, str(t[1]), str(t[2]))))  # type: ignore[arg-type]


def schema_triples() -> tuple[tuple[URIRef, URIRef, URIRef | Literal], ...]:
    """The ontology and concept schemes as triples (cached: they only depend on the code)."""
    return _schema_triples()


def schema_graph() -> Graph:
    """The ontology (classes, properties, alignments) and the enum concept schemes."""
    g = Graph()
    bind_prefixes(g)
    for triple in schema_triples():
        g.add(triple)
    return g


def shapes_graph() -> Graph:
    """The SHACL shapes the exported data must satisfy (``ontology/shapes.ttl``)."""
    g = Graph()
    g.parse(
        data=resources.files("ontology").joinpath("shapes.ttl").read_text("utf-8"), format="turtle"
    )
    return g
