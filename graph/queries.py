"""The questions regkg asks its graph: who cites a regulation, what a body must do, a clause's
context, versions, neighbourhoods, and the citation expansion search uses.

A mixin of ``GraphStore``: every method reads through ``self.read`` with ``graph.cypher``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import fields as dataclass_fields
from dataclasses import replace
from typing import Any

from graph import cypher
from graph.dialect import Dialect, streams_union_subqueries
from graph.rows import (
    BodyRow,
    CitationRow,
    CitedTarget,
    CitingItem,
    CitingRow,
    ClauseLinks,
    DocumentItemRow,
    DocumentRow,
    ItemRow,
    ObligationRow,
    PenaltyRow,
    RegulationRow,
    RepealRow,
    VersionRow,
)
from graph.schema import citing_kind
from ingest.models import Modality

DEFAULT_PAGE = 100  # rows per page of a list query unless the caller asks for more
_OUTLINE_KINDS = {"part", "chapter", "section", "article", "heading", "table", "preamble"}


def _article_path(article: str) -> str:
    """第二十条第二款 → art_20/para_2 (the way citations name an article); paths pass through."""
    if "第" not in article:
        return article
    from ingest.citations import article_path_of

    return article_path_of(article) or article


def citing_kinds(kinds: Sequence[str] | None) -> list[str] | None:
    """``item,plan`` or ``["item", "检查项"]`` → the CitingKind values asked for; None: all.
    A ValueError names the kinds there are (graph/names.py reads the Chinese names)."""
    from graph.names import citing_kinds as named

    return named(kinds)


def _citing_row(r: dict[str, Any], depth: int) -> CitingRow:
    is_document = r["label"] == "Document"
    item = None
    if r["item_id"]:
        fields = ("code", "table", "section", "requirement", "content", "points", "points_raw")
        item = CitingItem(id=r["item_id"], **{f: r[f] for f in fields})
    # An edge loaded before citing kinds were recorded: the same rule, from what the row holds.
    kind = r["citing_kind"] or citing_kind(r["document_kind"], item is not None)
    return CitingRow(
        clause_id=None if is_document else r["source"],
        document_id=r["document_id"],
        document_title=r["document_title"],
        locator=r["locator"],
        text=r["text"],
        raw=r["raw"],
        article=r["article"],
        article_path=r["article_path"],
        target_key=r["key"],
        target_clause_id=r["target_clause_id"],
        article_now=None
        if r["now_path"] is None
        else (r["now_path"] and r["target_locator"]) or "",
        depth=depth,
        via=r["key"] if depth > 1 else None,
        resolution=r["resolution"],
        kind=str(kind),
        item=item,
    )


class Queries:
    """Read-side methods of the graph store."""

    dialect: Dialect

    def read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        raise NotImplementedError

    # -- names ---------------------------------------------------------------------------------
    def resolve_regulation(self, name: str) -> str | None:
        """The key of the regulation ``name`` refers to: a key, a recorded alias, or the same
        exact / short-title / misspelling match ingest uses to resolve citations."""
        cleaned = name.strip().strip("《》")
        if self.read(cypher.REGULATION_KEY, key=cleaned):
            return cleaned  # the common case, one index lookup instead of every name
        number = _document_number(cleaned)
        if number:
            held = self.read(cypher.WORK_OF_DOCUMENT_NUMBER, number=number)
            if held:
                return str(held[0]["key"])
            cleaned = number  # recorded as an alias of the work it was cited as
        rows = self.read(cypher.REGULATION_NAMES)
        keys = {r["key"] for r in rows}
        for r in rows:
            if cleaned in r["aliases"]:
                return str(r["key"])
        try:
            from ingest.resolve import TitleCatalogue
        except ImportError:
            return None
        match = TitleCatalogue(sorted(keys)).match(cleaned)
        return match.title if match and match.title in keys else None

    def resolve_body(self, name: str) -> str | None:
        """A body's key from its key, canonical name or an alias, or what the ingest rules make
        of the name (县卫健局, 质控中心); else the one body whose name contains ``name``."""
        from graph.names import body_key

        if self.read(cypher.BODY_KEY, key=name.strip()):
            return name.strip()  # a key (the API's links, a resolved name): one index lookup
        return body_key(self.read(cypher.BODY_NAMES), name)

    def regulation(self, name: str) -> RegulationRow | None:
        key = self.resolve_regulation(name)
        if key is None:
            return None
        rows = self.read(cypher.REGULATION, key=key)
        if not rows:
            return None
        kinds = {r["kind"] or "other": r["n"] for r in self.read(cypher.CITATION_COUNT, key=key)}
        return RegulationRow(
            **rows[0],
            cited_by_count=sum(kinds.values()),
            cited_by_kinds=kinds,
            repealed_by=self.repealed_by(key),
        )

    def repealed_by(self, key: str) -> list[RepealRow]:
        """The held documents that repeal or replace the work ``key``, with their clause."""
        rows = self.read(cypher.REPEALED_BY, key=key)
        ids = sorted({r["clause_id"] for r in rows if r["clause_id"]})
        locators = {r["id"]: r["locator"] for r in self.read(cypher.LOCATORS, ids=ids)}
        return [RepealRow(**r, locator=locators.get(r["clause_id"])) for r in rows]

    def regulations(self) -> list[RegulationRow]:
        """Every work, held or only cited, with how many clauses and documents cite it."""
        counts = {r["key"]: r["n"] for r in self.read(cypher.CITATION_COUNTS)}
        rows = [
            RegulationRow(**r, cited_by_count=counts.get(r["key"], 0))
            for r in self.read(cypher.REGULATIONS)
        ]
        return sorted(rows, key=lambda r: (-r.cited_by_count, r.key))

    # -- citations -----------------------------------------------------------------------------
    def cited_by(
        self,
        title_or_key: str,
        article: str | None = None,
        depth: int = 1,
        limit: int = DEFAULT_PAGE,
        offset: int = 0,
        kinds: Sequence[str] | None = None,
    ) -> list[CitingRow]:
        """One page of the places citing a regulation (or one article of it): clauses,
        inspection items (with their code, table, points and standard) and documents, each
        with its ``kind``; ``kinds`` keeps only places of those CitingKinds, at every depth.
        At ``depth`` n > 1 also those citing, at n - 1, a work whose version cites it (``via``
        names that work). Rows come by depth, then as the graph gives them (stable
        while the graph is unchanged); a deeper level is read only while the page is not
        full, so a page costs about its own size however often the work is cited."""
        if limit < 1 or offset < 0:
            raise ValueError(f"limit must be ≥ 1 and offset ≥ 0, not {limit} and {offset}")
        wanted_kinds = citing_kinds(kinds)
        wanted = _article_path(article) if article else None
        # Most callers pass a work's key: its citations are asked for at once, and the name is
        # resolved only when nothing comes back (one round trip fewer for the common case).
        named = title_or_key.strip().strip("《》")
        found = self._cited_by(named, wanted, depth, offset + limit, wanted_kinds)
        if found:
            return found[offset:]
        key = self.resolve_regulation(title_or_key)
        if key is None or key == named:
            return []
        return self._cited_by(key, wanted, depth, offset + limit, wanted_kinds)[offset:]

    def _cited_by(
        self, key: str, wanted: str | None, depth: int, needed: int, wanted_kinds: list[str] | None
    ) -> list[CitingRow]:
        """The first ``needed`` places citing the work ``key`` (see ``cited_by``)."""
        found: list[CitingRow] = []
        seen_works = {key}
        frontier = [key]
        seen_sources: set[tuple[str, str | None]] = set()
        for level in range(1, max(1, depth) + 1):
            next_works: set[str] = set()
            for r in self._citing(frontier, wanted if level == 1 else None, needed, wanted_kinds):
                if (r["source"], r["raw"]) in seen_sources or r["citing_work"] == r["key"]:
                    continue  # a version naming its own work (修订 notes) is not a citation of it
                seen_sources.add((r["source"], r["raw"]))
                found.append(_citing_row(r, level))
                if r["citing_work"] and r["citing_work"] not in seen_works:
                    next_works.add(r["citing_work"])
                if len(found) >= needed:
                    return found
            seen_works |= next_works
            frontier = sorted(next_works)
            if not frontier:
                break
        return found

    def _citing(
        self, keys: list[str], article: str | None, page: int, kinds: list[str] | None
    ) -> Iterator[dict[str, Any]]:
        """Rows citing any of ``keys``, in the order the graph gives them, a page at a time:
        the edges ending at the works first, then those relinked to their versions' articles;
        for one article the other way round (its few clauses first, then the work's edges)."""
        parts: list[tuple[str, dict[str, Any]]]
        if article is None and streams_union_subqueries(self.dialect):
            parts = [(cypher.CITING_WORK_AND_ARTICLES, {})]
        elif article is None:
            parts = [(cypher.CITING_WORK, {}), (cypher.CITING_ARTICLES, {})]
        else:
            path = {"article": article, "prefix": f"{article}/"}
            path |= {"suffix": f"/{article}", "inner": f"/{article}/"}
            parts = [(cypher.CITING_ARTICLE_CLAUSES, path), (cypher.CITING_ARTICLE_WORK, path)]
        for query, params in parts:
            skip = 0
            while True:
                found = self.read(query, keys=keys, skip=skip, limit=page, kinds=kinds, **params)
                rows = found[0]["page"] if found else []
                yield from rows
                if len(rows) < page:
                    break
                skip += page

    def cites(self, clause_id: str) -> list[CitationRow]:
        """What a clause (or inspection item, or document) cites, in text order."""
        return [
            CitationRow(**{k: v for k, v in r.items() if k != "start"})
            for r in self.read(cypher.CITES_FROM, id=clause_id)
        ]

    def items_citing(self, regulation: str) -> list[ItemRow]:
        """Inspection items (scored rows, notice items) that cite a regulation or its articles."""
        key = self.resolve_regulation(regulation)
        if key is None:
            return []
        rows = self.read(cypher.ITEMS_CITING, key=key)
        unique = {r["id"]: r for r in rows}
        return [ItemRow(**{k: v for k, v in r.items() if k != "start"}) for r in unique.values()]

    def items_of(self, document_id: str) -> list[DocumentItemRow]:
        """A document's inspection items in text order, each with what it cites."""
        cites: dict[str, list[CitationRow]] = {}
        for r in self.read(cypher.ITEM_CITATIONS, document_id=document_id):
            row = {k: v for k, v in r.items() if k not in ("item_id", "start")}
            cites.setdefault(r["item_id"], []).append(CitationRow(**row))
        names = {f.name for f in dataclass_fields(DocumentItemRow)} - {"cites"}
        items = []
        for r in self.read(cypher.ITEMS_OF_DOCUMENT, document_id=document_id):
            props = {k: v for k, v in r["item"].items() if k in names}
            props["criteria"] = list(props.get("criteria") or [])
            items.append(DocumentItemRow(**props, cites=cites.get(props["id"], [])))
        return items

    def citing_documents(self, work_keys: Sequence[str]) -> list[str]:
        """The documents that cite any of these works, as a whole or an article of a version."""
        if not work_keys:
            return []
        rows = self.read(cypher.CITING_DOCUMENTS, keys=sorted(set(work_keys)))
        return sorted({r["id"] for r in rows if r["id"]})

    def item_count(self, document_id: str) -> int:
        return int(self.read(cypher.ITEM_COUNT, document_id=document_id)[0]["n"])

    def expand(self, clause_ids: Sequence[str]) -> dict[str, ClauseLinks]:
        """Per clause: the targets it cites, how often it is cited, its document's standing."""
        out: dict[str, ClauseLinks] = {}
        for r in self.read(cypher.EXPAND, ids=list(dict.fromkeys(clause_ids))):
            targets = [CitedTarget(**t) for t in r["targets"] if t]
            out[r["id"]] = ClauseLinks(
                targets, r["cited_by_count"], r["is_current"], r["status"], r["document_title"]
            )
        return out

    # -- penalties (罚则) ------------------------------------------------------------------------
    def penalties_of(self, clause_id: str) -> list[PenaltyRow]:
        """The penalty clauses sanctioning a duty clause, its parts or the clause holding it."""
        return self.penalties_for([clause_id]).get(clause_id, [])

    def penalties_for(self, clause_ids: Sequence[str]) -> dict[str, list[PenaltyRow]]:
        """``penalties_of`` for several clauses in one read, by asked id (one row per penalty
        clause, in text order)."""
        out: dict[str, list[PenaltyRow]] = {}
        seen: set[tuple[str, str]] = set()
        for r in self.read(cypher.PENALTIES_OF, ids=list(dict.fromkeys(clause_ids))):
            if (r["asked"], r["clause_id"]) in seen:
                continue
            seen.add((r["asked"], r["clause_id"]))
            row = {k: v for k, v in r.items() if k != "asked"}
            row["sanctions"] = json.loads(row.get("sanctions") or "[]")
            row["imposed_by"] = list(row.get("imposed_by") or [])
            row["summary"] = row.get("summary") or ""
            out.setdefault(r["asked"], []).append(PenaltyRow(**row))
        return out

    def add_penalties(self, hits: Sequence[Any]) -> None:
        """Put each search hit's 违反后果 into its ``extra["penalty"]`` (one line per penalty
        clause, joined by ／): the hits are search's records, the penalties the graph's."""
        found = self.penalties_for([h.clause_id for h in hits])
        for hit in hits:
            summaries = list(dict.fromkeys(p.summary for p in found.get(hit.clause_id, [])))
            if summaries:
                hit.extra["penalty"] = "／".join(s for s in summaries if s)

    def add_document_facts(self, hits: Sequence[Any]) -> None:
        """Put each search hit's document facts (kind, level, number, effective, issuers) into
        its ``extra["document_facts"]``: what a result card shows beside the status."""
        ids = list(dict.fromkeys(h.document_id for h in hits if h.document_id))
        facts = {r["id"]: r for r in self.read(cypher.DOCUMENT_FACTS, ids=ids)} if ids else {}
        for hit in hits:
            if (found := facts.get(hit.document_id)) is not None:
                hit.extra["document_facts"] = {k: v for k, v in found.items() if k != "id"}

    # -- bodies and obligations ----------------------------------------------------------------
    def obligations_of(
        self,
        body: str,
        include_sub_bodies: bool = True,
        limit: int = DEFAULT_PAGE,
        offset: int = 0,
        *,
        modality: str | None = None,
        documents: Sequence[str] | None = None,
        level: str | None = None,
    ) -> list[ObligationRow]:
        """One page of the obligations binding a body (by key, name or alias) and, by default,
        its sub-bodies: body by body, each as the graph gives them; ``offset`` skips earlier
        pages, and a page costs about its own size. ``modality`` (must, must_not, may), the
        ``documents`` they are stated in and those documents' ``level`` narrow the list."""
        if limit < 1 or offset < 0:
            raise ValueError(f"limit must be ≥ 1 and offset ≥ 0, not {limit} and {offset}")
        key = self.resolve_body(body)
        if key is None:
            return []
        rows = self.read(
            cypher.OBLIGATIONS_OF,
            key=key,
            include_sub=include_sub_bodies,
            limit=limit,
            offset=offset,
            modality=modality,
            documents=list(documents) if documents is not None else None,
            level=level,
        )
        found = [ObligationRow(**{k: v for k, v in r.items() if k != "start"}) for r in rows]
        return self._with_penalties(found)

    def _with_penalties(self, rows: list[ObligationRow]) -> list[ObligationRow]:
        """Each duty with the 违反后果 of its clause (the first penalty clause's summary); a
        permission (可以) stated in the same clause has none: it cannot be breached."""
        penalties = self.penalties_for([r.clause_id for r in rows if r.clause_id])
        return [
            replace(r, penalty=found[0].summary, penalty_clause_id=found[0].clause_id)
            if r.modality != Modality.MAY and (found := penalties.get(r.clause_id or ""))
            else r
            for r in rows
        ]

    def obligations_count(
        self,
        key: str,
        include_sub_bodies: bool = True,
        *,
        modality: str | None = None,
        documents: Sequence[str] | None = None,
        level: str | None = None,
    ) -> int:
        """How many obligations ``obligations_of`` lists in all for the body ``key``."""
        rows = self.read(
            cypher.OBLIGATIONS_COUNT,
            key=key,
            include_sub=include_sub_bodies,
            modality=modality,
            documents=list(documents) if documents is not None else None,
            level=level,
        )
        return int(rows[0]["n"]) if rows else 0

    def body(self, name: str) -> BodyRow | None:
        key = self.resolve_body(name)
        rows = self.read(cypher.BODY, key=key) if key else []
        return BodyRow(**rows[0]) if rows else None

    def bodies(self) -> list[BodyRow]:
        """The body hierarchy: root bodies with their sub-bodies nested in ``children``."""
        nodes = {r["key"]: BodyRow(**r) for r in self.read(cypher.BODIES)}
        roots: list[BodyRow] = []
        for node in nodes.values():
            parent = nodes.get(node.parent_key or "")
            (parent.children if parent else roots).append(node)
        return roots

    # -- documents and clauses -----------------------------------------------------------------
    def documents(self) -> list[DocumentRow]:
        return [DocumentRow(**r) for r in self.read(cypher.DOCUMENTS)]

    def versions(self, regulation: str) -> list[VersionRow]:
        """The held versions of a work, oldest first."""
        key = self.resolve_regulation(regulation)
        if key is None:
            return []
        rows = self.read(cypher.VERSIONS_OF_WORK, key=key)
        rows.sort(key=lambda r: (r["version_date"] or "", r["effective"] or "", r["id"]))
        return [
            VersionRow(r["id"], r["title"], r["version_date"], r["status"], bool(r["is_current"]))
            for r in rows
        ]

    def outline(self, document_id: str) -> list[dict[str, Any]]:
        """The document's headings, chapters and articles as a tree of ``{id, locator, …}``."""
        rows = self.read(cypher.OUTLINE, document_id=document_id)
        nodes = {r["id"]: {**r, "children": []} for r in rows if r["kind"] in _OUTLINE_KINDS}
        roots: list[dict[str, Any]] = []
        for r in rows:
            node = nodes.get(r["id"])
            if node is None:
                continue
            parent = nodes.get(r["parent_id"] or "")
            (parent["children"] if parent else roots).append(node)
        for node in nodes.values():
            node.pop("parent_id", None)
            node.pop("order", None)
        return roots

    def clause_context(self, clause_id: str) -> dict[str, Any] | None:
        """A clause with its parent, siblings before and after, children, what it cites and
        who cites it (clauses and inspection items)."""
        found = self.read(cypher.CLAUSE, id=clause_id)
        if not found:
            return None
        clause = dict(found[0]["clause"])
        title = found[0]["document_title"]
        parent_id = clause.get("parent_id") or clause["document_id"]
        document_id = clause["document_id"]
        siblings = [
            dict(r["clause"])
            for r in self.read(cypher.CLAUSES_UNDER, parent=parent_id, document_id=document_id)
        ]
        order = clause.get("order", 0)
        parent = self.read(cypher.CLAUSE, id=clause["parent_id"]) if clause.get("parent_id") else []
        return {
            "clause": clause,
            "document_title": title,
            "parent": dict(parent[0]["clause"]) if parent else None,
            "previous": [s for s in siblings if s.get("order", 0) < order],
            "following": [s for s in siblings if s.get("order", 0) > order],
            "children": [
                dict(r["clause"])
                for r in self.read(cypher.CLAUSES_UNDER, parent=clause_id, document_id=document_id)
            ],
            "cites": self.cites(clause_id),
            "cited_by": self.read(cypher.CITED_BY_CLAUSE, id=clause_id),
            "penalties": self.penalties_of(clause_id),  # 违反后果 (罚则)
        }

    def neighbourhood(self, node_id: str, depth: int = 1, limit: int = 300) -> dict[str, Any]:
        """Nodes and edges within ``depth`` hops of a node (id or key), for a picture."""
        if not 1 <= depth <= 3:
            raise ValueError(f"depth must be 1, 2 or 3, not {depth}")
        nodes: dict[str, dict[str, str]] = {}
        edges = []
        for r in self.read(cypher.neighbourhood(depth), id=node_id, limit=limit):
            for end in ("start", "end"):
                title = r[f"{end}_title"] or r[end]
                nodes.setdefault(r[end], {"id": r[end], "label": r[f"{end}_label"], "title": title})
            edges.append({"source": r["start"], "target": r["end"], "type": r["type"]})
        return {"nodes": list(nodes.values()), "edges": edges}


def _document_number(name: str) -> str | None:
    """A document number as ingest normalises it (国卫医急发[2023]35号 → 〔2023〕), or None."""
    if len(name) > 40 or "号" not in name:
        return None
    from ingest.citations import normalise_number
    from ingest.reading import fold

    return normalise_number(fold(name))
