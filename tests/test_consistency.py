"""The search index follows the graph: what a load replaced or failed never stays searchable.

Real embedded graph, real index, real encoder; the facade (``Regkg``) is what CLI and API call.
"""

from __future__ import annotations

from pathlib import Path

from api.services import Regkg
from graph import GraphStore
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
