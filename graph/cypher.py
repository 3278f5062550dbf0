"""Every Cypher statement regkg runs, as named constants and small builders over ``graph.schema``.

Values always travel as ``$parameters``; only labels, relationship types and key names (from
the schema's enums, never from input) are formatted into the text. Writes are ``UNWIND $rows``.
"""

from __future__ import annotations

from graph.schema import (
    CITES_PROPERTIES,
    NODE_TYPES,
    PENALISED_BY_PROPERTIES,
    REPEALS_PROPERTIES,
    Label,
    Rel,
)

# Nodes of a document that the loader replaces as a whole; each carries ``document_id``.
DOCUMENT_PARTS = (Label.CLAUSE, Label.INSPECTION_ITEM, Label.OBLIGATION)
# Citation kinds resolved against the cited work's current version; the others stay local.
WORK_CITATION_KINDS = ["title", "document_number", "short_form"]


def _key(label: Label) -> str:
    return NODE_TYPES[label].key


def _literal(label: Label, row: str = "r") -> str:
    """``{id: r[0], …}`` over the label's properties, for rows sent as lists in ``NODE_TYPES``
    order: a map per row would carry every key on the wire and through the server's parser
    (lists made the bulk statements 10–20 % cheaper). A node created with its properties is
    written once, where ``CREATE … SET n = r`` writes it empty and then grows it in place."""
    names = NODE_TYPES[label].properties
    return "{" + ", ".join(f"`{p}`: {row}[{i}]" for i, p in enumerate(names)) + "}"


def _field(label: Label, name: str, row: str = "r") -> str:
    """One property of a list row, by position (see ``_literal``)."""
    return f"{row}[{NODE_TYPES[label].properties.index(name)}]"


# An obligation row is its properties (``_literal``) followed by the positions of the bodies it
# binds in the statement's ``$body_keys``.
_BOUND = f"o[{len(NODE_TYPES[Label.OBLIGATION].properties)}]"


# -- writes ------------------------------------------------------------------------------------
def merge_nodes(label: Label) -> str:
    """Upsert nodes by key: rows ``{key, props}``."""
    return (
        f"UNWIND $rows AS r MERGE (n:{label} {{{_key(label)}: r.key}}) SET n += r.props "
        "RETURN count(n) AS n"
    )


def merge_links(rel: Rel, start: Label, end: Label) -> str:
    """Upsert one edge per (start, end) pair: rows ``{start, end, props}``. Missing ends match
    nothing, so the returned count tells the loader whether every row found both ends."""
    return (
        f"UNWIND $rows AS r MATCH (a:{start} {{{_key(start)}: r.start}}) "
        f"MATCH (b:{end} {{{_key(end)}: r.end}}) "
        f"MERGE (a)-[x:{rel}]->(b) SET x += r.props RETURN count(x) AS n"
    )


_CITES_LITERAL = "{" + ", ".join(f"`{p}`: r.props.`{p}`" for p in CITES_PROPERTIES) + "}"


def create_citations(start: Label, end: Label) -> str:
    """CITES edges from nodes created in this transaction (rows ``{start, end, props}``): created
    with their properties, and not merged, which would scan a popular work's edges each row."""
    return (
        f"UNWIND $rows AS r MATCH (a:{start} {{{_key(start)}: r.start}}) "
        f"MATCH (b:{end} {{{_key(end)}: r.end}}) "
        f"CREATE (a)-[x:{Rel.CITES} {_CITES_LITERAL}]->(b) RETURN count(x) AS n"
    )


def create_article_citations(start: Label) -> str:
    """CITES edges to the cited article (rows ``{start, end, article, props}``), or to the work
    ``end`` while the clause ``article`` is not written yet (``refresh_works`` moves those)."""
    return (
        f"UNWIND $rows AS r MATCH (a:{start} {{{_key(start)}: r.start}}) "
        f"MATCH (g:{Label.REGULATION} {{key: r.end}}) "
        f"OPTIONAL MATCH (c:{Label.CLAUSE} {{id: r.article}}) "
        f"WITH a, r, coalesce(c, g) AS b "
        f"CREATE (a)-[x:{Rel.CITES} {_CITES_LITERAL}]->(b) RETURN count(x) AS n"
    )


# A document's own nodes are CREATEd: its older version was deleted in the same transaction and
# their ids embed the document id, so there is nothing to merge with (MERGE costs a lookup each).
# Each statement writes a whole group of documents (rows carry their document's id).
CREATE_DOCUMENTS = f"""
UNWIND $rows AS r
MATCH (g:{Label.REGULATION} {{key: r.work}})
CREATE (d:{Label.DOCUMENT})-[:{Rel.VERSION_OF}]->(g) SET d = r.props
RETURN count(d) AS n
"""

# Clauses and their PART_OF edges in one statement: a link ``[child, parent, child id, parent id]``
# names child and parent by their position in ``documents + clauses`` (no index lookup per edge);
# the id check makes a position that does not hold the expected node drop the edge, which the
# loader's count check reports. The edge carries nothing: a clause's place among its siblings is
# its own ``order`` (a property on a million edges that no query read cost Neo4j a property
# record each).
CREATE_CLAUSES = f"""
UNWIND $documents AS id
MATCH (d:{Label.DOCUMENT} {{id: id}})
WITH collect(d) AS documents
UNWIND $rows AS r
CREATE (c:{Label.CLAUSE} {_literal(Label.CLAUSE)})
WITH documents, collect(c) AS clauses
WITH documents + clauses AS nodes
UNWIND $links AS l
WITH nodes[l[0]] AS a, nodes[l[1]] AS b, l
WHERE a.id = l[2] AND b.id = l[3]
CREATE (a)-[x:{Rel.PART_OF}]->(b)
RETURN count(x) AS n
"""

