"""``regkg diff`` (新旧对照 of two versions of a work) and ``regkg stale`` (citations a revision
left pointing at a changed, moved or dropped article), from the terminal.

Kept apart from ``cli.py``, which only parses the arguments and calls these.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from api import tables
from api.output import console

if TYPE_CHECKING:  # graph code is imported when a command runs: parsing stays fast
    from api.services import Regkg
    from graph.changes import StaleCitation, VersionDiff

_CHANGE_ZH = {
    "unchanged": "未变",
    "renumbered": "条号变",
    "changed": "修改",
    "added": "新增",
    "deleted": "删除",
}


def add_arguments(diff: argparse.ArgumentParser, stale: argparse.ArgumentParser) -> None:
    diff.add_argument("title", help="title, short title or misspelling of the work")
    diff.add_argument("--from", dest="from_date", metavar="DATE", help="the version in force then")
    diff.add_argument("--to", dest="to_date", metavar="DATE", help="the version in force then")
    diff.add_argument(
        "--all", action="store_true", help="list unchanged articles too (default: only changes)"
    )
    diff.add_argument("--json", action="store_true", help="print machine-readable JSON")
    stale.add_argument(
        "document", nargs="?", help="only citations made by this document (title or id)"
    )
    stale.add_argument("--json", action="store_true", help="print machine-readable JSON")


def diff_json(found: VersionDiff) -> dict[str, Any]:
    """The JSON of a 新旧对照, for the CLI and the API alike."""
    from graph.changes import plain_pair

    def version(doc: Any) -> dict[str, Any]:
        keys = ("id", "title", "version_date", "effective", "status", "status_reason")
        return {k: getattr(doc, k) for k in keys}

    return {
        "work": found.work,
        "from": version(found.old),
        "to": version(found.new),
        "counts": found.counts,
        "rows": [plain_pair(p) for p in found.rows],
    }


def stale_json(rows: list[StaleCitation]) -> list[dict[str, Any]]:
    return [asdict(r) for r in rows]


def run_diff(app: Regkg, args: argparse.Namespace) -> int:
    found = app.diff(args.title, args.from_date, args.to_date)
    if args.json:
        print(json.dumps(diff_json(found), ensure_ascii=False, indent=1))
        return 0
    old, new = found.old, found.new
    console.print(
        f"《{found.work}》 {old.version_date} → {new.version_date}  "
        + "  ".join(
            f"{_CHANGE_ZH.get(k, k)} {v}" for k, v in found.counts.items() if k in _CHANGE_ZH
        )
    )
    names = ("旧", "新", "变化", "修改内容（-删 +增）")
    rows = [
        (
            pair.old.locator if pair.old else "",
            pair.new.locator if pair.new else "",
            _CHANGE_ZH[pair.change.value],
            _diff_text(pair),
        )
        for pair in found.rows
        if pair.change.value != "unchanged" or args.all
    ]
    if tables.is_pipe(console):  # tab-separated lines, the diff's [-删-] [+增+] marks kept
        cols = [tables.Col(name) for name in names]
        tables.show(console, "新旧对照", cols, [[*r[:3], r[3].plain] for r in rows])
        return 0
    table = Table(title="新旧对照", show_lines=True)
    for name in names:
        table.add_column(name)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    return 0


def _diff_text(pair: Any) -> Text:
    """The character diff, deletions struck through in red, insertions green."""
    text = Text()
    if not pair.diff:
        source = pair.new or pair.old
        return Text(source.text[:160] if pair.change.value in ("added", "deleted") else "")
    for op in pair.diff:
        if op.op == "equal":
            kept = op.text if len(op.text) <= 24 else f"{op.text[:10]}…{op.text[-10:]}"
            text.append(kept)
        elif op.op == "delete":
            text.append(f"[-{op.text}-]", style="red strike")
        else:
            text.append(f"[+{op.text}+]", style="green")
    return text


def run_stale(app: Regkg, args: argparse.Namespace) -> int:
    rows = app.stale(args.document)
    if args.json:
        print(json.dumps(stale_json(rows), ensure_ascii=False, indent=1))
        return 0
    cols = [
        tables.Col("citing document", ratio=3, fold=True),
        tables.Col("locator", ratio=2, fold=True),
        tables.Col("citation", ratio=3, fold=True),
        tables.Col("cited (version)", ratio=3, fold=True),
        tables.Col("now", ratio=1, fold=True),
        tables.Col("why", ratio=4, fold=True),
    ]
    cells = [
        [
            r.citing_document_title or r.citing_document_id,
            r.locator or "",
            r.raw or "",
            f"{r.work} {r.article or ''} ({r.cited_version_date})",
            r.current_article or "—",
            r.reason,
        ]
        for r in rows
    ]
    tables.show(console, "stale citations", cols, cells)
    print(f"{len(rows)} stale citation{'s' if len(rows) != 1 else ''}")
    return 0
