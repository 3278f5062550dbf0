"""The web page as staff use it, at 1400 px on a desk and 400 px on a phone, in real headless
Chromium against the real API over the sample corpus (issue 15): offline API docs, the tracing
view, Chinese errors with suggestions, loading states, the narrow layout, 简体 display.

Server and browser are tests/test_web_e2e.py's fixtures (one uvicorn, one Chromium per module).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import combinations
from urllib.parse import quote, urlsplit
from urllib.request import urlopen

import pytest

from tests.test_web_e2e import base_url, browser, open_hash, shot, wait_ready  # noqa: F401

pytestmark = pytest.mark.browser
WIDTHS = [1400, 400]
TRACED = "医疗机构管理条例"


def get_json(base: str, path: str) -> tuple[int, dict]:
    from urllib.error import HTTPError

    try:
        with urlopen(base + path, timeout=60) as res:
            return res.status, json.loads(res.read())
    except HTTPError as err:
        return err.code, json.loads(err.read())


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def width(request: pytest.FixtureRequest, browser) -> Iterator[int]:  # noqa: F811
    browser.get("about:blank")  # a fresh page: the same URL again would only move its fragment
    browser.set_window_size(request.param, 1000)
    inner = browser.execute_script("return window.innerWidth")
    assert abs(inner - request.param) <= 20, inner
    yield request.param
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", _network(0))


def _network(latency_ms: int) -> dict:
    return {
        "offline": False,
        "latency": latency_ms,
        "downloadThroughput": -1,
        "uploadThroughput": -1,
    }


def boxes(driver, selector: str) -> list[dict]:
    return driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map((e) => {"
        " const r = e.getBoundingClientRect();"
        " return {x: r.left, y: r.top, w: r.width, h: r.height, text: e.textContent,"
        " lines: e.getClientRects().length}; })",
        selector,
    )


def overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"] - 0.5
        and b["x"] < a["x"] + a["w"] - 0.5
        and a["y"] < b["y"] + b["h"] - 0.5
        and b["y"] < a["y"] + a["h"] - 0.5
    )


def test_api_docs_render_offline(browser, base_url: str, width: int) -> None:  # noqa: F811
    """/docs renders Swagger UI from regkg's own files: every request stays on this server."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(base_url + "/docs")
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script("return document.querySelectorAll('.opblock').length") > 5
    )
    title = browser.execute_script("return document.querySelector('.info .title').textContent")
    assert "regkg" in title
    loaded = browser.execute_script(
        "return performance.getEntriesByType('resource').map((e) => e.name)"
    )
    origin = urlsplit(base_url).netloc
    assert any(u.endswith("swagger-ui-bundle.js") for u in loaded)
    assert all(urlsplit(u).netloc == origin for u in loaded), loaded
    assert "cdn" not in browser.page_source.lower()
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width + 1
    shot(browser, f"docs-{width}")