CREATE_ITEMS = f"""
UNWIND $rows AS r
MATCH (d:{Label.DOCUMENT} {{id: {_field(Label.INSPECTION_ITEM, "document_id")}}})
MATCH (c:{Label.CLAUSE} {{id: {_field(Label.INSPECTION_ITEM, "clause_id")}}})
CREATE (i:{Label.INSPECTION_ITEM} {_literal(Label.INSPECTION_ITEM)})-[:{Rel.STATED_IN}]->(c)
CREATE (i)-[:{Rel.ITEM_OF}]->(d)
RETURN count(i) AS n
"""

# Obligations with the clause stating them and the bodies they bind. The few bodies are fetched
# once per statement, in the order of ``$body_keys`` (checked: a missing one writes nothing), and
# each row names its bodies by position: testing every body's key for every row cost ~20 %.
_BODIES = f"""
UNWIND $body_keys AS key
MATCH (b:{Label.BODY} {{key: key}})
WITH collect(b) AS bodies
WHERE [b IN bodies | b.key] = $body_keys
UNWIND $rows AS o"""
_BIND = f"""FOREACH (b IN [i IN {_BOUND} | bodies[i]] | CREATE (n)-[:{Rel.BINDS}]->(b))
RETURN count(n) AS n
"""

CREATE_STATED_OBLIGATIONS = f"""{_BODIES}
MATCH (c:{Label.CLAUSE} {{id: {_field(Label.OBLIGATION, "clause_id", "o")}}})
CREATE (n:{Label.OBLIGATION} {_literal(Label.OBLIGATION, "o")})-[:{Rel.STATED_IN}]->(c)
{_BIND}"""

CREATE_UNSTATED_OBLIGATIONS = f"""{_BODIES}
CREATE (n:{Label.OBLIGATION} {_literal(Label.OBLIGATION, "o")})
{_BIND}"""


def retarget_citations(start: Label, end: Label) -> str:
    """Move CITES edges (rows ``{source, id, target, now_path}``) to a new target, keeping
    their properties; ``now_path`` is where the cited article is in the current version when
    that is not the path as written (graph.relink), else null."""
    return (
        f"UNWIND $rows AS r MATCH (s:{start} {{id: r.source}})-[e:{Rel.CITES}]->() "
        f"WHERE e.id = r.id WITH s, e, r MATCH (t:{end} {{{_key(end)}: r.target}}) "
        f"CREATE (s)-[n:{Rel.CITES}]->(t) SET n = properties(e) SET n.now_path = r.now_path "
        "DELETE e RETURN count(n) AS n"
    )


_REPEALS_LITERAL = "{" + ", ".join(f"`{p}`: r.props.`{p}`" for p in REPEALS_PROPERTIES) + "}"

# (Document)-[:REPEALS]->(work) from documents created in this transaction; the work was merged
# with the group's regulations, held or not.
CREATE_REPEALS = f"""
UNWIND $rows AS r
MATCH (d:{Label.DOCUMENT} {{id: r.start}})
MATCH (g:{Label.REGULATION} {{key: r.end}})
CREATE (d)-[x:{Rel.REPEALS} {_REPEALS_LITERAL}]->(g)
RETURN count(x) AS n
"""

# A work gains the aliases it was cited by; one that gains none is not written again (each
# document names some twenty works, and rewriting a popular one costs on every commit).
MERGE_REGULATIONS = f"""
UNWIND $rows AS r
MERGE (g:{Label.REGULATION} {{key: r.key}})
ON CREATE SET g.title = r.key, g.held = false, g.aliases = r.aliases
WITH g, [a IN r.aliases WHERE NOT a IN coalesce(g.aliases, [])] AS new
WHERE size(new) > 0
SET g.aliases = coalesce(g.aliases, []) + new
RETURN count(g) AS n
"""

LINK_ISSUERS = f"""
UNWIND $rows AS r
MATCH (d:{Label.DOCUMENT} {{id: r.document_id}})
MATCH (b:{Label.BODY} {{key: r.key}})
MERGE (d)-[:{Rel.ISSUED_BY}]->(b)
RETURN count(b) AS n
"""

# Older versions of each of a group's documents: the same source, or the same id; with the
# works they repealed, whose state must be recomputed once they are gone.
_REPEALED = f"""OPTIONAL MATCH (d)-[:{Rel.REPEALS}]->(g:{Label.REGULATION})
RETURN r.id AS document_id, d.id AS id, d.work_key AS work_key, collect(g.key) AS repealed"""
DOCUMENTS_TO_REPLACE = f"""
UNWIND $rows AS r
MATCH (d:{Label.DOCUMENT} {{source: r.source}})
{_REPEALED}
UNION
UNWIND $rows AS r
MATCH (d:{Label.DOCUMENT} {{id: r.id}})
{_REPEALED}
"""

# Citations from other documents into clauses about to be deleted fall back to the work
# (their target_key); the relink step later moves them to the new version's clause.
RELEASE_INCOMING_CITATIONS = f"""
UNWIND $ids AS doc
MATCH (c:{Label.CLAUSE} {{document_id: doc}})<-[e:{Rel.CITES}]-(s)
WHERE NOT e.document_id IN $ids AND e.target_key IS NOT NULL
MATCH (g:{Label.REGULATION} {{key: e.target_key}})
CREATE (s)-[n:{Rel.CITES}]->(g) SET n = properties(e)
DELETE e
RETURN count(n) AS n
"""


def delete_parts(label: Label) -> str:
    return f"UNWIND $ids AS doc MATCH (n:{label} {{document_id: doc}}) DETACH DELETE n"


DELETE_DOCUMENTS = f"UNWIND $ids AS doc MATCH (d:{Label.DOCUMENT} {{id: doc}}) DETACH DELETE d"

VERSIONS_OF_WORK = f"""
MATCH (g:{Label.REGULATION} {{key: $key}})<-[:{Rel.VERSION_OF}]-(d:{Label.DOCUMENT})
RETURN d.id AS id, d.title AS title, d.version_date AS version_date, d.effective AS effective,
       d.issued AS issued, d.own_status AS own_status, d.status AS status, d.kind AS kind,
       d.level AS level, d.is_current AS is_current
"""

