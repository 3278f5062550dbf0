"""``regkg checklist`` and ``regkg coverage``: the compliance workbench from the terminal.

Kept apart from ``cli.py``, which only parses the arguments and calls these.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from api.checklist_export import FORMATS, render
from api.checklist_model import Checklist

if TYPE_CHECKING:
    from api.services import Regkg


def add_arguments(checklist: argparse.ArgumentParser, coverage: argparse.ArgumentParser) -> None:
    for p in (checklist, coverage):
        p.add_argument(
            "--for", dest="party", default=None, help="kind of institution, e.g. 医疗机构"
        )
        p.add_argument(
            "--topic",
            action="append",
            metavar="TOPIC",
            help="医疗废物, 传染病防治, 依法执业, 护理, 药品 … (repeat it or give a comma list)",
        )
        p.add_argument("--standard", help="every item of this scoring standard (title)")
    checklist.add_argument(
        "--format", default="md", choices=FORMATS, help="file format (default md)"
    )
    checklist.add_argument("-o", "--output", type=Path, help="write to FILE (default: stdout)")
    checklist.add_argument(
        "--base-url",
        help="where links to source clauses point (default http://HOST:PORT of the settings)",
    )
    coverage.add_argument("report", type=Path, help="the self-inspection report or plan")
    coverage.add_argument("--against", type=Path, help="a saved checklist (JSON)")
    coverage.add_argument("--json", action="store_true", help="print machine-readable JSON")


def _topics(values: list[str] | None) -> list[str]:
    return [t.strip() for v in values or [] for t in v.replace("、", ",").split(",") if t.strip()]


def _selected(app: Regkg, args: argparse.Namespace) -> Checklist:
    return app.checklist(args.party or "医疗机构", _topics(args.topic), args.standard)


def run_checklist(app: Regkg, args: argparse.Namespace) -> int:
    found = _selected(app, args)
    base = args.base_url or f"http://{app.settings.host}:{app.settings.port}"
    data = render(found, args.format, base)
    if args.output:
        args.output.write_bytes(data)
        print(f"{len(found.rows)} rows in {len(found.groups)} groups → {args.output}")
    elif args.format in ("xlsx", "docx"):
        raise ValueError(f"--format {args.format} is a binary file: give -o FILE")
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0


def run_coverage(app: Regkg, args: argparse.Namespace) -> int:
    if not args.report.is_file():
        raise FileNotFoundError(f"{args.report} is not a file: give the report to compare")
    if args.against:
        try:
            chosen = Checklist.from_json(json.loads(args.against.read_text(encoding="utf-8")))
        except json.JSONDecodeError as err:
            raise ValueError(
                f"{args.against} is not JSON ({err}); save a checklist as JSON"
            ) from None
    elif args.topic or args.standard:
        chosen = _selected(app, args)
    else:
        raise ValueError("give --against CHECKLIST.json, or --for/--topic/--standard")
    found = app.coverage(args.report.name, args.report.read_bytes(), chosen).as_json()
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=1))
    else:
        print_coverage(found)
    return 0


def print_coverage(found: dict[str, Any]) -> None:
    print(
        f"{found['source']}: {found['addressed']} of {found['total']} requirements addressed, "
        f"{found['gaps']} gaps, {found.get('possible', 0)} of them to check by hand "
        f"(threshold {found['threshold']})"
    )
    for group in found["groups"]:
        share = group["share"]
        bar = "█" * round(share * 20) + "░" * (20 - round(share * 20))
        print(f"\n{bar} {group['addressed']}/{group['total']}  {group['name']}")
        for row in group["rows"]:
            status = row.get("status") or ("addressed" if row["addressed"] else "gap")
            mark = {"addressed": "✓", "possible": "? 待核对"}.get(status, "✗ gap")
            print(f"  {mark:6} {row['code'] or ''} {row['text'][:60]}")
            for ev in row["evidence"][:1]:
                print(f"         ← [{ev['start']}:{ev['end']}] {ev['text'][:70]}")
    flagged = [c for c in found["citations"] if c["verdict"] != "ok"]
    if flagged:
        print("\ncitations to check:")
        for c in flagged:
            print(f"  {c['raw']}  {c['verdict']}: {c['note']}")
