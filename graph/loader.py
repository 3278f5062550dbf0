"""Load an ``IngestBatch`` into the graph: a few documents per transaction, written with one
statement per kind of node or edge; a document that fails is written again alone and leaves nothing.

Re-loading a document (same id, or same source with new content) replaces its parts; citations
from elsewhere into it fall back to the work and are moved to the current version's article.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from neo4j import ManagedTransaction
from neo4j.exceptions import DriverError, Neo4jError

from graph import cypher
from graph.cypher import WORK_CITATION_KINDS
from graph.errors import GraphError
from graph.schema import CITES_PROPERTIES, NODE_TYPES, Label, Rel, newest_first, regulation_key
from ingest.models import (
    Body,
    Citation,
    CitationKind,
    Document,
    IngestBatch,
    InspectionItem,
    ParsedDocument,
    Resolution,
)
from ingest.resolve import clean_title

if TYPE_CHECKING:
    from graph.store import GraphStore

CHUNK = 2000  # rows per UNWIND: large enough to amortise a round trip, small enough for memory
GROUP_ROWS = 2000  # nodes per write transaction: whole documents, at least one
# A statement's row: a map, or a node's properties as a list (the bulk statements, see ``_values``).
Row = dict[str, Any] | list[Any]
_LOCAL_KINDS = {CitationKind.SELF, CitationKind.INTERNAL}
_ALIAS_RESOLUTIONS = {Resolution.ALIAS, Resolution.FUZZY, Resolution.NUMBER}


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)  # document ids
    failed: dict[str, str] = field(default_factory=dict)  # document id → one-line reason
    replaced: list[str] = field(default_factory=list)  # ids of older versions of a source removed
    seconds: float = 0.0


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


def _values(label: Label, record: object) -> list[Any]:
    """A node's properties as a list in ``NODE_TYPES`` order, the row shape the bulk statements
    read by position (``cypher._literal``); a record's span gives ``start`` and ``end``."""
    names = NODE_TYPES[label].properties
    values = [_value(getattr(record, p, None)) for p in names]
    span = getattr(record, "span", None)
    if span is not None and "start" in names:
        values[names.index("start")], values[names.index("end")] = span.start, span.end
    return values


def _props(label: Label, record: object, **extra: Any) -> dict[str, Any]:
    props = dict(zip(NODE_TYPES[label].properties, _values(label, record), strict=True))
    props.update({k: _value(v) for k, v in extra.items()})
    return props


def _node_rows(label: Label, records: Iterable[object], **extra: Any) -> list[dict[str, Any]]:
    key = NODE_TYPES[label].key
    return [{"key": getattr(r, key), "props": _props(label, r, **extra)} for r in records]


def _chunks(rows: Sequence[Row]) -> Iterable[Sequence[Row]]:
    for i in range(0, len(rows), CHUNK):
        yield rows[i : i + CHUNK]


def _run(tx: ManagedTransaction, query: str, rows: Sequence[Row]) -> int:
    total = 0
    for chunk in _chunks(rows):
        record = tx.run(query, rows=list(chunk)).single()
        total += int(record["n"]) if record else 0
    return total