VERSIONS_OF_WORKS = f"""
UNWIND $keys AS key
MATCH (g:{Label.REGULATION} {{key: key}})<-[:{Rel.VERSION_OF}]-(d:{Label.DOCUMENT})
RETURN key, d.id AS id, d.version_date AS version_date, d.effective AS effective,
       d.issued AS issued, d.own_status AS own_status, d.kind AS kind, d.level AS level,
       d.title AS title
"""

SET_WORK_STATES = f"""
UNWIND $rows AS r MATCH (g:{Label.REGULATION} {{key: r.key}})
SET g.held = r.held, g.current_document_id = r.current, g.kind = r.kind, g.level = r.level,
    g.status = r.status, g.status_reason = r.reason
"""

# How held documents of other works end each work: repeal (废止) or replace it, as of their
# date. A draft (征求意见稿) ends nothing.
REPEALS_OF_WORKS = f"""
UNWIND $keys AS key
MATCH (g:{Label.REGULATION} {{key: key}})<-[r:{Rel.REPEALS}]-(d:{Label.DOCUMENT})
WHERE d.work_key <> key AND coalesce(d.own_status, '') <> 'draft'
RETURN key, r.kind AS kind, coalesce(d.version_date, d.effective, d.issued) AS date,
       d.id AS document_id, d.title AS document_title, r.clause_id AS clause_id, r.raw AS raw
"""

SET_VERSION_STATE = f"""
UNWIND $rows AS r MATCH (d:{Label.DOCUMENT} {{id: r.id}})
SET d.is_current = r.is_current, d.status = r.status, d.status_basis = r.basis,
    d.status_reason = r.reason, d.replaced_by = r.replaced_by, d.repealed_by = r.repealed_by
"""

CITATIONS_OF_WORKS = f"""
UNWIND $keys AS key
MATCH (g:{Label.REGULATION} {{key: key}})<-[e:{Rel.CITES}]-(s)
WHERE e.article_path IS NOT NULL
RETURN key, labels(s)[0] AS label, s.id AS source, e.id AS id, e.article_path AS path,
       e.now_path AS now_path, e.document_id AS citing, null AS target
UNION ALL
UNWIND $keys AS key
MATCH (g:{Label.REGULATION} {{key: key}})<-[:{Rel.VERSION_OF}]-(d:{Label.DOCUMENT})
MATCH (c:{Label.CLAUSE} {{document_id: d.id}})<-[e:{Rel.CITES}]-(s)
WHERE e.target_key = key AND e.kind IN {WORK_CITATION_KINDS!r}
RETURN key, labels(s)[0] AS label, s.id AS source, e.id AS id, e.article_path AS path,
       e.now_path AS now_path, e.document_id AS citing, c.id AS target
"""

# The documents citing these works, a whole work or an article of one of its versions: when a
# work's versions change, relinking moves their citations and the search index follows.
CITING_DOCUMENTS = f"""
UNWIND $keys AS key
MATCH (g:{Label.REGULATION} {{key: key}})<-[e:{Rel.CITES}]-()
RETURN DISTINCT e.document_id AS id
UNION
UNWIND $keys AS key
MATCH (g:{Label.REGULATION} {{key: key}})<-[:{Rel.VERSION_OF}]-(d:{Label.DOCUMENT})
MATCH (c:{Label.CLAUSE} {{document_id: d.id}})<-[e:{Rel.CITES}]-()
WHERE e.target_key = key
RETURN DISTINCT e.document_id AS id
"""

# The days the citing documents speak for (graph.relink: which version a citation means).
DOCUMENT_DATES = f"""
UNWIND $ids AS id
MATCH (d:{Label.DOCUMENT} {{id: id}})
RETURN d.id AS id, d.version_date AS version_date, d.effective AS effective, d.issued AS issued
"""

# The article clauses of versions, for aligning them (graph.relink).
ARTICLES_OF_DOCUMENTS = f"""
UNWIND $ids AS doc
MATCH (c:{Label.CLAUSE} {{document_id: doc}})
WHERE c.kind = 'article'
RETURN doc AS document_id, c.id AS id, c.locator AS locator, c.text AS text, c.start AS start
"""

CLAUSE_PATHS = f"""
UNWIND $ids AS doc
MATCH (c:{Label.CLAUSE} {{document_id: doc}})
RETURN doc AS document_id, c.id AS id, c.path AS path
"""

# -- reads -------------------------------------------------------------------------------------
REGULATION_NAMES = f"""
MATCH (g:{Label.REGULATION}) RETURN g.key AS key, coalesce(g.aliases, []) AS aliases
"""

REGULATION = f"""
MATCH (g:{Label.REGULATION} {{key: $key}})
RETURN g.key AS key, g.title AS title, g.held AS held, g.kind AS kind, g.level AS level,
       g.current_document_id AS current_document_id, g.status AS status
"""

REGULATIONS = f"""
MATCH (g:{Label.REGULATION})
RETURN g.key AS key, g.title AS title, g.held AS held, g.kind AS kind, g.level AS level,
       g.current_document_id AS current_document_id, g.status AS status
ORDER BY key
"""

# Work-level citations carry the cited work's key, wherever their edge ends (work or article).
CITATION_COUNTS = f"""
MATCH (s)-[e:{Rel.CITES}]->()
WHERE NOT s:{Label.INSPECTION_ITEM} AND e.kind IN {WORK_CITATION_KINDS!r}
RETURN e.target_key AS key, count(e) AS n
"""

# A work's citing places by kind (the CitingKind each edge carries), through the target_key index.
CITATION_COUNT = f"""
MATCH (s)-[e:{Rel.CITES}]->()
WHERE e.target_key = $key AND e.kind IN {WORK_CITATION_KINDS!r} AND NOT s:{Label.INSPECTION_ITEM}
RETURN e.citing_kind AS kind, count(e) AS n
"""

# The held documents that repeal or replace a work, with the clause that says so (a draft's
# repeal clause is only proposed).
REPEALED_BY = f"""
MATCH (g:{Label.REGULATION} {{key: $key}})<-[r:{Rel.REPEALS}]-(d:{Label.DOCUMENT})
WHERE coalesce(d.own_status, '') <> 'draft'
RETURN d.id AS document_id, d.title AS document_title, r.kind AS kind, r.clause_id AS clause_id,
       r.raw AS raw
ORDER BY document_id, clause_id
"""

