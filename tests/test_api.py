"""HTTP API tests on the real app: the sample corpus in the embedded graph and a real index.

Reads go through FastAPI's TestClient; writes run on a fresh empty database of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from api.app import create_app
from api.settings import Settings
from graph import GraphStore
from ingest.models import IngestBatch
from tests.api_support import API_KEY, service_over, settings_for

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
REPORT_SEED = "000_e8441b651c306fc0"  # the hospital's self-inspection report
TABLE_SEED = "003_589e6644b93518d1"  # the scoring table


def doc_id(batch: IngestBatch, source_stem: str) -> str:
    return next(
        p.document.id for p in batch.documents if Path(p.document.source).stem == source_stem
    )


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "suggestions"}
    assert "Traceback" not in body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


# -- health and page --------------------------------------------------------------------------
def test_healthz_counts_the_sample(client: TestClient, sample_batch: IngestBatch) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["graph"] and body["search"]
    assert body["writes_enabled"] is True
    assert body["counts"]["nodes.Document"] == len(sample_batch.documents) == 146
    assert body["counts"]["nodes.Clause"] == sum(len(p.clauses) for p in sample_batch.documents)


def test_web_page_is_served_without_any_cdn(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "卫生健康法规知识图谱" in page.text
    for asset in ("/static/app.js", "/static/app.css"):
        assert client.get(asset).status_code == 200
    script = client.get("/static/app.js").text
    assert "http://" not in script and "https://" not in script
    assert "#/regulation/" in script and "#/clause/" in script


# -- search -----------------------------------------------------------------------------------
def test_search_finds_the_licence_display_article(client: TestClient) -> None:
    q = "医疗机构执业许可证应当悬挂在哪里"
    body = client.get("/api/search", params={"q": q, "top_k": 5}).json()
    assert body["query"] == q and len(body["hits"]) == 5
    top = [h for h in body["hits"] if h["document_title"] == "医疗机构管理条例"]
    assert any("悬挂于明显处所" in h["text"] for h in top)
    for hit in body["hits"]:
        for start, end in hit["highlights"]:
            assert 0 <= start < end <= len(hit["text"])
        assert hit["score"] > 0 and set(hit["scores"]) <= {"lexical", "dense", "graph"}
    # the card's 效力级别, 发布机关, 施行日期 come with each hit, from the graph
    facts = top[0]["document_facts"]
    assert facts["kind"] == "administrative_regulation" and facts["level"] == "national"
    assert facts["issuers"] == ["国务院"] and facts["effective"]


def test_search_pages_by_offset(client: TestClient) -> None:
    q = "传染病疫情报告"
    ten = client.get("/api/search", params={"q": q, "top_k": 10}).json()["hits"]
    second = client.get("/api/search", params={"q": q, "top_k": 5, "offset": 5}).json()
    assert second["offset"] == 5
    assert [h["clause_id"] for h in second["hits"]] == [h["clause_id"] for h in ten[5:10]]


def test_search_filters(client: TestClient) -> None:
    laws = client.get("/api/search", params={"q": "执业注册", "kind": "law"}).json()["hits"]
    assert laws and {h["document_kind"] for h in laws} == {"law"}
    current = client.get(
        "/api/search", params={"q": "医疗机构校验", "current_only": "true"}
    ).json()["hits"]
    assert current and all(h["is_current"] for h in current)
    assert all(h["status"] != "superseded" for h in current)


def test_search_says_nothing_found_and_offers_the_closest(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "今天天气怎么样"}).json()
    assert body["answered"] is False and body["hits"] == []
    assert body["note"].startswith("未找到相关条款") and body["closest"]
    assert all(h["relevance_label"] == "低" for h in body["closest"][:3])


def test_search_shows_current_text_first_with_versions_folded(client: TestClient) -> None:
    q = "医院员工上班不戴胸牌算违规吗？"
    body = client.get("/api/search", params={"q": q, "top_k": 5}).json()
    shown = body["hits"] + body["closest"]
    top = next(h for h in shown if h["document_title"] == "医疗机构管理条例")
    assert top["locator"] == "第二十九条" and top["is_current"]
    assert {"relation": "version", "same_text": True, "version_date": "2016-02-06"}.items() <= (
        top["versions"][0].items()
    )
    assert top["versions"][0]["note"] == "历史版本：2016-02-06 第三十条，文字相同"
    assert top["explanation"].startswith("相关度")
    every = client.get("/api/search", params={"q": q, "top_k": 5, "all_versions": "true"}).json()
    rows = every["hits"] + every["closest"]
    assert {"2016-02-06", "2022-03-29"} <= {
        h["version_date"] for h in rows if h["document_title"] == "医疗机构管理条例"
    }
    then = client.get("/api/search", params={"q": q, "top_k": 5, "as_of": "2020-01-01"}).json()
    assert all(
        h["version_date"] == "2016-02-06"
        for h in then["hits"] + then["closest"]
        if h["document_title"] == "医疗机构管理条例"
    )


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"q": "医疗", "as_of": "yesterday"}, "invalid_request"),
        ({"q": "医" * 501}, "query_too_long"),
        ({"q": "   "}, "empty_query"),
        ({"q": "医疗", "top_k": 0}, "invalid_request"),
        ({"q": "医疗", "kind": "novel"}, "invalid_request"),
        ({}, "invalid_request"),
    ],
)
def test_search_rejects_bad_input_as_json(client: TestClient, params: dict, code: str) -> None:
    assert_error(client.get("/api/search", params=params), 422, code)


# -- clauses and documents --------------------------------------------------------------------
def test_clause_comes_with_its_neighbours(client: TestClient) -> None:
    reg = client.get("/api/regulations/医疗机构管理条例/cited-by").json()["regulation"]
    clause_id = f"{reg['current_document_id']}#art_25"
    body = client.get("/api/clauses/" + quote(clause_id, safe="")).json()
    assert body["clause"]["locator"] == "第二十五条"
    assert body["clause"]["document_title"] == "医疗机构管理条例"
    assert "悬挂于明显处所" in body["clause"]["text"]
    assert [c["locator"] for c in body["previous"]] == ["第二十三条", "第二十四条"]
    assert [c["locator"] for c in body["following"]] == ["第二十六条", "第二十七条"]
    wide = client.get("/api/clauses/" + quote(clause_id, safe=""), params={"around": 0}).json()
    assert wide["previous"] == [] and wide["following"] == []


def test_clause_of_the_report_cites_regulations(
    client: TestClient, sample_batch: IngestBatch
) -> None:
    report = doc_id(sample_batch, REPORT_SEED)
    body = client.get("/api/clauses/" + quote(f"{report}#h_1", safe="")).json()
    titles = {c["target_title"] for c in body["cites"]}
    assert {"医疗机构管理条例", "医疗机构管理条例实施细则"} <= titles


def test_unknown_clause_is_a_json_404(client: TestClient) -> None:
    assert_error(client.get("/api/clauses/" + quote("nope#art_1", safe="")), 404, "not_found")


def test_documents_list_and_scoring_checklist(
    client: TestClient, sample_batch: IngestBatch, arcadedb_corpus: GraphStore
) -> None:
    docs = client.get("/api/documents").json()
    assert docs["total"] == 146 and len(docs["items"]) == docs["limit"] == 100
    table = doc_id(sample_batch, TABLE_SEED)
    detail = client.get(f"/api/documents/{table}").json()
    assert detail["kind"] == "scoring_standard"
    assert [n["locator"] for n in detail["outline"]][:2] == ["表1", "表2"]
    items = client.get(f"/api/documents/{table}/items", params={"limit": 1000}).json()["items"]
    expected = next(p for p in sample_batch.documents if p.document.id == table).inspection_items
    assert detail["item_count"] == len(items) == len(expected) > 50
    assert {i["code"] for i in items} == {i.code for i in expected}
    assert any(i["points"] is not None and i["points"] > 0 for i in items)
    # The items that name a regulation say which, as the graph links them.
    stored = {i.id: i.cites for i in arcadedb_corpus.items_of(table)}
    citing = [i for i in items if i["cites"]]
    assert len(citing) == sum(1 for c in stored.values() if c) >= 15
    for item in citing:
        assert [c["raw"] for c in item["cites"]] == [c.raw for c in stored[item["id"]]]
        assert all(c["target_title"] and "held" in c for c in item["cites"])
    assert {"criteria", "bonus", "basis"} <= set(items[0])


def test_unknown_document_is_a_json_404(client: TestClient) -> None:
    assert_error(client.get("/api/documents/none-such"), 404, "unknown_document")
    assert_error(client.get("/api/documents/none-such/items"), 404, "unknown_document")


# -- regulations ------------------------------------------------------------------------------
def test_regulations_most_cited_first_with_unheld_ones(client: TestClient) -> None:
    regs = client.get("/api/regulations", params={"limit": 1000}).json()["items"]
    counts = [r["cited_by_count"] for r in regs]
    assert counts == sorted(counts, reverse=True)
    by_key = {r["key"]: r for r in regs}
    assert by_key["医疗机构管理条例"]["held"] is True
    assert by_key["医疗机构管理条例"]["cited_by_count"] >= 1
    assert by_key["医疗质量管理办法"]["held"] is False  # cited by the seeds, not in the corpus


def test_cited_by_traces_the_report_and_its_misspelling(
    client: TestClient, sample_batch: IngestBatch
) -> None:
    report = doc_id(sample_batch, REPORT_SEED)
    body = client.get("/api/regulations/医疗机构管理条例/cited-by").json()
    from_report = [r for r in body["items"] if r["document_id"] == report]
    assert any("《医疗机构管理调条例》" in (r["raw"] or "") for r in from_report)
    assert any(r["raw"] == "《医疗机构管理条例》" for r in from_report)
    nodes = {n["id"]: n["label"] for n in body["graph"]["nodes"]}
    assert nodes["医疗机构管理条例"] == "Regulation" and nodes[report] == "Document"
    assert {"source": report, "target": "医疗机构管理条例", "type": "CITES"} in body["graph"][
        "edges"
    ]
    # The misspelt title as a key finds the same regulation.
    alias = client.get("/api/regulations/医疗机构管理调条例/cited-by").json()
    assert alias["regulation"]["key"] == "医疗机构管理条例"


def test_cited_by_filters_by_kind_and_shows_items(client: TestClient) -> None:
    url = "/api/regulations/医疗废物管理条例/cited-by"
    every = client.get(url, params={"limit": 1000}).json()
    assert {"item", "clause"} <= {r["kind"] for r in every["items"]}
    assert (
        sum(every["regulation"]["cited_by_kinds"].values()) == every["regulation"]["cited_by_count"]
    )
    items = client.get(url, params={"kind": "item", "limit": 1000}).json()
    assert items["kinds"] == ["item"]
    assert items["items"] == [r for r in every["items"] if r["kind"] == "item"]
    for row in items["items"]:
        item = row["item"]
        assert item["code"] and item["table"] and item["points"] > 0 and item["requirement"]
    others = client.get(url, params=[("kind", "clause,notice"), ("kind", "plan")]).json()
    assert others["kinds"] == ["clause", "notice", "plan"]
    assert {r["kind"] for r in others["items"]} <= {"clause", "notice", "plan"}
    assert_error(client.get(url, params={"kind": "statute"}), 422, "bad_kind")


def test_cited_by_deeper_levels_name_the_work_in_between(client: TestClient) -> None:
    body = client.get(
        "/api/regulations/中华人民共和国药品管理法/cited-by", params={"depth": 2, "limit": 1000}
    )
    rows = body.json()["items"]
    assert {r["depth"] for r in rows} == {1, 2}
    assert all(r["via"] for r in rows if r["depth"] == 2)
    assert_error(client.get("/api/regulations/医疗机构管理条例/cited-by?depth=4"), 422)
    assert_error(client.get("/api/regulations/量子色动力学/cited-by"), 404, "unknown_regulation")


def test_versions_of_a_regulation(client: TestClient) -> None:
    versions = client.get("/api/regulations/医疗机构管理条例/versions").json()
    assert [(v["version_date"], v["is_current"]) for v in versions] == [
        ("2016-02-06", False),
        ("2022-03-29", True),
    ]
    assert versions[0]["status"] == "superseded"


def test_neighbourhood_of_a_regulation(client: TestClient) -> None:
    body = client.get("/api/graph/neighbourhood", params={"node_id": "医疗机构管理条例"}).json()
    versions = [e for e in body["edges"] if e["type"] == "VERSION_OF"]
    assert len(versions) == 2 and all(e["target"] == "医疗机构管理条例" for e in versions)
    assert_error(client.get("/api/graph/neighbourhood", params={"node_id": "无此节点"}), 404)


# -- bodies -----------------------------------------------------------------------------------
def _walk(nodes: list[dict]) -> Iterator[dict]:
    for node in nodes:
        yield node
        yield from _walk(node["children"])


@pytest.mark.slow
def test_bodies_tree_and_obligations(client: TestClient) -> None:
    roots = client.get("/api/bodies", params={"limit": 1000}).json()["items"]
    every = list(_walk(roots))
    for node in every:
        assert all(child["parent_key"] == node["key"] for child in node["children"])
    parent = max(
        (n for n in every if n["children"]),
        key=lambda n: sum(c["obligation_count"] for c in n["children"]),
    )
    url = f"/api/bodies/{quote(parent['key'], safe='')}/obligations"
    wide = client.get(url, params={"limit": 1000}).json()
    narrow = client.get(url, params={"include_sub_bodies": "false", "limit": 1000}).json()
    every = list(wide["items"])
    while len(every) % 1000 == 0 and every:  # page to the end: the wide list is long
        more = client.get(url, params={"limit": 1000, "offset": len(every)}).json()["items"]
        if not more:
            break
        every += more
    assert wide["body"]["key"] == parent["key"]
    assert len(wide["items"]) > len(narrow["items"])
    assert {o["id"] for o in narrow["items"]} <= {o["id"] for o in every}
    assert len({o["id"] for o in every}) == len(every), "pages must not overlap"
    assert all(o["modality"] in {"must", "must_not", "may"} for o in wide["items"])
    assert_error(client.get("/api/bodies/no_such_body/obligations"), 404, "unknown_body")
    page = client.get(url, params={"limit": 5, "offset": 5}).json()["items"]
    assert [o["id"] for o in page] == [o["id"] for o in wide["items"][5:10]]


# -- export -----------------------------------------------------------------------------------
def test_export_schema_only_is_parseable_turtle(client: TestClient) -> None:
    response = client.get("/export", params={"format": "turtle", "schema_only": "true"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    assert "attachment" in response.headers["content-disposition"]
    graph = Graph().parse(data=response.content, format="turtle")
    assert len(graph) > 20 and any(graph.subjects(RDF.type, OWL.Ontology))


@pytest.mark.slow
def test_export_whole_graph_streams_ntriples(client: TestClient) -> None:
    with client.stream("GET", "/export", params={"format": "nt"}) as response:
        assert response.headers["content-type"].startswith("application/n-triples")
        lines = sum(chunk.count(b"\n") for chunk in response.iter_bytes())
    assert lines > 146 * 10


def test_export_rejects_unknown_format(client: TestClient) -> None:
    assert_error(client.get("/export", params={"format": "csv"}), 422, "invalid_request")


# -- writes -----------------------------------------------------------------------------------
@pytest.fixture
def write_client(empty_store: GraphStore, tmp_path: Path) -> Iterator[TestClient]:
    settings = settings_for(tmp_path, max_upload_bytes=200_000)
    with TestClient(create_app(settings, service_over(settings, empty_store, None))) as c:
        yield c


def test_a_repealed_work_shows_what_repealed_it(
    write_client: TestClient, empty_store: GraphStore
) -> None:
    from graph import load
    from ingest import ingest_paths
    from tests.test_graph_load import PHYSICIANS_LAW, with_repeal

    batch = ingest_paths([PHYSICIANS_LAW])
    (law,) = batch.documents
    repealing = with_repeal(law, "《中华人民共和国执业医师法》同时废止", "中华人民共和国执业医师法")
    load(empty_store, IngestBatch(documents=(repealing,), bodies=batch.bodies))
    body = write_client.get("/api/regulations/中华人民共和国执业医师法/cited-by").json()
    regulation = body["regulation"]
    assert (regulation["held"], regulation["status"]) == (False, "repealed")
    (by,) = regulation["repealed_by"]
    assert (by["document_id"], by["locator"], by["kind"]) == (
        law.document.id,
        "第六十七条",
        "repeals",
    )
    assert by["document_title"] == "中华人民共和国医师法"
    [doc] = write_client.get("/api/documents").json()["items"]
    assert doc["format"] == law.document.format


def test_writes_need_the_api_key(write_client: TestClient) -> None:
    files = {"files": ("a.txt", "第一条 测试。".encode())}
    assert_error(write_client.post("/api/ingest", files=files), 401, "missing_api_key")
    bad = write_client.post("/api/ingest", files=files, headers={"X-API-Key": "wrong"})
    assert_error(bad, 403, "bad_api_key")
    assert_error(write_client.delete("/api/documents/x"), 401, "missing_api_key")


def test_writes_are_off_without_a_configured_key(empty_store: GraphStore, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    with TestClient(create_app(settings, service_over(settings, empty_store, None))) as c:
        files = {"files": ("a.txt", b"x")}
        response = c.post("/api/ingest", files=files, headers={"X-API-Key": API_KEY})
        assert_error(response, 403, "writes_disabled")
        assert c.get("/healthz").json()["writes_enabled"] is False


def test_ingest_search_and_delete_a_seed(write_client: TestClient) -> None:
    seed = SEEDS / f"{REPORT_SEED}.txt"
    headers = {"X-API-Key": API_KEY}
    files = {"files": (seed.name, seed.read_bytes(), "text/plain")}
    body = write_client.post("/api/ingest", files=files, headers=headers).json()
    assert body["loaded"] == 1 and body["failed"] == 0 and body["indexed_units"] > 10
    [row] = body["documents"]
    assert row["source"] == seed.name and row["counts"]["citations"] > 10
    hits = write_client.get("/api/search", params={"q": "依法执业自查"}).json()["hits"]
    assert hits and {h["document_id"] for h in hits} == {row["document_id"]}
    gone = write_client.delete(f"/api/documents/{row['document_id']}", headers=headers)
    assert gone.json() == {"document_id": row["document_id"], "deleted": True}
    assert write_client.get("/api/search", params={"q": "依法执业自查"}).json()["hits"] == []
    again = write_client.delete(f"/api/documents/{row['document_id']}", headers=headers)
    assert_error(again, 404, "not_found")


def test_ingest_reports_a_bad_file_per_file(write_client: TestClient) -> None:
    files = [("files", ("empty.txt", b"", "text/plain"))]
    response = write_client.post("/api/ingest", files=files, headers={"X-API-Key": API_KEY})
    if response.status_code == 200:
        body = response.json()
        assert body["loaded"] == 0 and body["failed"] == 1 and body["documents"][0]["error"]
    else:
        assert_error(response, 422, "ingest_error")


def test_oversized_upload_is_refused(write_client: TestClient) -> None:
    files = {"files": ("big.txt", "第一条 医疗。".encode() * 20_000)}
    response = write_client.post("/api/ingest", files=files, headers={"X-API-Key": API_KEY})
    assert_error(response, 413, "too_large")


# -- edges ------------------------------------------------------------------------------------
def test_cors_only_when_configured(
    client: TestClient, empty_store: GraphStore, tmp_path: Path
) -> None:
    origin = {"Origin": "http://intranet.example"}
    assert "access-control-allow-origin" not in client.get("/healthz", headers=origin).headers
    settings = settings_for(tmp_path, cors_origins=["http://intranet.example"])
    with TestClient(create_app(settings, service_over(settings, empty_store, None))) as c:
        allowed = c.get("/healthz", headers=origin).headers
        assert allowed["access-control-allow-origin"] == "http://intranet.example"


@pytest.mark.slow
def test_unreachable_graph_is_a_json_error_not_a_traceback(tmp_path: Path) -> None:
    settings = Settings(
        home=tmp_path, neo4j_uri="bolt://127.0.0.1:9", neo4j_password=SecretStr("x")
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        health = c.get("/healthz")
        assert health.status_code == 503 and health.json()["graph"] is False
        error = assert_error(c.get("/api/regulations"), 503, "graph_unavailable")
        assert "127.0.0.1:9" in error["message"]


def test_openapi_documents_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/search", "/api/regulations/{key}/cited-by", "/export", "/api/ingest"} <= set(
        spec["paths"]
    )
    search = spec["paths"]["/api/search"]["get"]
    q = next(p for p in search["parameters"] if p["name"] == "q")
    assert "医疗机构执业许可证应当悬挂在哪里" in str(q)
    assert "ErrorBody" in spec["components"]["schemas"]


def test_offsets_are_bounded_where_lists_are_paged(client: TestClient) -> None:
    """An offset of 2^31 once gave 503/500; it is a client error that names the bound."""
    for url in (
        "/api/regulations/医疗机构管理条例/cited-by",
        "/api/bodies/医疗机构/obligations",
        "/api/search?q=医疗机构",
    ):
        answer = client.get(url, params={"offset": 2**31})
        assert_error(answer, 422)
