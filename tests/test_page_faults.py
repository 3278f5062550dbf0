"""Faults a compliance officer found on the page's data and the checklist files (issues 13/14):
a 新旧对照 offered for a work held in one version, 违反后果 under the text in md and docx, 小计 0
for groups of duty rows, CLI flags in the body page's scope line. On the real API over the sample
corpus (the shared ``client``), the files opened with their own libraries."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

NATIONAL = "国家卫生健康委"  # typed as people write it; the body is 国家卫生健康委员会
# A topic whose checklist holds both scored inspection items and duty rows (符合/不符合/不适用).
MIXED = {"for": "医疗机构", "topic": "传染病防治"}


def _documents(client: TestClient) -> list[dict[str, Any]]:
    return list(client.get("/api/documents", params={"limit": 1000}).json()["items"])


def _works(client: TestClient) -> dict[str, list[str]]:
    """Document ids by work, as the list of documents says."""
    works: dict[str, list[str]] = {}
    for doc in _documents(client):
        if doc.get("work_key"):
            works.setdefault(doc["work_key"], []).append(doc["id"])
    return works


def test_a_document_says_which_versions_of_its_work_are_held(client: TestClient) -> None:
    works = _works(client)
    single = next(ids[0] for ids in works.values() if len(ids) == 1)
    several = next(ids for ids in works.values() if len(ids) >= 2)
    one = client.get(f"/api/documents/{quote(single, safe='')}").json()
    assert [v["document_id"] for v in one["versions"]] == [single]
    for document_id in several:
        detail = client.get(f"/api/documents/{quote(document_id, safe='')}").json()
        held = [v["document_id"] for v in detail["versions"]]
        assert sorted(held) == sorted(several) and document_id in held
        dates = [v["version_date"] or "" for v in detail["versions"]]
        assert dates == sorted(dates), "oldest first"
        assert sum(v["is_current"] for v in detail["versions"]) <= 1


def _checklist(client: TestClient) -> dict[str, Any]:
    found = client.get("/api/checklist", params=MIXED)
    assert found.status_code == 200, found.text
    return dict(found.json())


def test_groups_without_points_have_no_subtotal(client: TestClient) -> None:
    data = _checklist(client)
    duty = [g for g in data["groups"] if all(r["points"] is None for r in g["rows"])]
    scored = [g for g in data["groups"] if any(r["points"] is not None for r in g["rows"])]
    assert duty and scored, "the mixed topic must hold both kinds of group"
    assert all(g["points"] is None and g["scored"] is False for g in duty)
    for group in scored:
        assert group["scored"] is True
        assert group["points"] == sum(r["points"] or 0 for r in group["rows"]) > 0
    assert data["points"] == sum(g["points"] for g in scored)


def _export(client: TestClient, fmt: str) -> bytes:
    found = client.get("/api/checklist", params={**MIXED, "format": fmt})
    assert found.status_code == 200, found.text
    return found.content


def _md_tables(text: str) -> list[list[list[str]]]:
    """Each markdown table as rows of cells (the separator row left out)."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            if not set("".join(cells)) <= set("-: "):
                current.append(cells)
        elif current:
            tables.append(current)
            current = []
    return tables


def test_markdown_has_a_penalty_column_and_no_zero_subtotal(client: TestClient) -> None:
    data = _checklist(client)
    tables = _md_tables(_export(client, "md").decode())
    assert len(tables) == len(data["groups"])
    penalties = 0
    for group, table in zip(data["groups"], tables, strict=True):
        header, *body, subtotal = table
        assert header[-1] == "违反后果" and all(len(r) == len(header) for r in table)
        assert subtotal[0] == "小计"
        points = header.index("分值")
        assert subtotal[points] == (f"{group['points']:g}" if group["scored"] else "—")
        for row, cells in zip(group["rows"], body, strict=True):
            assert cells[-1] == (row["penalty"] or "").replace("|", "\\|")
            assert "违反后果：" not in cells[header.index("要求")]
            penalties += bool(row["penalty"])
    assert penalties, "some duty of the topic carries a 违反后果"


