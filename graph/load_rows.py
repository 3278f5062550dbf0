"""The rows a load sends, built from ingest records on the client before any transaction.

Nodes travel as lists in ``NODE_TYPES`` order (``node_values``), the shape the bulk statements of
``graph.cypher`` read by position; edges and the rest as maps.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from graph.cypher import WORK_CITATION_KINDS
from graph.errors import GraphError
from graph.schema import (
    CITES_PROPERTIES,
    NODE_TYPES,
    PENALISED_BY_PROPERTIES,
    REPEALS_PROPERTIES,
    Label,
    citing_kind,
    regulation_key,
)
from ingest.bodies import issuer_keys
from ingest.models import (
    Body,
    Citation,
    CitationKind,
    Document,
    IngestBatch,
    InspectionItem,
    ParsedDocument,
    Repeal,
    Resolution,
)
from ingest.resolve import clean_title
from ingest.versions import best_version, document_facts

LOCAL_KINDS = {CitationKind.SELF, CitationKind.INTERNAL}
_ALIAS_RESOLUTIONS = {Resolution.ALIAS, Resolution.FUZZY, Resolution.NUMBER}


def work_key(document: Document) -> str:
    """The key of the work a document is a version of (its own title when ingest named none)."""
    return regulation_key(clean_title(document.work_title or document.title))


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _value(value: Any) -> Any:
    """Bolt carries str/int/float/bool/list; enums and dates travel as their text."""
    if type(value) in _PLAIN:  # most values: no isinstance chain (a StrEnum is not a str here)
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_value(v) for v in value]
    return value


def node_values(label: Label, record: object) -> list[Any]:
    """A node's properties as a list in ``NODE_TYPES`` order, the row shape the bulk statements
    read by position (``cypher._literal``); a record's span gives ``start`` and ``end``."""
    names = NODE_TYPES[label].properties
    row = [_value(getattr(record, p, None)) for p in names]
    span = getattr(record, "span", None)
    if span is not None and "start" in names:
        row[names.index("start")], row[names.index("end")] = span.start, span.end
    return row


def node_props(label: Label, record: object, **extra: Any) -> dict[str, Any]:
    props = dict(zip(NODE_TYPES[label].properties, node_values(label, record), strict=True))
    props.update({k: _value(v) for k, v in extra.items()})
    return props


def node_rows(label: Label, records: Iterable[object], **extra: Any) -> list[dict[str, Any]]:
    key = NODE_TYPES[label].key
    return [{"key": getattr(r, key), "props": node_props(label, r, **extra)} for r in records]


