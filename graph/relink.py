"""Which article of a work's current version a citation of an article means: the one rule that
relinking (``GraphStore.refresh_works``, hence ``cited-by --article``) and ``regkg stale``
(graph.changes) both follow.

A citation means the version in force on the day its document is dated
(``ingest.versions.in_force_on``; the oldest held version when the document is older than every
held one). When that is not the current version, the article it names is followed through the
新旧对照 alignment (``ingest.align``) to where it is now: 1994's 第十九条 of a work renumbered
since is today's 第十八条, not today's 第十九条; a deleted article is nowhere (the citation
ends at the work). An undated citing document is taken to cite the current text: relinking
never moves a citation on a guess (``stale`` still lists it as a possible stale citation).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from neo4j import ManagedTransaction

from graph import cypher
from ingest.align import Article, ArticlePair, align
from ingest.versions import DRAFT, VersionFacts, dated, in_force_on

T = TypeVar("T")


def article_of(path: str | None) -> str | None:
    """art_19/para_2 → art_19, ch_2/art_19 → art_19: the article a path names."""
    if not path:
        return None
    for segment in path.split("/"):
        if segment.startswith("art_"):
            return segment
    return None


def clause_path(clause_id: str | None) -> str:
    """The path part of a clause id (``doc#ch_2/art_19`` → ``ch_2/art_19``)."""
    return (clause_id or "").split("#", 1)[-1]


def linked_path(written: str | None, now: str | None) -> str | None:
    """The path a citation names as the graph links it: ``now`` (its edge's ``now_path``) when
    relinking moved it, none when its article went (""), else the path as written."""
    return written if now is None else now or None


def articles_by_document(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[Article]]:
    """``ARTICLES_OF_DOCUMENTS`` rows as each version's articles in document order, as the
    aligner reads them."""
    found: dict[str, list[tuple[int, Article]]] = {}
    for r in rows:
        article = Article(r["locator"] or "", r["text"] or "", r["id"])
        found.setdefault(r["document_id"], []).append((r["start"] or 0, article))
    return {d: [a for _, a in sorted(pairs, key=lambda x: x[0])] for d, pairs in found.items()}


def meant_version(
    versions: Sequence[T], day: str, facts: Callable[[T], VersionFacts]
) -> tuple[T, bool]:
    """The version a citation made on ``day`` means, and whether that is a guess (the day is
    unknown or earlier than every held version: the oldest is taken). ``versions`` oldest
    first."""
    found = in_force_on(versions, day, facts) if day else None
    return (found, False) if found is not None else (versions[0], True)


def article_map(old: Sequence[Article], new: Sequence[Article]) -> dict[str, ArticlePair]:
    """The alignment of two versions' articles, by the old article's path (art_19)."""
    return {
        article_of(clause_path(p.old.id)) or "": p for p in align(old, new) if p.old is not None
    }


def path_now(path: str, pair: ArticlePair) -> str:
    """Where a cited path (art_19/para_2) is in the newer version of its ``pair``: the same
    part under the article it became (art_18/para_2); "" when the article was deleted."""
    if pair.new is None:
        return ""
    new_article = article_of(clause_path(pair.new.id)) or ""
    old_article = article_of(path) or ""
    return new_article + path[path.index(old_article) + len(old_article) :]


@dataclass
class Relinker:
    """Per refresh: the path each citation of an older version names now, read in one go."""

    versions: Mapping[str, list[dict[str, Any]]]  # work key → held versions
    current_of: Mapping[str, str]  # work key → the version citations are linked to
    facts: Callable[[Mapping[str, Any]], VersionFacts]
    _maps: dict[tuple[str, str], dict[str, ArticlePair]] = field(default_factory=dict)

    def paths_now(
        self, tx: ManagedTransaction, edges: Sequence[Mapping[str, Any]]
    ) -> dict[str, str]:
        """Edge id → the path it names in the current version, for the citations of an older
        version whose article moved or went ("" when it went); the rest are absent (their
        path as written holds)."""
        ordered = {k: self._ordered(k) for k in {e["key"] for e in edges}}
        cited = [e for e in edges if e["path"] and len(ordered.get(e["key"], ())) > 1]
        days = self._days(tx, {e["citing"] for e in cited if e["citing"]})
        wanted: dict[str, tuple[str, str]] = {}  # edge id → (meant version, current version)
        for e in cited:
            day = days.get(e["citing"], "")
            if not day:
                continue
            meant, _ = meant_version(ordered[e["key"]], day, self.facts)
            if meant["id"] != self.current_of[e["key"]]:
                wanted[e["id"]] = (meant["id"], self.current_of[e["key"]])
        self._align(tx, set(wanted.values()))
        out = {}
        for e in cited:
            if e["id"] not in wanted:
                continue
            pair = self._maps[wanted[e["id"]]].get(article_of(e["path"]) or "")
            if pair is not None and pair.old is not None:
                now = path_now(e["path"], pair)
                if now != e["path"]:
                    out[e["id"]] = now
        return out

    def _ordered(self, key: str) -> list[dict[str, Any]]:
        held = [v for v in self.versions.get(key, []) if self.facts(v).status != DRAFT]
        if key not in self.current_of:
            return []
        return sorted(held, key=lambda v: (dated(self.facts(v)), v["id"]))

    @staticmethod
    def _days(tx: ManagedTransaction, ids: set[str]) -> dict[str, str]:
        if not ids:
            return {}
        rows = tx.run(cypher.DOCUMENT_DATES, ids=sorted(ids))
        return {
            r["id"]: dated(VersionFacts(r["id"], r["version_date"], r["effective"], r["issued"]))
            for r in rows
        }

    def _align(self, tx: ManagedTransaction, pairs: set[tuple[str, str]]) -> None:
        todo = {p for p in pairs if p not in self._maps}
        if not todo:
            return
        ids = sorted({d for p in todo for d in p})
        found = articles_by_document(tx.run(cypher.ARTICLES_OF_DOCUMENTS, ids=ids))
        for old, new in todo:
            self._maps[(old, new)] = article_map(found.get(old, []), found.get(new, []))
