"""A checklist written out for the compliance office: Excel with per-table subtotal and total
formulas, Word with a table per group, CSV, Markdown or JSON; every row links to its source
clause's page (``{base}/#/clause/{id}``) so a reader can check the text it stands on.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable
from typing import Any

from api.checklist_model import Checklist, Group, Requirement

# What staff entered on the checklist page, by row id: ``score`` (a number for a scored row, or
# 符合 / 不符合 / 不适用 for a duty row) and ``finding`` (发现问题). Exports write them in.
Entries = dict[str, dict[str, Any]]

FORMATS = ("json", "csv", "md", "xlsx", "docx")
MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
HEADER = ("序号", "编号/条款", "基本要求", "内容", "评分标准", "分值", "自评得分", "发现问题",
          "来源", "违反后果", "行 id")  # fmt: skip
_DOCX_HEADER = ("序号", "编号/条款", "要求", "分值", "自评得分", "发现问题", "来源", "违反后果")
_POINTS_COL, _SCORE_COL = 6, 7  # 1-based columns of 分值 and 自评得分 in the sheet
NO_SUBTOTAL = "—"  # the 小计 of a group of duty rows, which are judged, not scored


def clause_url(base_url: str, clause_id: str) -> str:
    from urllib.parse import quote

    return f"{base_url.rstrip('/')}/#/clause/{quote(clause_id, safe='')}"


def source_label(row: Requirement) -> str:
    return " ".join(x for x in (row.source.document_title, row.source.locator) if x)


def _zh(text: str) -> str:
    """Source text as a reader of 简体 sees it on the page (api/display.py): a row from a page in
    traditional characters (醫院感染管理) is written out simplified; its link keeps the original."""
    from api.display import simplified

    return simplified(text) if text else text


def _criteria(row: Requirement) -> str:
    if row.criteria:
        return "\n".join(row.criteria)
    return "；".join(d.rstrip("；;。 ") for d in row.detail)  # one mark between duties, not ；；


def render(
    checklist: Checklist,
    fmt: str,
    base_url: str = "http://127.0.0.1:8000",
    entries: Entries | None = None,
) -> bytes:
    """The checklist as a file of format ``fmt`` (one of ``FORMATS``), with the scores and
    findings ``entries`` holds (``check_entries`` first) in their columns."""
    writers: dict[str, Callable[[Checklist, str, Entries], bytes]] = {
        "json": _json,
        "csv": _csv,
        "md": _markdown,
        "xlsx": _xlsx,
        "docx": _docx,
    }
    if fmt not in writers:
        raise ValueError(f"unknown checklist format {fmt!r}; use one of {', '.join(FORMATS)}")
    return writers[fmt](checklist, base_url, entries or {})


def check_entries(checklist: Checklist, entries: Entries) -> Entries:
    """Entries of this checklist's rows, as numbers where a row has points: a score must lie
    between 0 and the row's points; a duty row without points takes 符合 / 不符合 / 不适用.
    Raises ValueError naming the row whose entry is wrong."""
    rows = {r.id: r for r in checklist.rows}
    out: Entries = {}
    for row_id, entry in entries.items():
        row = rows.get(row_id)
        if row is None:
            continue  # a row of an earlier build of this checklist: nothing to write it in
        score, finding = entry.get("score"), _printable(str(entry.get("finding") or "")[:2000])
        if score in (None, ""):
            value: float | str | None = None
        elif row.points is None:
            if score not in VERDICTS:
                raise ValueError(
                    f"row {row.code or row_id}: judge a duty {'/'.join(VERDICTS)}, not {score!r}"
                )
            value = str(score)
        else:
            try:
                value = float(score)
            except (TypeError, ValueError):
                raise ValueError(
                    f"row {row.code or row_id}: score {score!r} is not a number"
                ) from None
            if not 0 <= value <= row.points:
                raise ValueError(
                    f"row {row.code or row_id}: score {value:g} is outside 0–{row.points:g}"
                )
        if value is not None or finding:
            out[row_id] = {"score": value, "finding": finding}
    return out


VERDICTS = ("符合", "不符合", "不适用")  # a duty row without points is judged, not scored


def _printable(text: str) -> str:
    """A finding as typed, less the control characters no Excel or Word file can hold (a form
    feed pasted in), line breaks and tabs kept."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")