def article_index(clauses: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Clause id by every path suffix that starts at a chapter or article (``art_20/para_2``),
    which is how a citation names the part of a document it cites."""
    index: dict[str, str] = {}
    for clause_id, path in clauses:
        segments = path.split("/")
        for i, segment in enumerate(segments):
            if segment.startswith(("art_", "ch_")):
                index.setdefault("/".join(segments[i:]), clause_id)
    return index


# -- one document ------------------------------------------------------------------------------
def cited_work(citation: Citation) -> str | None:
    """The key of the work a citation names; None for 本法/本条 and a citation without a title."""
    if citation.target_title and citation.kind not in LOCAL_KINDS:
        return regulation_key(citation.target_title)
    return None


def _citation_edge(citation: Citation, own_articles: dict[str, str]) -> tuple[Label, str] | None:
    """Where a citation's edge ends at load time: its own document's article for 本法/本条,
    the work otherwise (relinking later moves it to the cited article of the current version)."""
    if citation.kind in LOCAL_KINDS:
        target = own_articles.get(citation.article_path or "")
        return (Label.CLAUSE, target) if target else None
    work = cited_work(citation)
    return (Label.REGULATION, work) if work else None


def _citation_source(
    citation: Citation, items: Sequence[InspectionItem]
) -> list[tuple[Label, str]]:
    if citation.clause_id is None:
        return [(Label.DOCUMENT, citation.document_id)]
    sources = [(Label.CLAUSE, citation.clause_id)]
    sources += [
        (Label.INSPECTION_ITEM, item.id)
        for item in items
        if item.clause_id == citation.clause_id
        and item.span.start <= citation.span.start < item.span.end
    ]
    return sources


# Where a citation's edge is written: a clause of its own document (本条例第三十条), or a work
# that ``refresh_works`` then moves to the cited article of the work's current version; or,
# when the batch holds a version of the cited work, that article directly (falling back to the
# work if the version is not written yet), which spares most of those moves.
Edges = dict[tuple[Label, Label | None], list[dict[str, Any]]]  # (start, end; None: article)


def _citation_rows(
    parsed: ParsedDocument, articles: dict[str, dict[str, str]]
) -> tuple[Edges, list[dict[str, Any]]]:
    """The document's CITES rows by kind of end, and the works it cites with their aliases.
    ``articles`` holds, by work key, the article index of the batch's newest version."""
    own_articles = article_index((c.id, c.path) for c in parsed.clauses)
    edges: Edges = defaultdict(list)
    aliases: dict[str, set[str]] = defaultdict(set)
    for citation in parsed.citations:
        end = _citation_edge(citation, own_articles)
        if end is None:
            continue
        target_key = cited_work(citation)
        if target_key:
            aliases.setdefault(target_key, set())
            if citation.resolution in _ALIAS_RESOLUTIONS and citation.title:
                aliases[target_key].add(citation.title)
            if citation.number and citation.kind in WORK_CITATION_KINDS:
                # `cited-by 国卫医急发〔2023〕35号` finds the work by the number it was cited with
                aliases[target_key].add(citation.number)
        article = (
            articles.get(target_key, {}).get(citation.article_path or "")
            if target_key and citation.kind in WORK_CITATION_KINDS
            else None
        )
        sources = _citation_source(citation, parsed.inspection_items)
        # A clause's citation that an item repeats is the item's: a trace shows it as the item.
        from_item = any(label is Label.INSPECTION_ITEM for label, _ in sources)
        kind = citing_kind(parsed.document.kind, from_item)
        props = {p: _value(getattr(citation, p, None)) for p in CITES_PROPERTIES}
        props.update(start=citation.span.start, end=citation.span.end, target_key=target_key)
        props.update(citing_kind=kind.value)
        for label, source in sources:
            # An item repeats its clause's citation: its edge needs an id of its own.
            row_props = props if label is Label.CLAUSE else dict(props, id=f"{citation.id}@{label}")
            row = {"start": source, "end": end[1], "props": row_props}
            if article:
                edges[(label, None)].append(dict(row, article=article))
            else:
                edges[(label, end[0])].append(row)
    regulations = [{"key": k, "aliases": sorted(v - {k})} for k, v in sorted(aliases.items())]
    return edges, regulations


def batch_articles(batch: IngestBatch) -> dict[str, dict[str, str]]:
    """By work key, the article index of the batch's newest version of each work that one of
    its citations names an article of (newest as ``refresh_works`` decides)."""
    versions: dict[str, list[ParsedDocument]] = defaultdict(list)
    cited = {
        cited_work(c)
        for p in batch.documents
        for c in p.citations
        if c.article_path and c.kind in WORK_CITATION_KINDS
    }
    for parsed in batch.documents:
        if (key := work_key(parsed.document)) in cited:
            versions[key].append(parsed)
    # Reversed: of two equal versions (one document twice), the later one, which replaces the other.
    newest = {
        k: best
        for k, v in versions.items()
        if (best := best_version(reversed(v), lambda p: document_facts(p.document))) is not None
    }
    return {k: article_index((c.id, c.path) for c in p.clauses) for k, p in newest.items()}


def _clause_rows(group: Sequence[ParsedDocument]) -> tuple[list[list[Any]], list[list[Any]]]:
    """Clause rows and their PART_OF links ``[child, parent, child id, parent id]``, which name
    the two ends by position in ``documents + clauses`` (see ``cypher.CREATE_CLAUSES``)."""
    clauses: list[list[Any]] = []
    links = []
    for d, parsed in enumerate(group):
        doc_id = parsed.document.id
        first = len(group) + len(clauses)
        position = {c.id: first + i for i, c in enumerate(parsed.clauses)}
        for c in parsed.clauses:
            parent = position.get(c.parent_id, -1) if c.parent_id else d
            if parent < 0:
                raise GraphError(f"PART_OF {c.id}: its parent {c.parent_id} is a missing node")
            links.append([position[c.id], parent, c.id, c.parent_id or doc_id])
        clauses += [node_values(Label.CLAUSE, c) for c in parsed.clauses]
    return clauses, links


def obligation_rows(group: Sequence[ParsedDocument]) -> tuple[list[str], list[list[Any]]]:
    """The bodies the group's obligations bind, and each obligation's row: its properties, then
    the positions of its bodies in that list (see ``cypher.CREATE_STATED_OBLIGATIONS``)."""
    obligations = [o for parsed in group for o in parsed.obligations]
    body_keys = sorted({k for o in obligations for k in o.body_keys})
    position = {k: i for i, k in enumerate(body_keys)}
    rows = [
        [*node_values(Label.OBLIGATION, o), sorted({position[k] for k in o.body_keys})]
        for o in obligations
    ]
    return body_keys, rows


def repealed_work(repeal: Repeal) -> str:
    """The key of the work a repeal ends (its canonical title, as a citation's)."""
    return regulation_key(repeal.target_title)


def repeal_rows(parsed: ParsedDocument) -> list[dict[str, Any]]:
    """The document's REPEALS rows ``{start, end, props}``, one per repeal of another work (a
    version naming its own work is the version order's business, not a repeal)."""
    own = work_key(parsed.document)
    rows = []
    for repeal in parsed.repeals:
        target = repealed_work(repeal)
        if target == own:
            continue
        props = {p: _value(getattr(repeal, p, None)) for p in REPEALS_PROPERTIES}
        props.update(start=repeal.span.start, end=repeal.span.end, title=repeal.target_title)
        rows.append({"start": repeal.document_id, "end": target, "props": props})
    return rows


def penalty_rows(parsed: ParsedDocument) -> list[dict[str, Any]]:
    """The document's PENALISED_BY rows ``{start, end, props}``: duty clause → penalty clause,
    with the penalty's sanctions (JSON) and summary on the edge, so one hop answers 违反后果."""
    rows = []
    for penalty in parsed.penalties:
        sanctions = json.dumps([asdict(s) for s in penalty.sanctions], ensure_ascii=False)
        for link in penalty.duties:
            props: dict[str, Any] = {
                "id": f"{link.duty_clause_id}->{penalty.clause_id}",
                "document_id": penalty.document_id,
                "how": link.how,
                "raw": link.raw,
                "start": link.span.start,
                "end": link.span.end,
                "score": link.score,
                "sanctions": sanctions,
                "summary": penalty.summary,
                "imposed_by": list(penalty.imposed_by),
                "imposed_by_raw": penalty.imposed_by_raw,
            }
            props = {p: props[p] for p in PENALISED_BY_PROPERTIES}  # the schema's names only
            rows.append({"start": link.duty_clause_id, "end": penalty.clause_id, "props": props})
    return rows


@dataclass
class GroupRows:
    """What a group's statements send, built before its transaction (a retried transaction
    does not build them again)."""

    regulations: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    issuers: list[dict[str, Any]]
    with_clauses: list[str]  # ids of the documents the clause rows belong to, in order
    clauses: list[list[Any]]
    links: list[list[Any]]
    items: list[list[Any]]
    body_keys: list[str]
    obligations: list[list[Any]]
    edges: Edges
    repeals: list[dict[str, Any]]
    penalties: list[dict[str, Any]] = field(default_factory=list)  # PENALISED_BY rows


def prepare(group: Sequence[ParsedDocument], articles: dict[str, dict[str, str]]) -> GroupRows:
    # Each work's aliases in the order the documents gave them, as one document at a time did.
    aliases: dict[str, list[str]] = {}
    edges: Edges = defaultdict(list)
    documents, issuers, repeals = [], [], []
    for parsed in group:
        doc = parsed.document
        work = work_key(doc)
        aliases.setdefault(work, [])
        doc_edges, regulations = _citation_rows(parsed, articles)
        for row in regulations:
            known = aliases.setdefault(row["key"], [])
            known += [a for a in row["aliases"] if a not in known]
        for ends, rows in doc_edges.items():
            edges[ends] += rows
        own = {"own_status": doc.status, "work_key": work, "is_current": True}
        documents.append({"work": work, "props": node_props(Label.DOCUMENT, doc, **own)})
        issuers += [
            {"document_id": doc.id, "key": key}
            for key in dict.fromkeys(k for name in doc.issuers for k in issuer_keys(name))
        ]
        for row in repeal_rows(parsed):
            aliases.setdefault(row["end"], [])  # a repealed work not held is a node all the same
            repeals.append(row)
    with_clauses = [p for p in group if p.clauses]
    clauses, links = _clause_rows(with_clauses)
    body_keys, obligations = obligation_rows(group)
    return GroupRows(
        regulations=[{"key": k, "aliases": v} for k, v in aliases.items()],
        documents=documents,
        issuers=issuers,
        with_clauses=[p.document.id for p in with_clauses],
        clauses=clauses,
        links=links,
        items=[node_values(Label.INSPECTION_ITEM, i) for p in group for i in p.inspection_items],
        body_keys=body_keys,
        obligations=obligations,
        edges=edges,
        repeals=repeals,
        penalties=[row for p in group for row in penalty_rows(p)],
    )


def body_rows(batch: IngestBatch) -> list[dict[str, Any]]:
    """The batch's bodies, plus a bare node for any key an obligation names without one."""
    bodies: dict[str, Body] = {b.key: b for b in batch.bodies}
    named = {k for p in batch.documents for o in p.obligations for k in o.body_keys}
    named |= {m.body_key for p in batch.documents for m in p.body_mentions}
    rows = node_rows(Label.BODY, bodies.values())
    rows += [{"key": k, "props": {"key": k, "name": k}} for k in sorted(named - set(bodies))]
    return rows


def cited_works(parsed: ParsedDocument) -> set[str]:
    """The works a document's citations and repeals name: their state follows its load."""
    cited = {work for c in parsed.citations if (work := cited_work(c))}
    return cited | {row["end"] for row in repeal_rows(parsed)}
