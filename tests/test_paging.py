"""Long lists never cut silently: every list answer is {total, offset, limit, items}, pages add up
to the total, obligations filter by modality, document and level and state own vs sub-bodies,
and a name that matches nothing is a 404 with suggestions — on the real sample graph."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

NATIONAL = "国家卫生健康委"  # typed as people write it; the body is 国家卫生健康委员会


def _all_pages(client: TestClient, url: str, **params: Any) -> tuple[dict, list[dict]]:
    """The first page and every row, paging by ``offset`` until ``total`` is reached."""
    first = client.get(url, params={**params, "limit": 1000}).json()
    rows = list(first["items"])
    while len(rows) < first["total"]:
        more = client.get(url, params={**params, "limit": 1000, "offset": len(rows)}).json()
        assert more["items"], "a page before the total must not be empty"
        rows += more["items"]
    return first, rows


def test_obligations_state_own_and_sub_body_totals(client: TestClient) -> None:
    url = f"/api/bodies/{quote(NATIONAL)}/obligations"
    wide, rows = _all_pages(client, url)
    assert wide["body"]["key"] == "health_administration/national"
    assert wide["include_sub_bodies"] is True and wide["asked"] == NATIONAL
    assert wide["total"] == wide["with_sub_bodies_total"] == len(rows)
    assert len({r["id"] for r in rows}) == len(rows), "pages must not overlap"
    assert 0 < wide["own_total"] < wide["with_sub_bodies_total"]
    assert f"含下级机构 {wide['total']} 项，本机构 {wide['own_total']} 项" in wide["scope"]
    narrow, own = _all_pages(client, url, include_sub_bodies="false")
    assert narrow["total"] == wide["own_total"] == len(own)
    assert {r["id"] for r in own} <= {r["id"] for r in rows}
    page = client.get(url, params={"limit": 7, "offset": 3}).json()
    assert (page["total"], page["offset"], page["limit"]) == (wide["total"], 3, 7)
    assert [r["id"] for r in page["items"]] == [r["id"] for r in rows[3:10]]


@pytest.mark.slow
def test_obligations_filter_by_modality_document_and_level(client: TestClient) -> None:
    url = f"/api/bodies/{quote('医疗机构')}/obligations"
    every, rows = _all_pages(client, url)
    must_not, banned = _all_pages(client, url, modality="不得")
    assert must_not["modality"] == "must_not" and banned
    assert {r["id"] for r in banned} == {r["id"] for r in rows if r["modality"] == "must_not"}
    assert must_not["total"] == client.get(url, params={"modality": "must_not"}).json()["total"]
    stated, in_law = _all_pages(client, url, document="医疗机构管理条例")
    assert len(stated["documents"]) == 2 and in_law  # both versions of the work
    assert {r["document_title"] for r in in_law} == {"医疗机构管理条例"}
    assert {r["id"] for r in in_law} == {
        r["id"] for r in rows if r["document_id"] in stated["documents"]
    }
    docs = client.get("/api/documents", params={"limit": 1000}).json()["items"]
    national = {d["id"] for d in docs if d["level"] == "national"}
    level, in_national = _all_pages(client, url, level="国家")
    assert level["level"] == "national" and in_national
    assert {r["id"] for r in in_national} == {r["id"] for r in rows if r["document_id"] in national}
    assert every["total"] > level["total"] > 0


def test_bad_filters_and_unknown_names_say_what_there_is(client: TestClient) -> None:
    url = f"/api/bodies/{quote('医疗机构')}/obligations"
    bad = client.get(url, params={"modality": "perhaps"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "unknown_modality"
    missing = client.get(url, params={"document": "不存在的文件标题"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "unknown_document"
    unknown = client.get(f"/api/bodies/{quote('医生们的协会')}/obligations")
    assert unknown.status_code == 404
    error = unknown.json()["error"]
    assert error["code"] == "unknown_body" and error["suggestions"]
    assert error["message"] == (
        "没有找到名为“医生们的协会”的机构；您是否要找：" + "、".join(error["suggestions"])
    )
    typo = client.get(f"/api/regulations/{quote('医疗机构管里办法条例')}/cited-by").json()
    assert typo["error"]["code"] == "unknown_regulation"
    assert "医疗机构管理条例" in typo["error"]["suggestions"]


def test_a_short_form_finds_the_body(client: TestClient) -> None:
    body = client.get(f"/api/bodies/{quote('县卫健局')}/obligations").json()
    assert body["body"]["key"] == "health_administration/county" and body["total"] > 0


def test_cited_by_counts_every_row_and_each_kind(client: TestClient) -> None:
    url = f"/api/regulations/{quote('医疗废物管理条例')}/cited-by"
    first, rows = _all_pages(client, url)
    assert first["total"] == len(rows) == sum(first["by_kind"].values())
    assert first["by_kind"]["item"] == sum(1 for r in rows if r["kind"] == "item")
    assert first["total"] >= 2
    small = client.get(url, params={"limit": 1, "offset": 1}).json()
    assert small["total"] == first["total"] and small["items"] == rows[1:2]
    items = client.get(url, params={"kind": "检查项"}).json()
    assert items["kinds"] == ["item"] and items["total"] == first["by_kind"]["item"]


@pytest.mark.parametrize("path", ["/api/documents", "/api/regulations", "/api/bodies"])
def test_lists_are_pages_with_totals(client: TestClient, path: str) -> None:
    first, rows = _all_pages(client, path)
    assert first["total"] == len(rows) > 0
    page = client.get(path, params={"limit": 3, "offset": 2}).json()
    assert (page["total"], page["offset"], page["limit"]) == (first["total"], 2, 3)
    assert page["items"] == rows[2:5]


def test_openapi_names_the_page_shapes(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for name in ("BodyObligations", "CitedByOut", "DocumentsPage", "RegulationsPage", "ItemsPage"):
        assert {"total", "offset", "limit", "items"} <= set(schemas[name]["properties"]), name
    assert "suggestions" in schemas["ErrorDetail"]["properties"]
    answer = spec["paths"]["/api/documents"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["$ref"].endswith("DocumentsPage")
