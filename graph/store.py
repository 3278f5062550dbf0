"""The graph store: one Bolt connection (ArcadeDB or Neo4j) with regkg's writes and reads.

``connect(config)`` verifies the server and names its dialect; the queries live in
``graph.queries`` and the statements in ``graph.cypher``.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any, TypeVar

from neo4j import READ_ACCESS, Driver, GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph import cypher, paging
from graph.dialect import Dialect, detect, retries_constraint_errors, schema_statements
from graph.errors import GraphError, GraphUnavailable
from graph.load_rows import article_index
from graph.queries import Queries
from graph.relink import Relinker, article_of
from graph.schema import Label, Rel, RelRow, version_facts
from graph.server import BoltConfig
from graph.validity import RepealFact, decide, work_verdict
from ingest.versions import best_version, current_version

T = TypeVar("T")
# Neo4j's planner notes ("property key does not exist" on a store without items, …) are not
# faults of regkg's; the driver would log each one as a warning with the whole query.
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
_ATTEMPTS = 4  # tries of a read or a write on a transient fault (and ArcadeDB MERGE races)
_WORKS_PER_REFRESH = 200  # works recomputed per write transaction


class GraphStore(Queries):
    """regkg's graph over Bolt. Thread-safe like the driver; close it when done."""

    def __init__(
        self, driver: Driver, database: str | None, dialect: Dialect, agent: str = ""
    ) -> None:
        self._driver = driver
        self._agent = agent
        self._database = database
        self.dialect = dialect
        self._schema_ready = False

    # -- plumbing ------------------------------------------------------------------------------
    def close(self) -> None:
        self._driver.close()

    def server_agent(self) -> str:
        """What the server says it is over Bolt, e.g. ``Neo4j/5.26.30``."""
        return self._agent

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run a read in an auto-commit transaction: one round trip, where a managed one takes
        two (BEGIN + RUN + PULL, then COMMIT) — 1.2 ms against 3.0 ms at p50 for a key lookup
        on Neo4j. Reads go to a reader of a cluster, after the writes this store made."""
        for attempt in range(_ATTEMPTS):
            try:
                with self._driver.session(
                    database=self._database,
                    default_access_mode=READ_ACCESS,
                    bookmark_manager=self._driver.execute_query_bookmark_manager,
                ) as session:
                    result = session.run(query, params)
                    # zip, not dict(record): a record's lookup by key costs ~5 µs a field in the
                    # driver, a third of the client's time for a 100-row cited_by page.
                    keys = result.keys()
                    return [dict(zip(keys, record, strict=True)) for record in result]
            except TransientError as err:
                if attempt == _ATTEMPTS - 1:
                    raise GraphError(f"graph query failed: {str(err).splitlines()[0]}") from err
                time.sleep(0.05 * 2**attempt)
            except (ServiceUnavailable, SessionExpired) as err:
                raise GraphUnavailable(f"graph unavailable: {str(err).splitlines()[0]}") from err
            except (Neo4jError, DriverError) as err:
                raise GraphError(f"graph query failed: {str(err).splitlines()[0]}") from err
        raise AssertionError("unreachable")

    def write(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run ``work`` in one write transaction. The driver retries transient errors; on
        ArcadeDB a concurrent MERGE of one key surfaces as a constraint error, retried here."""
        for attempt in range(_ATTEMPTS):
            try:
                with self._driver.session(
                    database=self._database,
                    bookmark_manager=self._driver.execute_query_bookmark_manager,
                ) as session:
                    return session.execute_write(work)
            except ConstraintError:
                if not retries_constraint_errors(self.dialect) or attempt == _ATTEMPTS - 1:
                    raise
                time.sleep(0.05 * 2**attempt)
            except (ServiceUnavailable, SessionExpired, DriverError) as err:
                # The server went away (or this store was closed because it did): a fault of
                # the graph, answered 503; what was written is whole or absent.
                raise GraphUnavailable(
                    f"graph unavailable: {str(err).splitlines()[0]}; check that the graph server "
                    "runs (regkg server status) and retry"
                ) from err
        raise AssertionError("unreachable")

    def ensure_schema(self) -> None:
        """Constraints and indexes, once per store (each statement is IF NOT EXISTS)."""
        if self._schema_ready:
            return
        for statement in schema_statements(self.dialect):
            try:
                self._driver.execute_query(statement, database_=self._database)
            except (Neo4jError, DriverError) as err:
                raise GraphError(f"could not create the graph schema: {err}") from err
        self._schema_ready = True

    # -- writes beyond the loader --------------------------------------------------------------
    def refresh_works(self, keys: Sequence[str]) -> None:
        """Recompute each work's versions (current, superseded), its held flag, and move the
        citations of its articles onto the current version's clauses, many works per write."""
        ordered = sorted(set(keys))
        for i in range(0, len(ordered), _WORKS_PER_REFRESH):
            group = ordered[i : i + _WORKS_PER_REFRESH]
            self.write(lambda tx, g=group: self._refresh_works(tx, g))  # type: ignore[misc]
        self.write(lambda tx: tx.run(cypher.DELETE_ORPHAN_REGULATIONS).consume())

    def _refresh_works(self, tx: ManagedTransaction, keys: list[str]) -> None:
        versions: dict[str, list[dict[str, Any]]] = {k: [] for k in keys}
        for r in tx.run(cypher.VERSIONS_OF_WORKS, keys=keys):
            versions[r["key"]].append(dict(r))
        ended: dict[str, list[RepealFact]] = defaultdict(list)
        for r in tx.run(cypher.REPEALS_OF_WORKS, keys=keys):
            ended[r["key"]].append(
                RepealFact(
                    r["kind"],
                    r["date"],
                    r["document_id"],
                    r["document_title"],
                    r["clause_id"],
                    r["raw"],
                )
            )
        today = date.today()
        version_rows, work_rows, current_of = [], [], {}
        for key, held in versions.items():
            # ingest.versions owns the rule of which version is current; graph.validity the
            # rule of each version's status and the reason given for it.
            best = best_version(held, version_facts)
            current = current_version(held, version_facts)
            ended_work = work_verdict(ended[key])
            work_status = ended_work.status.value if ended_work else None
            work_reason = ended_work.reason if ended_work else None
            for v in held:
                verdict = decide(v, current, ended[key], today)
                is_current = v["id"] == current["id"] if current else False
                if is_current or (current is None and best and v["id"] == best["id"]):
                    work_status, work_reason = verdict.status.value, verdict.reason
                version_rows.append(
                    {
                        "id": v["id"],
                        "is_current": is_current,
                        "status": verdict.status.value,
                        "basis": verdict.basis.value,
                        "reason": verdict.reason,
                        "replaced_by": verdict.replaced_by,
                        "repealed_by": verdict.repealed_by,
                    }
                )
            if best:
                current_of[key] = best["id"]
            work_rows.append(
                {
                    "key": key,
                    "held": best is not None,
                    "current": current["id"] if current else None,
                    "kind": best["kind"] if best else None,
                    "level": best["level"] if best else None,
                    "status": work_status,
                    "reason": work_reason,
                }
            )
        tx.run(cypher.SET_VERSION_STATE, rows=version_rows).consume()
        tx.run(cypher.SET_WORK_STATES, rows=work_rows).consume()
        edges = [dict(r) for r in tx.run(cypher.CITATIONS_OF_WORKS, keys=keys)]
        # Only current versions some citation names an article of need their clause paths.
        wanted_docs = sorted({current_of[e["key"]] for e in edges if e["key"] in current_of})
        paths: dict[str, list[tuple[str, str]]] = {d: [] for d in wanted_docs}
        if wanted_docs:
            for r in tx.run(cypher.CLAUSE_PATHS, ids=wanted_docs):
                paths[r["document_id"]].append((r["id"], r["path"]))
        articles = {d: article_index(p) for d, p in paths.items()}
        # A citation of an older version's article goes where that article is now (graph.relink).
        moved = Relinker(versions, current_of, version_facts).paths_now(tx, edges)
        moves: dict[tuple[str, Label], list[dict[str, Any]]] = {}
        for edge in edges:
            key = edge["key"]
            now = moved.get(edge["id"])
            path = (edge["path"] or "") if now is None else now
            index = articles.get(current_of.get(key, ""), {})
            # a part of a moved article that the redraft renumbered too: the article itself
            wanted = index.get(path) or (index.get(article_of(path) or "") if now else None)
            if wanted == edge["target"] and now == edge["now_path"]:
                continue
            end = Label.CLAUSE if wanted else Label.REGULATION
            row = {
                "source": edge["source"],
                "id": edge["id"],
                "target": wanted or key,
                "now_path": now,
            }
            moves.setdefault((edge["label"], end), []).append(row)
        for (start, end), move_rows in moves.items():
            tx.run(cypher.retarget_citations(Label(start), end), rows=move_rows).consume()

    def delete_document(self, document_id: str) -> bool:
        """Remove one document with its clauses, items and obligations; False if unknown."""
        return self.remove_document(document_id) is not None

    def remove_document(self, document_id: str) -> list[str] | None:
        """``delete_document``, returning the works whose state it changed (its own and those it
        repealed), None if the document is unknown."""
        from graph.loader import remove_documents

        def work(tx: ManagedTransaction) -> list[str] | None:
            found = tx.run(cypher.DOCUMENT_EXISTS, id=document_id).single()
            if found is None:
                return None
            remove_documents(tx, [document_id])
            return [str(found["work_key"]), *(found["repealed"] or [])]

        keys = self.write(work)
        if keys is not None:
            self.refresh_works(keys)  # its work, and the works it repealed
        return keys

    def clear(self, batch_size: int = 10_000) -> None:
        """Delete everything (tests and benchmarks start from an empty graph), a batch per
        transaction so that a large store never needs one huge transaction."""
        while self.write(
            lambda tx: tx.run(cypher.CLEAR_BATCH, limit=batch_size).single(strict=True)["n"]
        ):
            pass

    # -- whole-graph reads ---------------------------------------------------------------------
    def stats(self) -> dict[str, dict[str, int]]:
        """Counts per node label and relationship type."""
        nodes = {str(label): self.read(cypher.count_label(label))[0]["n"] for label in Label}
        rels = {str(rel): self.read(cypher.count_rel(rel))[0]["n"] for rel in Rel}
        return {"nodes": nodes, "relationships": rels}

    def iter_nodes(self, label: Label, batch_size: int = 5000) -> Iterator[dict[str, object]]:
        """Every node of ``label``, a page at a time (memory stays flat; see graph.paging)."""
        return paging.iter_nodes(self.read, label, batch_size)

    def iter_relationships(self, rel: Rel, batch_size: int = 5000) -> Iterator[RelRow]:
        """Every ``rel`` edge, a page at a time (see graph.paging)."""
        return paging.iter_relationships(self.read, rel, batch_size)


def connect(config: BoltConfig) -> GraphStore:
    """Open and verify a Bolt connection; a GraphError says what is wrong when it fails."""
    try:
        # Short timeouts: a server that went away is reported (and restarted by the facade)
        # in seconds, not after the driver's default 30 s of retries per request.
        driver = GraphDatabase.driver(
            config.uri,
            auth=(config.user, config.password),
            connection_timeout=5.0,
            connection_acquisition_timeout=10.0,
            max_transaction_retry_time=5.0,
        )
        driver.verify_connectivity()
        agent = driver.get_server_info().agent
    except (Neo4jError, DriverError, ValueError) as err:
        raise GraphError(
            f"cannot reach the graph at {config.uri}: {str(err).splitlines()[0]}; "
            "check NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD or start the embedded server"
        ) from err
    return GraphStore(driver, config.database, detect(agent), agent)
