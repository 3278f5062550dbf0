"""The property-graph model: node labels, relationship types, their keys and properties.

This is the one place that names what the graph holds; ``graph/cypher.py`` builds its
statements from it and ``ontology/`` maps it onto RDF vocabularies.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol


class Label(StrEnum):
    REGULATION = "Regulation"  # a work: canonical title, aliases; held or not held
    DOCUMENT = "Document"  # one ingested source or version
    CLAUSE = "Clause"  # a unit of a document's clause tree
    INSPECTION_ITEM = "InspectionItem"
    OBLIGATION = "Obligation"
    BODY = "Body"


class Rel(StrEnum):
    VERSION_OF = "VERSION_OF"  # (Document)-[:VERSION_OF]->(Regulation)
    PART_OF = "PART_OF"  # (Clause)-[:PART_OF {order}]->(Clause|Document)
    CITES = "CITES"  # (Clause|InspectionItem|Document)-[:CITES {…}]->(Regulation|Clause)
    ITEM_OF = "ITEM_OF"  # (InspectionItem)-[:ITEM_OF]->(Document)
    STATED_IN = "STATED_IN"  # (InspectionItem|Obligation)-[:STATED_IN]->(Clause)
    BINDS = "BINDS"  # (Obligation)-[:BINDS]->(Body)
    SUB_OF = "SUB_OF"  # (Body)-[:SUB_OF]->(Body)
    ISSUED_BY = "ISSUED_BY"  # (Document)-[:ISSUED_BY]->(Body)


@dataclass(frozen=True, slots=True)
class NodeType:
    label: Label
    key: str  # the unique, stable property every MERGE matches on
    properties: tuple[str, ...]  # every property the loader writes, key included


NODE_TYPES: dict[Label, NodeType] = {
    t.label: t
    for t in (
        NodeType(
            Label.REGULATION,
            "key",
            ("key", "title", "aliases", "held", "kind", "level", "current_document_id"),
        ),
        NodeType(
            Label.DOCUMENT,
            "id",
            (
                "id",
                "source",
                "sha256",
                "encoding",
                "title",
                "kind",
                "number",
                "issuers",
                "issued",
                "effective",
                "version_date",
                "level",
                "jurisdiction",
                "status",
                "work_key",
                "is_current",
                "text",
                "own_status",  # the status ingest gave; ``status`` is recomputed from versions
            ),
        ),
        NodeType(
            Label.CLAUSE,
            "id",
            (
                "id",
                "document_id",
                "kind",
                "path",
                "locator",
                "text",
                "start",
                "end",
                "parent_id",
                "order",
                "number",
                "heading",
            ),
        ),
        NodeType(
            Label.INSPECTION_ITEM,
            "id",
            (
                "id",
                "document_id",
                "clause_id",
                "code",
                "table",
                "section",
                "requirement",
                "content",
                "points",
                "points_raw",
                "start",
                "end",
            ),
        ),
        NodeType(
            Label.OBLIGATION,
            "id",
            (
                "id",
                "document_id",
                "clause_id",
                "modality",
                "cue",
                "body_keys",
                "action",
                "text",
                "start",
                "end",
                "deadline",
                "frequency",
                "threshold",
            ),
        ),
        NodeType(Label.BODY, "key", ("key", "name", "kind", "level", "aliases", "parent_key")),
    )
}

# Properties of a CITES relationship: the raw citation keeps its source and span.
CITES_PROPERTIES = (
    "id",
    "document_id",
    "kind",
    "raw",
    "start",
    "end",
    "title",
    "number",
    "article",
    "article_path",
    "resolution",
    "score",
    "target_key",  # key of the cited work, also when the edge ends at one of its articles
)


def newest_first(version: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """Sort key of a work's versions (Document properties): the newest has the latest version
    date, then effective and issue dates, then id; it is the work's current version."""
    return (
        version.get("version_date") or "",
        version.get("effective") or "",
        version.get("issued") or "",
        version["id"],
    )


def regulation_key(canonical_title: str) -> str:
    """A work's stable key is its canonical (simplified, full) title."""
    return canonical_title


@dataclass(frozen=True, slots=True)
class RelRow:
    """One relationship as read back from the graph, for export."""

    type: Rel
    start_label: Label
    start_key: str
    end_label: Label
    end_key: str
    properties: dict[str, object]


class GraphReader(Protocol):
    """What a reader of the whole graph (RDF export, index building) needs from the store."""

    def iter_nodes(self, label: Label, batch_size: int = 5000) -> Iterator[dict[str, object]]:
        """Every node of ``label`` as a dict of the properties in ``NODE_TYPES``, streamed."""
        ...

    def iter_relationships(self, rel: Rel, batch_size: int = 5000) -> Iterator[RelRow]:
        """Every relationship of type ``rel``, streamed."""
        ...
