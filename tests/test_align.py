"""新旧对照: the article aligner on hand-made revisions, against the hand-checked gold pairs, and
on the real sample graph (regkg diff, /api/diff, stale citations, /api/stale)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.services import Regkg
from api.settings import Settings
from graph import GraphStore
from graph.changes import stale_citations, version_diff
from ingest.align import Article, Change, align, body, same_but_references
from tests.api_support import served
from tests.test_web_e2e import browser  # noqa: F401  (the headless Chromium fixture)

OLD = [
    Article("第一条", "第一条 为了加强对医疗机构的管理，制定本条例。"),
    Article("第二条", "第二条 本条例适用于医院、卫生院、疗养院、门诊部、诊所、卫生所(室)。"),
    Article("第三条", "第三条 机关内部的卫生所，报所在地的县级人民政府卫生行政部门备案。"),
    Article("第四条", "第四条 医疗机构执业，必须进行登记，领取《医疗机构执业许可证》。"),
    Article("第五条", "第五条 违反本条例第四条规定的，由卫生行政部门责令其停止执业活动。"),
    Article("第六条", "第六条 本条例自1994年9月1日起施行。"),
]
NEW = [
    Article("第一条", "第一条 为了加强对医疗机构的管理，制定本条例。"),
    Article("第二条", "第二条 本条例适用于医院、卫生院、疗养院、门诊部、诊所、卫生所（室）。"),
    Article(
        "第三条",
        "第三条 医疗机构执业，必须进行登记，领取《医疗机构执业许可证》；诊所按照规定备案。",
    ),
    Article("第四条", "第四条 违反本条例第三条规定的，由卫生行政部门责令其停止执业活动。"),
    Article("第五条", "第五条 医疗机构应当向患者说明病情和医疗措施，并取得其明确同意。"),
    Article("第六条", "第六条 本条例自1994年9月1日起施行。"),
]


def test_aligns_by_text_not_by_number() -> None:
    rows = {
        (r.old.locator if r.old else None, r.new.locator if r.new else None): r
        for r in align(OLD, NEW)
    }
    assert rows[("第一条", "第一条")].change is Change.UNCHANGED
    # Full- and half-width brackets are one text.
    assert rows[("第二条", "第二条")].change is Change.UNCHANGED
    assert rows[("第三条", None)].change is Change.DELETED
    changed = rows[("第四条", "第三条")]
    assert changed.change is Change.CHANGED and changed.moved
    assert [d.text for d in changed.diff if d.op == "insert"] == [
        ";诊所按照规定备案"
    ]  # compared width-folded
    # Only the number of the article it refers to changed: renumbered, its diff kept.
    assert rows[("第五条", "第四条")].change is Change.RENUMBERED
    assert rows[(None, "第五条")].change is Change.ADDED
    assert rows[("第六条", "第六条")].change is Change.UNCHANGED
    # Rows follow the newer version, a deleted article after the one it followed.
    order = [
        (r.old.locator if r.old else None, r.new.locator if r.new else None)
        for r in align(OLD, NEW)
    ]
    assert order.index(("第三条", None)) == order.index(("第二条", "第二条")) + 1


def test_body_and_references() -> None:
    assert (
        body("第三十条　医疗机构工作人员上岗工作，\n必须佩带标牌。")
        == "医疗机构工作人员上岗工作,必须佩带标牌。"
    )
    assert same_but_references("违反本条例第二十四条规定", "违反本条例第二十三条规定")
    assert not same_but_references("违反本条例第二十四条规定", "违反本法第二十三条规定")


@pytest.mark.slow
def test_gold_alignment_accuracy() -> None:
    """The hand-checked pairs of benchmarks/gold/alignment.jsonl: accuracy ≥ 0.95."""
    import json

    from benchmarks.alignment import GOLD, articles, predicted

    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    assert len(gold) >= 150
    assert {g["change"] for g in gold} == {c.value for c in Change}
    cache: dict[tuple[str, str, str], list] = {}
    correct = 0
    for g in gold:
        key = (g["work"], g["from"], g["to"])
        if key not in cache:
            cache[key] = align(articles(g["work"], g["from"]), articles(g["work"], g["to"]))
        other, change = predicted(cache[key], g["old"], g["new"])
        wanted = g["new"] if g["old"] is not None else g["old"]
        correct += other == wanted and change == g["change"]
    assert correct / len(gold) >= 0.95


def test_diff_of_two_held_versions(arcadedb_corpus: GraphStore) -> None:
    found = version_diff(arcadedb_corpus, "医疗机构管理条例")
    assert (found.old.version_date, found.new.version_date) == ("2016-02-06", "2022-03-29")
    by_old = {r.old.locator: r for r in found.rows if r.old}
    assert by_old["第三十条"].new.locator == "第二十九条"  # the 胸牌 article, renumbered
    assert by_old["第三十条"].change is Change.RENUMBERED
    assert by_old["第二十四条"].change is Change.CHANGED
    assert found.counts["deleted"] >= 1 and found.counts["renumbered"] >= 20
    # A version picked by date is the one in force then: the 2024-12-06 revision took effect on
    # 2025-01-20, so on 2025-01-01 the 2019 text still was.
    dated = version_diff(arcadedb_corpus, "药品管理法实施条例", "2020-01-01", "2025-02-01")
    assert (dated.old.version_date, dated.new.version_date) == ("2019-03-02", "2024-12-06")
    early = version_diff(arcadedb_corpus, "药品管理法实施条例", "2020-01-01", "2025-01-01")
    assert early.new.version_date == "2019-03-02"
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        version_diff(arcadedb_corpus, "医疗机构管理条例", "2020-13-01")


def test_stale_citations_name_the_article_now(arcadedb_corpus: GraphStore) -> None:
    rows = stale_citations(arcadedb_corpus)
    assert rows, "the sample corpus cites articles that later versions renumbered"
    for r in rows:
        assert r.change in {"changed", "renumbered", "deleted"} and r.reason
        assert r.cited_version_id != r.current_version_id
        assert (r.current_article is None) == (r.change == "deleted")
    one = rows[0]
    mine = stale_citations(arcadedb_corpus, one.citing_document_title)
    assert mine and {r.citing_document_id for r in mine} == {one.citing_document_id}


def test_a_citation_of_a_renumbered_article_is_traced_where_the_article_is_now(
    corpus_store: GraphStore,
) -> None:
    """A 1994 document citing 条例第十九条, which a later version numbers 第十八条: `stale` says
    so, and `cited-by --article` must agree with it, listing the citation under 第十八条, not
    under today's unrelated 第十九条 (relinking once went by the number as written)."""
    from ingest.citations import article_path_of

    dated = {d.id for d in corpus_store.documents() if d.version_date or d.effective or d.issued}
    # an undated document is taken to cite the current text: `stale` lists it, relinking waits
    rows = [r for r in stale_citations(corpus_store) if r.citing_document_id in dated]
    moved = [r for r in rows if r.current_article and r.current_article != r.article]
    assert moved, "the sample corpus cites articles that later versions renumbered"
    for r in moved:
        now = corpus_store.cited_by(r.work, article=r.current_article, limit=500)
        then = corpus_store.cited_by(r.work, article=r.article, limit=500)
        mine = [c for c in now if (c.clause_id, c.raw) == (r.citing_clause_id, r.raw)]
        assert mine, (r.work, r.article, r.current_article, r.raw)
        assert article_path_of(r.article or "") == mine[0].article_path  # as written, kept
        target = mine[0].target_clause_id or ""  # the article, or the part of it cited
        assert target == r.current_clause_id or target.startswith(f"{r.current_clause_id}/")
        assert (mine[0].article_now or "").startswith(r.current_article)  # shown beside it
        assert not [c for c in then if (c.clause_id, c.raw) == (r.citing_clause_id, r.raw)]
    for r in (r for r in rows if r.change == "deleted"):
        under = corpus_store.cited_by(r.work, article=r.article, limit=500)
        assert not [c for c in under if (c.clause_id, c.raw) == (r.citing_clause_id, r.raw)]


