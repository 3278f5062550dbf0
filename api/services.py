"""The application facade that the CLI and the HTTP API share: ingest → graph → search → RDF.

It turns ``Settings`` into a connected graph store and an opened searcher, lazily, and is
the only place that knows how the stages are wired together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from api.settings import Settings

if TYPE_CHECKING:
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
        self._searcher = searcher
        self._refiner: BackgroundRefiner | None = None

    # -- wiring -------------------------------------------------------------------------
    @property
    def store(self) -> GraphStore:
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
        if indexed and self._refiner is not None:  # serving: refine the new units too
            self._refiner.start()
        rows = summarise(batch)
        failed_ids = set(report.failed)
        for row in rows:
            if row.document_id in failed_ids:
                row.error = report.failed[row.document_id]
        return IngestSummary(
            documents=rows,
            loaded=len(report.loaded),
            failed=len(batch.failures) + len(report.failed),
            indexed_units=indexed,
        )

    def delete_document(self, document_id: str) -> bool:
        deleted = self.store.delete_document(document_id)
        self.searcher.remove_documents([document_id])
        return deleted

    # -- reads --------------------------------------------------------------------------
    def search(
        self, query: str, top_k: int = 10, *, expand: bool = True, **filters: Any
    ) -> list[Any]:
        """The clauses that govern ``query``; ``expand`` follows citations through the graph."""
        return self.searcher.search(
            query, top_k=top_k, expand=self.store if expand else None, **filters
        )

    def cited_by(
        self,
        regulation: str,
        article: str | None = None,
        depth: int = 1,
        *,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Any]:
        return self.store.cited_by(
            regulation, article=article, depth=depth, limit=limit, offset=offset
        )

    def obligations(
        self, body: str, include_sub_bodies: bool = True, *, limit: int = 100, offset: int = 0
    ) -> list[Any]:
        return self.store.obligations_of(
            body, include_sub_bodies=include_sub_bodies, limit=limit, offset=offset
        )

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def export(self, out: BinaryIO, fmt: str = "turtle", schema_only: bool = False) -> None:
        from ontology import export

        export(self.store, out, format=fmt, schema_only=schema_only, base=self.settings.rdf_base)