LOCATORS = f"""
UNWIND $ids AS id MATCH (c:{Label.CLAUSE} {{id: id}}) RETURN c.id AS id, c.locator AS locator
"""

# One page of the places citing some works, directly or through an article of their versions.
# No ORDER BY: a page streams in the graph's order and stops after ``$limit`` edges, where
# sorting would read every edge of a work cited ten thousand times. That order is the plan's:
# a walk from the node gives a work's edges newest first, the target_key index oldest first.
# So each branch leaves a planner one way only (Neo4j plans from index statistics it samples
# now and then, and once gave a kind-filtered trace in the other order): a walk from a node
# carries no target_key predicate to seek instead (every edge ending at a work or at an article
# of one of its versions carries that work's key, tests/test_graph_contract.py), and the seek
# is pinned (``_ARTICLE_EDGES_SEEK``). Only the page's edges meet their documents, and the
# item that repeats a table row's citation (an item's span holds the citation; walked from the
# row's few items).
# The citing work is the document's ``work_key`` (the key its VERSION_OF edge was made to): a
# document is a dense node (every clause's PART_OF), and expanding it cost ~30 % of the page.
# The page comes back as one collected record: the driver's cost per record (a message each,
# then a Record) was most of the client's time for a full page.
_CITING_PAGE = f"""
WITH s, e, t SKIP $skip LIMIT $limit
MATCH (d:{Label.DOCUMENT} {{id: e.document_id}})
OPTIONAL MATCH (s)<-[:{Rel.STATED_IN}]-(i:{Label.INSPECTION_ITEM})
WHERE i.start <= e.start AND e.start < i.end
RETURN collect({{key: e.target_key, label: labels(s)[0], source: s.id, document_id: d.id,
       document_title: d.title, locator: s.locator, text: coalesce(s.text, s.content),
       raw: e.raw, article: e.article, article_path: e.article_path, now_path: e.now_path,
       target_locator: CASE WHEN t:{Label.CLAUSE} THEN t.locator ELSE null END,
       resolution: e.resolution, target_clause_id: CASE WHEN t:{Label.CLAUSE} THEN t.id ELSE null
           END, citing_work: d.work_key, citing_kind: e.citing_kind,
       document_kind: d.kind, item_id: i.id, code: i.code, table: i.table,
       section: i.section, requirement: i.requirement, content: i.content,
       points: i.points, points_raw: i.points_raw}}) AS page
"""
# The kinds of citing place asked for (``$kinds``, CitingKind values), or every kind (null).
_CITES_WORK = (
    f"e.kind IN {WORK_CITATION_KINDS!r} AND NOT s:{Label.INSPECTION_ITEM} "
    "AND ($kinds IS NULL OR e.citing_kind IN $kinds)"
)

# The ids of a work's own versions: a version naming its own work (修订 notes) is not a citation of
# it. Left out before the page's LIMIT, so a full page is a full page: one such row among the first
# hundred of a much-cited work had cost a second round trip for the next page.
_OWN_VERSIONS = f"""OPTIONAL MATCH (t)<-[:{Rel.VERSION_OF}]-(v:{Label.DOCUMENT})
WITH key, t, collect(v.id) AS own"""

# Citations ending at the work node, walked from the node: the walk stops with the page. (The
# CITES target_key index finds them too, but ArcadeDB reads every entry of a key before the
# first row: 17 ms for a work cited 44,000 times, against 2 ms for the walk.)
_WORK_EDGES = f"""
UNWIND $keys AS key
MATCH (t:{Label.REGULATION} {{key: key}})
{_OWN_VERSIONS}
MATCH (t)<-[e:{Rel.CITES}]-(s)
WHERE NOT e.document_id IN own AND {_CITES_WORK}"""
CITING_WORK = _WORK_EDGES + _CITING_PAGE

# Citations relinked to an article of a version: every such edge carries the work's key, so
# the target_key index finds them without walking the versions' clauses. Read after
# ``CITING_WORK``, so a popular work's page is full before this reads the whole key.
_ARTICLE_EDGES = f"""
MATCH (s)-[e:{Rel.CITES}]->(t)
WHERE e.target_key IN $keys AND {_CITES_WORK} AND NOT t:{Label.REGULATION}"""
CITING_ARTICLES = _ARTICLE_EDGES + _CITING_PAGE
# The same with the index pinned, for Neo4j (ArcadeDB has no hints and one plan). SEEK, not just
# INDEX: with the hint alone Neo4j once planned a scan of the whole index filtered by key (CI, on
# statistics sampled at another moment), which reads every citation of every work.
_ARTICLE_EDGES_SEEK = _ARTICLE_EDGES.replace(
    "WHERE", f"USING INDEX SEEK e:{Rel.CITES}(target_key)\nWHERE", 1
)

# Both of the above in one round trip, for servers that stream a UNION inside CALL lazily (see
# ``dialect.streams_union_subqueries``): most works are cited less than a page, and read apart
# they cost two round trips.
CITING_WORK_AND_ARTICLES = f"""
CALL {{{_WORK_EDGES}
RETURN s, e, t
UNION ALL{_ARTICLE_EDGES_SEEK}
RETURN s, e, t
}}{_CITING_PAGE}"""

# Citations of one article (``$article`` a path like art_20, ``$prefix`` art_20/), parts included,
# as the current version numbers it: a citation of a renumbered article of an older version
# carries where it is now (``now_path``, "" when deleted; graph.relink).
_CITES_ARTICLE = (
    "(coalesce(e.now_path, e.article_path) = $article "
    "OR coalesce(e.now_path, e.article_path) STARTS WITH $prefix)"
)

