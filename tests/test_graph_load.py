"""Loading on the embedded server: idempotent re-ingest, atomic documents, replaced versions,
deleted documents and the citations that follow the current version."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from graph import GraphStore, load
from graph.schema import Label, Rel
from ingest import ingest_paths
from ingest.models import IngestBatch, ParsedDocument, Repeal, RepealKind, Span

from .conftest import CORPUS, SEEDS

REGULATION_2016 = CORPUS / "admin_regulation" / "医疗机构管理条例(2016-02-06).md"
REGULATION_2022 = CORPUS / "admin_regulation" / "医疗机构管理条例(2022-03-29).md"
PHYSICIANS_LAW = CORPUS / "law" / "中华人民共和国医师法(2021-08-20).md"
NOTICE = """关于加强医疗机构执业管理的通知

一、各医疗机构应当按照《医疗机构管理条例》第二十条的规定悬挂执业许可证。
二、县级卫生健康行政部门应当每季度开展一次监督检查。
三、各医疗机构应当于6月30日前完成自查。
"""


@pytest.fixture(scope="module")
def small_batch() -> IngestBatch:
    return ingest_paths(
        [
            SEEDS / "000_e8441b651c306fc0.txt",
            SEEDS / "004_7640afe18d2e02d4.txt",
            REGULATION_2016,
            REGULATION_2022,
        ]
    )


def _notice(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_reloading_the_same_batch_changes_no_count(
    empty_store: GraphStore, small_batch: IngestBatch
) -> None:
    first = load(empty_store, small_batch)
    assert sorted(first.loaded) == sorted(p.document.id for p in small_batch.documents)
    before = empty_store.stats()
    second = load(empty_store, small_batch)
    assert not second.failed and second.replaced == []
    assert empty_store.stats() == before
    assert before["nodes"]["Document"] == 4


def test_a_document_failing_mid_load_leaves_the_graph_as_it_was(
    empty_store: GraphStore, small_batch: IngestBatch
) -> None:
    load(empty_store, small_batch)
    before = empty_store.stats()
    draft = small_batch.documents[1]
    last = draft.obligations[-1]
    # Only the server can find that the broken obligation's clause is missing: it fails after
    # the old version was deleted and the new document's clauses were written.
    broken = dataclasses.replace(last, clause_id=f"{draft.document.id}#no/such/clause")
    bad = dataclasses.replace(draft, obligations=(*draft.obligations[:-1], broken))
    report = load(empty_store, IngestBatch(documents=(bad,), bodies=small_batch.bodies))
    assert list(report.failed) == [draft.document.id]
    assert "missing clause" in report.failed[draft.document.id]
    assert empty_store.stats() == before
    assert len(empty_store.cited_by("医疗纠纷预防和处理条例")) == 1


def test_changed_source_replaces_its_old_version(empty_store: GraphStore, tmp_path: Path) -> None:
    notice = _notice(tmp_path, NOTICE)
    load(empty_store, ingest_paths([notice, REGULATION_2016, REGULATION_2022]))
    (old,) = [d for d in empty_store.documents() if d.source == str(notice)]
    article = empty_store.cited_by("医疗机构管理条例", article="第二十条")
    assert [(r.document_id, r.raw) for r in article] == [(old.id, "《医疗机构管理条例》第二十条")]
    current = empty_store.regulation("医疗机构管理条例")
    assert current is not None
    assert article[0].target_clause_id == f"{current.current_document_id}#art_20"

    shorter = NOTICE.replace("三、各医疗机构应当于6月30日前完成自查。\n", "")
    report = load(empty_store, ingest_paths([_notice(tmp_path, shorter)]))
    assert report.replaced == [old.id]
    docs = [d for d in empty_store.documents() if d.source == str(notice)]
    assert len(docs) == 1 and docs[0].id != old.id
    stale = empty_store.read("MATCH (n) WHERE n.document_id = $id RETURN count(n) AS n", id=old.id)
    assert stale == [{"n": 0}]
    again = empty_store.cited_by("医疗机构管理条例", article="第二十条")
    assert [r.document_id for r in again] == [docs[0].id]


def test_deleting_the_current_version_moves_article_citations(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    load(empty_store, ingest_paths([_notice(tmp_path, NOTICE), REGULATION_2016, REGULATION_2022]))
    newest, oldest = (v.document_id for v in reversed(empty_store.versions("医疗机构管理条例")))
    assert empty_store.delete_document(newest) is True
    assert empty_store.delete_document(newest) is False
    (version,) = empty_store.versions("医疗机构管理条例")
    assert (version.document_id, version.is_current, version.status) == (oldest, True, "in_force")
    (row,) = empty_store.cited_by("医疗机构管理条例", article="第二十条")
    assert row.target_clause_id == f"{oldest}#art_20"
    empty_store.delete_document(oldest)
    regulation = empty_store.regulation("医疗机构管理条例")
    assert regulation is not None and regulation.held is False
    (row,) = empty_store.cited_by("医疗机构管理条例")
    assert row.target_clause_id is None


def test_concurrent_loads_merge_one_shared_regulation(empty_store: GraphStore) -> None:
    """Seeds 000 and 001 both cite the unheld 医疗质量管理办法; loaded at once, they must share
    one node (ArcadeDB reports the racing MERGE as a constraint error, which the store retries)."""
    from concurrent.futures import ThreadPoolExecutor

    batches = [
        ingest_paths([SEEDS / "000_e8441b651c306fc0.txt"]),
        ingest_paths([SEEDS / "001_68de7e2d6fa5fde6.txt"]),
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(lambda b: load(empty_store, b), batches))
    assert [r.failed for r in reports] == [{}, {}]
    count = empty_store.read(
        "MATCH (g:Regulation {key: $key}) RETURN count(g) AS n", key="医疗质量管理办法"
    )
    assert count == [{"n": 1}]
    citing = {r.document_title for r in empty_store.cited_by("医疗质量管理办法")}
    assert citing == {"2024年度自查工作开展情况总结", "中卫市2020年“医疗质量提升年”实施方案"}


def _broken(draft: ParsedDocument, found_by: str) -> ParsedDocument:
    if found_by == "server":  # mid-transaction, after the group's clauses were written
        last = draft.obligations[-1]
        broken = dataclasses.replace(last, clause_id=f"{draft.document.id}#no/such")
        return dataclasses.replace(draft, obligations=(*draft.obligations[:-1], broken))
    # the client, while it builds the group's rows (a clause whose parent is not in the document)
    orphan = dataclasses.replace(draft.clauses[-1], parent_id=f"{draft.document.id}#no/such")
    return dataclasses.replace(draft, clauses=(*draft.clauses[:-1], orphan))


@pytest.mark.parametrize("found_by", ["server", "client"])
def test_a_failing_document_among_others_fails_alone(
    empty_store: GraphStore, graph_home: Path, small_batch: IngestBatch, found_by: str
) -> None:
    """Documents share a write transaction; when one of them fails, the others still load
    and the graph holds exactly what loading them without it gives."""
    from graph.loader import GROUP_ROWS

    from .conftest import store_in

    docs = small_batch.documents
    assert sum(len(p.clauses) + len(p.obligations) for p in docs[:3]) < GROUP_ROWS * 3
    draft = docs[1]
    bad = _broken(draft, found_by)
    report = load(empty_store, dataclasses.replace(small_batch, documents=(docs[0], bad, docs[2])))
    assert list(report.failed) == [draft.document.id]
    assert "missing" in report.failed[draft.document.id]
    assert report.loaded == [docs[0].document.id, docs[2].document.id]
    alone = store_in(graph_home, f"t_failing_document_reference_{found_by}")
    try:
        load(alone, dataclasses.replace(small_batch, documents=(docs[0], docs[2])))
        assert empty_store.stats() == alone.stats()
    finally:
        alone.close()


def _graph(store: GraphStore) -> tuple[list[str], list[str]]:
    """Every node and relationship with its properties, in a comparable order."""
    nodes = sorted(
        repr((label, sorted(n.items()))) for label in Label for n in store.iter_nodes(label)
    )
    rels = sorted(
        repr((r.type, r.start_key, r.end_key, sorted(r.properties.items())))
        for rel in Rel
        for r in store.iter_relationships(rel)
    )
    return nodes, rels


@pytest.mark.slow
def test_documents_written_together_equal_documents_written_one_by_one(
    empty_store: GraphStore, graph_home: Path, small_batch: IngestBatch
) -> None:
    """A group's documents share each statement; the graph is the one that loading them one
    document at a time gives, node for node and edge for edge."""
    from .conftest import store_in

    report = load(empty_store, small_batch)
    assert report.loaded == [p.document.id for p in small_batch.documents]
    alone = store_in(graph_home, "t_documents_one_by_one_reference")
    try:
        for parsed in small_batch.documents:
            load(alone, dataclasses.replace(small_batch, documents=(parsed,)))
        assert _graph(empty_store) == _graph(alone)
    finally:
        alone.close()


def test_a_later_document_of_one_source_replaces_the_earlier_in_the_same_batch(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """Two versions of one file in a batch: the later replaces the earlier, as when they come
    in two batches, although both are small enough to share a write transaction."""
    (first,) = ingest_paths([_notice(tmp_path, NOTICE)]).documents
    shorter = NOTICE.replace("三、各医疗机构应当于6月30日前完成自查。\n", "")
    later = ingest_paths([_notice(tmp_path, shorter)])
    (second,) = later.documents
    assert first.document.source == second.document.source
    assert first.document.id != second.document.id
    report = load(empty_store, dataclasses.replace(later, documents=(first, second)))
    assert report.loaded == [first.document.id, second.document.id]
    assert report.replaced == [first.document.id]
    assert [d.id for d in empty_store.documents()] == [second.document.id]
    stale = empty_store.read(
        "MATCH (n) WHERE n.document_id = $id RETURN count(n) AS n", id=first.document.id
    )
    assert stale == [{"n": 0}]


def test_pages_of_citations_join_up_across_work_and_article_edges(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """A work's citations end at the work node or, relinked, at an article of its current
    version: one page runs on from the first kind into the second without loss or repeat."""
    notice = (
        NOTICE
        + "四、各医疗机构应当严格执行《医疗机构管理条例》和《医疗机构管理条例》第二十四条。\n"
    )
    load(empty_store, ingest_paths([_notice(tmp_path, notice), REGULATION_2016, REGULATION_2022]))
    every = empty_store.cited_by("医疗机构管理条例", limit=1000)
    assert {r.target_clause_id is None for r in every} == {True, False}
    paged = [
        row
        for i in range(len(every))
        for row in empty_store.cited_by("医疗机构管理条例", limit=1, offset=i)
    ]
    assert paged == every
    assert len({(r.clause_id, r.raw) for r in every}) == len(every)


def test_pages_of_an_articles_citations_join_up_across_clause_and_work_edges(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """An article's citations end at its clauses in the current version or, when the version
    lacks the part they name (第五款), at the work: walked from both, they are exactly those
    the work's target_key index holds for the article, and pages run on without loss or repeat."""
    notice = NOTICE + (
        "四、各医疗机构应当遵守《医疗机构管理条例》第二十条第二款"
        "和《医疗机构管理条例》第二十条第五款，以及《医疗机构管理条例》第二十一条。\n"
    )
    load(empty_store, ingest_paths([_notice(tmp_path, notice), REGULATION_2016, REGULATION_2022]))
    every = empty_store.cited_by("医疗机构管理条例", article="第二十条", limit=1000)
    assert sorted(r.article_path or "" for r in every) == [
        "art_20",
        "art_20/para_2",
        "art_20/para_5",
    ]
    current = empty_store.regulation("医疗机构管理条例")
    assert current is not None
    assert {r.article_path: r.target_clause_id for r in every} == {
        "art_20": f"{current.current_document_id}#art_20",
        "art_20/para_2": f"{current.current_document_id}#art_20/para_2",
        "art_20/para_5": None,
    }
    indexed = empty_store.read(
        "MATCH (s)-[e:CITES]->() WHERE e.target_key = $key "
        "AND (e.article_path = 'art_20' OR e.article_path STARTS WITH 'art_20/') "
        "RETURN s.id AS source, e.raw AS raw",
        key="医疗机构管理条例",
    )
    assert sorted((r["source"], r["raw"]) for r in indexed) == sorted(
        (r.clause_id, r.raw) for r in every
    )
    paged = [
        row
        for i in range(len(every))
        for row in empty_store.cited_by("医疗机构管理条例", article="第二十条", limit=1, offset=i)
    ]
    assert paged == every


