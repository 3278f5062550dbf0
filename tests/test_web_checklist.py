"""The 自查清单 and 报告覆盖 pages in a real headless Chromium against uvicorn on loopback: enter
scores and see the per-table and total scores follow, the print view, a row's way back to its
source, and a report uploaded and read at a glance."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_web_e2e import base_url, browser, open_hash, shot, wait_ready

__all__ = ["base_url", "browser"]  # fixtures shared with the other browser tests
pytestmark = pytest.mark.browser
REPORT = Path(__file__).resolve().parent.parent / "data" / "seeds" / "000_e8441b651c306fc0.txt"


def _number(text: str) -> float:
    return float(text.strip() or 0)


def test_checklist_scores_totals_print_and_source(browser, base_url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.execute_script("localStorage.clear()")
    # 传染病防治 holds scored items of the sample's scoring standard in several tables.
    open_hash(browser, base_url, "/checklist?for=医疗机构&topic=传染病防治")
    rows = browser.find_elements(By.CSS_SELECTOR, ".cl-row")
    assert len(rows) > 20
    groups = browser.find_elements(By.CSS_SELECTOR, ".cl-group")
    scored = [g for g in groups if g.find_elements(By.CSS_SELECTOR, "input.cl-score")]
    first = scored[0]
    second = next(
        g for g in scored[1:] if len(g.find_elements(By.CSS_SELECTOR, "input.cl-score")) > 1
    )
    # A duty row without points is judged (符合 / 不符合 / 不适用) and counts in no total.
    verdict = browser.find_element(By.CSS_SELECTOR, "select.cl-verdict")
    Select(verdict).select_by_visible_text("不符合")
    for group, value in ((first, "1"), (second, "0.5")):
        box = group.find_element(By.CSS_SELECTOR, "input.cl-score")
        box.clear()
        box.send_keys(value)
    more = second.find_elements(By.CSS_SELECTOR, "input.cl-score")[-1]
    more.send_keys("0.5")
    WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.ID, "cl-total").text.strip() == "2"
    )
    assert _number(first.find_element(By.CSS_SELECTOR, ".cl-subtotal").text) == 1
    assert _number(second.find_element(By.CSS_SELECTOR, ".cl-subtotal").text) == 1
    # A score above the row's points is cut to them.
    box = first.find_element(By.CSS_SELECTOR, "input.cl-score")
    box.clear()
    box.send_keys("999")
    assert float(box.get_attribute("value")) == float(box.get_attribute("max"))
    box.clear()
    box.send_keys("1")
    finding = first.find_element(By.CSS_SELECTOR, ".cl-finding")
    finding.send_keys("暂存点未设警示标识")
    shot(browser, "checklist")

    # The print view: no navigation, form or buttons; scores and findings as text.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element(By.CSS_SELECTOR, "header.top").is_displayed()
        assert not browser.find_element(By.ID, "checklist-form").is_displayed()
        assert not first.find_element(By.CSS_SELECTOR, "input.cl-score").is_displayed()
        printed = [e.text for e in first.find_elements(By.CSS_SELECTOR, ".print-only") if e.text]
        assert "1" in printed and "暂存点未设警示标识" in printed
        shot(browser, "checklist-print")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

    # Entered scores survive a reload (kept in this browser by the rows' stable ids).
    browser.refresh()
    wait_ready(browser, "/checklist")
    assert browser.find_element(By.ID, "cl-total").text.strip() == "2"

    # Every row leads to its source clause.
    link = browser.find_elements(By.CSS_SELECTOR, ".cl-row .cl-source")[1]
    label = link.text
    link.click()
    wait_ready(browser, "/clause/")
    assert label.split()[-1] in browser.find_element(By.ID, "view").text


def test_coverage_page_bars_gaps_first_and_citations(browser, base_url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    open_hash(browser, base_url, "/coverage?for=医疗机构&topic=依法执业")
    browser.find_element(By.ID, "cov-file").send_keys(str(REPORT))
    browser.find_element(By.CSS_SELECTOR, "#coverage-form button").click()
    WebDriverWait(browser, 120).until(
        lambda d: d.execute_script("return document.body.dataset.coverage") in ("done", "error")
    )
    assert browser.execute_script("return document.body.dataset.coverage") == "done"
    groups = browser.find_elements(By.CSS_SELECTOR, ".cov-group")
    assert len(groups) > 5
    widths = [
        float(
            g.find_element(By.CSS_SELECTOR, ".cov-bar > div")
            .get_attribute("style")
            .split(":")[1]
            .strip(" %;")
        )
        for g in groups
    ]
    assert widths == sorted(widths)  # the groups with most gaps first
    assert browser.find_elements(By.CSS_SELECTOR, ".cov-gap")
    evidence = browser.find_elements(By.CSS_SELECTOR, ".cov-ok blockquote")
    assert evidence and "报告第" in evidence[0].get_attribute("textContent")
    cites = browser.find_element(By.CSS_SELECTOR, ".cov-cites").text
    assert "《医疗机构管理调条例》" in cites and "《医疗机构管理条例》" in cites
    assert "《母婴母婴保健法》" in cites and "《中华人民共和国母婴保健法》" in cites
    shot(browser, "coverage")
