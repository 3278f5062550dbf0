"""Turn one property-graph row (a node of graph/schema.py NODE_TYPES, or a RelRow) into triples.

Every triple's subject is a stable IRI from ``ontology.iris``; no blank nodes, so N-Triples can be
written one row at a time and an exported file compares to its source graph cheaply.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS, XSD

from graph.schema import Label, Rel, RelRow
from ingest.models import BodyKind, CitationKind
from ontology.iris import Iris, segment
from ontology.links import penalty_link_iri, penalty_triples
from ontology.schema import MODALITY_CLASSES, concept, in_force_value
from ontology.values import as_bool, as_date, as_int, as_list, as_text
from ontology.vocab import CITO, DPV, ELI, LANGUAGE_ZH, OA, REGKG

Triple = tuple[URIRef, URIRef, URIRef | Literal]
Row = Mapping[str, object]

# Citations that invoke another work's authority; SELF / INTERNAL only point within a text.
_AUTHORITY_KINDS = {CitationKind.TITLE, CitationKind.DOCUMENT_NUMBER, CitationKind.SHORT_FORM}


def _zh(value: object) -> Literal | None:
    text = as_text(value)
    return Literal(text, lang="zh") if text else None


def _plain(value: object) -> Literal | None:
    text = as_text(value)
    return Literal(text) if text else None


def _integer(value: object) -> Literal | None:
    number = as_int(value)
    return Literal(number, datatype=XSD.integer) if number is not None else None


def _decimal(value: object) -> Literal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        # Lexical form written out in full (6.0, not 6) so every syntax reads it back the same.
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    lexical = format(number, "f")
    return Literal(lexical if "." in lexical else lexical + ".0", datatype=XSD.decimal)


def _date(value: object) -> Literal | None:
    when = as_date(value)
    return Literal(when.isoformat(), datatype=XSD.date) if when else None


def _boolean(value: object) -> Literal | None:
    flag = as_bool(value)
    return Literal("true" if flag else "false", datatype=XSD.boolean) if flag is not None else None


class Mapper:
    """Maps rows to triples for one export; remembers the little it must (roles, schemes seen)."""

    def __init__(self, iris: Iris) -> None:
        self.iris = iris
        self._roles: set[str] = set()  # body keys that are org:Role rather than org:Organization
        self._jurisdictions: set[str] = set()
        self._item_schemes: set[URIRef] = set()

    # -- nodes -------------------------------------------------------------------------------

    def node_iri(self, label: Label, key: str, document_id: str | None = None) -> URIRef:
        match label:
            case Label.REGULATION:
                return self.iris.work(key)
            case Label.DOCUMENT:
                return self.iris.document(key)
            case Label.CLAUSE:
                return self.iris.clause(key)
            case Label.INSPECTION_ITEM:
                return self.iris.part("item", key, document_id)
            case Label.OBLIGATION:
                return self.iris.part("obligation", key, document_id)
            case Label.BODY:
                return self.iris.body(key)
        raise AssertionError(label)  # pragma: no cover - Label is closed

    def node_triples(self, label: Label, row: Row) -> Iterator[Triple]:
        triples = {
            Label.REGULATION: self._regulation,
            Label.DOCUMENT: self._document,
            Label.CLAUSE: self._clause,
            Label.INSPECTION_ITEM: self._inspection_item,
            Label.OBLIGATION: self._obligation,
            Label.BODY: self._body,
        }[label](row)
        return (t for t in triples if t[2] is not None)  # type: ignore[misc]

    def _regulation(self, row: Row) -> Iterator[tuple[URIRef, URIRef, object]]:
        work = self.iris.work(str(row["key"]))
        yield work, RDF.type, ELI.LegalResource
        yield work, ELI.title, _zh(row.get("title"))
        for alias in as_list(row.get("aliases")):
            yield work, ELI.title_alternative, Literal(alias, lang="zh")
        yield work, REGKG.held, _boolean(bool(row.get("held")))
        yield from self._kind_and_level(work, row)
        current = as_text(row.get("current_document_id"))
        if current:
            yield work, REGKG.currentVersion, self.iris.document(current)
        # A work's own status: known also for a work held by no version (repealed by another).
        status = as_text(row.get("status"))
        if status:
            yield work, REGKG.status, concept("status", status)
        yield work, REGKG.statusReason, _zh(row.get("status_reason"))

    def _kind_and_level(self, subject: URIRef, row: Row) -> Iterator[tuple[URIRef, URIRef, object]]:
        kind, level = as_text(row.get("kind")), as_text(row.get("level"))
        if kind:
            yield subject, ELI.type_document, concept("document-kind", kind)
        if level:
            yield subject, REGKG.level, concept("level", level)

    def _document(self, row: Row) -> Iterator[tuple[URIRef, URIRef, object]]:
        doc_id = str(row["id"])
        doc = self.iris.document(doc_id)
        yield doc, RDF.type, ELI.LegalExpression
        yield doc, ELI.title, _zh(row.get("title"))
        yield doc, ELI.number, _plain(row.get("number"))
        yield doc, ELI.date_document, _date(row.get("issued"))
        yield doc, ELI.first_date_entry_in_force, _date(row.get("effective"))
        yield doc, ELI.version_date, _date(row.get("version_date"))
        yield doc, ELI.language, LANGUAGE_ZH
        status = as_text(row.get("status"))
        if status:
            yield doc, REGKG.status, concept("status", status)
            yield doc, ELI.in_force, in_force_value(status)
        yield from self._kind_and_level(doc, row)
        yield doc, REGKG.isCurrent, _boolean(row.get("is_current"))
        yield from self._validity(doc, row)
        yield doc, REGKG.text, _plain(row.get("text"))
        jurisdiction = as_text(row.get("jurisdiction"))
        if jurisdiction:
            place = self.iris.jurisdiction(jurisdiction)
            yield doc, ELI.jurisdiction, place
            if jurisdiction not in self._jurisdictions:
                scheme = self.iris.jurisdiction_scheme()
                if not self._jurisdictions:
                    yield scheme, RDF.type, SKOS.ConceptScheme
                self._jurisdictions.add(jurisdiction)
                yield place, RDF.type, SKOS.Concept
                yield place, SKOS.prefLabel, Literal(jurisdiction, lang="zh")
                yield place, SKOS.inScheme, scheme
        # PROV: the version was generated by one extraction run from one source file.
        source = self.iris.source(as_text(row.get("sha256")), doc_id)
        run = self.iris.extraction(doc)
        yield source, RDF.type, REGKG.SourceFile
        yield source, DCTERMS.title, _plain(row.get("source"))
        yield source, REGKG.sha256, _plain(row.get("sha256"))
        yield source, REGKG.encoding, _plain(row.get("encoding"))
        yield source, DCTERMS.format, _plain(row.get("format"))
        yield run, RDF.type, REGKG.ExtractionRun
        yield run, PROV.used, source
        yield doc, PROV.wasDerivedFrom, source
        yield doc, PROV.wasGeneratedBy, run

    def _validity(self, doc: URIRef, row: Row) -> Iterator[tuple[URIRef, URIRef, object]]:
        """graph.validity's verdict: why the status, which version replaced this one, which
        clause repealed it; and the 发布机关 as named, since ISSUED_BY only links the issuers
        that resolve to a Body."""
        yield doc, REGKG.statusReason, _zh(row.get("status_reason"))
        replaced_by = as_text(row.get("replaced_by"))
        if replaced_by:
            yield doc, DCTERMS.isReplacedBy, self.iris.document(replaced_by)
        repealed_by = as_text(row.get("repealed_by"))  # a clause id, else a document id
        if repealed_by:
            by = self.iris.clause if "#" in repealed_by else self.iris.document
            yield doc, ELI.repealed_by, by(repealed_by)
        for issuer in as_list(row.get("issuers")):
            yield doc, REGKG.issuerName, Literal(issuer, lang="zh")

    def _span(
        self, entity: URIRef, document_id: object, row: Row, exact: object = None
    ) -> Iterator[tuple[URIRef, URIRef, object]]:
        start, end = as_int(row.get("start")), as_int(row.get("end"))
        if start is None or end is None or document_id is None:
            return
        span, selector = self.iris.span(entity), self.iris.selector(entity)
        yield entity, REGKG.textSpan, span
        yield span, RDF.type, OA.SpecificResource
        yield span, OA.hasSource, self.iris.document(str(document_id))
        yield span, OA.hasSelector, selector
        yield selector, RDF.type, OA.TextPositionSelector
        yield selector, OA.start, Literal(start, datatype=XSD.integer)
        yield selector, OA.end, Literal(end, datatype=XSD.integer)
        if as_text(exact):
            # oa:exact belongs to a quote selector: the same selector is both.
            yield selector, RDF.type, OA.TextQuoteSelector
            yield selector, OA.exact, _plain(exact)

    def _clause(self, row: Row) -> Iterator[tuple[URIRef, URIRef, object]]:
        clause = self.iris.clause(str(row["id"]))
        yield clause, RDF.type, ELI.LegalResourceSubdivision
        kind = as_text(row.get("kind"))
        if kind:
            yield clause, REGKG.clauseKind, concept("clause-kind", kind)
        yield clause, REGKG.path, _plain(row.get("path"))
        yield clause, ELI.number, _plain(row.get("locator"))
        yield clause, REGKG.ordinal, _integer(row.get("number"))
        yield clause, REGKG.order, _integer(row.get("order"))
        yield clause, ELI.title, _zh(row.get("heading"))
        yield clause, REGKG.origin, _plain(row.get("origin"))
        yield from self._span(clause, row.get("document_id"), row, row.get("text"))

    def _inspection_item(self, row: Row) -> Iterator[tuple[URIRef, URIRef, object]]:
        doc_id = as_text(row.get("document_id"))
        item = self.iris.part("item", str(row["id"]), doc_id)
        yield item, RDF.type, REGKG.InspectionItem
        yield item, RDF.type, SKOS.Concept
        yield item, SKOS.notation, _plain(row.get("code"))
        yield item, SKOS.prefLabel, _zh(row.get("content"))
        yield item, REGKG.table, _plain(row.get("table"))
        yield item, REGKG.section, _plain(row.get("section"))
        yield item, REGKG.requirement, _plain(row.get("requirement"))
        yield item, REGKG.points, _decimal(row.get("points"))
        yield item, REGKG.pointsRaw, _plain(row.get("points_raw"))
        for criterion in as_list(row.get("criteria")):
            yield item, REGKG.criterion, _plain(criterion)
        yield item, REGKG.bonusPoints, _decimal(row.get("bonus"))
        yield item, REGKG.basis, _plain(row.get("basis"))
        # The row's span covers cells and separators, so no oa:exact for it.
        yield from self._span(item, doc_id, row)

    def _obligation(self, row: Row) -> Iterator[tuple[URIRef, URIRef, object]]:
        doc_id = as_text(row.get("document_id"))
        rule = self.iris.part("obligation", str(row["id"]), doc_id)
        modality = as_text(row.get("modality")) or ""
        yield rule, RDF.type, MODALITY_CLASSES.get(modality, DPV.Rule)  # type: ignore[call-overload]
        yield rule, REGKG.cue, _plain(row.get("cue"))
        yield rule, REGKG.action, _plain(row.get("action"))
        yield rule, REGKG.deadline, _plain(row.get("deadline"))
        yield rule, REGKG.frequency, _plain(row.get("frequency"))
        yield rule, REGKG.threshold, _plain(row.get("threshold"))
        if doc_id:
            yield rule, REGKG.inDocument, self.iris.document(doc_id)
        yield from self._span(rule, doc_id, row, row.get("text"))

    def _body(self, row: Row) -> Iterator[tuple[URIRef, URIRef, object]]:
        key = str(row["key"])
        body = self.iris.body(key)
        kind = as_text(row.get("kind"))
        if kind == BodyKind.INTERNAL_ROLE:
            self._roles.add(key)
        yield body, RDF.type, ORG.Role if kind == BodyKind.INTERNAL_ROLE else ORG.Organization
        yield body, DCTERMS.identifier, Literal(key)
        yield body, SKOS.prefLabel, _zh(row.get("name"))
        for alias in as_list(row.get("aliases")):
            yield body, SKOS.altLabel, Literal(alias, lang="zh")
        if kind:
            yield body, ORG.classification, concept("body-kind", kind)
        level = as_text(row.get("level"))
        if level:
            yield body, REGKG.level, concept("level", level)

    # -- relationships -----------------------------------------------------------------------

    def rel_triples(self, rel: RelRow) -> Iterator[Triple]:
        start = self.node_iri(rel.start_label, rel.start_key)
        end = self.node_iri(rel.end_label, rel.end_key)
        match rel.type:
            case Rel.VERSION_OF:
                yield start, ELI.realizes, end
                yield end, ELI.is_realized_by, start
            case Rel.PART_OF:
                yield start, ELI.is_part_of, end
            case Rel.CITES:
                yield from self._citation(rel, start, end)
            case Rel.ITEM_OF:
                scheme = self.iris.item_scheme(end)
                yield start, SKOS.inScheme, scheme
                if scheme not in self._item_schemes:
                    self._item_schemes.add(scheme)
                    yield scheme, RDF.type, SKOS.ConceptScheme
                    yield scheme, DCTERMS.source, end
            case Rel.STATED_IN:
                yield start, REGKG.statedIn, end
            case Rel.BINDS:
                yield start, DPV.hasResponsibleEntity, end
            case Rel.SUB_OF:
                parent_is_org = rel.end_key not in self._roles
                if rel.start_key in self._roles or not parent_is_org:
                    yield start, REGKG.subordinateTo, end
                else:
                    yield start, ORG.subOrganizationOf, end
            case Rel.ISSUED_BY:
                yield start, ELI.passed_by, end
            case Rel.REPEALS:
                yield start, ELI.repeals, end
                if rel.properties.get("kind") == "replaces":
                    yield start, DCTERMS.replaces, end
            case Rel.PENALISED_BY:
                props = rel.properties
                link = penalty_link_iri(rel, start)
                yield from penalty_triples(self.iris, rel, start, end, link)
                score = props.get("score")
                if isinstance(score, int | float) and not isinstance(score, bool):
                    yield link, REGKG.score, _decimal(round(float(score), 6))  # type: ignore[misc]
                spans = self._span(link, props.get("document_id"), props, props.get("raw"))
                yield from spans  # type: ignore[misc]

    def _citation(self, rel: RelRow, citing: URIRef, cited: URIRef) -> Iterator[Triple]:
        props = rel.properties
        yield citing, CITO.cites, cited
        if rel.start_label in {Label.CLAUSE, Label.DOCUMENT}:
            yield citing, ELI.cites, cited
        doc_id = as_text(props.get("document_id"))
        cite_id = as_text(props.get("id"))
        if cite_id:
            citation = self.iris.part("citation", cite_id, doc_id)
        else:
            # No id from the store: the mention's offsets (or its target) keep the IRI stable.
            at = props.get("start")
            where = f"{at}-{props.get('end')}" if at is not None else rel.end_key
            citation = URIRef(f"{citing}/citation/{segment(where)}")
        kind = as_text(props.get("kind"))
        extra: list[tuple[URIRef, URIRef, object]] = [
            (citation, RDF.type, CITO.Citation),
            (citation, CITO.hasCitingEntity, citing),
            (citation, CITO.hasCitedEntity, cited),
            (
                citation,
                CITO.hasCitationCharacterization,
                CITO.citesAsAuthority if kind in _AUTHORITY_KINDS else CITO.citesAsRelated,
            ),
            (citation, REGKG.citationKind, concept("citation-kind", kind) if kind else None),
            (
                citation,
                REGKG.resolution,
                concept("resolution", str(props["resolution"]))
                if props.get("resolution")
                else None,
            ),
            (citation, REGKG.citedTitle, _plain(props.get("title"))),
            (citation, REGKG.citedNumber, _plain(props.get("number"))),
            (citation, REGKG.citedArticle, _plain(props.get("article"))),
            (citation, REGKG.citedArticlePath, _plain(props.get("article_path"))),
            # graph.relink: the path as written names an older version's article; where that
            # article is in the current version ("" when it was deleted), else absent.
            (citation, REGKG.citedArticlePathNow, _plain(props.get("now_path"))),
            (
                citation,
                REGKG.citedArticleDropped,
                _boolean(True) if props.get("now_path") == "" else None,
            ),
        ]
        score = props.get("score")
        if isinstance(score, int | float) and not isinstance(score, bool):
            extra.append((citation, REGKG.score, _decimal(round(float(score), 6))))
        extra.extend(self._span(citation, doc_id, props, props.get("raw")))
        yield from (t for t in extra if t[2] is not None)  # type: ignore[misc]