def test_word_has_a_penalty_column_and_no_zero_subtotal(client: TestClient) -> None:
    from docx import Document

    data = _checklist(client)
    doc = Document(io.BytesIO(_export(client, "docx")))
    assert len(doc.tables) == len(data["groups"])
    penalties = 0
    for group, table in zip(data["groups"], doc.tables, strict=True):
        header = [c.text for c in table.rows[0].cells]
        assert header[-1] == "违反后果"
        body, subtotal = table.rows[1:-1], [c.text for c in table.rows[-1].cells]
        assert subtotal[1] == "小计"
        points = header.index("分值")
        assert subtotal[points] == (f"{group['points']:g}" if group["scored"] else "—")
        for row, cells in zip(group["rows"], body, strict=True):
            texts = [c.text for c in cells.cells]
            assert texts[-1] == (row["penalty"] or "")
            assert "违反后果" not in texts[header.index("要求")]
            penalties += bool(row["penalty"])
    assert penalties


def test_excel_subtotals_only_groups_with_points(client: TestClient) -> None:
    from openpyxl import load_workbook

    data = _checklist(client)
    sheet = load_workbook(io.BytesIO(_export(client, "xlsx")))["自查清单"]
    subtotals = [[c.value for c in row] for row in sheet.iter_rows() if row[1].value == "小计"]
    assert len(subtotals) == len(data["groups"])
    for group, row in zip(data["groups"], subtotals, strict=True):
        if group["scored"]:
            assert str(row[5]).startswith("=SUM(F") and str(row[6]).startswith("=SUM(G")
        else:
            assert row[5] == row[6] == "—"
    total = next(row[5].value for row in sheet.iter_rows() if row[1].value == "合计")
    scored = sum(g["scored"] for g in data["groups"])
    assert str(total).startswith("=") and str(total).count("+F") == scored - 1
    assert "—" not in str(total)


def test_body_scope_is_in_words_and_the_cli_keeps_its_flag(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    from api import output

    url = f"/api/bodies/{quote(NATIONAL)}/obligations"
    for wide in ("true", "false"):
        page = client.get(url, params={"limit": 1, "include_sub_bodies": wide}).json()
        assert "含下级机构" in page["scope"]
        assert "--" not in page["scope"] and "include_sub_bodies" not in page["scope"]
        assert "exact" not in page["scope"]
        output.print_obligations(page)
        printed = capsys.readouterr().out
        assert page["scope"] in printed
        assert ("--exact" in printed) is (wide == "true")


def test_a_checklist_of_duties_only_totals_its_verdicts_not_a_zero_score() -> None:
    """合计 of a checklist whose rows carry no points says how its rows were judged
    (符合 / 不符合 / 不适用), not 满分 0; with points it keeps 满分 and the score."""
    from api.checklist_export import total_line
    from api.checklist_model import Checklist, Group, Requirement, SourceRef

    def row(i: int, points: float | None) -> Requirement:
        source = SourceRef(f"d#art_{i}", "d", "条例", f"第{i}条", 0, 1)
        return Requirement(f"R{i}", "obligation", "g", "条例", "应当……", source, points=points)

    duties = Checklist("医疗机构", [], ["护理"], None, [Group("g", [row(1, None), row(2, None)])])
    assert not duties.scored and duties.as_json()["scored"] is False
    line = total_line(duties, {"R1": {"score": "符合"}, "R2": {"score": "不适用"}})
    assert line == "2 项，逐项判定：符合 1，不符合 0，不适用 1" and "满分" not in line
    mixed = Checklist("医疗机构", [], [], "标准", [Group("g", [row(1, 5.0), row(2, None)])])
    assert total_line(mixed, {"R1": {"score": 4.0}}) == (
        "2 项，满分 5，自评得分 4，逐项判定：符合 0，不符合 0，不适用 0"
    )