def test_tracing_view_one_node_per_work_arrows_and_grouped_rows(
    browser,  # noqa: F811
    base_url: str,  # noqa: F811
    width: int,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    status, trace = get_json(base_url, f"/api/graph/trace?key={quote(TRACED)}&depth=2")
    assert status == 200
    _, versions = get_json(base_url, f"/api/regulations/{quote(TRACED)}/versions")
    open_hash(browser, base_url, f"/regulation/{quote(TRACED)}?depth=2")
    WebDriverWait(browser, 60).until(
        lambda d: d.execute_script("return document.getElementById('graph').dataset.ready")
    )
    assert browser.find_element(By.ID, "graph").get_attribute("data-ready") == "1"

    works = browser.execute_script(
        "return [...document.querySelectorAll('svg.trace g.work')].map((g) =>"
        " [g.dataset.work, Number(g.dataset.versions), Number(g.dataset.hidden || 0)])"
    )
    ids = [w for w, _, _ in works]
    assert len(ids) == len(set(ids)), "a work drawn twice"
    # Every work is drawn or counted in its hop's "另有 n 个" box (a column stays a screen or two).
    drawn = [w for w, _, hidden in works if not hidden]
    assert len(drawn) + sum(hidden for _, _, hidden in works) == len(trace["works"]) > 3
    assert set(drawn) <= {w["id"] for w in trace["works"]}
    assert len(drawn) <= 16 * len({w["layer"] for w in trace["works"]})
    # The traced regulation is one box holding all its versions, not one node per version.
    held = versions["items"] if isinstance(versions, dict) else versions
    assert {w: n for w, n, _ in works}[TRACED] == len(held) >= 2
    version_docs = {v["document_id"] for v in held}
    assert not version_docs & set(ids)
    # Depth 2 is drawn: a second column of works citing the works that cite the regulation.
    assert {w["layer"] for w in trace["works"]} >= {0, 1, 2}

    arrows = browser.execute_script(
        "return [...document.querySelectorAll('svg.trace path.edge')]"
        ".map((p) => p.getAttribute('marker-end'))"
    )
    assert len(arrows) >= len(ids) - 1
    assert set(arrows) == {"url(#trace-arrow)"}

    # Readable: no two boxes overlap, every label inside its box, letters at least 11 px tall.
    rects = boxes(browser, "svg.trace g.work rect")
    assert not [(a, b) for a, b in combinations(rects, 2) if overlap(a, b)]
    labels = boxes(browser, "svg.trace g.work text")
    assert not [(a, b) for a, b in combinations(labels, 2) if overlap(a, b)]
    assert min(lab["h"] for lab in labels) >= 11
    sizes = browser.execute_script(
        "return [...document.querySelectorAll('svg.trace text.work-title')]"
        ".map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"
    )
    assert min(sizes) >= 12, sizes

    # The citing places grouped by kind, each row in its own kind's group, and a filter per kind.
    groups = browser.execute_script(
        "return [...document.querySelectorAll('#citing .kind-group')].map((s) =>"
        " [s.dataset.kind, [...s.querySelectorAll('tbody tr')].map((r) => r.dataset.kind)])"
    )
    assert len(groups) >= 2
    assert len({k for k, _ in groups}) == len(groups)
    for kind, rows in groups:
        assert rows and set(rows) == {kind}
    first = groups[0][0]
    browser.find_element(By.CSS_SELECTOR, f'[data-kind-filter="{first}"]').click()
    assert not browser.find_element(
        By.CSS_SELECTOR, f'.kind-group[data-kind="{first}"]'
    ).is_displayed()
    assert browser.find_element(
        By.CSS_SELECTOR, f'.kind-group[data-kind="{groups[1][0]}"]'
    ).is_displayed()
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width + 1
    shot(browser, f"trace-{width}")


def test_unknown_name_is_explained_in_chinese_with_suggestions(
    browser,  # noqa: F811
    base_url: str,  # noqa: F811
    width: int,
) -> None:
    from selenium.webdriver.common.by import By

    typed = "医疗机构管里条列办法"
    status, body = get_json(base_url, f"/api/regulations/{quote(typed)}/cited-by")
    assert status == 404
    suggestions = body["error"]["suggestions"]
    assert suggestions
    browser.get(f"{base_url}/#/regulation/{quote(typed)}")
    wait_error(browser)
    box = browser.find_element(By.CSS_SELECTOR, "#view .error")
    assert box.get_attribute("data-code") == body["error"]["code"]
    assert "没有找到该法规" in box.find_element(By.CLASS_NAME, "error-text").text
    links = box.find_elements(By.CSS_SELECTOR, "a.suggestion")
    assert [a.text for a in links] == suggestions
    links[0].click()
    wait_ready(browser, "/regulation/")
    assert suggestions[0] in browser.find_element(By.TAG_NAME, "h1").text
    shot(browser, f"error-{width}")


def wait_error(driver) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 60).until(
        lambda d: d.execute_script("return document.body.dataset.ready") == "error"
    )