def _expect(tx: ManagedTransaction, query: str, rows: Sequence[Row], what: str) -> None:
    """Write rows that must all find their ends; a missing end fails the whole document."""
    written = _run(tx, query, rows)
    if written != len(rows):
        raise GraphError(f"{what}: {len(rows) - written} of {len(rows)} rows name a missing node")


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
def _citation_edge(citation: Citation, own_articles: dict[str, str]) -> tuple[Label, str] | None:
    """Where a citation's edge ends at load time: its own document's article for 本法/本条,
    the work otherwise (relinking later moves it to the cited article of the current version)."""
    if citation.kind in _LOCAL_KINDS:
        target = own_articles.get(citation.article_path or "")
        return (Label.CLAUSE, target) if target else None
    if not citation.target_title:
        return None
    return Label.REGULATION, regulation_key(citation.target_title)


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
        target_key = (
            regulation_key(citation.target_title)
            if citation.target_title and citation.kind not in _LOCAL_KINDS
            else None
        )
        if target_key:
            aliases.setdefault(target_key, set())
            if citation.resolution in _ALIAS_RESOLUTIONS and citation.title:
                aliases[target_key].add(citation.title)
        article = (
            articles.get(target_key, {}).get(citation.article_path or "")
            if target_key and citation.kind in WORK_CITATION_KINDS
            else None
        )
        props = {p: _value(getattr(citation, p, None)) for p in CITES_PROPERTIES}
        props.update(start=citation.span.start, end=citation.span.end, target_key=target_key)
        for label, source in _citation_source(citation, parsed.inspection_items):
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
    cited = {
        regulation_key(c.target_title)
        for p in batch.documents
        for c in p.citations
        if c.article_path and c.target_title and c.kind in WORK_CITATION_KINDS
    }
    newest: dict[str, ParsedDocument] = {}
    for parsed in batch.documents:
        key = work_key(parsed.document)
        if key in cited and (
            key not in newest
            or newest_first(_props(Label.DOCUMENT, parsed.document))
            >= newest_first(_props(Label.DOCUMENT, newest[key].document))
        ):
            newest[key] = parsed
    return {k: article_index((c.id, c.path) for c in p.clauses) for k, p in newest.items()}


def _clause_rows(group: Sequence[ParsedDocument]) -> tuple[list[list[Any]], list[list[Any]]]:
    """Clause rows and their PART_OF links ``[child, parent, child id, parent id, order]``, which
    name the two ends by position in ``documents + clauses`` (see ``cypher.CREATE_CLAUSES``)."""
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
            links.append([position[c.id], parent, c.id, c.parent_id or doc_id, c.order])
        clauses += [_values(Label.CLAUSE, c) for c in parsed.clauses]
    return clauses, links


def _obligation_rows(group: Sequence[ParsedDocument]) -> tuple[list[str], list[list[Any]]]:
    """The bodies the group's obligations bind, and each obligation's row: its properties, then
    the positions of its bodies in that list (see ``cypher.CREATE_STATED_OBLIGATIONS``)."""
    obligations = [o for parsed in group for o in parsed.obligations]
    body_keys = sorted({k for o in obligations for k in o.body_keys})
    position = {k: i for i, k in enumerate(body_keys)}
    rows = [
        [*_values(Label.OBLIGATION, o), sorted({position[k] for k in o.body_keys})]
        for o in obligations
    ]
    return body_keys, rows


def _write_obligations(tx: ManagedTransaction, body_keys: list[str], rows: list[list[Any]]) -> None:
    """Obligations with STATED_IN and BINDS edges; every row must find its clause and bodies."""
    clause_id = NODE_TYPES[Label.OBLIGATION].properties.index("clause_id")
    for stated in (True, False):
        query = cypher.CREATE_STATED_OBLIGATIONS if stated else cypher.CREATE_UNSTATED_OBLIGATIONS
        for chunk in _chunks([r for r in rows if (r[clause_id] is not None) is stated]):
            record = tx.run(query, rows=list(chunk), body_keys=body_keys).single()
            written = int(record["n"]) if record else 0
            if written != len(chunk):
                raise GraphError(
                    f"obligations: {len(chunk) - written} of {len(chunk)} rows name a missing "
                    "clause or body"
                )


def remove_documents(tx: ManagedTransaction, ids: list[str]) -> None:
    """Delete documents with their parts, keeping other documents' citations into them."""
    tx.run(cypher.RELEASE_INCOMING_CITATIONS, ids=ids).consume()
    for label in cypher.DOCUMENT_PARTS:
        tx.run(cypher.delete_parts(label), ids=ids).consume()
    tx.run(cypher.DELETE_DOCUMENTS, ids=ids).consume()


