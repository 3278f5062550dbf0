"""The property-graph model: node labels, relationship types, their keys and properties.

This is the one place that names what the graph holds; ``graph/cypher.py`` builds its
statements from it and ``ontology/`` maps it onto RDF vocabularies.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from ingest.versions import VersionFacts


class Label(StrEnum):
    REGULATION = "Regulation"  # a work: canonical title, aliases; held or not held
    DOCUMENT = "Document"  # one ingested source or version
    CLAUSE = "Clause"  # a unit of a document's clause tree
    INSPECTION_ITEM = "InspectionItem"
    OBLIGATION = "Obligation"
    BODY = "Body"


class Rel(StrEnum):
    VERSION_OF = "VERSION_OF"  # (Document)-[:VERSION_OF]->(Regulation)
    PART_OF = "PART_OF"  # (Clause)-[:PART_OF]->(Clause|Document); the order is the clause's
    CITES = "CITES"  # (Clause|InspectionItem|Document)-[:CITES {…}]->(Regulation|Clause)
    ITEM_OF = "ITEM_OF"  # (InspectionItem)-[:ITEM_OF]->(Document)
    STATED_IN = "STATED_IN"  # (InspectionItem|Obligation)-[:STATED_IN]->(Clause)
    BINDS = "BINDS"  # (Obligation)-[:BINDS]->(Body)
    SUB_OF = "SUB_OF"  # (Body)-[:SUB_OF]->(Body)
    ISSUED_BY = "ISSUED_BY"  # (Document)-[:ISSUED_BY]->(Body)
    REPEALS = "REPEALS"  # (Document)-[:REPEALS {kind, clause_id, raw, …}]->(Regulation)
    # (duty Clause)-[:PENALISED_BY {sanctions, summary, imposed_by, …}]->(penalty Clause), 罚则
    PENALISED_BY = "PENALISED_BY"


# The labels each relationship type starts from (as the comments above say): an export walks
# each start label's nodes in key order and reads their outgoing edges page by page.
REL_STARTS: dict[Rel, tuple[Label, ...]] = {
    Rel.VERSION_OF: (Label.DOCUMENT,),
    Rel.PART_OF: (Label.CLAUSE,),
    Rel.CITES: (Label.CLAUSE, Label.INSPECTION_ITEM, Label.DOCUMENT),
    Rel.ITEM_OF: (Label.INSPECTION_ITEM,),
    Rel.STATED_IN: (Label.INSPECTION_ITEM, Label.OBLIGATION),
    Rel.BINDS: (Label.OBLIGATION,),
    Rel.SUB_OF: (Label.BODY,),
    Rel.ISSUED_BY: (Label.DOCUMENT,),
    Rel.REPEALS: (Label.DOCUMENT,),
    Rel.PENALISED_BY: (Label.CLAUSE,),
}


class CitingKind(StrEnum):
    """What sort of place cites a work, as a supervisor filters them: an inspection item, a
    clause of a statute, or the text of a plan, report, notice or scoring standard."""

    ITEM = "item"  # an InspectionItem (its row repeats the citation of its clause)
    CLAUSE = "clause"  # a clause of a law, regulation, rule or local regulation
    PLAN = "plan"
    REPORT = "report"
    NOTICE = "notice"
    STANDARD = "standard"  # a scoring standard's text outside its items
    OTHER = "other"


# The citing kind of a place in a document of each ingest.models.DocumentKind (by value).
_KIND_OF_DOCUMENT = {
    "law": CitingKind.CLAUSE,
    "administrative_regulation": CitingKind.CLAUSE,
    "departmental_rule": CitingKind.CLAUSE,
    "local_regulation": CitingKind.CLAUSE,
    "judicial_interpretation": CitingKind.CLAUSE,
    "plan": CitingKind.PLAN,
    "report": CitingKind.REPORT,
    "notice": CitingKind.NOTICE,
    "scoring_standard": CitingKind.STANDARD,
}


def citing_kind(document_kind: str | None, from_item: bool = False) -> CitingKind:
    """The kind of a citing place: an item's, or its document kind's."""
    if from_item:
        return CitingKind.ITEM
    return _KIND_OF_DOCUMENT.get(str(document_kind or ""), CitingKind.OTHER)


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
            (
                "key",
                "title",
                "aliases",
                "held",
                "kind",
                "level",
                "current_document_id",
                "status",  # repealed / superseded when a held document repeals the work
                "status_reason",  # where that status came from (graph.validity)
            ),
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
                "format",  # the source's format: text, markdown, pdf, docx, xlsx, csv, json …
                # graph.validity's verdict: where ``status`` came from, in words and as a
                # Basis, and the version or repeal clause that ended this one
                "status_basis",
                "status_reason",
                "replaced_by",
                "repealed_by",
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
                "origin",  # page, sheet and row, or paragraph of a binary source
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
                "criteria",  # graded criteria 【C】【B】【A】 of one item
                "bonus",  # 奖分, apart from the standard points
                "basis",  # the 评价依据 cell as written
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
    "citing_kind",  # CitingKind of the citing place, so a trace filters without a join
)

# Properties of a REPEALS relationship: the clause that says so and where.
REPEALS_PROPERTIES = ("id", "document_id", "kind", "clause_id", "raw", "start", "end", "title")

# Properties of a PENALISED_BY relationship: how the penalty clause names the duty (``how``:
# article or act, ``raw`` and its span in the penalty clause), and the sanctions read out of it
# (``sanctions`` is a JSON list of ingest.models.Sanction fields; ``summary`` one line of them).
PENALISED_BY_PROPERTIES = (
    "id",
    "document_id",
    "how",
    "raw",
    "start",
    "end",
    "score",
    "sanctions",
    "summary",
    "imposed_by",
    "imposed_by_raw",
)


def version_facts(version: Mapping[str, Any]) -> VersionFacts:
    """What ingest.versions' rule of the current version reads, from Document properties."""
    return VersionFacts(
        version["id"],
        version.get("version_date"),
        version.get("effective"),
        version.get("issued"),
        version.get("own_status") or version.get("status"),
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
