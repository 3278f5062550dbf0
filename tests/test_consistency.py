"""The search index follows the graph: what a load replaced or failed never stays searchable.

Real embedded graph, real index, real encoder; the facade (``Regkg``) is what CLI and API call.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from api.services import Regkg
from graph import GraphStore
from search.dense import TextEncoder
from tests.api_support import service_over, settings_for

NOTICE_V1 = (
    "关于加强院内感染防控工作的通知\n\n"
    "一、各科室应当每月开展一次手卫生依从性自查，结果报医院感染管理科。\n"
    "二、发热门诊应当设置独立候诊区，与普通门诊分开。\n"
)
NOTICE_V2 = (
    "关于加强院内感染防控工作的通知\n\n"
    "一、各科室应当每周开展一次手卫生依从性自查，结果报医院感染管理科。\n"
    "二、预检分诊点应当配备体温检测设备和防护用品。\n"
)


def _documents_found(svc: Regkg, question: str) -> set[str]:
    return {hit.document_id for hit in svc.search(question, top_k=20, expand=False)}


@pytest.mark.slow
def test_a_corrected_upload_leaves_no_ghost_of_the_old_text(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    svc = service_over(settings_for(tmp_path), empty_store, None)
    first = svc.ingest_files([("通知.txt", NOTICE_V1.encode())])
    old_id = first.documents[0].document_id
    assert old_id in _documents_found(svc, "发热门诊独立候诊区")

    second = svc.ingest_files([("通知.txt", NOTICE_V2.encode())])
    new_id = second.documents[0].document_id
    assert new_id != old_id
    assert {row.id for row in empty_store.documents()} == {new_id}
    units = {u.document_id for u in svc.searcher.units}
    assert units == {new_id}, "the replaced version's units must leave the index"
    assert old_id not in _documents_found(svc, "发热门诊独立候诊区")
    assert new_id in _documents_found(svc, "预检分诊点体温检测")


# ``encoder``: the shipped default, loaded once per run (tests/conftest.py).


def test_a_second_process_writes_and_the_first_one_sees_it_without_losing_it(
    tmp_path: Path, encoder: TextEncoder
) -> None:
    """Two searchers on one folder stand for `regkg serve` and a CLI `regkg ingest`: the
    second one's documents reach the first one's searches, and the first one's next write
    keeps them (it reads the newer generation in before it writes)."""
    from ingest import ingest_bytes
    from search import Searcher

    folder = tmp_path / "index"
    serving = Searcher.open(folder, encoder)
    cli = Searcher.open(folder, encoder)
    batch = ingest_bytes([("a.txt", NOTICE_V1.encode()), ("b.txt", NOTICE_V2.encode())])
    first, second = batch.documents

    cli.add_documents([first])
    assert {h.document_id for h in serving.search("发热门诊独立候诊区", top_k=5)} == {
        first.document.id
    }
    serving.add_documents([second])
    assert {u.document_id for u in Searcher.open(folder, encoder).units} == {
        first.document.id,
        second.document.id,
    }
    cli.remove_documents([second.document.id])
    assert {h.document_id for h in serving.search("预检分诊点体温检测", top_k=5)} == {
        first.document.id
    }


@pytest.mark.slow
def test_the_service_heals_when_its_graph_server_is_killed(
    tmp_path: Path, encoder: TextEncoder
) -> None:
    """kill -9 of the embedded graph server: the next request restarts it on a new port and
    reconnects; nothing committed is lost and search never fails meanwhile."""
    import os
    import signal

    from graph.server import server_status, stop_server
    from search import Searcher

    settings = settings_for(tmp_path)
    svc = Regkg(settings, searcher=Searcher.open(settings.index_dir, encoder))
    try:
        loaded = svc.ingest_files([("通知.txt", NOTICE_V1.encode())])
        assert loaded.loaded == 1
        before = server_status(settings.graph_home)
        os.kill(int(before["pid"]), signal.SIGKILL)

        answer = svc.search_answer("发热门诊独立候诊区", top_k=3)  # answered, graph or not
        assert answer.hits and answer.hits[0].document_id == loaded.documents[0].document_id
        assert {row.id for row in svc.store.documents()} == {loaded.documents[0].document_id}
        after = server_status(settings.graph_home)
        assert after["running"] and after["pid"] != before["pid"]
        assert svc.search_answer("发热门诊独立候诊区", top_k=3).note is None  # expanded again
    finally:
        svc.close()
        stop_server(settings.graph_home)


def test_check_finds_and_repairs_what_a_crash_left_apart(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """A load committed to the graph but never indexed (a kill between the two), and units of a
    document the graph no longer holds: `check` names both, `check(repair=True)` fixes both."""
    from graph import load
    from ingest import ingest_bytes

    svc = service_over(settings_for(tmp_path), empty_store, None)
    assert svc.check().agrees

    committed_only = ingest_bytes([("通知.txt", NOTICE_V1.encode())])
    assert not load(empty_store, committed_only).failed  # the graph has it, the index not
    ghost = ingest_bytes([("旧通知.txt", NOTICE_V2.encode())]).documents[0]
    svc.searcher.add_documents([ghost])  # the index has it, the graph not

    found = svc.check()
    held = committed_only.documents[0].document.id
    assert (found.missing, found.ghosts, found.agrees) == ([held], [ghost.document.id], False)

    repaired = svc.check(repair=True)
    assert repaired.repaired
    assert svc.check().agrees
    assert _documents_found(svc, "发热门诊独立候诊区") == {held}
    assert ghost.document.id not in {u.document_id for u in svc.searcher.units}


def test_a_load_leaves_graph_and_index_in_agreement(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """Two versions of one statute loaded in two uploads: the older one's status changes in
    the graph when the newer arrives, and the index follows."""
    from tests.conftest import CORPUS

    versions = sorted(CORPUS.rglob("医疗机构管理条例(*).md"))
    assert len(versions) >= 2, versions
    svc = service_over(settings_for(tmp_path), empty_store, None)
    for path in versions:
        svc.ingest_files([(path.name, path.read_bytes())])
        assert svc.check().agrees
    states = svc.searcher.document_states()
    assert sorted(s.status for s in states.values()).count("superseded") == len(versions) - 1


def test_an_unrelated_file_with_a_statutes_name_does_not_replace_it(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """Same file name, another title: both are kept and the answer says so; the same name
    and title is a corrected version and replaces the old one, and the answer names it."""
    svc = service_over(settings_for(tmp_path), empty_store, None)
    statute = svc.ingest_files([("规定.txt", NOTICE_V1.encode())]).documents[0]
    other = "关于做好秋冬季流感防控的通知\n\n一、各医疗机构应当加强预检分诊。\n"
    clash = svc.ingest_files([("规定.txt", other.encode())]).documents[0]
    assert {row.id for row in empty_store.documents()} == {statute.document_id, clash.document_id}
    assert clash.replaced == []
    assert any(p.startswith("name_clash") and statute.document_id in p for p in clash.problems)

    corrected = svc.ingest_files([("规定.txt", NOTICE_V2.encode())]).documents[0]
    assert corrected.replaced == [statute.document_id]
    held = {row.id for row in empty_store.documents()}
    assert held == {corrected.document_id, clash.document_id}
    assert svc.check().agrees


BADGE_NOTICE = (
    "关于规范工作人员佩带标牌的通知\n\n"
    "各科室：\n"
    "根据《医疗机构管理条例》第二十九条，工作人员上岗工作必须佩带标牌。\n"
    "一、各科室应当每周检查一次本科室人员佩带标牌的情况。\n"
)


@pytest.mark.slow
def test_a_newer_version_arriving_later_takes_the_citations_of_documents_indexed_before(
    empty_store: GraphStore, tmp_path: Path
) -> None:
    """A notice citing 条例第二十九条 is indexed while only the 2016 条例 is held; when the 2022
    version arrives, the graph links the citation to the current version's article, and the
    index follows without re-reading the notice: its hit cites the 2022 article, and that
    article's 被引用 lists the notice (before, they stayed on the superseded version)."""
    from tests.conftest import CORPUS

    older, newer = sorted(CORPUS.rglob("医疗机构管理条例(*).md"))
    svc = service_over(settings_for(tmp_path), empty_store, None)
    first = svc.ingest_files([(older.name, older.read_bytes())]).documents[0].document_id
    notice = svc.ingest_files([("标牌.txt", BADGE_NOTICE.encode())]).documents[0].document_id

    def refs() -> set[str]:
        return {r for u in svc.searcher.units if u.document_id == notice for r in u.cite_refs}

    assert refs() == {f"{first}#art_29"}
    second = svc.ingest_files([(newer.name, newer.read_bytes())]).documents[0].document_id
    assert refs() == {f"{second}#art_29"}
    assert svc.check().agrees
    cited = svc.searcher.article_rows[f"{second}#art_29"]
    assert [c for c in svc.searcher.cited_by.get(cited, ()) if "标牌" in c], svc.searcher.cited_by
    svc.delete_document(second)  # and back when it goes
    assert refs() == {f"{first}#art_29"}
    assert svc.check().agrees
