"""The graph store: one Bolt connection (ArcadeDB or Neo4j) with regkg's writes and reads.

``connect(config)`` verifies the server and names its dialect; the queries live in
``graph.queries`` and the statements in ``graph.cypher``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from neo4j import Driver, GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph import cypher
from graph.dialect import Dialect, detect, retries_constraint_errors, schema_statements
from graph.errors import GraphError, GraphUnavailable
from graph.load_rows import article_index
from graph.queries import Queries
from graph.schema import NODE_TYPES, Label, Rel, RelRow, version_facts
from graph.server import BoltConfig
from ingest.versions import best_version, current_version

T = TypeVar("T")
_WRITE_ATTEMPTS = 4
_SUPERSEDABLE = {"unknown", "in_force", None}
_WORKS_PER_REFRESH = 200  # works recomputed per write transaction


def _ended_status(
    repeals: list[tuple[str, str | None]], version: dict[str, Any] | None
) -> str | None:
    """A version that a held document repeals is repealed; one it only replaces is superseded.
    A repeal ends what came before it, never a later version (a work enacted again)."""
    dated = None
    if version is not None:
        dated = version.get("version_date") or version.get("effective") or version.get("issued")
    kinds = {kind for kind, date in repeals if not (dated and date and dated > date)}
    if "repeals" in kinds:
        return "repealed"
    return "superseded" if "replaces" in kinds else None


class GraphStore(Queries):
    """regkg's graph over Bolt. Thread-safe like the driver; close it when done."""

    def __init__(self, driver: Driver, database: str | None, dialect: Dialect) -> None:
        self._driver = driver
        self._database = database
        self.dialect = dialect
        self._schema_ready = False

    # -- plumbing ------------------------------------------------------------------------------
    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        try:
            records, _, _ = self._driver.execute_query(
                query, params, database_=self._database, routing_="r"
            )
        except (ServiceUnavailable, SessionExpired) as err:
            raise GraphUnavailable(f"graph unavailable: {str(err).splitlines()[0]}") from err
        except (Neo4jError, DriverError) as err:
            raise GraphError(f"graph query failed: {str(err).splitlines()[0]}") from err
        return [dict(r) for r in records]

    def write(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run ``work`` in one write transaction. The driver retries transient errors; on
        ArcadeDB a concurrent MERGE of one key surfaces as a constraint error, retried here."""
        for attempt in range(_WRITE_ATTEMPTS):
            try:
                with self._driver.session(database=self._database) as session:
                    return session.execute_write(work)
            except ConstraintError:
                if not retries_constraint_errors(self.dialect) or attempt == _WRITE_ATTEMPTS - 1:
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
        ended: dict[str, list[tuple[str, str | None]]] = defaultdict(list)  # (kind, date)
        for r in tx.run(cypher.REPEALS_OF_WORKS, keys=keys):
            ended[r["key"]].append((r["kind"], r["date"]))
        version_rows, work_rows, current_of = [], [], {}
        for key, held in versions.items():
            # ingest.versions owns the rule: a draft is never current, and is the version a
            # citation means only when nothing else is held.
            best = best_version(held, version_facts)
            current = current_version(held, version_facts)
            work_status = _ended_status(ended[key], None)
            for v in held:
                end_status = _ended_status(ended[key], v)
                is_current = v["id"] == current["id"] if current else False
                own = v.get("own_status")
                if is_current and own == "superseded":
                    # ingest marks superseded what its batch saw replaced; the graph knows better
                    own = "in_force"
                status = "superseded" if not is_current and own in _SUPERSEDABLE else own
                status = end_status or status
                if is_current:
                    work_status = status
                version_rows.append({"id": v["id"], "is_current": is_current, "status": status})
            if best:
                current_of[key] = best["id"]
                if current is None:
                    work_status = work_status or best.get("own_status")
            work_rows.append(
                {
                    "key": key,
                    "held": best is not None,
                    "current": current["id"] if current else None,
                    "kind": best["kind"] if best else None,
                    "level": best["level"] if best else None,
                    "status": work_status,
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
        moves: dict[tuple[str, Label], list[dict[str, Any]]] = {}
        for edge in edges:
            key = edge["key"]
            wanted = articles.get(current_of.get(key, ""), {}).get(edge["path"] or "")
            if wanted == edge["target"]:
                continue
            end = Label.CLAUSE if wanted else Label.REGULATION
            row = {"source": edge["source"], "id": edge["id"], "target": wanted or key}
            moves.setdefault((edge["label"], end), []).append(row)
        for (start, end), move_rows in moves.items():
            tx.run(cypher.retarget_citations(Label(start), end), rows=move_rows).consume()

    def delete_document(self, document_id: str) -> bool:
        """Remove one document with its clauses, items and obligations; False if unknown."""
        from graph.loader import remove_documents

        def work(tx: ManagedTransaction) -> list[str] | None:
            found = tx.run(cypher.DOCUMENT_EXISTS, id=document_id).single()
            if found is None:
                return None
            remove_documents(tx, [document_id])
            return [str(found["work_key"]), *(found["repealed"] or [])]

        keys = self.write(work)
        if keys is None:
            return False
        self.refresh_works(keys)  # its work, and the works it repealed
        return True

    def clear(self) -> None:
        """Delete everything (tests and benchmarks start from an empty graph)."""
        self.write(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())

    # -- whole-graph reads ---------------------------------------------------------------------
    def stats(self) -> dict[str, dict[str, int]]:
        """Counts per node label and relationship type."""
        nodes = {str(label): self.read(cypher.count_label(label))[0]["n"] for label in Label}
        rels = {str(rel): self.read(cypher.count_rel(rel))[0]["n"] for rel in Rel}
        return {"nodes": nodes, "relationships": rels}

    def iter_nodes(self, label: Label, batch_size: int = 5000) -> Iterator[dict[str, object]]:
        wanted = NODE_TYPES[label].properties
        skip = 0
        while True:
            page = self.read(cypher.page_nodes(label), skip=skip, limit=batch_size)
            for row in page:
                props = row["props"]
                yield {p: props.get(p) for p in wanted if props.get(p) is not None}
            if len(page) < batch_size:
                return
            skip += batch_size

    def iter_relationships(self, rel: Rel, batch_size: int = 5000) -> Iterator[RelRow]:
        skip = 0
        while True:
            page = self.read(cypher.page_relationships(rel), skip=skip, limit=batch_size)
            for row in page:
                yield RelRow(
                    rel,
                    Label(row["start_label"]),
                    str(row["start_key"]),
                    Label(row["end_label"]),
                    str(row["end_key"]),
                    dict(row["props"] or {}),
                )
            if len(page) < batch_size:
                return
            skip += batch_size


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
    return GraphStore(driver, config.database, detect(agent))