def _entry(entries: Entries, row: Requirement) -> tuple[Any, str]:
    found = entries.get(row.id, {})
    return found.get("score"), found.get("finding") or ""


def _cells(n: int, row: Requirement, entries: Entries) -> list[Any]:
    score, finding = _entry(entries, row)
    texts = [_zh(row.requirement or ""), _zh(row.text), _zh(_criteria(row))]
    return [n, row.code or "", *texts, row.points, score, finding, source_label(row),
            row.penalty or "", row.id]  # fmt: skip


def _shown(value: Any) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _json(checklist: Checklist, base_url: str, entries: Entries) -> bytes:
    data = checklist.as_json()
    for group in data["groups"]:
        for row in group["rows"]:
            row["url"] = clause_url(base_url, row["source"]["clause_id"])
            if row["id"] in entries:
                row["entry"] = entries[row["id"]]
            for name in ("text", "requirement"):  # the page and a saved list read 简体
                if row.get(name):
                    row[name] = _zh(row[name])
            row["detail"] = [_zh(d) for d in row.get("detail") or []]
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def _csv(checklist: Checklist, base_url: str, entries: Entries) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["分组", *HEADER, "链接"])
    n = 0
    for group in checklist.groups:
        for row in group.rows:
            n += 1
            writer.writerow(
                [group.name, *_cells(n, row, entries), clause_url(base_url, row.source.clause_id)]
            )
    return ("\ufeff" + out.getvalue()).encode()  # the BOM makes Excel read UTF-8


