"""Copy a whole store into another Bolt server: ``regkg migrate --to bolt://…`` moves the
embedded graph into Neo4j (a server, a cluster or Aura) and checks that every count arrived.

Nodes go first, label by label, then relationships type by type, each in pages read by key
(``iter_nodes`` / ``iter_relationships``) and written a page per transaction, so memory stays
flat however large the store. The target must be empty: copying into a store that holds
something would merge two graphs that each think they are whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from graph import cypher
from graph.errors import GraphError
from graph.schema import Label, Rel, RelRow
from graph.store import GraphStore

PAGE = 2000
Progress = Callable[[str, int], None] | None  # told what was copied and how many, page by page


@dataclass
class MigrationReport:
    source: dict[str, dict[str, int]]
    target: dict[str, dict[str, int]]
    agent: str
    mismatches: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.mismatches

    def as_json(self) -> dict[str, object]:
        return {
            "target_server": self.agent,
            "complete": self.complete,
            "mismatches": self.mismatches,
            "source": self.source,
            "target": self.target,
        }


def migrate(
    source: GraphStore,
    target: GraphStore,
    *,
    replace: bool = False,
    progress: Progress = None,
) -> MigrationReport:
    """Copy ``source`` into ``target`` and compare their counts label by label, type by type."""
    held = target.read(cypher.COUNT_ALL)[0]["n"]
    if held and not replace:
        raise GraphError(
            f"the target graph already holds {held} nodes; migrate into an empty database, "
            "or pass --replace to delete what it holds first"
        )
    if held:
        target.clear()
    target.ensure_schema()
    for label in Label:
        _copy_pages(
            target, cypher.copy_nodes(label), source.iter_nodes(label, PAGE), progress, label
        )
    for rel in Rel:
        _copy_edges(target, rel, source.iter_relationships(rel, PAGE), progress)
    before, after = source.stats(), target.stats()
    mismatches = [
        f"{kind} {name}: {n} in the source, {after[kind].get(name, 0)} in the target"
        for kind in ("nodes", "relationships")
        for name, n in before[kind].items()
        if after[kind].get(name, 0) != n
    ]
    return MigrationReport(before, after, target.server_agent(), mismatches)


def _copy_pages(
    target: GraphStore,
    statement: str,
    rows: Iterable[dict[str, object]],
    progress: Progress,
    what: str,
) -> None:
    page: list[dict[str, object]] = []
    for row in rows:
        page.append(row)
        if len(page) == PAGE:
            _write(target, statement, page, progress, what)
            page = []
    if page:
        _write(target, statement, page, progress, what)


def _copy_edges(target: GraphStore, rel: Rel, edges: Iterable[RelRow], progress: Progress) -> None:
    """Edges are written in pages per (start label, end label), which the statement matches on."""
    pages: dict[tuple[Label, Label], list[dict[str, object]]] = defaultdict(list)
    for edge in edges:
        ends = (edge.start_label, edge.end_label)
        pages[ends].append({"start": edge.start_key, "end": edge.end_key, "props": edge.properties})
        if len(pages[ends]) == PAGE:
            _write(target, cypher.copy_relationships(rel, *ends), pages.pop(ends), progress, rel)
    for ends, page in pages.items():
        _write(target, cypher.copy_relationships(rel, *ends), page, progress, rel)


def _write(
    target: GraphStore,
    statement: str,
    rows: list[dict[str, object]],
    progress: Progress,
    what: str,
) -> None:
    target.write(lambda tx: tx.run(statement, rows=rows).consume())
    if progress is not None:
        progress(str(what), len(rows))
