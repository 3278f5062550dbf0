"""Build a self-inspection checklist (自查清单) from the graph: for a kind of institution and some
topics or a scoring standard, the inspection items with their cited articles and the duties that
bind the institution, grouped by source work and chapter, deduplicated, each with a stable id.

Which rows a topic selects is api/checklist_topics.py; the records are api/checklist_model.py.
Only current versions give duties (a superseded or repealed version's clause is the same duty
in its current version, or none); drafts and the institution's own reports give none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from api.checklist_model import Checklist, Group, Requirement, SourceRef, requirement_id
from api.checklist_party import everyones, is_others_duty, own_text
from api.checklist_scope import list_lead, not_checkable
from api.checklist_topics import SEMANTIC_THRESHOLD, Topic, topic, without_listed_areas, words_in
from graph import checklist_rows
from ingest.locators import without_article_number

if TYPE_CHECKING:
    from graph.store import GraphStore
    from search.searcher import Searcher

# Documents whose sentences are not duties a checklist lists: a report states what was done, a
# judicial interpretation how a court reads the law (…的行为，应当认定为“销售”).
_NO_DUTIES = {"report", "judicial_interpretation"}
_OUT_OF_FORCE = {"superseded", "repealed", "draft"}
_CONDITIONAL_PERMISSION = {"方可"}  # …后，方可…: may only once a condition is met
# A kind of institution the body hierarchy has no node for is a medical institution.
_INSTITUTION = re.compile(
    r"(?:门诊部|诊所|医务室|卫生所|卫生室|卫生院|护理站|护理院|中心|医院|保健院|保健所|实验室|站)$"
)
_MEDICAL_INSTITUTION = "institution/medical_institution"
# The chapter of sanctions, and a clause that sanctions a breach (违反本条例规定…由…责令改正…罚款).
_PENALTY_CHAPTER = re.compile(r"法律责任|罚则")
_PENALTY_CLAUSE = re.compile(r"违反本.{0,12}规定.{0,120}?(?:责令|罚款|警告|吊销|处分)")
# A list item that only refers on (（六）法律、法规规定的其他义务) has nothing to check.
_CATCH_ALL = re.compile(
    r"^\s*[（(][一二三四五六七八九十]+[)）]\s*(?:法律|行政法规|法规|规章|国家)[^。；;]{0,16}"
    r"规定的其他[^。；;]{0,6}[。；;]?\s*$"
)
# A transitional duty of the time a text came into force (本条例实施前已经执业的医疗机构，应当在
# 条例实施后的6个月内…): spent long ago, not a standing requirement.
_TRANSITIONAL = re.compile(r"本(?:条例|法|办法|细则|规定)(?:施行|实施)(?:前|以前)")
_ANY_ORGANISATION = "organisation/单位"  # the body ingest names for 单位 with no kind


# -- the party ---------------------------------------------------------------------------------
def party_bodies(store: GraphStore, name: str) -> tuple[str, list[str], list[str]]:
    """The body a party names, and every body whose duties it bears: itself, its sub-bodies,
    the bodies above it (a duty of 医疗机构 binds a 医院), the bodies named by its head word
    (三级医院 bears 医院's duties, 医院 those of 三级医院) and the roles and committees inside an
    institution (its staff's duties are the institution's to check). Also notes to show."""
    notes: list[str] = []
    key = _party_key(store, name)
    if key is None and _INSTITUTION.search(name.strip()):
        key = _MEDICAL_INSTITUTION
        notes.append(f"{name} 没有单独的主体节点，按 医疗机构 的义务列出")
    if key is None:
        raise ValueError(
            f"no responsible body is named {name!r}; try 医疗机构, 医院, 三级医院, 诊所 or "
            "基层医疗卫生机构 (GET /api/bodies lists them)"
        )
    nodes = _flat(store)
    if key not in nodes:
        nodes[key] = {"key": key, "name": name, "parent_key": None}
    children: dict[str, list[str]] = {}
    for node in nodes.values():
        children.setdefault(node["parent_key"] or "", []).append(node["key"])
    keys = {key}
    todo = [key]
    while todo:  # sub-bodies
        for child in children.get(todo.pop(), []):
            if child not in keys:
                keys.add(child)
                todo.append(child)
    ancestors = []
    parent = nodes[key]["parent_key"]
    while parent and parent in nodes and parent not in ancestors:
        ancestors.append(parent)
        parent = nodes[parent]["parent_key"]
    keys.update(ancestors)
    own = nodes[key]["name"]
    for node in nodes.values():
        other = node["name"] or ""
        same_head = other and (own.endswith(other) or other.endswith(own))
        if same_head and node["key"].startswith("institution/"):
            keys.add(node["key"])
    if key.startswith("institution/") or _MEDICAL_INSTITUTION in ancestors:
        inside = [k for k in children.get(_MEDICAL_INSTITUTION, [])]
        keys.update(k for k in inside if k.startswith(("role/", "committee/")))
    return key, sorted(keys), notes


def _party_key(store: GraphStore, name: str) -> str | None:
    try:
        from ingest.bodies import keys_named
    except ImportError:  # an older ingest: the graph's names and aliases only
        return store.resolve_body(name)
    keys = keys_named(name)
    return keys[0] if len(keys) == 1 else store.resolve_body(name)


def _flat(store: GraphStore) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    todo = list(store.bodies())
    while todo:
        node = todo.pop()
        out[node.key] = {"key": node.key, "name": node.name, "parent_key": node.parent_key}
        todo.extend(node.children)
    return out


# -- building ----------------------------------------------------------------------------------
class _Semantic:
    """Cosine of an indexed clause with a topic description, from the search index's vectors."""

    def __init__(self, searcher: Searcher | None, topics: Sequence[Topic]) -> None:
        self.searcher = searcher
        self.vectors = (
            {t.name: searcher.query_vector(t.description) for t in topics} if searcher else {}
        )

    def score(self, clause_ids: Sequence[str | None], name: str) -> float:
        if self.searcher is None or name not in self.vectors:
            return 0.0
        rows = [self.searcher.row_of.get(c or "") for c in clause_ids]
        found = [r for r in rows if r is not None]
        if not found:
            return 0.0
        sims = self.searcher.dense.vectors[found] @ self.vectors[name]
        return float(sims.max())


def _why(
    text: str, work: str, clause_ids: Sequence[str | None], topics: Sequence[Topic], sem: _Semantic
) -> str:
    """Why the row is on a topic ("" when it is not): a word, the work's title, or meaning."""
    for t in topics:
        word = words_in(text, t.words)
        if word:
            return f"{t.name}：含“{word}”"
        title = words_in(work, t.titles)
        if title:
            return f"{t.name}：出自《{work}》"
        score = sem.score(clause_ids, t.name)
        if score >= SEMANTIC_THRESHOLD:
            return f"{t.name}：语义相近 {score:.2f}"
    return ""


def build_checklist(
    store: GraphStore,
    party: str,
    topics: Sequence[str] = (),
    standard: str | None = None,
    *,
    searcher: Searcher | None = None,
) -> Checklist:
    """The checklist of ``party`` on ``topics`` and/or every item of the scoring ``standard``."""
    wanted = [topic(t) for t in topics if t.strip()]
    if not wanted and not standard:
        raise ValueError("name a topic (e.g. 医疗废物) or a standard (a scoring standard's title)")
    _, keys, notes = party_bodies(store, party)
    sem = _Semantic(searcher, wanted)
    duties = _duty_rows(store, keys, wanted, sem) if wanted else []
    items, item_clauses = _item_rows(store, standard, wanted, sem)
    # A scored row's own duty sentence is its item's row, not a second one.
    duties = [d for d in duties if d.source.clause_id not in item_clauses]
    _link_items(items, duties)
    _attach_penalties(store, items + duties)
    groups = _grouped(items) + _grouped(duties)
    return Checklist(party, keys, [t.name for t in wanted], standard, groups, notes)


def _duty_rows(
    store: GraphStore, keys: list[str], topics: Sequence[Topic], sem: _Semantic
) -> list[Requirement]:
    by_clause: dict[str, list[dict[str, Any]]] = {}
    for o in checklist_rows.obligations_binding(store, keys):
        if _in_force_duty(o):
            by_clause.setdefault(o["clause_id"], []).append(o)
    anyone = [
        o
        for o in checklist_rows.obligations_binding(store, [_ANY_ORGANISATION])
        if _in_force_duty(o) and o["clause_id"] not in by_clause and everyones(o, topics)
    ]
    # A paragraph naming no body (暂时贮存设施应当定期消毒) in an article that binds the party
    # is the party's too: the article's first paragraph named who.
    documents = {o["document_id"] for found in by_clause.values() for o in found}
    unbound = [o for o in checklist_rows.unbound_obligations(store, documents) if _in_force_duty(o)]
    more = [o["clause_id"] for o in [*unbound, *anyone]]
    clauses = checklist_rows.with_ancestors(store, [*by_clause, *more])
    bound_articles = {_article_id(clauses, c) for c in by_clause} - {None}
    for o in unbound:
        if _article_id(clauses, o["clause_id"]) in bound_articles:
            by_clause.setdefault(o["clause_id"], []).append(o | {"body": "（同条所指主体）"})
        elif everyones(o, topics):  # 禁止任何单位和个人转让、买卖医疗废物
            by_clause.setdefault(o["clause_id"], []).append(o | {"body": "（任何单位和个人）"})
    for o in anyone:  # 任何单位或者个人，未取得《医疗机构执业许可证》…不得开展诊疗活动
        by_clause.setdefault(o["clause_id"], []).append(o | {"body": "（任何单位和个人）"})
    rows = []
    for clause_id, found in by_clause.items():
        clause = clauses.get(clause_id)
        if clause is None:
            continue
        article, chapter = checklist_rows.article_and_chapter(clauses, clause_id)
        if chapter is not None and _PENALTY_CHAPTER.search(chapter.get("heading") or ""):
            continue  # 法律责任: the sanctions of duties stated elsewhere, not duties
        text = clause["text"] or ""
        if _PENALTY_CLAUSE.search(text) or _CATCH_ALL.match(text) or _TRANSITIONAL.search(text):
            continue
        if is_others_duty([o["text"] or "" for o in found]):
            continue  # 检疫医师应当…, 集中处置单位…不得: bound to the party by a mere mention
        parent = clauses.get(clause.get("parent_id") or "") if clause["kind"] == "item" else None
        if not_checkable(
            [o["text"] or "" for o in found], list_lead((parent or {}).get("text") or "")
        ):
            continue  # 申请…应当具备下列条件, 应当加大…力度: nothing a running institution shows
        first = min(found, key=lambda o: o["start"] or 0)
        work = first["document_title"] or first["work_key"] or ""
        # The topic's words count in the party's own duties, not in another's or a permission.
        ids = [clause_id, article["id"] if article else None]
        why = _why(own_text(text), work, ids, topics, sem)
        if not why:
            continue
        locator = clause["locator"]
        rows.append(
            Requirement(
                id=requirement_id(clause_id, "obligation"),
                kind="obligation",
                group=_chapter_name(work, chapter),
                work=work,
                text=without_article_number(text),  # the number is the row's code
                source=SourceRef(
                    clause_id, first["document_id"], work, locator, clause["start"], clause["end"]
                ),
                code=locator,
                duties=[o["text"] for o in sorted(found, key=lambda o: o["start"] or 0)],
                modality=first["modality"],
                bodies=sorted({o["body"] for o in found if o["body"]}),
                deadline=next((o["deadline"] for o in found if o["deadline"]), None),
                frequency=next((o["frequency"] for o in found if o["frequency"]), None),
                cites=[{"article_id": article["id"]}] if article else [],
                matched=why,
            )
        )
    return _without_bare_leads(rows, clauses)


# A duty sentence that only announces a list: 购置、使用超声诊断仪应当符合下列条件：
_ANNOUNCES = re.compile(r"下列[^，。；]{0,12}[：:]\s*$")


def _without_bare_leads(
    rows: list[Requirement], clauses: dict[str, dict[str, Any]]
) -> list[Requirement]:
    """A clause whose only duty announces a list (…应当符合下列条件：) is not a row of its own
    when its items are rows: its text is theirs again, and the items are what staff check."""
    items = (clauses.get(r.source.clause_id) or {} for r in rows)
    parents = {c.get("parent_id") for c in items if c.get("kind") == "item"}
    return [
        r
        for r in rows
        if r.source.clause_id not in parents
        or not all(_ANNOUNCES.search(d.strip()) for d in r.duties if d.strip())
    ]


def _in_force_duty(o: dict[str, Any]) -> bool:
    """A duty or prohibition of a current version in force; a permission (可以) is no duty, but
    one granted only on a condition is: 污水达到排放标准后，方可排入 / 取得许可证后，方可执业 is
    what the party must have done first (ingest reads 方可 as a permission, and so it is)."""
    if o["document_kind"] in _NO_DUTIES or o["status"] in _OUT_OF_FORCE:
        return False
    duty = o["modality"] != "may" or o.get("cue") in _CONDITIONAL_PERMISSION
    return o["is_current"] is not False and bool(o["clause_id"]) and duty


def _article_id(clauses: dict[str, dict[str, Any]], clause_id: str | None) -> str | None:
    article, _ = checklist_rows.article_and_chapter(clauses, clause_id)
    return article["id"] if article else None


def _chapter_name(work: str, chapter: dict[str, Any] | None) -> str:
    if chapter is None:
        return work
    heading = " ".join(x for x in (chapter["locator"], chapter["heading"]) if x)
    return f"{work} · {heading}" if heading else work


def _item_rows(
    store: GraphStore, standard: str | None, topics: Sequence[Topic], sem: _Semantic
) -> tuple[list[Requirement], set[str]]:
    """The items on the list, and the clauses of every item in force (chosen or not)."""
    docs = [
        d
        for d in checklist_rows.item_documents(store)
        if d["status"] not in _OUT_OF_FORCE and d["is_current"] is not False
    ]
    items_of = {d["id"]: store.items_of(d["id"]) for d in docs}
    item_clauses = {i.clause_id or i.id for found in items_of.values() for i in found}
    if standard:
        docs = _standard_documents(store, standard, docs)
        if not docs:
            raise ValueError(
                f"no document with inspection items is titled {standard!r}; "
                "GET /api/documents lists them"
            )
    rows = []
    for doc in docs:
        seen: set[str] = set()
        for item in items_of[doc["id"]]:
            # A requirement listing several areas is no topic of each item under it.
            requirement = without_listed_areas(item.requirement or "")
            text = " ".join(x for x in (requirement, item.content, *item.criteria) if x)
            # One item read twice (a table row and its cell, 表5 2-3-1 and 2-3-1) is one row.
            if _plain(item.content) in seen:
                continue
            seen.add(_plain(item.content))
            cited = " ".join(c.target_title or "" for c in item.cites)
            why = "评分标准全部条目" if standard and not topics else ""
            if topics:
                why = _why(text + " " + cited, doc["title"] or "", [item.clause_id], topics, sem)
            if not why:
                continue
            clause_id = item.clause_id or item.id
            group = " · ".join(x for x in (doc["title"], item.table or item.section) if x)
            rows.append(
                Requirement(
                    id=requirement_id(clause_id, "item"),
                    kind="item",
                    group=group,
                    work=doc["title"] or "",
                    text=item.content,
                    source=SourceRef(
                        clause_id, item.document_id, doc["title"], item.code, item.start, item.end
                    ),
                    code=item.code,
                    requirement=item.requirement,
                    criteria=list(item.criteria),
                    points=item.points,
                    cites=[
                        {
                            "raw": c.raw,
                            "target_title": c.target_title,
                            "article": c.article,
                            "target_clause_id": c.target_clause_id,
                            "held": c.held,
                        }
                        for c in item.cites
                    ],
                    matched=why,
                )
            )
    return rows, item_clauses


def _plain(text: str) -> str:
    """An item's content without its code and table prefix, for telling repeats apart."""
    tail = text.rsplit("|", 1)[-1]
    return re.sub(r"^[\s\d\-.、]+", "", re.sub(r"\s+", "", tail))


def _standard_documents(
    store: GraphStore, standard: str, docs: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The item documents a standard names: by id, by (part of) its title, or its work's key."""
    cleaned = standard.strip().strip("《》")
    exact = [d for d in docs if cleaned in (d["id"], d["title"])]
    if exact:
        return exact
    partial = [d for d in docs if cleaned in (d["title"] or "")]
    if partial:
        return partial
    key = store.resolve_regulation(cleaned)
    return [d for d in docs if key and d["title"] == key]


def _link_items(items: list[Requirement], duties: list[Requirement]) -> None:
    """An item citing an article names the duty rows of that article: the duty is one row, with
    every item that checks it, however many items cite it."""
    by_article: dict[str, list[Requirement]] = {}
    for row in duties:
        for cite in row.cites:
            by_article.setdefault(cite["article_id"], []).append(row)
    for item in items:
        for cite in item.cites:
            for row in by_article.get(cite.get("target_clause_id") or "", []):
                if item.code and item.code not in row.items:
                    row.items.append(item.code)
                cite.setdefault("duty_ids", []).append(row.id)


def _attach_penalties(store: GraphStore, rows: list[Requirement]) -> None:
    """违反后果 from the penalty links (``penalties_for``, ingest/penalties.py): the sanctions of
    the row's clause, else of its article; and the penalty clause, to read it in full."""
    penalties_for = getattr(store, "penalties_for", None)
    if penalties_for is None or not rows:
        return
    asked = [r.source.clause_id for r in rows] + [a for r in rows for a in _cited(r)]
    found = penalties_for(list(dict.fromkeys(asked)))
    for row in rows:
        own = found.get(row.source.clause_id) or [p for a in _cited(row) for p in found.get(a, [])]
        summaries = list(dict.fromkeys(p.summary or p.text or "" for p in own))
        row.penalty = "／".join(s for s in summaries if s) or None
        row.penalty_clause_id = own[0].clause_id if own else None


def _cited(row: Requirement) -> list[str]:
    """A duty row's article, or the articles an item cites."""
    return [a for c in row.cites if (a := c.get("article_id") or c.get("target_clause_id"))]


def _grouped(rows: list[Requirement]) -> list[Group]:
    groups: dict[str, list[Requirement]] = {}
    for row in sorted(rows, key=lambda r: (r.work, r.source.start or 0, r.id)):
        groups.setdefault(row.group, []).append(row)
    return [Group(name, members) for name, members in groups.items()]