def test_obligations_binding_no_body_load_and_a_missing_body_fails_the_document(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """Obligations name their bodies by position in the statement's body list: a group whose
    obligations bind none still loads them, and a body that is not in the graph writes nothing."""
    from graph.errors import GraphError
    from graph.load_rows import obligation_rows
    from graph.loader import _write_obligations

    batch = ingest_paths([_notice(tmp_path, "各医疗机构应当于6月30日前完成自查。\n")])
    parsed = batch.documents[0]
    assert parsed.obligations
    unbound = dataclasses.replace(
        parsed, obligations=tuple(dataclasses.replace(o, body_keys=()) for o in parsed.obligations)
    )
    report = load(empty_store, IngestBatch(documents=(unbound,), bodies=()))
    assert not report.failed
    assert empty_store.stats()["nodes"]["Obligation"] == len(parsed.obligations)

    stranger = dataclasses.replace(
        parsed,
        obligations=tuple(
            dataclasses.replace(o, body_keys=("no/such/body",)) for o in parsed.obligations
        ),
    )
    with pytest.raises(GraphError, match="missing clause or body"):
        empty_store.write(lambda tx: _write_obligations(tx, *obligation_rows([stranger])))


@pytest.mark.parametrize("cited_first", [False, True])
@pytest.mark.parametrize("group_rows", [1, 2000])
@pytest.mark.slow
def test_citations_at_articles_on_load_equal_moved_ones(
    empty_store: GraphStore,
    graph_home: Path,
    tmp_path: Path,
    cited_first: bool,
    group_rows: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A citation of an article of a work the batch holds is written at that article (or at
    the work, when the version comes in a later transaction: one document per group and the
    notice first); the graph is the one that writing every such citation at the work and moving
    it afterwards gives."""
    import graph.load_rows
    import graph.loader

    from .conftest import store_in

    monkeypatch.setattr(graph.loader, "GROUP_ROWS", group_rows)

    ingested = ingest_paths([_notice(tmp_path, NOTICE), REGULATION_2016, REGULATION_2022])
    notice, *versions = ingested.documents
    order = (*versions, notice) if cited_first else (notice, *versions)
    batch = dataclasses.replace(ingested, documents=order)
    placed = graph.load_rows.batch_articles(batch)
    assert placed["医疗机构管理条例"]["art_20"].startswith(versions[1].document.id)
    load(empty_store, batch)
    assert [r.target_clause_id for r in empty_store.cited_by("医疗机构管理条例")] == [
        placed["医疗机构管理条例"]["art_20"]
    ]
    moved = store_in(graph_home, f"t_citations_moved_reference_{cited_first}_{group_rows}")
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(graph.loader, "batch_articles", lambda batch: {})
            load(moved, batch)
        assert _graph(empty_store) == _graph(moved)
    finally:
        moved.close()


# -- repeal and replacement ----------------------------------------------------------------------
def with_repeal(
    parsed: ParsedDocument, sentence: str, target: str, kind: RepealKind = RepealKind.REPEALS
) -> ParsedDocument:
    """The document with one repeal of ``target``, said by the innermost clause holding
    ``sentence`` (what ingest's repeal finder gives; set here so the graph side is tested alone)."""
    start = parsed.document.text.index(sentence)
    clause = min(
        (c for c in parsed.clauses if c.span.start <= start < c.span.end),
        key=lambda c: c.span.end - c.span.start,
    )
    repeal = Repeal(
        id=f"{parsed.document.id}:repeal:0",
        document_id=parsed.document.id,
        clause_id=clause.id,
        kind=kind,
        raw=sentence,
        span=Span(start, start + len(sentence)),
        target_title=target,
    )
    return dataclasses.replace(parsed, repeals=(repeal,))


def test_a_repealed_work_not_held_is_a_node_with_its_status_and_repealer(
    empty_store: GraphStore,
) -> None:
    """医师法 第六十七条 "《中华人民共和国执业医师法》同时废止": the old law is not held."""
    batch = ingest_paths([PHYSICIANS_LAW])
    (law,) = batch.documents
    repealing = with_repeal(law, "《中华人民共和国执业医师法》同时废止", "中华人民共和国执业医师法")
    assert not load(empty_store, dataclasses.replace(batch, documents=(repealing,))).failed
    old = empty_store.regulation("中华人民共和国执业医师法")
    assert old is not None and (old.held, old.status) == (False, "repealed")
    (by,) = old.repealed_by
    assert (by.document_id, by.kind, by.locator) == (law.document.id, "repeals", "第六十七条")
    assert by.raw == "《中华人民共和国执业医师法》同时废止"
    edges = list(empty_store.iter_relationships(Rel.REPEALS))
    assert [(e.start_key, e.end_key, e.properties["clause_id"]) for e in edges] == [
        (law.document.id, "中华人民共和国执业医师法", by.clause_id)
    ]
    assert {"id", "kind", "raw", "start", "end"} <= set(edges[0].properties)
    # The repealing law itself is untouched by its own repeal clause.
    new = empty_store.regulation("中华人民共和国医师法")
    assert new is not None and new.status != "repealed" and new.repealed_by == []
    # Loaded again without the repeal (a corrected finder): the old work, still cited, is no
    # longer repealed.
    load(empty_store, dataclasses.replace(batch, documents=(dataclasses.replace(law, repeals=()),)))
    cited = empty_store.regulation("中华人民共和国执业医师法")
    assert cited is not None and (cited.status, cited.repealed_by) == (None, [])


def _statuses(store: GraphStore) -> list[tuple[str | None, str | None]]:
    return [(v.version_date, v.status) for v in store.versions("医疗机构管理条例")]


@pytest.mark.parametrize("order", ["repealer_first", "repealed_first", "one_batch"])
@pytest.mark.parametrize("kind", ["repeals", "replaces"])
def test_repeal_in_any_load_order(
    empty_store: GraphStore, tmp_path: Path, order: str, kind: str
) -> None:
    """Every version of a repealed work takes the repeal's status whichever comes first, and
    gets its own back when the repealing document is deleted."""
    status = {"repeals": "repealed", "replaces": "superseded"}[kind]
    notice = NOTICE + "四、《医疗机构管理条例》同时废止。\n"
    (parsed,) = ingest_paths([_notice(tmp_path, notice)]).documents
    repealing = with_repeal(
        parsed, "《医疗机构管理条例》同时废止", "医疗机构管理条例", RepealKind(kind)
    )
    statutes = ingest_paths([REGULATION_2016, REGULATION_2022])
    first = IngestBatch(documents=(repealing,), bodies=statutes.bodies)
    if order == "one_batch":
        load(empty_store, dataclasses.replace(statutes, documents=(repealing, *statutes.documents)))
    else:
        batches = [first, statutes] if order == "repealer_first" else [statutes, first]
        for batch in batches:
            assert not load(empty_store, batch).failed
    assert _statuses(empty_store) == [("2016-02-06", status), ("2022-03-29", status)]
    work = empty_store.regulation("医疗机构管理条例")
    assert work is not None and work.held and work.status == status
    assert [r.document_id for r in work.repealed_by] == [parsed.document.id]
    assert empty_store.delete_document(parsed.document.id)
    assert _statuses(empty_store) == [("2016-02-06", "superseded"), ("2022-03-29", "in_force")]
    work = empty_store.regulation("医疗机构管理条例")
    assert work is not None and work.status == "in_force" and work.repealed_by == []


def test_new_record_fields_round_trip(empty_store: GraphStore) -> None:
    """A document's format, a clause's origin and an item's graded criteria, bonus and basis
    are written and read back as ingest gave them."""
    (table,) = ingest_paths([SEEDS / "003_589e6644b93518d1.txt"]).documents
    item = dataclasses.replace(
        table.inspection_items[0],
        criteria=("【C】有制度", "【B】有检查", "【A】持续改进"),
        bonus=1.5,
        basis="《医疗机构管理条例》第二十条",
    )
    clause = dataclasses.replace(table.clauses[0], origin="Sheet1 第5行")
    parsed = dataclasses.replace(
        table,
        document=dataclasses.replace(table.document, format="xlsx"),
        clauses=(clause, *table.clauses[1:]),
        inspection_items=(item, *table.inspection_items[1:]),
    )
    assert not load(empty_store, IngestBatch(documents=(parsed,), bodies=())).failed
    (doc,) = empty_store.documents()
    assert doc.format == "xlsx"
    context = empty_store.clause_context(clause.id)
    assert context is not None and context["clause"]["origin"] == "Sheet1 第5行"
    items = {i.id: i for i in empty_store.items_of(table.document.id)}
    assert len(items) == len(table.inspection_items)
    back = items[item.id]
    assert (back.criteria, back.bonus, back.basis) == (list(item.criteria), 1.5, item.basis)
    assert (back.code, back.points, back.start) == (item.code, item.points, item.span.start)
    assert items[table.inspection_items[1].id].criteria == []


@pytest.mark.parametrize("repealer", ["dated_2020", "draft"])
def test_repeal_dates_and_drafts(empty_store: GraphStore, tmp_path: Path, repealer: str) -> None:
    """A text of 2020 repealing 《医疗机构管理条例》 ends the 2016 version, not the 2022 one (the
    work enacted again); a draft (征求意见稿) saying the same ends nothing."""
    from datetime import date

    from ingest.models import Status

    notice = NOTICE + "四、《医疗机构管理条例》同时废止。\n"
    (parsed,) = ingest_paths([_notice(tmp_path, notice)]).documents
    document = dataclasses.replace(parsed.document, version_date=date(2020, 1, 1))
    if repealer == "draft":
        document = dataclasses.replace(document, status=Status.DRAFT)
    repealing = with_repeal(
        dataclasses.replace(parsed, document=document),
        "《医疗机构管理条例》同时废止",
        "医疗机构管理条例",
    )
    statutes = ingest_paths([REGULATION_2016, REGULATION_2022])
    load(empty_store, dataclasses.replace(statutes, documents=(*statutes.documents, repealing)))
    old = "repealed" if repealer == "dated_2020" else "superseded"
    assert _statuses(empty_store) == [("2016-02-06", old), ("2022-03-29", "in_force")]
    work = empty_store.regulation("医疗机构管理条例")
    assert work is not None and work.status == "in_force"
    expected = [] if repealer == "draft" else [parsed.document.id]
    assert [r.document_id for r in work.repealed_by] == expected