# Those relinked to the current version end at the clause their path names there: the article,
# one of its parts, or the same under a chapter (``$suffix`` /art_20, ``$inner`` /art_20/ find
# ch_2/art_20/para_1). Walked from those few clauses, so a page stops with the page, where the
# target_key index reads every citation of the work first (85 ms for the most cited at 1M).
# A work not held has no such clauses (a null document_id would have ArcadeDB scan them all).
CITING_ARTICLE_CLAUSES = f"""
UNWIND $keys AS key
MATCH (g:{Label.REGULATION} {{key: key}})
WITH key, g WHERE g.current_document_id IS NOT NULL
MATCH (t:{Label.CLAUSE} {{document_id: g.current_document_id}})
WHERE t.path = $article OR t.path ENDS WITH $suffix OR t.path STARTS WITH $prefix
   OR t.path CONTAINS $inner
MATCH (t)<-[e:{Rel.CITES}]-(s)
WHERE {_CITES_WORK} AND {_CITES_ARTICLE}
{_CITING_PAGE}"""

# The rest end at the work (an article the current version lacks, a work not held): walked
# from the work node, after the clauses.
CITING_ARTICLE_WORK = f"""
UNWIND $keys AS key
MATCH (t:{Label.REGULATION} {{key: key}})<-[e:{Rel.CITES}]-(s)
WHERE {_CITES_WORK} AND {_CITES_ARTICLE}
{_CITING_PAGE}"""

CITES_FROM = f"""
MATCH (s:{Label.CLAUSE} {{id: $id}})-[e:{Rel.CITES}]->(t)
OPTIONAL MATCH (g:{Label.REGULATION} {{key: e.target_key}})
RETURN e.raw AS raw, coalesce(e.target_key, e.title) AS target_title, e.article AS article,
       CASE WHEN t:{Label.CLAUSE} THEN t.id ELSE null END AS target_clause_id,
       CASE WHEN t:{Label.CLAUSE} THEN t.document_id ELSE g.current_document_id END
           AS target_document_id,
       e.resolution AS resolution, coalesce(g.held, true) AS held, e.start AS start
ORDER BY start
"""

BODY_NAMES = f"""
MATCH (b:{Label.BODY}) RETURN b.key AS key, b.name AS name, coalesce(b.aliases, []) AS aliases
"""

BODY = f"""
MATCH (b:{Label.BODY} {{key: $key}})
OPTIONAL MATCH (b)<-[:{Rel.BINDS}]-(o:{Label.OBLIGATION})
RETURN b.key AS key, b.name AS name, b.kind AS kind, b.level AS level,
       b.parent_key AS parent_key, count(o) AS obligation_count
"""

BODIES = f"""
MATCH (b:{Label.BODY})
OPTIONAL MATCH (b)<-[:{Rel.BINDS}]-(o:{Label.OBLIGATION})
RETURN b.key AS key, b.name AS name, b.kind AS kind, b.level AS level,
       b.parent_key AS parent_key, count(o) AS obligation_count
ORDER BY key
"""

# One page of the obligations binding a body (and its sub-bodies): the body's own first, then
# its sub-bodies in key order, each body's obligations as its edges give them, so the page
# streams and stops after ``$limit`` rows (no sort over every obligation of a national body).
# An obligation binding two bodies of the tree is listed under the first; ``body_keys`` holds
# every body it binds.
OBLIGATIONS_OF = f"""
MATCH (top:{Label.BODY} {{key: $key}})
MATCH (b:{Label.BODY})-[:{Rel.SUB_OF}*0..8]->(top)
WHERE $include_sub OR b.key = top.key
WITH DISTINCT b, CASE WHEN b.key = top.key THEN 0 ELSE 1 END AS own
ORDER BY own, b.key
WITH collect(b) AS bodies
UNWIND range(0, size(bodies) - 1) AS i
WITH bodies[i] AS b, [x IN bodies[0..i] | x.key] AS earlier
MATCH (o:{Label.OBLIGATION})-[:{Rel.BINDS}]->(b)
WHERE NONE(k IN o.body_keys WHERE k IN earlier)
  AND ($modality IS NULL OR o.modality = $modality)
  AND ($documents IS NULL OR o.document_id IN $documents)
MATCH (d:{Label.DOCUMENT} {{id: o.document_id}})
WHERE $level IS NULL OR d.level = $level
WITH o, b, d SKIP $offset LIMIT $limit
OPTIONAL MATCH (o)-[:{Rel.STATED_IN}]->(c:{Label.CLAUSE})
RETURN o.id AS id, b.name AS body, b.key AS body_key, o.document_id AS document_id,
       d.title AS document_title, o.clause_id AS clause_id, c.locator AS locator,
       o.modality AS modality, o.cue AS cue, o.body_keys AS body_keys, o.action AS action,
       o.text AS text, o.deadline AS deadline, o.frequency AS frequency,
       o.threshold AS threshold, o.start AS start
"""

# How many obligations the page query above would list in all, under the same filters
# (``$include_sub`` false: the body's own), so a page can say "rows 1–100 of 926".
OBLIGATIONS_COUNT = f"""
MATCH (top:{Label.BODY} {{key: $key}})
MATCH (b:{Label.BODY})-[:{Rel.SUB_OF}*0..8]->(top)
WHERE $include_sub OR b.key = top.key
WITH DISTINCT b
MATCH (o:{Label.OBLIGATION})-[:{Rel.BINDS}]->(b)
WHERE ($modality IS NULL OR o.modality = $modality)
  AND ($documents IS NULL OR o.document_id IN $documents)
MATCH (d:{Label.DOCUMENT} {{id: o.document_id}})
WHERE $level IS NULL OR d.level = $level
RETURN count(DISTINCT o) AS n
"""

BODY_KEY = f"MATCH (b:{Label.BODY} {{key: $key}}) RETURN b.key AS key"
REGULATION_KEY = f"MATCH (g:{Label.REGULATION} {{key: $key}}) RETURN g.key AS key"