@pytest.fixture(scope="module")
def client(arcadedb_corpus: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    settings = Settings(home=Path(tmp_path_factory.mktemp("diff_home")))
    return TestClient(create_app(settings, Regkg(settings, store=arcadedb_corpus)))


def test_diff_and_stale_routes(client: TestClient) -> None:
    answer = client.get("/api/diff", params={"title": "医疗机构管理条例"})
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert (
        data["from"]["version_date"] == "2016-02-06" and data["to"]["version_date"] == "2022-03-29"
    )
    changed = next(r for r in data["rows"] if r["change"] == "changed")
    assert {d["op"] for d in changed["diff"]} >= {"equal"} and changed["old"] and changed["new"]
    assert client.get("/api/diff", params={"title": "没有这部法"}).status_code == 404
    single = client.get("/api/diff", params={"title": "艾滋病防治条例"})
    assert single.status_code == 422 and single.json()["error"]["code"] == "not_comparable"
    stale = client.get("/api/stale")
    assert stale.status_code == 200 and stale.json()
    assert {"current_article", "reason", "raw", "citing_document_id"} <= set(stale.json()[0])
    # A file the store does not hold is named so: 0 stale citations would read as "all is well".
    unknown = client.get("/api/stale", params={"document": "不存在的文件"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_document"
    bad_date = client.get("/api/diff", params={"title": "医疗机构管理条例", "from": "2020-13-01"})
    assert bad_date.status_code == 422 and bad_date.json()["error"]["code"] == "bad_date"


def _article_30(client: TestClient) -> str:
    """The clause id of 医疗机构管理条例 (2016) 第三十条, as the 新旧对照 names it."""
    rows = client.get("/api/diff", params={"title": "医疗机构管理条例"}).json()["rows"]
    return next(r["old"]["id"] for r in rows if r["old"] and r["old"]["locator"] == "第三十条")


def _doc_id(client: TestClient, title: str, version_date: str) -> str:
    page = client.get("/api/documents", params={"limit": 1000}).json()
    rows = page if isinstance(page, list) else page["items"]
    return next(d["id"] for d in rows if d["title"] == title and d["version_date"] == version_date)


def test_clause_and_document_json_carry_validity(client: TestClient) -> None:
    old = _doc_id(client, "医疗机构管理条例", "2016-02-06")
    doc = client.get(f"/api/documents/{old}").json()
    assert doc["status"] == "superseded" and doc["status_basis"] == "newer_version"
    assert "2022-03-29" in doc["status_reason"] and doc["replaced_by"]
    assert doc["issuers"] and doc["effective"] and doc["kind"] == "administrative_regulation"
    answer = client.get(f"/api/clauses/{_article_30(client).replace('#', '%23')}")
    assert answer.status_code == 200, answer.text
    validity = answer.json()["validity"]
    assert validity["status"] == "superseded" and validity["status_reason"]
    assert validity["current"]["locator"] == "第二十九条"  # the 胸牌 article now
    assert validity["current"]["change"] == "renumbered"


@pytest.fixture(scope="module")
def base_url(client: TestClient) -> Iterator[str]:
    with served(client.app) as url:  # type: ignore[arg-type]
        yield url


@pytest.mark.browser
def test_banner_and_diff_page_in_a_browser(browser, base_url: str, client: TestClient) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    from tests.test_web_e2e import open_hash, shot, wait_ready

    open_hash(browser, base_url, "/clause/" + quote(_article_30(client), safe=""))
    banner = browser.find_element(By.ID, "validity-banner")
    assert "已被修订" in banner.text and "第二十九条" in banner.text
    shot(browser, "superseded-banner")
    to_diff = browser.find_element(By.ID, "banner-diff").get_attribute("href") or ""
    assert "#/diff?" in to_diff and "from=2016-02-06" in to_diff  # this version against now
    browser.find_element(By.ID, "current-article").click()
    wait_ready(browser, "/clause/")
    assert "佩带" in browser.find_element(By.ID, "focus").text
    assert not browser.find_elements(By.ID, "validity-banner")  # the current text has none
    open_hash(browser, base_url, "/diff?title=医疗机构管理条例")
    table = browser.find_element(By.ID, "diff-table")
    assert "2016-02-06" in table.text and "2022-03-29" in table.text
    changed = browser.find_elements(By.CSS_SELECTOR, "#diff-table tr[data-change=changed]")
    assert changed and changed[0].find_elements(By.CSS_SELECTOR, "ins, del")
    assert browser.find_elements(By.CSS_SELECTOR, "#diff-table tr[data-change=deleted]")
    shot(browser, "diff")
    # A document citing renumbered articles lists them, each with the article it is now.
    page = client.get("/api/documents", params={"limit": 1000}).json()
    rows = page if isinstance(page, list) else page["items"]
    rules = next(d["id"] for d in rows if d["title"] == "医疗机构管理条例实施细则")
    open_hash(browser, base_url, "/document/" + quote(rules, safe=""))
    stale = browser.find_element(By.ID, "stale-citations")
    assert "可能已过时的引用" in stale.text and "现为第十八条" in stale.text
    shot(browser, "stale-citations")


@pytest.mark.slow
def test_diff_and_stale_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`regkg diff` and `regkg stale` on a real home holding two versions of one regulation."""
    import json

    from api.cli import main
    from graph import stop_server

    corpus = Path(__file__).resolve().parents[1] / "data" / "corpus" / "admin_regulation"
    files = sorted(str(p) for p in corpus.glob("公共场所卫生管理条例(*).md"))
    assert len(files) == 2
    home = ["--home", str(tmp_path)]
    try:
        assert main([*home, "ingest", *files, "--json"]) == 0
        capsys.readouterr()
        assert main([*home, "diff", "公共场所卫生管理条例", "--json"]) == 0
        found = json.loads(capsys.readouterr().out)
        assert (found["from"]["version_date"], found["to"]["version_date"]) == (
            "2019-04-23",
            "2024-12-06",
        )
        eighth = next(r for r in found["rows"] if r["old"] and r["old"]["locator"] == "第八条")
        assert eighth["change"] == "changed" and eighth["new"]["locator"] == "第八条"
        assert any(d["op"] == "delete" and "两年复核" in d["text"] for d in eighth["diff"])
        assert main([*home, "diff", "公共场所卫生管理条例"]) == 0
        shown = capsys.readouterr().out  # in a pipe: tab-separated, the diff's marks kept
        assert "旧\t新\t变化" in shown and "第八条\t第八条\t修改\t" in shown
        assert "[-许可证”两年复核一次-]" in shown
        assert main([*home, "diff", "没有这部条例"]) == 3  # a name that names nothing
        capsys.readouterr()
        assert main([*home, "stale", "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == []  # nothing else cites it here
        assert main([*home, "stale"]) == 0
        # in a pipe: tab-separated lines a reader can grep, no cell cut to 80 columns
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].split("\t")[:3] == ["citing document", "locator", "citation"]
        assert lines[-1] == "0 stale citations"
    finally:
        stop_server(tmp_path / "graph")


def test_the_index_is_given_the_citations_where_the_graph_linked_them(
    corpus_store: GraphStore, sample_batch: Any
) -> None:
    """What the search index takes its citation targets from (graph.records.citations_of) names
    the version and article a relinked citation names in the graph, so a hit's 被引用 list agrees
    with cited-by: 细则's 1994 条例第十九条 is the current version's 第十八条."""
    from graph.records import citations_of

    rules = next(
        p.document for p in sample_batch.documents if p.document.title == "医疗机构管理条例实施细则"
    )
    current = next(
        r.id for r in corpus_store.documents() if r.title == "医疗机构管理条例" and r.is_current
    )
    found = citations_of(corpus_store, [rules.id])[rules.id]
    nineteenth = [c for c in found if "第十九条" in c.raw and c.target_title == "医疗机构管理条例"]
    assert nineteenth, [c.raw for c in found][:20]
    assert {(c.target_document_id, c.article_path) for c in nineteenth} == {(current, "art_18")}
    assert [c.span.start for c in found] == sorted(c.span.start for c in found)  # reading order