def _documents_to_replace(
    tx: ManagedTransaction, group: Sequence[ParsedDocument]
) -> list[list[dict[str, Any]]]:
    """Each document's older versions (same source or id); an old one belongs to the first."""
    rows = [{"id": p.document.id, "source": p.document.source} for p in group]
    found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in tx.run(cypher.DOCUMENTS_TO_REPLACE, rows=rows):
        found[r["document_id"]][r["id"]] = {"id": r["id"], "work_key": r["work_key"]}
    taken: set[str] = set()
    old = []
    for parsed in group:
        mine = [v for k, v in found[parsed.document.id].items() if k not in taken]
        taken |= {v["id"] for v in mine}
        old.append(mine)
    return old


@dataclass
class _GroupRows:
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


def _prepare(group: Sequence[ParsedDocument], articles: dict[str, dict[str, str]]) -> _GroupRows:
    # Each work's aliases in the order the documents gave them, as one document at a time did.
    aliases: dict[str, list[str]] = {}
    edges: Edges = defaultdict(list)
    documents, issuers = [], []
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
        documents.append({"work": work, "props": _props(Label.DOCUMENT, doc, **own)})
        issuers += [{"document_id": doc.id, "issuer": name} for name in doc.issuers]
    with_clauses = [p for p in group if p.clauses]
    clauses, links = _clause_rows(with_clauses)
    body_keys, obligations = _obligation_rows(group)
    return _GroupRows(
        regulations=[{"key": k, "aliases": v} for k, v in aliases.items()],
        documents=documents,
        issuers=issuers,
        with_clauses=[p.document.id for p in with_clauses],
        clauses=clauses,
        links=links,
        items=[_values(Label.INSPECTION_ITEM, i) for p in group for i in p.inspection_items],
        body_keys=body_keys,
        obligations=obligations,
        edges=edges,
    )


def _load_group(
    tx: ManagedTransaction, group: Sequence[ParsedDocument], rows: _GroupRows
) -> list[list[dict[str, Any]]]:
    """Documents in one statement per kind (their nodes are created with their edges), after
    their older versions are deleted; each document's replaced versions, in order. One
    statement per group instead of per document saves a parse and a round trip each."""
    old = _documents_to_replace(tx, group)
    if any(old):
        remove_documents(tx, [r["id"] for rows in old for r in rows])
    _run(tx, cypher.MERGE_REGULATIONS, rows.regulations)
    _expect(tx, cypher.CREATE_DOCUMENTS, rows.documents, "version link")
    _run(tx, cypher.LINK_ISSUERS, rows.issuers)
    if rows.clauses:
        written = tx.run(
            cypher.CREATE_CLAUSES, documents=rows.with_clauses, rows=rows.clauses, links=rows.links
        ).single()
        if not written or written["n"] != len(rows.links):
            missing = len(rows.links) - (written["n"] if written else 0)
            raise GraphError(f"PART_OF: {missing} of {len(rows.links)} rows name a missing node")
    _expect(tx, cypher.CREATE_ITEMS, rows.items, "inspection items")
    _write_obligations(tx, rows.body_keys, rows.obligations)
    for (start, end), edge_rows in rows.edges.items():
        if end is None:
            query, what = cypher.create_article_citations(start), f"citation {start}→article"
        else:
            query, what = cypher.create_citations(start, end), f"citation {start}→{end}"
        _expect(tx, query, edge_rows, what)
    return old


def _body_rows(batch: IngestBatch) -> list[dict[str, Any]]:
    """The batch's bodies, plus a bare node for any key an obligation names without one."""
    bodies: dict[str, Body] = {b.key: b for b in batch.bodies}
    named = {k for p in batch.documents for o in p.obligations for k in o.body_keys}
    named |= {m.body_key for p in batch.documents for m in p.body_mentions}
    rows = _node_rows(Label.BODY, bodies.values())
    rows += [{"key": k, "props": {"key": k, "name": k}} for k in sorted(named - set(bodies))]
    return rows


