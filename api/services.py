"""The application facade that the CLI and the HTTP API share: ingest → graph → search → RDF.

It turns ``Settings`` into a connected graph store and an opened searcher, lazily, and is
the only place that knows how the stages are wired together.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from api.settings import Settings

log = logging.getLogger("regkg")

if TYPE_CHECKING:
    from api.agreement import Agreement
    from api.checklist_model import Checklist
    from api.coverage import Coverage
    from graph.migrate import MigrationReport
    from graph.server import BoltConfig
    from graph.store import GraphStore
    from ingest.models import Document, IngestBatch
    from search.refine import BackgroundRefiner, RefineStatus
    from search.searcher import Searcher


@dataclass
class DocumentSummary:
    source: str
    document_id: str | None
    title: str | None
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    error: str | None = None
    replaced: list[str] = field(default_factory=list)  # older versions of this source it replaced


@dataclass
class IngestSummary:
    documents: list[DocumentSummary]
    loaded: int
    failed: int
    indexed_units: int

    def as_json(self) -> dict[str, Any]:
        return {
            "loaded": self.loaded,
            "failed": self.failed,
            "indexed_units": self.indexed_units,
            "documents": [vars(d) for d in self.documents],
        }


def summarise(batch: IngestBatch) -> list[DocumentSummary]:
    rows = [
        DocumentSummary(
            source=p.document.source,
            document_id=p.document.id,
            title=p.document.title,
            counts={
                "clauses": len(p.clauses),
                "citations": len(p.citations),
                "obligations": len(p.obligations),
                "bodies": len({m.body_key for m in p.body_mentions}),
                "inspection_items": len(p.inspection_items),
            },
            problems=[f"{x.code}: {x.message}" for x in p.problems],
        )
        for p in batch.documents
    ]
    rows += [
        DocumentSummary(source=f.source, document_id=None, title=None, error=f.message)
        for f in batch.failures
    ]
    return rows


@dataclass
class SearchAnswer:
    hits: list[Any]
    note: str | None = None  # set when the answer is degraded (no graph expansion)
    answered: bool = True  # False: nothing answers the question; ``hits`` are the closest


class Regkg:
    """One regkg instance: a graph store and a searcher over the configured home."""

    def __init__(
        self,
        settings: Settings,
        *,
        store: GraphStore | None = None,
        searcher: Searcher | None = None,
    ) -> None:
        self.settings = settings
        self._store = store
        # A store handed in (tests, a user's own server) is not ours to restart.
        self._owns_no_server = store is not None
        self._store_lock = threading.Lock()
        self._searcher = searcher
        self._refiner: BackgroundRefiner | None = None

    # -- wiring -------------------------------------------------------------------------
    @property
    def store(self) -> GraphStore:
        """The graph store; when the embedded server died (killed, crashed), the next use
        restarts it and reconnects, since a restarted server listens on a new port."""
        store = self._store
        if store is not None and not self._embedded_server_gone():
            return store
        with self._store_lock:  # one thread restarts and reconnects; the others wait for it
            return self._open_store()

    def _open_store(self) -> GraphStore:
        if self._store is not None and self._embedded_server_gone():
            log.warning("the embedded graph server is gone: restarting it and reconnecting")
            self._drop_store()
        if self._store is None:
            from graph import connect, ensure_server
            from graph.server import BoltConfig

            s = self.settings
            if s.neo4j_uri:
                password = s.neo4j_password.get_secret_value() if s.neo4j_password else ""
                config = BoltConfig(s.neo4j_uri, s.neo4j_user, password, s.neo4j_database)
            else:
                config = ensure_server(s.graph_home)
            self._store = connect(config)
        return self._store

    def _embedded_server_gone(self) -> bool:
        if self.settings.neo4j_uri or self._owns_no_server:
            return False
        from graph.server import server_status

        return not server_status(self.settings.graph_home).get("running")

    def _drop_store(self) -> None:
        if self._owns_no_server:
            return  # a store handed in is the caller's to close; the driver reconnects it
        store, self._store = self._store, None
        if store is not None:
            with contextlib.suppress(Exception):  # the connection is already broken
                store.close()

    @property
    def searcher(self) -> Searcher:
        if self._searcher is None:
            from search import Searcher, load_encoder

            s = self.settings
            encoder = load_encoder(s.model, query_model=s.query_model, precision=s.precision)
            self._searcher = Searcher.open(self.settings.index_dir, encoder)
        return self._searcher

    def start_refining(self) -> bool:
        """Refine the index in a background thread (search/refine.py); True if it started."""
        from search.refine import BackgroundRefiner

        if self._refiner is None:
            self._refiner = BackgroundRefiner(self.searcher)
        return self._refiner.start()

    def refine(
        self, limit: int | None = None, on_progress: Callable[[RefineStatus], None] | None = None
    ) -> RefineStatus:
        """Refine the index in the foreground (``regkg refine``)."""
        from search.refine import refine

        return refine(self.searcher, limit=limit, on_progress=on_progress)

    def refine_status(self) -> RefineStatus:
        from search.refine import status

        return self._refiner.current() if self._refiner else status(self.searcher)

    def close(self) -> None:
        if self._refiner is not None:
            self._refiner.stop()
            self._refiner = None
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- writes -------------------------------------------------------------------------
    def ingest(
        self, paths: Sequence[Path], progress: Callable[[int, int, str], None] | None = None
    ) -> IngestSummary:
        from ingest import ingest_paths

        return self._load(ingest_paths(paths, progress=progress, held=self.held_documents()))

    def ingest_files(self, files: Iterable[tuple[str, bytes]]) -> IngestSummary:
        from ingest import ingest_bytes

        return self._load(ingest_bytes(list(files), held=self.held_documents()))

    def held_documents(self) -> list[Document]:
        """The documents already in the graph, as metadata-only records, so that a new batch
        resolves its citations against them too (《医师法》 → 中华人民共和国医师法)."""
        from ingest.models import Document, DocumentKind

        def day(value: str | None) -> date | None:
            try:
                return date.fromisoformat(value) if value else None
            except ValueError:
                return None

        kinds = {k.value for k in DocumentKind}
        return [
            Document(
                id=row.id,
                source=row.source or "",
                sha256="",
                encoding="",
                title=row.title,
                kind=DocumentKind(row.kind) if row.kind in kinds else DocumentKind.OTHER,
                text="",
                folded="",
                number=row.number,
                version_date=day(row.version_date),
                work_title=row.work_key,
            )
            for row in self.store.documents()
        ]

    def _load(self, batch: IngestBatch) -> IngestSummary:
        from graph import load

        report = load(self.store, batch)
        # The index follows what the graph committed: a document whose load failed is not
        # indexed, and the versions a load replaced leave the index in the same step.
        committed = set(report.loaded)
        loaded = [p for p in batch.documents if p.document.id in committed]
        replaced = [i for i in report.replaced if i not in committed]
        indexed = (
            self.searcher.add_documents(loaded, replaced=replaced) if loaded or replaced else 0
        )
        self._relink(committed | set(self.store.citing_documents(sorted(report.changed_works))))
        self._reconcile()
        if indexed and self._refiner is not None:  # serving: refine the new units too
            self._refiner.start()
        rows = summarise(batch)
        failed_ids = set(report.failed)
        for row in rows:
            if row.document_id in failed_ids:
                row.error = report.failed[row.document_id]
            row.replaced = report.replaced_by.get(row.document_id or "", [])
            for other in report.clashes.get(row.document_id or "", []):
                row.problems.append(
                    f"name_clash: {other} has the same file name but another title; both are "
                    "kept (rename the file if one should replace the other)"
                )
        return IngestSummary(
            documents=rows,
            loaded=len(report.loaded),
            failed=len(batch.failures) + len(report.failed),
            indexed_units=indexed,
        )

    def _reconcile(self) -> None:
        """After a load: the graph may have changed other documents (an older version is now
        superseded, a repealed work) and a crash may have left earlier loads unindexed."""
        from graph.errors import GraphError

        try:
            self.check(repair=True, links=False)
        except GraphError as err:  # the load itself is committed; the next start repairs
            log.warning("could not compare graph and index after the load: %s", err)

    def check(self, repair: bool = False, links: bool = True) -> Agreement:
        """Compare the graph with the search index; with ``repair``, bring the index in line
        with the graph (``regkg check --repair``, and after every load and at start). ``links``
        also compares where every document's citations lead (a load relinks its own share, so
        the check after it skips this)."""
        from api.agreement import compare
        from graph.records import citations_of

        self.searcher.sync()
        graph_rows = self.store.documents()
        found = compare(graph_rows, self.searcher.document_states())
        if links:
            held = [row.id for row in graph_rows]
            linked = citations_of(self.store, held)
            found.relinked = self.searcher.stale_links({d: linked.get(d, []) for d in held})
        if repair and not found.agrees:
            self._repair(found)
        return found

    def _repair(self, found: Agreement) -> None:
        from graph.records import parsed_from_graph

        if found.ghosts:
            self.searcher.remove_documents(found.ghosts)
        if found.restated:
            self.searcher.restate(found.restated)
        if found.missing:
            self.searcher.add_documents(parsed_from_graph(self.store, found.missing))
        if found.relinked:
            self._relink(found.relinked)
        found.repaired = True

    def delete_document(self, document_id: str) -> bool:
        works = self.store.remove_document(document_id)
        self.searcher.remove_documents([document_id])
        if works:  # an older version is current again: its status, and the citations it takes
            self._relink(self.store.citing_documents(works))
            self._reconcile()
        return works is not None

    def _relink(self, document_ids: Iterable[str]) -> None:
        """The index's citation targets of these documents, as the graph links them now: a load
        links the new documents' citations and moves those of documents citing a work that
        gained, lost or replaced a version (graph.relink)."""
        from graph.records import citations_of

        wanted = sorted(set(document_ids))
        if wanted:
            found = citations_of(self.store, wanted)
            self.searcher.relink({d: found.get(d, []) for d in wanted})

    # -- reads --------------------------------------------------------------------------
    def search(
        self, query: str, top_k: int = 10, *, expand: bool = True, **filters: Any
    ) -> list[Any]:
        """The clauses that govern ``query``; ``expand`` follows citations through the graph."""
        return self.search_answer(query, top_k, expand=expand, **filters).hits

    def search_answer(
        self, query: str, top_k: int = 10, *, expand: bool = True, **filters: Any
    ) -> SearchAnswer:
        """Hits and a note: when the graph cannot be reached, the answer comes without graph
        expansion (the search index does not need the graph) and the note says so."""
        from graph.errors import GraphError
        from search.errors import ExpansionFailed

        graph = None
        if expand:
            try:
                graph = self.store
            except GraphError as err:
                return self._unexpanded(query, top_k, err, filters)
        try:
            found = self.searcher.find(query, top_k=top_k, expand=graph, **filters)
            if graph is not None:
                graph.add_penalties(found.hits)  # 违反后果 of each hit, from its PENALISED_BY edges
                graph.add_document_facts(found.hits)  # 效力级别, 发布机关, 文号, 施行日期
            return SearchAnswer(found.hits, answered=found.answered)
        except (GraphError, ExpansionFailed) as err:
            self._drop_store()
            return self._unexpanded(query, top_k, err, filters)

    def _unexpanded(
        self, query: str, top_k: int, err: Exception, filters: dict[str, Any]
    ) -> SearchAnswer:
        log.warning("graph unavailable, searching without expansion: %s", err)
        found = self.searcher.find(query, top_k=top_k, expand=None, **filters)
        note = f"图谱暂不可用，结果未经引用扩展 (graph unavailable: {err})"
        return SearchAnswer(found.hits, note, found.answered)

    def cited_by(
        self,
        regulation: str,
        article: str | None = None,
        depth: int = 1,
        *,
        limit: int = 100,
        offset: int = 0,
        kinds: Sequence[str] | None = None,
    ) -> list[Any]:
        """One page of the places citing ``regulation``; ``kinds``: only item, clause, plan, …"""
        return self.store.cited_by(
            regulation, article=article, depth=depth, limit=limit, offset=offset, kinds=kinds
        )

    def diff(self, title: str, from_date: str | None = None, to_date: str | None = None) -> Any:
        """新旧对照: the articles of two held versions of a work aligned (graph.changes)."""
        from graph.changes import version_diff

        return version_diff(self.store, title, from_date, to_date)

    def clause_validity(self, clause_id: str) -> dict[str, Any] | None:
        """A clause's document status and, when superseded, its article now (graph.changes)."""
        from graph.changes import clause_validity

        return clause_validity(self.store, clause_id)

    def stale(self, document: str | None = None) -> list[Any]:
        """Citations of articles a later version changed, moved or dropped (graph.changes)."""
        from graph.changes import stale_citations

        return stale_citations(self.store, document)

    def document_items(self, document_id: str) -> list[Any]:
        """A document's inspection items in text order, with what each cites."""
        return self.store.items_of(document_id)

    def obligations(
        self,
        body: str,
        include_sub_bodies: bool = True,
        *,
        limit: int = 100,
        offset: int = 0,
        **filters: Any,
    ) -> list[Any]:
        """One page of a body's obligations; ``filters``: modality, documents, level."""
        return self.store.obligations_of(
            body, include_sub_bodies=include_sub_bodies, limit=limit, offset=offset, **filters
        )

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def migrate(
        self, target: BoltConfig, *, replace: bool = False, progress: Any = None
    ) -> MigrationReport:
        """Copy this store (the embedded graph, unless NEO4J_URI names another) into ``target``."""
        from graph import connect
        from graph.migrate import migrate

        with connect(target) as into:
            return migrate(self.store, into, replace=replace, progress=progress)

    def export(self, out: BinaryIO, fmt: str = "turtle", schema_only: bool = False) -> None:
        from ontology import export

        export(self.store, out, format=fmt, schema_only=schema_only, base=self.settings.rdf_base)

    # -- compliance workbench (api/checklist.py, api/coverage.py) -------------------------
    def checklist(
        self, party: str, topics: Sequence[str] = (), standard: str | None = None
    ) -> Checklist:
        """The self-inspection checklist of ``party`` on ``topics`` or a scoring ``standard``;
        topics select by meaning through the search index when it opens, else by words."""
        from api.checklist import build_checklist

        return build_checklist(
            self.store, party, topics, standard, searcher=self._searcher_or_none()
        )

    def coverage(self, name: str, data: bytes, checklist: Checklist) -> Coverage:
        """How far the report ``data`` covers ``checklist`` (the report is read, not stored)."""
        from api.coverage import cover
        from ingest import ingest_bytes

        batch = ingest_bytes([(name, data)], held=self.held_documents())
        if batch.failures:
            raise ValueError(batch.failures[0].message)
        from api.coverage_match import background_of

        searcher = self._searcher_or_none()
        encoder = searcher.encoder if searcher is not None else None
        background = background_of(searcher) if searcher is not None else None
        return cover(batch.documents[0], checklist, encoder, self.store, background)

    def _searcher_or_none(self) -> Searcher | None:
        from search.errors import SearchError

        try:
            return self.searcher
        except (SearchError, OSError) as err:
            log.warning("no search index (%s): checklist topics by words only", err)
            return None
