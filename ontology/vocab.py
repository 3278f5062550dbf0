"""The RDF vocabularies regkg speaks: ELI, SKOS, W3C ORG, DPV, CiTO, PROV-O, Web Annotation.

Standard terms come first; ``REGKG`` holds only what no standard covers. Every namespace is a
closed ``DefinedNamespace`` so a misspelt term fails at import time rather than in a triple store.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    XSD,
    DefinedNamespace,
)


class ELI(DefinedNamespace):
    """European Legislation Identifier ontology (the terms regkg uses)."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True

    Work: URIRef
    Expression: URIRef
    LegalResource: URIRef
    LegalExpression: URIRef
    LegalResourceSubdivision: URIRef
    is_part_of: URIRef
    has_part: URIRef
    cites: URIRef
    cited_by: URIRef
    passed_by: URIRef
    date_document: URIRef
    first_date_entry_in_force: URIRef
    version_date: URIRef
    in_force: URIRef
    jurisdiction: URIRef
    is_realized_by: URIRef
    realizes: URIRef
    repeals: URIRef
    repealed_by: URIRef
    number: URIRef
    title: URIRef
    title_alternative: URIRef
    type_document: URIRef
    language: URIRef
    _extras = ["InForce-inForce", "InForce-notInForce"]  # noqa: RUF012  (rdflib's own idiom)


class CITO(DefinedNamespace):
    """Citation Typing Ontology (SPAR)."""

    _NS = Namespace("http://purl.org/spar/cito/")
    _fail = True

    Citation: URIRef
    cites: URIRef
    citesAsAuthority: URIRef
    citesAsRelated: URIRef
    hasCitingEntity: URIRef
    hasCitedEntity: URIRef
    hasCitationCharacterization: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary: where a thing sits in its source text."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef


class DPV(DefinedNamespace):
    """Data Privacy Vocabulary, rules module: the deontic classes and who a rule binds."""

    _NS = Namespace("https://w3id.org/dpv#")
    _fail = True

    Rule: URIRef
    Obligation: URIRef
    Prohibition: URIRef
    Permission: URIRef
    hasRule: URIRef
    hasResponsibleEntity: URIRef


class REGKG(DefinedNamespace):
    """regkg's own terms: only what ELI, SKOS, ORG, DPV, CiTO, PROV and OA leave open."""

    _NS = Namespace("https://w3id.org/regkg/ontology#")
    _fail = True

    # classes
    InspectionItem: URIRef  # 检查项目 / 评分细则: a skos:Concept with a score
    SourceFile: URIRef  # the bytes a document was read from (a prov:Entity)
    ExtractionRun: URIRef  # the prov:Activity that read one source file
    # works and versions
    held: URIRef  # is a full text of the work in the corpus?
    level: URIRef  # administrative level (国家/省/市/县/机构)
    status: URIRef  # in force / draft 征求意见稿 / superseded / repealed
    statusReason: URIRef  # why that status, in words (graph.validity)
    issuerName: URIRef  # 发布机关 as the source names it, also when no Body node was made
    isCurrent: URIRef
    currentVersion: URIRef
    text: URIRef  # the normalised full text that every span indexes
    sha256: URIRef
    encoding: URIRef
    # clauses
    clauseKind: URIRef
    path: URIRef
    order: URIRef
    ordinal: URIRef  # 第二十条 → 20
    origin: URIRef  # page, sheet and row, or paragraph of a binary source
    textSpan: URIRef  # → oa:SpecificResource in the document's text
    # inspection items and obligations
    statedIn: URIRef
    penalisedBy: URIRef  # a duty clause → the penalty clause (罚则) sanctioning its breach
    PenaltyLink: URIRef  # one PENALISED_BY link with what the penalty clause says (违反后果)
    dutyClause: URIRef
    penaltyClause: URIRef
    linkedBy: URIRef  # how the penalty clause names the duty: article (违反本条例第X条) or act
    sanctionSummary: URIRef
    sanctionKind: URIRef  # warning, fine, confiscation, revocation …
    imposedBy: URIRef
    imposedByText: URIRef
    inDocument: URIRef
    table: URIRef
    section: URIRef
    requirement: URIRef
    points: URIRef
    pointsRaw: URIRef
    criterion: URIRef  # one graded criterion 【C】【B】【A】 of an item
    bonusPoints: URIRef  # 奖分
    basis: URIRef  # 评价依据 as written
    cue: URIRef
    action: URIRef
    deadline: URIRef
    frequency: URIRef
    threshold: URIRef
    # citations
    citationKind: URIRef
    resolution: URIRef
    score: URIRef
    citedTitle: URIRef
    citedNumber: URIRef
    citedArticle: URIRef
    citedArticlePath: URIRef
    citedArticlePathNow: URIRef  # where a renumbered article is in the current version
    citedArticleDropped: URIRef  # the cited article is gone from the current version
    # bodies
    subordinateTo: URIRef  # SUB_OF where org:subOrganizationOf does not fit (a role)


# Concept schemes minted from the record contract's enums (ingest/models.py).
SCHEME = Namespace("https://w3id.org/regkg/scheme/")
LANGUAGE_ZH = URIRef("http://publications.europa.eu/resource/authority/language/ZHO")

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "eli": ELI,
    "cito": CITO,
    "oa": OA,
    "dpv": DPV,
    "regkg": REGKG,
    "scheme": SCHEME,
    "skos": SKOS,
    "org": ORG,
    "prov": PROV,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "sh": SH,
    "schema": SDO,
}


def bind_prefixes(graph: Graph, base: str | None = None) -> None:
    """Bind every prefix above (and ``data:`` for the instance base) on an rdflib graph."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, Namespace(str(ns)), override=True, replace=True)
    if base is not None:
        graph.bind("data", Namespace(base + "/"), override=True, replace=True)