ITEMS_CITING = f"""
MATCH (i:{Label.INSPECTION_ITEM})-[e:{Rel.CITES}]->()
WHERE e.target_key = $key
MATCH (d:{Label.DOCUMENT} {{id: i.document_id}})
RETURN DISTINCT i.id AS id, i.document_id AS document_id, d.title AS document_title,
       i.clause_id AS clause_id, i.code AS code, i.table AS table, i.section AS section,
       i.requirement AS requirement, i.content AS content, i.points AS points,
       i.points_raw AS points_raw, e.raw AS raw, i.start AS start
ORDER BY document_title, start
"""

ITEMS_OF_DOCUMENT = f"""
MATCH (i:{Label.INSPECTION_ITEM} {{document_id: $document_id}})
RETURN properties(i) AS item ORDER BY i.start, i.id
"""

ITEM_COUNT = f"""
MATCH (i:{Label.INSPECTION_ITEM} {{document_id: $document_id}}) RETURN count(i) AS n
"""

# What a document's items cite, in text order. The edge's end answers held and current version
# (a work, or an article of its current version, which is held).
ITEM_CITATIONS = f"""
MATCH (i:{Label.INSPECTION_ITEM} {{document_id: $document_id}})-[e:{Rel.CITES}]->(t)
RETURN i.id AS item_id, e.raw AS raw, coalesce(e.target_key, e.title) AS target_title,
       e.article AS article, CASE WHEN t:{Label.CLAUSE} THEN t.id ELSE null END
           AS target_clause_id,
       CASE WHEN t:{Label.CLAUSE} THEN t.document_id ELSE t.current_document_id END
           AS target_document_id,
       e.resolution AS resolution, CASE WHEN t:{Label.CLAUSE} THEN true ELSE t.held END AS held,
       e.start AS start
ORDER BY start
"""

CLAUSE = f"""
MATCH (c:{Label.CLAUSE} {{id: $id}}) MATCH (d:{Label.DOCUMENT} {{id: c.document_id}})
RETURN c {{.*}} AS clause, d.title AS document_title
"""

# A clause's or a document's children, through the clause's own keys (an index seek by
# document, never a scan of every node for an id).
CLAUSES_UNDER = f"""
MATCH (c:{Label.CLAUSE} {{document_id: $document_id}})
WHERE coalesce(c.parent_id, c.document_id) = $parent
RETURN c {{.*}} AS clause ORDER BY c.order
"""

CITED_BY_CLAUSE = f"""
MATCH (t:{Label.CLAUSE} {{id: $id}})<-[e:{Rel.CITES}]-(s)
MATCH (d:{Label.DOCUMENT} {{id: e.document_id}})
RETURN labels(s)[0] AS label, s.id AS clause_id, d.id AS document_id,
       d.title AS document_title, coalesce(s.locator, s.code) AS locator,
       coalesce(s.text, s.content) AS text, e.raw AS raw
ORDER BY document_title, clause_id
"""

DOCUMENTS = f"""
MATCH (d:{Label.DOCUMENT})
RETURN d.id AS id, d.title AS title, d.kind AS kind, d.number AS number, d.level AS level,
       d.jurisdiction AS jurisdiction, d.status AS status, d.issued AS issued,
       d.effective AS effective, d.version_date AS version_date, d.work_key AS work_key,
       d.is_current AS is_current, d.source AS source, d.format AS format,
       d.status_basis AS status_basis, d.status_reason AS status_reason,
       d.replaced_by AS replaced_by, d.repealed_by AS repealed_by, d.issuers AS issuers
ORDER BY title, version_date, id
"""

# What a search hit's card shows of its document (效力级别, 发布机关, 文号, 施行日期), for a page
# of hits in one read.
DOCUMENT_FACTS = f"""
MATCH (d:{Label.DOCUMENT})
WHERE d.id IN $ids
RETURN d.id AS id, d.kind AS kind, d.level AS level, d.number AS number,
       d.effective AS effective, d.issuers AS issuers
"""

DOCUMENT_EXISTS = f"""
MATCH (d:{Label.DOCUMENT} {{id: $id}})
OPTIONAL MATCH (d)-[:{Rel.REPEALS}]->(g:{Label.REGULATION})
RETURN d.work_key AS work_key, collect(g.key) AS repealed
"""

EXPAND = f"""
UNWIND $ids AS id
MATCH (c:{Label.CLAUSE} {{id: id}})
MATCH (d:{Label.DOCUMENT} {{id: c.document_id}})
OPTIONAL MATCH (c)-[e:{Rel.CITES}]->(t)
WITH c, d, collect(CASE WHEN e IS NULL THEN null ELSE {{
    clause_id: CASE WHEN t:{Label.CLAUSE} THEN t.id ELSE null END,
    document_id: CASE WHEN t:{Label.CLAUSE} THEN t.document_id ELSE null END,
    regulation: coalesce(e.target_key, e.title), article: e.article, raw: e.raw}} END) AS targets
OPTIONAL MATCH (c)<-[e2:{Rel.CITES}]-()
RETURN c.id AS id, targets, count(e2) AS cited_by_count, d.is_current AS is_current,
       d.status AS status, d.title AS document_title
"""

# The start node is looked up by each label's key (an index seek each), never by scanning
# every node for an id.
NEIGHBOURHOOD = f"""
OPTIONAL MATCH (n0:{Label.REGULATION} {{key: $id}})
OPTIONAL MATCH (n1:{Label.DOCUMENT} {{id: $id}})
OPTIONAL MATCH (n2:{Label.CLAUSE} {{id: $id}})
OPTIONAL MATCH (n3:{Label.INSPECTION_ITEM} {{id: $id}})
OPTIONAL MATCH (n4:{Label.OBLIGATION} {{id: $id}})
OPTIONAL MATCH (n5:{Label.BODY} {{key: $id}})
WITH coalesce(n0, n1, n2, n3, n4, n5) AS n WHERE n IS NOT NULL
MATCH p = (n)-[*1..{{depth}}]-(m)
WITH p LIMIT $limit
UNWIND relationships(p) AS r
WITH DISTINCT r
RETURN labels(startNode(r))[0] AS start_label, coalesce(startNode(r).id, startNode(r).key)
       AS start, labels(endNode(r))[0] AS end_label,
       coalesce(endNode(r).id, endNode(r).key) AS end, type(r) AS type,
       coalesce(startNode(r).title, startNode(r).name, startNode(r).locator,
                startNode(r).code, startNode(r).cue) AS start_title,
       coalesce(endNode(r).title, endNode(r).name, endNode(r).locator, endNode(r).code,
                endNode(r).cue) AS end_title
"""