def test_every_page_shows_it_is_loading(browser, base_url: str, width: int) -> None:  # noqa: F811
    """With a slow network each page says 加载中 (aria-busy) until its data is in."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(base_url + "/")
    wait_ready(browser, "/search")
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", _network(1500))
    pages = [
        "/regulations",
        f"/regulation/{quote(TRACED)}",
        "/bodies",
        "/documents",
        "/search?q=执业许可证",
    ]
    for page in pages:
        browser.execute_script("location.hash = arguments[0]", page)
        seen = WebDriverWait(browser, 10, poll_frequency=0.05).until(
            lambda d: d.execute_script(
                "const el = document.querySelector('#view .loading[aria-busy=true]');"
                "return el && el.offsetParent !== null ? el.textContent : null"
            )
        )
        assert "中" in seen, page
        wait_ready(browser, page.split("?")[0], timeout=90)
        assert not browser.find_elements("css selector", "#view > .loading")
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", _network(0))


def test_narrow_layout_keeps_words_whole_and_tables_scroll(
    browser,  # noqa: F811
    base_url: str,  # noqa: F811
    width: int,
) -> None:
    open_hash(browser, base_url, "/documents")
    nav = boxes(browser, ".top nav a")
    assert len(nav) >= 5
    for link in nav:  # one line each, and wide enough for its whole label
        assert link["lines"] == 1, link
        assert link["h"] < 40, link
        assert link["w"] >= 13 * len(link["text"].replace(" ", "")) * 0.9, link
    brand = boxes(browser, ".top .brand")[0]
    assert brand["h"] < 40, brand
    # The page itself never scrolls sideways; a wide table scrolls inside its own box.
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width + 1
    table = browser.execute_script(
        "const t = document.querySelector('table.list');"
        "return [t.scrollWidth, t.clientWidth, getComputedStyle(t).overflowX]"
    )
    if width <= 600:
        assert table[2] == "auto"
    cells = boxes(browser, "table.list tbody td:first-child")
    assert min(c["w"] for c in cells) >= 60
    shot(browser, f"documents-{width}")


def test_traditional_source_shown_simplified_with_the_original_a_click_away(
    browser,  # noqa: F811
    base_url: str,  # noqa: F811
    width: int,
) -> None:
    from selenium.webdriver.common.by import By

    clause = traditional_clause(base_url)
    open_hash(browser, base_url, f"/clause/{quote(clause['id'], safe='')}")
    focus = browser.find_element(By.ID, "focus")
    shown = focus.find_element(By.CSS_SELECTOR, ".zh-simp")
    assert squeeze(shown.text) == squeeze(clause["simplified"]["text"])
    assert not focus.find_element(By.CSS_SELECTOR, ".zh-orig").is_displayed()
    focus.find_element(By.CSS_SELECTOR, ".zh-toggle").click()
    original = focus.find_element(By.CSS_SELECTOR, ".zh-orig")
    assert original.is_displayed() and not shown.is_displayed()
    assert squeeze(original.text) == squeeze(clause["text"])
    assert squeeze(original.text) != squeeze(shown.text)
    focus.find_element(By.CSS_SELECTOR, ".zh-toggle").click()
    assert shown.is_displayed()
    shot(browser, f"simplified-{width}")


def squeeze(text: str) -> str:
    """Text without whitespace: the browser renders runs of spaces (and U+3000) its own way."""
    return "".join(text.split())


def traditional_clause(base: str) -> dict:
    """A clause of the seed notice scraped in traditional characters (002_…), from the API."""
    _, docs = get_json(base, "/api/documents?limit=1000")
    rows = docs["items"] if isinstance(docs, dict) else docs
    doc = next(d for d in rows if "002_b1b565328e64de7c" in (d.get("source") or ""))
    _, detail = get_json(base, f"/api/documents/{quote(doc['id'])}")
    stack = list(detail["outline"])
    while stack:
        node = stack.pop(0)
        _, context = get_json(base, f"/api/clauses/{quote(node['id'], safe='')}")
        if context["clause"]["simplified"].get("text"):
            return context["clause"]
        stack.extend(node["children"])
    raise AssertionError("no clause in traditional characters in the 002 seed")


def test_long_lists_page_with_their_total(browser, base_url: str, width: int) -> None:  # noqa: F811
    """A body's obligations: the true total, a next page, and a modality filter kept in paging."""
    from selenium.webdriver.common.by import By

    _, roots = get_json(base_url, "/api/bodies?limit=1000")
    nodes = list(roots["items"])
    while nodes and max(n["obligation_count"] for n in nodes) <= 100:
        nodes = [c for n in nodes for c in n["children"]]
    body = max(nodes, key=lambda n: n["obligation_count"])
    open_hash(browser, base_url, f"/body/{quote(body['key'], safe='')}")
    pager = browser.find_element(By.CSS_SELECTOR, ".pager")
    total = int(pager.get_attribute("data-total"))
    assert total > 100
    assert f"共 {total} 项" in pager.text
    pager.find_element(By.CSS_SELECTOR, "a.next").click()
    wait_ready(browser, "/body/")
    assert "第 101–" in browser.find_element(By.CSS_SELECTOR, ".pager").text
    select = browser.find_element(By.CSS_SELECTOR, "#obligation-filter select[name=modality]")
    select.find_element(By.CSS_SELECTOR, "option[value=must_not]").click()
    browser.find_element(By.CSS_SELECTOR, "#obligation-filter button").click()
    wait_ready(browser, "/body/")
    assert "modality=must_not" in browser.current_url
    badges = {b.text for b in browser.find_elements(By.CSS_SELECTOR, "#view .card > .badge")}
    assert badges == {"不得"}
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width + 1


def test_every_error_code_the_api_answers_has_a_chinese_message() -> None:
    """The page explains each error in Chinese (api/static/i18n.js MESSAGES), the API's English
    message only as the detail under it; a new code without a line would show 请求参数有误."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "api"
    raised = {
        code
        for path in [*root.glob("*.py"), *root.glob("routes/*.py")]
        for code in re.findall(r'ApiError\(\s*\d{3},\s*"([a-z_]+)"', path.read_text("utf-8"))
    }
    messages = (root / "static" / "i18n.js").read_text("utf-8")
    explained = set(re.findall(r"^\s+([a-z_]+): \"", messages, re.MULTILINE))
    assert raised and raised <= explained, sorted(raised - explained)
