"""End-to-end tests of the web page in a real headless Chromium against uvicorn on loopback.

Search, open a result in context, follow a citation, trace a regulation, tick a checklist item.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from graph import GraphStore
from ingest.models import IngestBatch
from tests.api_support import sample_app, served

pytestmark = pytest.mark.browser
SHOTS = Path(tempfile.gettempdir()) / "regkg-screens"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def base_url(
    arcadedb_corpus: GraphStore, sample_batch: IngestBatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    app = sample_app(tmp_path_factory.getbasetemp() / "api_home", arcadedb_corpus, sample_batch)
    with served(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    if not CHROMIUM or not Path(CHROMEDRIVER).exists():
        pytest.skip(
            "BROWSER TESTS NOT RUN: chromium / chromedriver missing "
            "(apt-get install -y chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=zh-CN",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def wait_ready(driver, hash_prefix: str, timeout: float = 60):
    """Wait until the page has rendered the view for a hash starting with ``hash_prefix``."""
    from selenium.webdriver.support.ui import WebDriverWait

    def ready(d) -> bool:
        done, current = d.execute_script(
            "return [document.body.dataset.ready || '', location.hash.replace(/^#/, '')]"
        )
        assert done != "error", d.find_element("id", "view").text
        return bool(done == (current or "/search") and done.startswith(hash_prefix))

    WebDriverWait(driver, timeout).until(ready)


def open_hash(driver, base_url: str, fragment: str) -> None:
    driver.get(f"{base_url}/#{fragment}")
    wait_ready(driver, fragment.split("?")[0])


def shot(driver, name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def test_search_then_open_a_result_in_context(browser, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/")
    wait_ready(browser, "/search")
    box = browser.find_element(By.ID, "q")
    box.send_keys("医疗机构执业许可证 悬挂 明显处所")
    browser.find_element(By.CSS_SELECTOR, "#search-form button").click()
    wait_ready(browser, "/search")
    hits = browser.find_elements(By.CSS_SELECTOR, ".hit")
    assert len(hits) == 10
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".hit mark")]
    assert "悬挂" in "".join(marks)
    shot(browser, "search")
    # The 责任主体 filter lists the bodies the rules name and the parties of many duties, not
    # every subject read from the text (~1,300).
    bodies = [
        o.text.strip() for o in browser.find_elements(By.CSS_SELECTOR, "select[name=body] option")
    ]
    assert "医疗机构" in bodies and "县级卫生健康行政部门" in bodies
    assert 50 < len(bodies) < 400, len(bodies)
    target = next(h for h in hits if "悬挂于明显处所" in h.text)
    assert "效力级别：行政法规" in target.text and "发布机关：国务院" in target.text
    clause_id = target.get_attribute("data-clause")
    target.find_element(By.PARTIAL_LINK_TEXT, "查看上下文").click()
    wait_ready(browser, "/clause/")
    focus = browser.find_element(By.ID, "focus")
    assert "悬挂于明显处所" in focus.text
    assert (
        browser.execute_script("return decodeURIComponent(location.hash)")
        == f"#/clause/{clause_id}"
    )
    # Surrounding clauses are shown around the focused one.
    assert len(browser.find_elements(By.CSS_SELECTOR, ".card.dim")) >= 2
    shot(browser, "clause")


def test_search_folds_older_versions_and_says_when_nothing_is_found(browser, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    open_hash(browser, base_url, "/search?q=" + quote("医院员工上班不戴胸牌算违规吗？"))
    card = next(
        h for h in browser.find_elements(By.CSS_SELECTOR, ".hit") if "医疗机构管理条例" in h.text
    )
    assert "第二十九条" in card.text and "相关度" in card.text
    card.find_element(By.CSS_SELECTOR, ".versions summary").click()
    folded = card.find_element(By.CSS_SELECTOR, ".versions").text
    assert "历史版本：2016-02-06 第三十条，文字相同" in folded
    shot(browser, "search-folded")
    open_hash(browser, base_url, "/search?q=" + quote("今天天气怎么样"))
    assert "未找到相关条款" in browser.find_element(By.ID, "nothing-found").text
    closest = browser.find_elements(By.CSS_SELECTOR, ".hit.closest")
    assert closest and all("最接近" in c.text for c in closest)
    shot(browser, "search-nothing-found")


def test_follow_a_citation_to_the_regulation_trace(
    browser, base_url: str, sample_batch: IngestBatch
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    report = next(
        p.document.id for p in sample_batch.documents if "000_e8441b" in p.document.source
    )
    open_hash(browser, base_url, f"/clause/{quote(report + '#h_1', safe='')}")
    link = next(
        a
        for a in browser.find_elements(By.CSS_SELECTOR, "ul.cites a")
        if a.text.startswith("《医疗机构管理条例》")
    )
    link.click()
    wait_ready(browser, "/regulation/")
    assert "《医疗机构管理条例》" in browser.find_element(By.TAG_NAME, "h1").text
    versions = browser.find_elements(By.CSS_SELECTOR, "table.list")[0].text
    assert "2016-02-06" in versions and "2022-03-29" in versions and "现行版本" in versions
    # The tracing picture (api/static/trace.js) is drawn once its own request answers.
    WebDriverWait(browser, 60).until(
        lambda d: d.find_element(By.ID, "graph").get_attribute("data-ready")
    )
    works = browser.find_elements(By.CSS_SELECTOR, "#graph svg g.work")
    rows = browser.find_elements(By.CSS_SELECTOR, "#citing tbody tr")
    assert len(works) >= 2 and len(rows) >= 2
    assert "2024年度自查工作开展情况总结" in browser.find_element(By.ID, "citing").text
    shot(browser, "regulation")
    # Deeper trace through the form: more rows, each deeper one says which work it goes via.
    Select(browser.find_element(By.CSS_SELECTOR, "#trace-form select")).select_by_visible_text("2")
    browser.find_element(By.CSS_SELECTOR, "#trace-form button").click()
    wait_ready(browser, "/regulation/")
    assert "depth=2" in browser.current_url
    deeper = browser.find_elements(By.CSS_SELECTOR, "#citing tbody tr")
    assert len(deeper) >= len(rows)


def test_document_checklist_and_body_page(
    browser, base_url: str, sample_batch: IngestBatch
) -> None:
    from selenium.webdriver.common.by import By

    table = next(p for p in sample_batch.documents if "003_589e" in p.document.source)
    open_hash(browser, base_url, f"/document/{quote(table.document.id, safe='')}")
    items = browser.find_elements(By.CSS_SELECTOR, ".checklist li")
    assert len(items) == len(table.inspection_items)
    items[0].find_element(By.TAG_NAME, "input").click()
    assert "done" in items[0].get_attribute("class")
    assert browser.find_element(By.ID, "check-count").text == f"已完成 1 / {len(items)}"
    # An item that names a regulation links to it (表2 3-3-2: 《医疗废物管理条例》).
    cited = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".checklist .item-cites a")]
    assert "《医疗废物管理条例》" in cited
    shot(browser, "checklist")
    open_hash(browser, base_url, "/bodies")
    first = browser.find_element(By.CSS_SELECTOR, ".tree a")
    name = first.text
    first.click()
    wait_ready(browser, "/body/")
    assert browser.find_element(By.TAG_NAME, "h1").text == name
    shot(browser, "body")


def test_a_body_page_shows_a_task_rows_duty_by_its_cells(
    browser, empty_store: GraphStore, tmp_path: Path
) -> None:
    """A plan's 重点任务 table uploaded: its lead's page lists each row's task as cells (task ｜
    lead ｜ … ｜ deadline), not as a pipe-table line, with the deadline as a chip."""
    from selenium.webdriver.common.by import By

    from api.app import create_app
    from tests.api_support import service_over, settings_for
    from tests.test_task_tables import TASKS, word_plan

    settings = settings_for(tmp_path)
    svc = service_over(settings, empty_store, None)
    svc.ingest_files([("重点任务.docx", word_plan())])
    with served(create_app(settings, svc)) as url:
        open_hash(browser, url, f"/body/{quote('health_administration/county', safe='')}")
        texts = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".card .clause-text")]
        assert any(TASKS[0][1] in t and "2025年6月底前" in t for t in texts), texts
        assert not any(t.startswith("|") for t in texts)
        chips = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".card .badge.grey")]
        assert "期限：2025年6月底前" in chips
        shot(browser, "body-task-table")