def neighbourhood(depth: int) -> str:
    """Variable-length bounds cannot be parameters; ``depth`` is an int checked by the caller."""
    return NEIGHBOURHOOD.replace("{depth}", str(int(depth)))


def count_label(label: Label) -> str:
    return f"MATCH (n:{label}) RETURN count(n) AS n"


def count_rel(rel: Rel) -> str:
    return f"MATCH ()-[r:{rel}]->() RETURN count(r) AS n"


# Whole-label reads (RDF export, migrate). The small labels (works, documents, bodies) page by
# key; the parts of documents, most of a store, are read a few documents at a time through the
# document_id index: on ArcadeDB a keyset page still sorts everything past $after, so reading
# 105k clauses in pages of 5,000 cost 2.1 s for the first page and 0.7 s for the last. Each page
# is one record holding a list: the driver's cost per record was most of the client's reading.
def page_nodes(label: Label) -> str:
    key = _key(label)
    return (
        f"MATCH (n:{label}) WHERE n.{key} > $after "
        f"WITH n ORDER BY n.{key} LIMIT $limit RETURN collect(properties(n)) AS rows"
    )


def page_relationships(rel: Rel, start: Label) -> str:
    """A page of ``start`` nodes past ``$after``, in key order, each with its outgoing ``rel``
    edges (none: one edge of nulls, skipped by the reader)."""
    key = _key(start)
    return (
        f"MATCH (a:{start}) WHERE a.{key} > $after "
        f"WITH a ORDER BY a.{key} LIMIT $limit "
        f"OPTIONAL MATCH (a)-[r:{rel}]->(b) "
        "WITH a, collect({end_label: labels(b)[0], end_key: coalesce(b.id, b.key), "
        "props: properties(r)}) AS edges "
        f"RETURN collect({{start_key: a.{key}, edges: edges}}) AS rows"
    )


def parts_per_document(label: Label) -> str:
    """How many ``label`` nodes each document has (one pass over the label, no sort)."""
    return f"MATCH (n:{label}) RETURN n.document_id AS document_id, count(n) AS n"


def parts_of_documents(label: Label) -> str:
    return (
        f"UNWIND $ids AS doc MATCH (n:{label} {{document_id: doc}}) "
        "RETURN collect(properties(n)) AS rows"
    )


def edges_of_documents(rel: Rel, start: Label) -> str:
    """Every ``rel`` edge leaving a ``start`` part of the documents ``$ids``."""
    return (
        f"UNWIND $ids AS doc MATCH (a:{start} {{document_id: doc}})-[r:{rel}]->(b) "
        f"RETURN collect({{start_key: a.{_key(start)}, end_label: labels(b)[0], "
        "end_key: coalesce(b.id, b.key), props: properties(r)}) AS rows"
    )


# Deletes in batches, so that clearing a large store never builds one huge transaction.
CLEAR_BATCH = "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n"


# A work nobody cites and nobody holds any more (its last citing document was replaced).
DELETE_ORPHAN_REGULATIONS = f"""
MATCH (g:{Label.REGULATION}) WHERE g.held = false AND NOT (g)<-[]-()
DETACH DELETE g
"""

OUTLINE = f"""
MATCH (c:{Label.CLAUSE} {{document_id: $document_id}})
RETURN c.id AS id, c.locator AS locator, c.heading AS heading, c.kind AS kind,
       c.parent_id AS parent_id, c.order AS order
ORDER BY c.start, c.order
"""

# -- documents read back as records (graph/records.py: the index rebuilt from the graph) ----------
DOCUMENT_RECORD = f"MATCH (d:{Label.DOCUMENT} {{id: $id}}) RETURN d {{.*}} AS document"

DOCUMENT_CLAUSES = f"MATCH (c:{Label.CLAUSE} {{document_id: $id}}) RETURN c {{.*}} AS clause"

DOCUMENT_ITEM_RECORDS = f"""
MATCH (i:{Label.INSPECTION_ITEM} {{document_id: $id}})
RETURN i.id AS id, i.clause_id AS clause_id, i.code AS code, i.table AS table,
       i.section AS section, i.requirement AS requirement, i.content AS content,
       i.points AS points, i.points_raw AS points_raw, i.start AS start, i.end AS end
"""

# A clause's citations where they now end: the cited article's document, or the cited work's
# current version.
# Documents' citations, from their clauses and their inspection items (an item's citation is
# placed in the item's clause), each with the document of the clause or work it is linked to.
DOCUMENT_CITATIONS = f"""
UNWIND $ids AS doc
MATCH (c:{Label.CLAUSE} {{document_id: doc}})-[e:{Rel.CITES}]->(t)
RETURN doc AS document_id, c.id AS clause_id, e {{.*}} AS edge,
       CASE WHEN t:{Label.CLAUSE} THEN t.document_id ELSE t.current_document_id END
         AS target_document_id
UNION ALL
UNWIND $ids AS doc
MATCH (i:{Label.INSPECTION_ITEM} {{document_id: doc}})-[e:{Rel.CITES}]->(t)
RETURN doc AS document_id, i.clause_id AS clause_id, e {{.*}} AS edge,
       CASE WHEN t:{Label.CLAUSE} THEN t.document_id ELSE t.current_document_id END
         AS target_document_id
"""

DOCUMENT_BOUND_BODIES = f"""
MATCH (o:{Label.OBLIGATION} {{document_id: $id}})
RETURN o.clause_id AS clause_id, o.body_keys AS body_keys
"""

# A held document by its 文号, newest first: a number names one document, hence its work.
WORK_OF_DOCUMENT_NUMBER = f"""
MATCH (d:{Label.DOCUMENT} {{number: $number}})-[:{Rel.VERSION_OF}]->(g:{Label.REGULATION})
RETURN g.key AS key ORDER BY d.version_date DESC LIMIT 1
"""

