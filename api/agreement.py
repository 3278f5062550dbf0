"""Graph and search index compared: what the graph committed must be searchable, nothing else.

``compare`` is pure; ``Regkg.check`` reads both sides and, asked to, repairs the index from the
graph (the source of truth): ghosts removed, missing documents indexed from what the graph
holds, versions and status restated, citations relinked where the graph moved them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from search.searcher import DocumentState


@dataclass
class Agreement:
    graph_documents: int
    index_documents: int
    missing: list[str] = field(default_factory=list)  # committed in the graph, not searchable
    ghosts: list[str] = field(default_factory=list)  # searchable, not in the graph
    restated: dict[str, DocumentState] = field(default_factory=dict)  # index lags the graph
    # indexed documents whose citations lead elsewhere than the graph links them (graph.relink)
    relinked: list[str] = field(default_factory=list)
    repaired: bool = False

    @property
    def agrees(self) -> bool:
        return not (self.missing or self.ghosts or self.restated or self.relinked)

    def as_json(self) -> dict[str, Any]:
        return {
            "agrees": self.agrees,
            "graph_documents": self.graph_documents,
            "index_documents": self.index_documents,
            "missing_from_index": self.missing,
            "ghosts_in_index": self.ghosts,
            "stale_in_index": sorted(self.restated),
            "links_stale_in_index": self.relinked,
            "repaired": self.repaired,
        }


def graph_state(row: Any) -> DocumentState:
    """The graph's word on a document (a ``DocumentRow``), in the index's terms."""
    return DocumentState(row.status or "unknown", row.version_date, row.work_key)


def compare(graph_rows: Sequence[Any], index: Mapping[str, DocumentState]) -> Agreement:
    held = {row.id: graph_state(row) for row in graph_rows}
    return Agreement(
        graph_documents=len(held),
        index_documents=len(index),
        missing=sorted(set(held) - set(index)),
        ghosts=sorted(set(index) - set(held)),
        restated={i: s for i, s in held.items() if i in index and index[i] != s},
    )
