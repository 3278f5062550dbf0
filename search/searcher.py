"""Hybrid search over units: BM25 on analysed text + dense vectors, fused, expanded by citations.

A ``Searcher`` lives in a directory of arrays and JSON; opening it checks the model and the
corpus hash and rebuilds what is stale, reusing every embedding whose text did not change.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np

from ingest.models import Citation, ParsedDocument
from ingest.versions import VersionFacts, current_version
from search.analyzer import BIGRAM_PREFIX, Analyzer, default_analyzer, fold, highlight_spans
from search.dense import DenseIndex, TextEncoder, encode_units, refiner_of, reuse_vectors
from search.domain_probe import load_probe
from search.errors import SearchError
from search.folding import VersionMap, folded_unit
from search.folding import fold as fold_hits
from search.fusion import Ranker, fuse, lead_first
from search.hits import (
    CITED_SCORE_FACTOR,
    CitationGraph,
    Expansion,
    SearchFilters,
    SearchHit,
    SearchOutcome,
    expansions_from_graph,
    expansions_from_units,
    local_place,
)
from search.index_files import IndexFiles
from search.index_meta import index_meta, stale_reason
from search.lexical import BM25Index, top_k
from search.relevance import (
    ANSWER_THRESHOLD,
    ANSWER_WINDOW,
    cosines,
    explain,
    idf_of,
    query_terms,
    relevance,
)
from search.units import (
    CiteLinks,
    SearchUnit,
    article_ref,
    cite_links,
    containing_unit,
    dense_text,
    lexical_text,
    read_units,
    units_from_documents,
    write_units,
)

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 2000


@dataclass(frozen=True, slots=True)
class SearchConfig:
    # Chosen on the odd dev questions, checked on the even ones (benchmarks/search_quality.py)
    # with the fitted student + teacher queries: z-score 0.3/0.7, no lead, MRR 0.748 / 0.701;
    # 0.5/0.5 0.719 / 0.668, and with the lexical lead (which helped the old static model)
    # 0.645 / 0.604; weighted min-max 0.3/0.7 0.736 / 0.698; RRF at best 0.696 / 0.650.
    ranker: Ranker = Ranker.ZSCORE
    weights: dict[str, float] = field(default_factory=lambda: {"lexical": 0.3, "dense": 0.7})
    depth: int = 100  # candidates taken from each signal before fusion
    superseded_factor: float = 0.9  # an old version ranks just below the current one
    # A local rule ranks just below national law of the same fit, unless the question (or the
    # 地区 filter) names its place: 献血间隔 is answered by 献血法 第九条 before 泰安市献血条例.
    local_factor: float = 0.85
    lexical_lead: bool = False  # a standout BM25 top hit ranks first (fusion.lead_first)


@dataclass(frozen=True, slots=True)
class DocumentState:
    """The parts of a document the index repeats from the graph, compared by ``regkg check``."""

    status: str
    version_date: str | None
    work_title: str | None

    @classmethod
    def of(cls, unit: SearchUnit) -> DocumentState:
        return cls(unit.status, unit.version_date, unit.work_title)


class Searcher:
    """Units with their BM25 and dense indexes, kept in ``directory``."""

    def __init__(
        self,
        units: list[SearchUnit],
        lexical: BM25Index,
        dense: DenseIndex,
        encoder: TextEncoder,
        directory: Path | None,
        *,
        analyzer: Analyzer | None = None,
        config: SearchConfig | None = None,
    ) -> None:
        self.units = units
        self.lexical = lexical
        self.dense = dense
        self.encoder = encoder
        self.directory = directory
        self.analyzer = analyzer or default_analyzer()
        self.config = config or SearchConfig()
        self.rebuilt: str | None = None  # why ``open`` rebuilt the index, if it did
        self.files = IndexFiles(directory) if directory is not None else None
        self.generation: str | None = None  # the on-disk generation this state was read from
        self._writer_depth = 0
        # Held while the index changes (ingest, refinement) and while a search reads it; the
        # query embedding, the slow part of a search, runs outside it.
        self.lock = threading.RLock()
        # Whether a question is in the store's scope at all: relevance adds it to the cosine.
        self.domain = load_probe(getattr(encoder, "query_model", encoder.name))
        self._refresh()

    # -- building and opening -----------------------------------------------------------
    @classmethod
    def build(
        cls,
        units: Sequence[SearchUnit],
        encoder: TextEncoder,
        directory: Path | str | None = None,
        *,
        analyzer: Analyzer | None = None,
        config: SearchConfig | None = None,
        vectors: np.ndarray | None = None,
        refined: np.ndarray | None = None,
    ) -> Searcher:
        """Index ``units`` from scratch (``vectors`` may supply their embeddings, ``refined``
        flags those made by the refiner) and save."""
        units = _unique(units)
        analyzer = analyzer or default_analyzer()
        lexical = BM25Index.build(analyzer(lexical_text(u)) for u in units)
        if vectors is None:
            vectors = encode_units(encoder, units)
        dense = DenseIndex(vectors, np.arange(len(units), dtype=np.int64), refined=refined)
        path = Path(directory) if directory is not None else None
        searcher = cls(list(units), lexical, dense, encoder, path, analyzer=analyzer, config=config)
        if searcher.files is not None:
            # A build is the new state as a whole: published as it is, without reading in
            # what is on disk first (that is what a rebuild replaces).
            with searcher.lock, searcher.files.lock():
                searcher._save()
        return searcher

    @classmethod
    def from_documents(
        cls, documents: Iterable[ParsedDocument], encoder: TextEncoder, directory: Path | str | None
    ) -> Searcher:
        return cls.build(units_from_documents(documents), encoder, directory)

    @classmethod
    def open(
        cls,
        directory: Path | str,
        encoder: TextEncoder,
        units: Sequence[SearchUnit] | None = None,
        *,
        analyzer: Analyzer | None = None,
        config: SearchConfig | None = None,
    ) -> Searcher:
        """Load the index in ``directory``, rebuilding what is stale (``stale_reason``: another
        model, units that differ from the recorded ones or, when ``units`` is given, from those);
        empty if there is none. A rebuild reuses every stored vector whose text is unchanged."""
        directory = Path(directory)
        refiner = _name(refiner_of(encoder))
        generation = IndexFiles(directory).generation()
        here = IndexFiles(directory).current()
        meta_path = here / "meta.json"
        if not meta_path.exists():
            return cls.build(units or [], encoder, directory, analyzer=analyzer, config=config)
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
            stored = read_units(here / "units.jsonl")
        except (OSError, ValueError, KeyError, TypeError) as err:
            if units is None:
                raise SearchError(
                    f"search index in {directory} is unreadable ({err}): delete it and re-ingest"
                ) from err
            meta, stored = {}, []
        wanted = _unique(units) if units is not None else None
        reason = stale_reason(meta, stored, wanted, encoder, refiner)
        if reason is None:
            try:
                lexical = BM25Index.load(here)
                dense, _ = DenseIndex.load(here)
                if len(lexical) == len(dense) == len(stored):
                    searcher = cls(
                        stored, lexical, dense, encoder, directory, analyzer=analyzer, config=config
                    )
                    searcher.generation = generation
                    return searcher
                reason = "index parts disagree on the number of units"
            except (OSError, ValueError, KeyError, SearchError) as err:
                reason = f"index files unreadable: {err}"
        log.warning("rebuilding search index in %s: %s", directory, reason)
        target = wanted if wanted is not None else stored
        vectors, refined = reuse_vectors(here, meta, stored, target, encoder, refiner)
        searcher = cls.build(
            target,
            encoder,
            directory,
            analyzer=analyzer,
            config=config,
            vectors=vectors,
            refined=refined,
        )
        searcher.rebuilt = reason
        return searcher

    def save(self) -> None:
        with self.writing():
            self._save()

    def _save(self) -> None:
        """Publish the in-memory index as a new generation (the writer lock is held)."""
        if self.files is None:
            return
        refined_by = _name(refiner_of(self.encoder)) if self.dense.refined.any() else None

        def write(folder: Path) -> None:
            write_units(self.units, folder / "units.jsonl")
            self.lexical.save(folder)
            self.dense.save(folder, {"model": self.encoder.name, "refined_by": refined_by})
            meta = index_meta(self.units, self.dense, self.encoder, refined_by)
            (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")

        self.generation = self.files.publish(write)

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the index's writer lock (across threads and processes) and start from what is
        on disk: a change another process published (``regkg ingest`` beside ``regkg serve``)
        is read in first, so this writer's save cannot drop it."""
        with self.lock:
            if self.files is None or self._writer_depth:
                self._writer_depth += 1
                try:
                    yield
                finally:
                    self._writer_depth -= 1
                return
            with self.files.lock():
                self._writer_depth += 1
                try:
                    self._catch_up()
                    yield
                finally:
                    self._writer_depth -= 1

    def sync(self) -> bool:
        """Read in a generation another process published; True if there was one."""
        if self.files is None or self.files.generation() == self.generation:
            return False
        with self.lock:
            return self._catch_up()

    def _catch_up(self) -> bool:
        """Replace the in-memory state with the live generation on disk if it is newer; refined
        vectors held only in memory (a refinement between saves) are carried over."""
        assert self.files is not None and self.directory is not None
        if self.files.generation() in (None, self.generation):
            return False
        fresh = Searcher.open(
            self.directory, self.encoder, analyzer=self.analyzer, config=self.config
        )
        mine = {u.id: row for row, u in enumerate(self.units) if self.dense.refined[row]}
        rows = [
            (row, mine[u.id])
            for row, u in enumerate(fresh.units)
            if u.id in mine
            and not fresh.dense.refined[row]
            and dense_text(self.units[mine[u.id]]) == dense_text(u)
        ]
        if rows:
            theirs, ours = (np.array(x, dtype=np.int64) for x in zip(*rows, strict=True))
            fresh.dense.replace(theirs, self.dense.vectors[ours])
        self.units, self.lexical, self.dense = fresh.units, fresh.lexical, fresh.dense
        self.generation = fresh.generation
        self._refresh()
        return True

    # -- incremental updates ------------------------------------------------------------
    def add_documents(
        self, documents: Iterable[ParsedDocument], *, replaced: Iterable[str] = ()
    ) -> int:
        """Index (or re-index) documents, and drop the units of the ``replaced`` document ids
        in the same step (one save); returns the number of units added."""
        documents = list(documents)
        gone = [d.document.id for d in documents] + list(replaced)
        new_units = _unique(units_from_documents(documents))
        vectors = encode_units(self.encoder, new_units)  # the slow part, outside the lock
        tokens = [self.analyzer(lexical_text(u)) for u in new_units]
        with self.writing():
            refined = self._keep_refined(new_units, vectors)
            self.remove_documents(gone, save=False)
            if new_units:
                start = int(self.dense.ids.max()) + 1 if len(self.dense) else 0
                ids = np.arange(start, start + len(new_units), dtype=np.int64)
                self.lexical.add(tokens)
                self.dense.add(vectors, ids, refined)
                self.units.extend(new_units)
            self._refresh()
            self._save()
        return len(new_units)

    def _keep_refined(self, units: Sequence[SearchUnit], vectors: np.ndarray) -> np.ndarray:
        """Flags for ``units``; a unit re-ingested with unchanged text keeps its refined
        vector (copied into ``vectors``), so re-ingesting a document undoes no refinement."""
        flags = np.zeros(len(units), dtype=bool)
        for i, unit in enumerate(units):
            row = self.row_of.get(unit.id)
            if row is None or not self.dense.refined[row]:
                continue
            if dense_text(self.units[row]) == dense_text(unit):
                vectors[i] = self.dense.vectors[row]
                flags[i] = True
        return flags

    def document_states(self) -> dict[str, DocumentState]:
        """What the index says of each document it holds (title, version, status)."""
        with self.lock:
            return {u.document_id: DocumentState.of(u) for u in self.units}

    def restate(self, states: dict[str, DocumentState]) -> int:
        """Take the graph's word for documents' titles, versions and status (no re-embedding:
        the encoder sees the title only, and a new title means a re-index); units changed."""
        changed = 0
        with self.writing():
            for row, unit in enumerate(self.units):
                state = states.get(unit.document_id)
                if state is not None and DocumentState.of(unit) != state:
                    self.units[row] = replace(
                        unit,
                        status=state.status,
                        version_date=state.version_date,
                        work_title=state.work_title,
                    )
                    changed += 1
            if changed:
                self._refresh()
                self._save()
        return changed

    def relink(self, citations: Mapping[str, Sequence[Citation]]) -> int:
        """Take the graph's word for where each given document's citations lead (a newer version
        of a cited work arrived, an article was renumbered: graph.relink), rebuilding its units'
        article and document targets from ``citations`` (no re-embedding); units changed."""
        with self.writing():
            changes = self._relinked(citations)
            for row, now in changes.items():
                self.units[row] = replace(
                    self.units[row], cite_refs=now.refs, cite_docs=now.documents
                )
            if changes:
                self._refresh()
                self._save()
        return len(changes)

    def stale_links(self, citations: Mapping[str, Sequence[Citation]]) -> list[str]:
        """The given documents whose units' citation targets differ from ``citations``."""
        with self.lock:
            return sorted({self.units[row].document_id for row in self._relinked(citations)})

    def _relinked(self, citations: Mapping[str, Sequence[Citation]]) -> dict[int, CiteLinks]:
        """Rows of the given documents whose targets differ from what ``citations`` make them."""
        rows: dict[str, dict[str, int]] = {}
        for row, unit in enumerate(self.units):
            if unit.document_id in citations:
                rows.setdefault(unit.document_id, {})[unit.id] = row
        out: dict[int, CiteLinks] = {}
        for document_id, units in rows.items():
            found = citations[document_id]
            where = {c.clause_id: containing_unit(c.clause_id, units) for c in found if c.clause_id}
            links = cite_links(document_id, found, {c: u for c, u in where.items() if u})
            for unit_id, row in units.items():
                unit, now = self.units[row], links.get(unit_id, CiteLinks())
                if (unit.cite_refs, unit.cite_docs) != (now.refs, now.documents):
                    out[row] = now
        return out

    def remove_documents(self, document_ids: Iterable[str], *, save: bool = True) -> int:
        """Drop every unit of the given documents; returns how many were dropped."""
        gone = set(document_ids)
        with self.writing():
            keep = np.array([u.document_id not in gone for u in self.units], dtype=bool)
            removed = int((~keep).sum())
            if removed:
                self.units = [u for u, k in zip(self.units, keep, strict=True) if k]
                self.lexical.remove_rows(keep)
                self.dense.remove_rows(keep)
                self._refresh()
                if save:
                    self._save()
        return removed

    def _refresh(self) -> None:
        """Derived lookups: row by clause id, article rows, currency, cited-by lists."""
        self.row_of = {u.id: row for row, u in enumerate(self.units)}
        self.article_rows: dict[str, int] = {}
        for row, unit in enumerate(self.units):
            ref = article_ref(unit.document_id, unit.id.partition("#")[2])
            if unit.kind == "article" and ref:
                self.article_rows.setdefault(ref, row)
        versions: dict[str, dict[str, VersionFacts]] = {}
        for unit in self.units:
            facts = VersionFacts(unit.document_id, unit.version_date, status=unit.status)
            versions.setdefault(unit.work_title or unit.document_title, {})[unit.document_id] = (
                facts
            )
        current = {
            work: chosen
            for work, found in versions.items()
            if (chosen := current_version(found.values(), lambda f: f)) is not None
        }
        self.current_version = {w: str(f.version_date or "") for w, f in current.items()}
        self.is_current = np.array(
            [
                u.status not in ("superseded", "repealed")
                and (chosen := current.get(u.work_title or u.document_title)) is not None
                and chosen.id == u.document_id
                for u in self.units
            ],
            dtype=bool,
        )
        cited_by: dict[int, list[str]] = {}
        for unit in self.units:
            for ref in unit.cite_refs:
                if (target := self.article_rows.get(ref)) is not None:
                    cited_by.setdefault(target, []).append(f"{unit.document_title} {unit.locator}")
        self.cited_by = cited_by
        self.versions = VersionMap(self.units, self.is_current)
        self.local_place = [local_place(u.jurisdiction) for u in self.units]
        self.idf = idf_of(self.lexical)

    # -- searching ----------------------------------------------------------------------
    def search(
        self,
        query: str,
        top_k: int = 10,
        filters: SearchFilters | None = None,
        expand: CitationGraph | bool | None = None,
        *,
        kind: str | Iterable[str] | None = None,
        level: str | Iterable[str] | None = None,
        jurisdiction: str | None = None,
        current_only: bool = False,
        body: str | None = None,
        ranker: Ranker | None = None,
        all_versions: bool = False,
        as_of: date | str | None = None,
    ) -> list[SearchHit]:
        """The ``top_k`` best units for ``query`` (``find`` says whether any answers it)."""
        return self.find(
            query,
            top_k,
            filters,
            expand,
            kind=kind,
            level=level,
            jurisdiction=jurisdiction,
            current_only=current_only,
            body=body,
            ranker=ranker,
            all_versions=all_versions,
            as_of=as_of,
        ).hits

    def find(
        self,
        query: str,
        top_k: int = 10,
        filters: SearchFilters | None = None,
        expand: CitationGraph | bool | None = None,
        *,
        kind: str | Iterable[str] | None = None,
        level: str | Iterable[str] | None = None,
        jurisdiction: str | None = None,
        current_only: bool = False,
        body: str | None = None,
        ranker: Ranker | None = None,
        all_versions: bool = False,
        as_of: date | str | None = None,
    ) -> SearchOutcome:
        """The ``top_k`` best units for ``query``, current text first, and whether they answer it.

        By default each article shows in its current version with its other versions (and the
        same text in other works) folded under it; ``all_versions`` shows every version apart,
        ``as_of`` searches the versions in force on that date. ``expand`` is a graph store (its
        ``expand(clause_ids)`` names the articles a clause cites), ``True`` to follow the
        citations ingest resolved, or None for no expansion.
        """
        query = _checked(query)
        if top_k < 1:
            raise SearchError(f"top_k must be at least 1, got {top_k}")
        day = _day(as_of)
        filters = filters or SearchFilters.of(kind, level, jurisdiction, current_only, body)
        vector = self.query_vector(query)
        self.sync()
        with self.lock:
            view = View(all_versions=all_versions, as_of=day)
            return self._search(query, vector, top_k, filters, expand, ranker, view)

    def _search(
        self,
        query: str,
        vector: np.ndarray,
        top_k: int,
        filters: SearchFilters,
        expand: CitationGraph | bool | None,
        ranker: Ranker | None,
        view: View | None = None,
    ) -> SearchOutcome:
        view = view or View()
        mask = self._mask(filters)
        if view.as_of is not None:
            in_force = self.versions.in_force_on(view.as_of)
            mask = in_force if mask is None else mask & in_force
        ranked = self.rank(
            query,
            mask=mask,
            ranker=ranker,
            depth=top_k,
            vector=vector,
            discount=view.as_of is None,
            places=f"{query} {filters.jurisdiction or ''}",
        )
        scores = {row: fused for row, fused, _ in ranked}
        signals = {row: raw for row, _, raw in ranked}
        reasons: dict[int, str] = {}
        graph_scores: dict[int, float] = {}
        if expand:
            head = [row for row, _ in list(scores.items())[:top_k]]
            best_in_document: dict[str, int] = {}
            for row in scores:  # best first
                best_in_document.setdefault(self.units[row].document_id, row)
            for found in self._expansions(head, expand, best_in_document):
                if mask is not None and not mask[found.row]:
                    continue
                inherited = scores[found.citing_row] * CITED_SCORE_FACTOR
                if inherited > scores.get(found.row, 0.0):
                    scores[found.row] = inherited
                    graph_scores[found.row] = inherited
                    citing = self.units[found.citing_row]
                    reasons[found.row] = f"cited by {citing.document_title} {citing.locator}"
        # Stable sort: equal scores keep the fused order (a promoted lexical lead stays first).
        order = sorted(scores, key=lambda row: -scores[row])
        shown = fold_hits(
            [(row, scores[row]) for row in order],
            self.versions,
            top_k,
            fold_versions=not view.all_versions and view.as_of is None,
        )
        tokens = self.analyzer(query)
        terms = query_terms(query, self.analyzer, self.lexical.term_ids, self.idf)
        cos = cosines(self.dense.vectors, [h.row for h in shown], vector)
        domain = self.domain.logit(vector) if self.domain is not None else None
        hits = []
        for item in shown:
            row = item.row
            reason = reasons.get(row)
            if item.stands_for is not None and row not in signals and reason is None:
                older = self.units[item.stands_for]
                reason = f"matched its {older.version_date} version ({older.locator})"
            judged = relevance(terms, self.units[row].text, cos[row], domain)
            hit = self._hit(
                row,
                item.score,
                signals.get(row, {}),
                graph_scores.get(row),
                reason,
                tokens,
            )
            hits.append(
                replace(
                    hit,
                    relevance=judged.score,
                    relevance_label=judged.label,
                    explanation=explain(judged, self._words(row)),
                    versions=tuple(folded_unit(self.versions, f) for f in item.folded),
                )
            )
        best = max((h.relevance or 0 for h in hits[:ANSWER_WINDOW]), default=0)
        return SearchOutcome(query, best >= ANSWER_THRESHOLD, hits, best)

    def _words(self, row: int) -> list[str]:
        """The clause's words as the analyzer cuts them (no bigrams), for explanations."""
        return [t for t in self.analyzer(self.units[row].text) if not t.startswith(BIGRAM_PREFIX)]

    def rank(
        self,
        query: str,
        *,
        mask: np.ndarray | None = None,
        ranker: Ranker | None = None,
        depth: int | None = None,
        vector: np.ndarray | None = None,
        discount: bool = True,
        places: str = "",
    ) -> list[tuple[int, float, dict[str, float]]]:
        """Fused (row, score, raw signal scores) best first, superseded versions discounted and
        local rules too unless ``places`` (by default the query) names their place."""
        lexical, dense = self.signals(query, mask=mask, depth=depth, vector=vector)
        fused = fuse(
            {"lexical": lexical, "dense": dense},
            ranker=ranker or self.config.ranker,
            weights=self.config.weights,
        )
        factor = self.config.superseded_factor if discount else 1.0
        rescored = [
            (
                f.row,
                f.score
                * (1.0 if self.is_current[f.row] else factor)
                * self._local_weight(f.row, places or query),
                f.signals,
            )
            for f in fused
        ]
        ranked = sorted(rescored, key=lambda item: (-item[1], item[0]))
        return lead_first(ranked, lexical) if self.config.lexical_lead else ranked

    def _local_weight(self, row: int, places: str) -> float:
        place = self.local_place[row]
        if place is None or self.config.local_factor == 1.0 or place in places:
            return 1.0
        return self.config.local_factor

    def signals(
        self,
        query: str,
        *,
        mask: np.ndarray | None = None,
        depth: int | None = None,
        vector: np.ndarray | None = None,
    ) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
        """Each signal's candidates, best first: BM25 on analysed text, cosine on embeddings
        (``vector`` is the query's embedding if the caller already has it)."""
        depth = max(depth or 0, self.config.depth)
        folded = fold(_checked(query))
        lexical = top_k(self.lexical.scores(self.analyzer(folded)), depth, mask)
        if vector is None:
            vector = self.query_vector(query)
        rows = np.flatnonzero(mask) if mask is not None else None
        dense = self.dense.search(vector, depth, rows=rows)
        return lexical, dense

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding (by the paired query model, if the encoder names one)."""
        vector: np.ndarray = self.encoder.encode_queries([fold(_checked(query))])[0]
        return vector

    def _mask(self, filters: SearchFilters) -> np.ndarray | None:
        if filters.empty:
            return None
        return np.array(
            [filters.allows(u, bool(c)) for u, c in zip(self.units, self.is_current, strict=True)],
            dtype=bool,
        )

    def _expansions(
        self, rows: list[int], expand: CitationGraph | bool, best_in_document: dict[str, int]
    ) -> list[Expansion]:
        if expand is True:
            return expansions_from_units(rows, self.units, self.article_rows, best_in_document)
        assert not isinstance(expand, bool)
        return expansions_from_graph(
            rows, self.units, expand, self.row_of, self.article_rows, best_in_document
        )

    def _hit(
        self,
        row: int,
        score: float,
        raw: dict[str, float],
        graph: float | None,
        reason: str | None,
        tokens: list[str],
    ) -> SearchHit:
        unit = self.units[row]
        scores = {name: round(value, 6) for name, value in raw.items()}
        if graph is not None:
            scores["graph"] = round(graph, 6)
        current = bool(self.is_current[row])
        newest = self.current_version.get(unit.work_title or unit.document_title)
        status = unit.status
        if not current and status in ("in_force", "unknown"):
            status = "superseded"
        matched = " + ".join(name for name in ("lexical", "dense") if name in raw)
        return SearchHit(
            clause_id=unit.id,
            document_id=unit.document_id,
            document_title=unit.document_title,
            source=unit.source,
            locator=unit.locator,
            text=unit.text,
            highlights=highlight_spans(unit.text, tokens),
            score=round(score, 6),
            scores=scores,
            path=unit.path,
            kind=unit.kind,
            document_kind=unit.document_kind,
            status=status,
            version_date=unit.version_date,
            is_current=current,
            cites=unit.cites,
            cited_by=tuple(self.cited_by.get(row, ())),
            reason=reason or (f"matched ({matched})" if matched else "matched"),
            code=unit.code,
            span=unit.span,
            superseded_by=None if current else newest or None,
        )


@dataclass(frozen=True, slots=True)
class View:
    """Which versions a search shows: current text first (default), all apart, or as of a day."""

    all_versions: bool = False
    as_of: date | None = None


def _day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError as err:
        raise SearchError(f"as_of must be a date like 2020-01-01, got {value!r}") from err


def _checked(query: str) -> str:
    if not isinstance(query, str):
        raise SearchError(f"query must be text, got {type(query).__name__}")
    text = query.strip()
    if not text:
        raise SearchError("empty query: give a question or keywords")
    if len(text) > MAX_QUERY_CHARS:
        raise SearchError(
            f"query has {len(text)} characters; at most {MAX_QUERY_CHARS} — shorten the question"
        )
    return text


def _name(encoder: TextEncoder | None) -> str | None:
    return encoder.name if encoder is not None else None


def _unique(units: Sequence[SearchUnit]) -> list[SearchUnit]:
    """Units with distinct ids (the first of duplicates wins), in order."""
    return list({u.id: u for u in reversed(units)}.values())[::-1]