# -- checklist (api/checklist.py) -------------------------------------------------------------
# The obligations binding any of some bodies, with their document's standing (a checklist keeps
# the current version's duties) and the clause that states each.
CHECKLIST_OBLIGATIONS = f"""
UNWIND $keys AS key
MATCH (o:{Label.OBLIGATION})-[:{Rel.BINDS}]->(b:{Label.BODY} {{key: key}})
MATCH (d:{Label.DOCUMENT} {{id: o.document_id}})
RETURN o.id AS id, b.key AS body_key, b.name AS body, o.document_id AS document_id,
       d.title AS document_title, d.kind AS document_kind, d.work_key AS work_key,
       d.is_current AS is_current, d.status AS status, o.clause_id AS clause_id,
       o.modality AS modality, o.cue AS cue, o.action AS action, o.text AS text,
       o.start AS start, o.end AS end, o.deadline AS deadline, o.frequency AS frequency
"""

# Clauses by id with what a checklist row shows of them and the parent to walk up to a chapter.
CLAUSES_BY_ID = f"""
UNWIND $ids AS id
MATCH (c:{Label.CLAUSE} {{id: id}})
RETURN c.id AS id, c.document_id AS document_id, c.parent_id AS parent_id, c.kind AS kind,
       c.locator AS locator, c.heading AS heading, c.text AS text, c.start AS start,
       c.end AS end, c.path AS path
"""

# The documents that hold inspection items (scoring standards, notices with items).
ITEM_DOCUMENTS = f"""
MATCH (d:{Label.DOCUMENT}) WHERE (d)<-[:{Rel.ITEM_OF}]-(:{Label.INSPECTION_ITEM})
RETURN d.id AS id, d.title AS title, d.kind AS kind, d.is_current AS is_current,
       d.status AS status
"""

# A clause of a document by its path (the current version's article a citation names).
CLAUSE_AT_PATH = f"""
MATCH (c:{Label.CLAUSE} {{document_id: $document_id, path: $path}})
RETURN c.id AS id, c.locator AS locator, c.text AS text
"""

# -- penalties (罚则, ingest/penalties.py) -----------------------------------------------------
_PENALISED_LITERAL = "{" + ", ".join(f"`{p}`: r.props.`{p}`" for p in PENALISED_BY_PROPERTIES) + "}"

# (duty Clause)-[:PENALISED_BY]->(penalty Clause): both ends are clauses of one document created
# in the same transaction, so every row must find both (the loader checks the count).
CREATE_PENALTY_LINKS = f"""
UNWIND $rows AS r
MATCH (a:{Label.CLAUSE} {{id: r.start}})
MATCH (b:{Label.CLAUSE} {{id: r.end}})
CREATE (a)-[x:{Rel.PENALISED_BY} {_PENALISED_LITERAL}]->(b)
RETURN count(x) AS n
"""

# The penalty clauses of clauses asked for: links from the clause itself, from its paragraphs
# (an article's duty is often stated in one of them) and from the article or paragraph holding
# it (an item's duty is its paragraph's). Ids are paths (doc#ch_1/art_3/para_2), so prefixes
# are ancestors; the edges are few (one per duty), so the scan over them is cheap.
# The duty clause is the asked clause, one of its parts or the clause holding it: all in the
# asked clause's document, which its index narrows to (not every clause of the graph).
PENALTIES_OF = f"""
UNWIND $ids AS id
MATCH (a:{Label.CLAUSE} {{id: id}})
MATCH (d:{Label.CLAUSE} {{document_id: a.document_id}})-[p:{Rel.PENALISED_BY}]->(pc:{Label.CLAUSE})
WHERE d.id = id OR d.id STARTS WITH id + '/' OR id STARTS WITH d.id + '/'
RETURN id AS asked, d.id AS duty_clause_id, d.locator AS duty_locator, pc.id AS clause_id,
       pc.locator AS locator, pc.text AS text, pc.document_id AS document_id, p.how AS how,
       p.raw AS raw, p.start AS start, p.end AS end, p.score AS score,
       p.sanctions AS sanctions, p.summary AS summary, p.imposed_by AS imposed_by,
       p.imposed_by_raw AS imposed_by_raw
ORDER BY asked, pc.start
"""


# -- copying a store into another (graph/migrate.py) -------------------------------------------
def copy_nodes(label: Label) -> str:
    """Create a page of nodes as they were read (the target starts empty)."""
    return f"UNWIND $rows AS r CREATE (n:{label}) SET n = r"


def copy_relationships(rel: Rel, start: Label, end: Label) -> str:
    """Create a page of edges between nodes copied before, found by their keys."""
    return (
        f"UNWIND $rows AS r MATCH (a:{start} {{{_key(start)}: r.start}}) "
        f"MATCH (b:{end} {{{_key(end)}: r.end}}) CREATE (a)-[e:{rel}]->(b) SET e = r.props"
    )


COUNT_ALL = "MATCH (n) RETURN count(n) AS n"

# Obligations of some documents that name no body (医疗废物的暂时贮存设施应当定期消毒): a checklist
# reads them as the party's where another paragraph of the same article binds the party.
CHECKLIST_UNBOUND_OBLIGATIONS = f"""
UNWIND $ids AS doc
MATCH (o:{Label.OBLIGATION} {{document_id: doc}})
WHERE size(coalesce(o.body_keys, [])) = 0
MATCH (d:{Label.DOCUMENT} {{id: o.document_id}})
RETURN o.id AS id, null AS body_key, null AS body, o.document_id AS document_id,
       d.title AS document_title, d.kind AS document_kind, d.work_key AS work_key,
       d.is_current AS is_current, d.status AS status, o.clause_id AS clause_id,
       o.modality AS modality, o.cue AS cue, o.action AS action, o.text AS text,
       o.start AS start, o.end AS end, o.deadline AS deadline, o.frequency AS frequency
"""
