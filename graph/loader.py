"""Load an ``IngestBatch`` into the graph: a few documents per transaction, written with one
statement per kind of node or edge; a document that fails is written again alone and leaves nothing.

Re-loading a document (same id, or same source with new content) replaces its parts; citations
from elsewhere into it fall back to the work and are moved to the current version's article.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from neo4j import ManagedTransaction
from neo4j.exceptions import DriverError, Neo4jError

from graph import cypher
from graph.errors import GraphError, GraphUnavailable
from graph.load_rows import (
    GroupRows,
    batch_articles,
    body_rows,
    cited_works,
    prepare,
    work_key,
)
from graph.schema import NODE_TYPES, Label, Rel
from ingest.models import IngestBatch, ParsedDocument

if TYPE_CHECKING:
    from graph.store import GraphStore

CHUNK = 2000  # rows per UNWIND: large enough to amortise a round trip, small enough for memory
# Nodes per write transaction: whole documents, at least one. A commit costs ArcadeDB ~50 ms at
# 1M clauses (unique-key checks, index and record updates), a third of a 2,000-node group's time;
# 8,000 loaded 300k clauses 10-25 % faster than 2,000 on both engines (2026-12-07, idle).
GROUP_ROWS = 8000
# A statement's row: a map, or a node's properties as a list (see ``load_rows.node_values``).
Row = dict[str, Any] | list[Any]


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)  # document ids
    failed: dict[str, str] = field(default_factory=dict)  # document id → one-line reason
    replaced: list[str] = field(default_factory=list)  # ids of older versions of a source removed
    replaced_by: dict[str, list[str]] = field(default_factory=dict)  # new id → ids it replaced
    # new id → ids of held documents with the same source (file name) but another work: kept
    clashes: dict[str, list[str]] = field(default_factory=dict)
    # works that gained, lost or replaced a version or were repealed: their citers are relinked
    changed_works: set[str] = field(default_factory=set)
    seconds: float = 0.0


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
    """Each document's older versions (the same id, or the same source and work); an old one
    belongs to the first. A held document with the same source (file name) but another work is
    not replaced: it comes back marked ``clash``, so the caller can say both are kept."""
    works = {p.document.id: work_key(p.document) for p in group}
    rows = [{"id": p.document.id, "source": p.document.source} for p in group]
    found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in tx.run(cypher.DOCUMENTS_TO_REPLACE, rows=rows):
        found[r["document_id"]][r["id"]] = {
            "id": r["id"],
            "work_key": r["work_key"],
            "repealed": list(r["repealed"] or []),
            "clash": r["id"] != r["document_id"] and r["work_key"] != works[r["document_id"]],
        }
    taken: set[str] = set()
    old = []
    for parsed in group:
        mine = [v for k, v in found[parsed.document.id].items() if k not in taken]
        taken |= {v["id"] for v in mine}
        old.append(mine)
    return old


def _load_group(
    tx: ManagedTransaction, group: Sequence[ParsedDocument], rows: GroupRows
) -> list[list[dict[str, Any]]]:
    """Documents in one statement per kind (their nodes are created with their edges), after
    their older versions are deleted; each document's replaced versions, in order. One
    statement per group instead of per document saves a parse and a round trip each."""
    old = _documents_to_replace(tx, group)
    gone = [v["id"] for versions in old for v in versions if not v["clash"]]
    if gone:
        remove_documents(tx, gone)
    _run(tx, cypher.MERGE_REGULATIONS, rows.regulations)
    _expect(tx, cypher.CREATE_DOCUMENTS, rows.documents, "version link")
    _run(tx, cypher.LINK_ISSUERS, rows.issuers)
    _expect(tx, cypher.CREATE_REPEALS, rows.repeals, "repeal")
    if rows.clauses:
        written = tx.run(
            cypher.CREATE_CLAUSES, documents=rows.with_clauses, rows=rows.clauses, links=rows.links
        ).single()
        if not written or written["n"] != len(rows.links):
            missing = len(rows.links) - (written["n"] if written else 0)
            raise GraphError(f"PART_OF: {missing} of {len(rows.links)} rows name a missing node")
    _expect(tx, cypher.CREATE_ITEMS, rows.items, "inspection items")
    _expect(tx, cypher.CREATE_PENALTY_LINKS, rows.penalties, "penalty link")
    _write_obligations(tx, rows.body_keys, rows.obligations)
    for (start, end), edge_rows in rows.edges.items():
        if end is None:
            query, what = cypher.create_article_citations(start), f"citation {start}→article"
        else:
            query, what = cypher.create_citations(start, end), f"citation {start}→{end}"
        _expect(tx, query, edge_rows, what)
    return old


def _load_bodies(tx: ManagedTransaction, batch: IngestBatch) -> None:
    _run(tx, cypher.merge_nodes(Label.BODY), body_rows(batch))
    links = [
        {"start": b.key, "end": b.parent_key, "props": {}} for b in batch.bodies if b.parent_key
    ]
    _run(tx, cypher.merge_links(Rel.SUB_OF, Label.BODY, Label.BODY), links)


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
    store: GraphStore,
    group: list[ParsedDocument],
    prepared: Future[GroupRows],
    articles: dict[str, dict[str, str]],
) -> list[list[dict[str, Any]] | str]:
    """Each document's replaced versions or why it failed. The group is written in one
    transaction; if any of it fails, that transaction leaves nothing and each document is
    written again on its own, so only the failing one is left out."""
    try:
        rows = prepared.result()
        return list(store.write(lambda tx: _load_group(tx, group, rows)))
    except GraphUnavailable:
        raise
    except (GraphError, Neo4jError, DriverError) as err:
        if len(group) == 1:
            return [_failure(group[0], err)]
    outcomes: list[list[dict[str, Any]] | str] = []
    for parsed in group:
        try:
            alone = prepare([parsed], articles)
            outcomes += store.write(lambda tx, p=parsed, r=alone: _load_group(tx, [p], r))  # type: ignore[misc]
        except GraphUnavailable:
            raise
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
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="regkg-rows") as rows_ahead:
        for group, prepared in _prepared_ahead(rows_ahead, _groups(batch.documents), articles):
            outcomes = _write_group(store, group, prepared, articles)
            _record(report, works, group, outcomes, progress)
    store.refresh_works(sorted(works))
    report.seconds = time.perf_counter() - started
    return report


def _prepared_ahead(
    pool: ThreadPoolExecutor,
    groups: Iterator[list[ParsedDocument]],
    articles: dict[str, dict[str, str]],
) -> Iterator[tuple[list[ParsedDocument], Future[GroupRows]]]:
    """Each group with its rows, the next group's rows built while this one is written: the
    rows depend on the batch alone, never on the graph, and the client building them while the
    server waited was ~15 % of a load's wall time (the driver waits on its socket without the
    GIL, so the two overlap)."""
    ahead: tuple[list[ParsedDocument], Future[GroupRows]] | None = None
    for group in groups:
        current = (group, pool.submit(prepare, group, articles))
        if ahead is not None:
            yield ahead
        ahead = current
    if ahead is not None:
        yield ahead


def _record(
    report: LoadReport,
    works: set[str],
    group: list[ParsedDocument],
    outcomes: list[list[dict[str, Any]] | str],
    progress: Callable[[str], None] | None,
) -> None:
    """Note each document of a written group in the report, and the works whose state the
    refresh at the end must recompute."""
    for parsed, outcome in zip(group, outcomes, strict=True):
        doc = parsed.document
        if isinstance(outcome, str):
            report.failed[doc.id] = outcome
            continue
        report.loaded.append(doc.id)
        clashes = [r["id"] for r in outcome if r["clash"]]
        if clashes:
            report.clashes[doc.id] = clashes
        outcome = [r for r in outcome if not r["clash"]]
        replaced = [r["id"] for r in outcome if r["id"] != doc.id]
        if replaced:
            report.replaced_by[doc.id] = replaced
        report.replaced += replaced
        changed = {work_key(doc), *(r["work_key"] for r in outcome if r["work_key"])}
        changed |= {key for r in outcome for key in r["repealed"]}  # their state returns
        report.changed_works |= changed
        works |= changed | cited_works(parsed)
        if progress:
            progress(f"graph: {doc.source}")