def _md_cell(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", "<br>")


def _markdown(checklist: Checklist, base_url: str, entries: Entries) -> bytes:
    lines = [f"# {_title(checklist)}", ""]
    lines += [f"> {note}" for note in checklist.notes]
    n = 0
    for group in checklist.groups:
        lines += [
            "",
            f"## {group.name}",
            "",
            "| 序号 | 编号/条款 | 要求 | 分值 | 自评得分 | 发现问题 | 来源 | 违反后果 |",
        ]
        lines.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for row in group.rows:
            n += 1
            text = _zh("：".join(x for x in (row.requirement, row.text) if x))
            link = f"[{_md_cell(source_label(row))}]({clause_url(base_url, row.source.clause_id)})"
            points = "" if row.points is None else f"{row.points:g}"
            score, finding = _entry(entries, row)
            lines.append(
                f"| {n} | {_md_cell(row.code)} | {_md_cell(text)} | {points} | "
                f"{_md_cell(_shown(score))} | {_md_cell(finding)} | {link} | "
                f"{_md_cell(row.penalty)} |"
            )
        points, scored = _subtotal(group, entries)
        lines.append(f"| 小计 |  |  | {points} | {scored} |  |  |  |")
    lines += ["", f"**合计** {total_line(checklist, entries)}", ""]
    return "\n".join(lines).encode()


def _subtotal(group: Group, entries: Entries) -> tuple[str, str]:
    """A group's 小计 of points and of scores entered; "—" for a group of duty rows, which are
    judged (符合/不符合/不适用), not scored: a 0 there would read as a failed table."""
    if not group.scored:
        return NO_SUBTOTAL, NO_SUBTOTAL
    return f"{group.points:g}", _scored(group.rows, entries)


def total_line(checklist: Checklist, entries: Entries) -> str:
    """合计: the rows, 满分 and the score entered where rows carry points; how the duty rows
    were judged (符合 / 不符合 / 不适用) where there are any, never a 满分 0."""
    parts = [f"{len(checklist.rows)} 项"]
    if checklist.scored:
        parts.append(f"满分 {checklist.points:g}，自评得分 {_scored(checklist.rows, entries)}")
    judged = [_entry(entries, r)[0] for r in checklist.rows if r.points is None]
    if judged:
        counts = "，".join(f"{v} {judged.count(v)}" for v in VERDICTS)
        parts.append(f"逐项判定：{counts}")
    return "，".join(parts)


def _scored(rows: list[Requirement], entries: Entries) -> str:
    """The sum of the numeric scores entered on ``rows`` ("" when none is)."""
    scores = [v for r in rows if isinstance(v := _entry(entries, r)[0], float)]
    return f"{sum(scores):g}" if scores else ""


def _title(checklist: Checklist) -> str:
    what = "、".join(checklist.topics) or ""
    standard = f"《{checklist.standard}》" if checklist.standard else ""
    return f"{checklist.party} {what}{standard} 自查清单".replace("  ", " ")


def _xlsx(checklist: Checklist, base_url: str, entries: Entries) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "自查清单"
    sheet.append(_sheet_row([_title(checklist)]))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(HEADER))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E3F4EC")
    points = get_column_letter(_POINTS_COL)
    score = get_column_letter(_SCORE_COL)
    subtotals: list[int] = []
    n = 0
    for group in checklist.groups:
        sheet.append(_sheet_row([group.name]))
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        first = sheet.max_row + 1
        for row in group.rows:
            n += 1
            sheet.append(_sheet_row(_cells(n, row, entries)))
            link = sheet.cell(sheet.max_row, 9)
            link.hyperlink = clause_url(base_url, row.source.clause_id)
            link.style = "Hyperlink"
        last = sheet.max_row
        if group.scored:
            sheet.append(["", "小计", "", "", "", f"=SUM({points}{first}:{points}{last})",
                          f"=SUM({score}{first}:{score}{last})"])  # fmt: skip
            subtotals.append(sheet.max_row)
        else:  # duty rows are judged, not scored: no sum, and none in the total
            sheet.append(["", "小计", "", "", "", NO_SUBTOTAL, NO_SUBTOTAL])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    # The total adds the subtotals, so a row added inside a table counts once.
    total_points = "=" + "+".join(f"{points}{r}" for r in subtotals) if subtotals else NO_SUBTOTAL
    total_score = "=" + "+".join(f"{score}{r}" for r in subtotals) if subtotals else NO_SUBTOTAL
    sheet.append(["", "合计", total_line(checklist, entries), "", "", total_points, total_score])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEFGHIJK", (6, 14, 28, 50, 30, 7, 9, 24, 28, 24, 15), strict=True):
        sheet.column_dimensions[col].width = width
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_row(values: list[Any]) -> list[Any]:
    """Cells without the control characters a worksheet cannot hold (a topic typed as 0\x1f0,
    a finding pasted with a form feed): openpyxl refuses them, and the export would fail."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values]


def _docx(checklist: Checklist, base_url: str, entries: Entries) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(_title(checklist), level=1)
    for note in checklist.notes:
        doc.add_paragraph(note)
    n = 0
    for group in checklist.groups:
        doc.add_heading(group.name, level=2)
        table = doc.add_table(rows=1, cols=len(_DOCX_HEADER))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, _DOCX_HEADER, strict=True):
            cell.text = text
        for row in group.rows:
            n += 1
            cells = table.add_row().cells
            cells[0].text = str(n)
            cells[1].text = row.code or ""
            cells[2].text = _zh("：".join(x for x in (row.requirement, row.text) if x))
            cells[3].text = "" if row.points is None else f"{row.points:g}"
            score, finding = _entry(entries, row)
            cells[4].text = _shown(score)
            cells[5].text = finding
            _hyperlink(cells[6].paragraphs[0], clause_url(base_url, row.source.clause_id),
                       source_label(row))  # fmt: skip
            cells[7].text = row.penalty or ""
        cells = table.add_row().cells
        cells[1].text = "小计"
        cells[3].text, cells[4].text = _subtotal(group, entries)
    doc.add_paragraph(f"合计 {total_line(checklist, entries)}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _hyperlink(paragraph: Any, url: str, text: str) -> None:
    """python-docx has no hyperlink API: an external relationship and a w:hyperlink run."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:u")
    style.set(qn("w:val"), "single")
    props.append(style)
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "1D5FA8")
    props.append(colour)
    run.append(props)
    node = OxmlElement("w:t")
    node.text = text
    run.append(node)
    link.append(run)
    paragraph._p.append(link)
