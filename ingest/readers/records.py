"""CSV and JSON sources as layouts: a CSV is one table (its delimiter sniffed, its encoding
decoded like any text); JSON records become tables, JSON strings paragraphs.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any

from ingest.errors import IngestError
from ingest.layout import Block, Layout, Paragraph, Table
from ingest.readers._common import file_name, grid_blocks, show_number
from ingest.reading import DEFAULT_MAX_BYTES, decode

_DELIMITERS = (",", "\t", ";", "|", "，")
_SNIFF_LINES = 50
# Keys whose string value names the whole document.
_TITLE_KEYS = frozenset({"title", "name", "标题", "名称", "文件名称", "标准名称", "表名"})


def _text(data: bytes, source: str) -> str:
    return decode(data, max_bytes=max(len(data), DEFAULT_MAX_BYTES), source=file_name(source)).text


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most, and most even, fields."""
    sample = [line for line in text.split("\n")[:_SNIFF_LINES] if line.strip()]
    best, best_score = ",", 0.0
    for delimiter in _DELIMITERS:
        counts = [len(row) for row in csv.reader(sample, delimiter=delimiter)]
        if not counts or max(counts) < 2:
            continue
        common = max(set(counts), key=counts.count)
        # Rows with the common field count, weighted by how many fields that is.
        score = counts.count(common) / len(counts) * min(common, 20)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes, source: str) -> Layout:
    """One table from a CSV or TSV file in any encoding ``decode`` knows (UTF-8, GBK, Big5)."""
    name = file_name(source)
    text = _text(data, source)
    delimiter = sniff_delimiter(text)
    try:
        rows = list(csv.reader(text.split("\n"), delimiter=delimiter))
    except csv.Error as exc:
        raise IngestError(f"{name}: not readable as CSV ({exc}); save it again as CSV") from None
    blocks = grid_blocks(rows, lambda i: f"第{i + 1}行", name)
    if not blocks:
        raise IngestError(f"{name}: the CSV holds no filled cells; supply the table's content")
    return Layout("csv", tuple(blocks))


def read_json(data: bytes, source: str) -> Layout:
    """Records as tables, strings as paragraphs; an error with line and column if malformed."""
    name = file_name(source)
    text = _text(data, source)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(
            f"{name}: not valid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}); "
            "fix the file there"
        ) from None
    reader = _JsonLayout()
    reader.add(value, None)
    if not reader.blocks:
        raise IngestError(f"{name}: the JSON holds no records or text; supply the document")
    return Layout("json", tuple(reader.blocks), title=reader.title)


def flat(value: Any) -> str:
    """A nested value as one readable cell: lists joined by ；, objects as 键：值."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return show_number(value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{flat(v)}" for k, v in value.items() if flat(v))
    if isinstance(value, list):
        return "；".join(part for part in (flat(v) for v in value) if part)
    return str(value).strip()


def _is_records(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


class _JsonLayout:
    """Walks a JSON value, emitting blocks in document order."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.title: str | None = None
        self._tables = 0

    def add(self, value: Any, key: str | None) -> None:
        if _is_records(value):
            self._records(value, key)
        elif isinstance(value, list) and value and all(isinstance(v, list) for v in value):
            self._tables += 1
            rows = [[flat(cell) for cell in row] for row in value]
            self.blocks.extend(
                grid_blocks(rows, lambda i: f"第{i + 1}行", f"表{self._tables}", caption=key)
            )
        elif isinstance(value, list):
            if key:
                self.blocks.append(Paragraph(key, f"键 {key}", heading=True))
            for i, item in enumerate(value, start=1):
                if isinstance(item, dict | list):
                    self.add(item, None)
                else:
                    self._line(item, i)
        elif isinstance(value, dict):
            self._object(value, key)
        elif value not in (None, ""):
            self._line(value, len(self.blocks) + 1, key)

    def _line(self, value: Any, n: int, key: str | None = None) -> None:
        text = flat(value)
        if text:
            self.blocks.append(Paragraph(text if key is None else f"{key}：{text}", f"记录{n}"))

    def _object(self, value: dict[str, Any], key: str | None) -> None:
        if key:
            self.blocks.append(Paragraph(key, f"键 {key}", heading=True))
        for k, v in value.items():
            if isinstance(v, str) and k.strip().lower() in _TITLE_KEYS and self.title is None:
                self.title = v.strip()
                self.blocks.append(Paragraph(v, f"键 {k}", heading=True))
            elif isinstance(v, str):
                if v.strip():
                    self.blocks.append(Paragraph(v, f"键 {k}"))
            elif isinstance(v, dict | list):
                self.add(v, str(k))
            elif v is not None:
                self.blocks.append(Paragraph(f"{k}：{flat(v)}", f"键 {k}"))

    def _records(self, records: list[dict[str, Any]], key: str | None) -> None:
        self._tables += 1
        records = ungrouped(records)
        header = list(_keys(records))
        rows = [[flat(record.get(k)) for k in header] for record in records]
        width = [any(row[c] for row in rows) for c in range(len(header))]
        header = [h for h, keep in zip(header, width, strict=True) if keep]
        rows = [[c for c, keep in zip(row, width, strict=True) if keep] for row in rows]
        self.blocks.append(
            Table(
                rows=(tuple(header), *(tuple(row) for row in rows)),
                origin=f"表{self._tables}",
                row_origins=("键", *(f"记录{i}" for i in range(1, len(rows) + 1))),
                caption=key,
            )
        )


# A grouping record names its group in a few short words (类别: 人员管理) beside its records.
_GROUP_FIELDS = 2
_GROUP_NAME = 24


def ungrouped(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records that only group others ({类别: 人员管理, 项目: [{编号, 内容, 分值}, …]}) as the
    records they hold, each under its group's name (类别: 人员管理, 编号, 内容, 分值), at any
    depth. A record with content of its own keeps a nested list as one cell (an item's
    扣分明细 is its deductions, not more items)."""
    field = _grouped_field(records)
    if field is None:
        return records
    out: list[dict[str, Any]] = []
    for record in records:
        names = {k: v for k, v in record.items() if k != field}
        for inner in ungrouped(record.get(field) or []):
            out.append(names | {k: v for k, v in inner.items() if k not in names})
    return out


def _grouped_field(records: list[dict[str, Any]]) -> str | None:
    """The one field every record keeps its records in, when the rest only name the group."""
    fields = {k for record in records for k, v in record.items() if _is_records(v)}
    if len(fields) != 1:
        return None
    field = next(iter(fields))
    for record in records:
        rest = [v for k, v in record.items() if k != field and v not in (None, "")]
        if not _is_records(record.get(field)) or len(rest) > _GROUP_FIELDS:
            return None
        if any(not isinstance(v, str) or len(v.strip()) > _GROUP_NAME for v in rest):
            return None
    return field


def _keys(records: Iterable[dict[str, Any]]) -> dict[str, None]:
    """Every key of the records, in order of first appearance."""
    keys: dict[str, None] = {}
    for record in records:
        keys.update(dict.fromkeys(str(k) for k in record))
    return keys