def _load_bodies(tx: ManagedTransaction, batch: IngestBatch) -> None:
    _run(tx, cypher.merge_nodes(Label.BODY), _body_rows(batch))
    links = [
        {"start": b.key, "end": b.parent_key, "props": {}} for b in batch.bodies if b.parent_key
    ]
    _run(tx, cypher.merge_links(Rel.SUB_OF, Label.BODY, Label.BODY), links)


def _cited_works(parsed: ParsedDocument) -> set[str]:
    return {
        regulation_key(c.target_title)
        for c in parsed.citations
        if c.target_title and c.kind not in _LOCAL_KINDS
    }


def _failure(parsed: ParsedDocument, err: Exception) -> str:
    message = str(err).splitlines()[0] if str(err) else type(err).__name__
    return f"{parsed.document.source}: {message}"


def _groups(documents: Iterable[ParsedDocument]) -> Iterator[list[ParsedDocument]]:
    """Consecutive documents of about ``GROUP_ROWS`` nodes together, in batch order. Two
    documents of one source or id never share a group: the later one replaces the earlier."""
    group: list[ParsedDocument] = []
    names: set[tuple[str, str]] = set()
    rows = 0
    for parsed in documents:
        own = {("id", parsed.document.id), ("source", parsed.document.source)}
        if own & names:
            yield group
            group, names, rows = [], set(), 0
        group.append(parsed)
        names |= own
        rows += len(parsed.clauses) + len(parsed.obligations) + len(parsed.inspection_items)
        if rows >= GROUP_ROWS:
            yield group
            group, names, rows = [], set(), 0
    if group:
        yield group


def _write_group(
    store: GraphStore, group: list[ParsedDocument], articles: dict[str, dict[str, str]]
) -> list[list[dict[str, Any]] | str]:
    """Each document's replaced versions or why it failed. The group is written in one
    transaction; if any of it fails, that transaction leaves nothing and each document is
    written again on its own, so only the failing one is left out."""
    try:
        rows = _prepare(group, articles)
        return list(store.write(lambda tx: _load_group(tx, group, rows)))
    except (GraphError, Neo4jError, DriverError) as err:
        if len(group) == 1:
            return [_failure(group[0], err)]
    outcomes: list[list[dict[str, Any]] | str] = []
    for parsed in group:
        try:
            alone = _prepare([parsed], articles)
            outcomes += store.write(lambda tx, p=parsed, r=alone: _load_group(tx, [p], r))  # type: ignore[misc]
        except (GraphError, Neo4jError, DriverError) as err:
            outcomes.append(_failure(parsed, err))
    return outcomes


def load(
    store: GraphStore, batch: IngestBatch, progress: Callable[[str], None] | None = None
) -> LoadReport:
    """Write ``batch`` into the graph; a document that fails leaves nothing of itself behind.

    Documents are written in batch order, a few in each transaction (one commit for about
    ``GROUP_ROWS`` nodes instead of one per document); a failing document is retried alone.
    Writing several transactions at once only trades CPU for conflicts on the works they all
    cite."""
    started = time.perf_counter()
    report = LoadReport()
    store.ensure_schema()
    if batch.bodies or any(p.obligations for p in batch.documents):
        store.write(lambda tx: _load_bodies(tx, batch))
    works: set[str] = set()
    articles = batch_articles(batch)
    for group in _groups(batch.documents):
        for parsed, outcome in zip(group, _write_group(store, group, articles), strict=True):
            doc = parsed.document
            if isinstance(outcome, str):
                report.failed[doc.id] = outcome
                continue
            report.loaded.append(doc.id)
            report.replaced += [r["id"] for r in outcome if r["id"] != doc.id]
            works |= {work_key(doc), *(r["work_key"] for r in outcome if r["work_key"])}
            works |= _cited_works(parsed)
            if progress:
                progress(f"graph: {doc.source}")
    store.refresh_works(sorted(works))
    report.seconds = time.perf_counter() - started
    return report
