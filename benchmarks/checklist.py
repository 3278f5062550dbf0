"""Checklists and a report's coverage on the ingested sample corpus (issue 14, parts 2 and 3).

Builds the 自查清单 of 医疗机构 on 医疗废物, 传染病防治 and 依法执业 and prints per checklist the
rows by kind, the groups, how many rows lead to their source text (the clause exists and the
document's text at the row's span is the clause's text), how many carry a 违反后果; then the
coverage of seed 000 (a 依法执业 self-inspection report) against the 依法执业 checklist and the
report's citations that need a second look.

    python -m benchmarks.checklist [--home ~/.regkg] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from api.checklist_model import Checklist
from api.services import Regkg
from api.settings import Settings
from graph import cypher

TOPICS = ("医疗废物", "传染病防治", "依法执业")
SEED_000 = Path(__file__).resolve().parent.parent / "data" / "seeds" / "000_e8441b651c306fc0.txt"


def source_coverage(app: Regkg, found: Checklist) -> tuple[int, int]:
    """Rows whose clause exists and whose span in its document's text is the clause's text."""
    texts: dict[str, str] = {}
    ok = 0
    for row in found.rows:
        src = row.source
        clause = app.store.read(cypher.CLAUSES_BY_ID, ids=[src.clause_id])
        if not clause or src.start is None or src.end is None:
            continue
        if src.document_id not in texts:
            record = app.store.read(cypher.DOCUMENT_RECORD, id=src.document_id)
            texts[src.document_id] = record[0]["document"].get("text") or "" if record else ""
        span = texts[src.document_id][src.start : src.end]
        if row.kind == "item" or span.strip() == (clause[0]["text"] or "").strip():
            ok += 1 if span.strip() else 0
    return ok, len(found.rows)


def run(home: Path | None) -> dict[str, Any]:
    settings = Settings(home=home) if home else Settings()
    app = Regkg(settings)
    out: dict[str, Any] = {"checklists": {}, "coverage": None}
    try:
        for topic in TOPICS:
            t0 = time.perf_counter()
            found = app.checklist("医疗机构", [topic])
            seconds = time.perf_counter() - t0
            ok, total = source_coverage(app, found)
            out["checklists"][topic] = {
                "rows": total,
                "items": sum(r.kind == "item" for r in found.rows),
                "obligations": sum(r.kind == "obligation" for r in found.rows),
                "groups": len(found.groups),
                "works": len({r.work for r in found.rows}),
                "with_source": ok,
                "with_penalty": sum(bool(r.penalty) for r in found.rows),
                "by_meaning": sum("语义" in r.matched for r in found.rows),
                "seconds": round(seconds, 1),
            }
        checklist = app.checklist("医疗机构", ["依法执业"])
        report = app.coverage(SEED_000.name, SEED_000.read_bytes(), checklist).as_json()
        out["coverage"] = {
            "requirements": report["total"],
            "addressed": report["addressed"],
            "possible": report["possible"],
            "gaps": report["gaps"],
            "threshold": report["threshold"],
            "citations": [
                {"raw": c["raw"], "verdict": c["verdict"], "intended": c["intended"]}
                for c in report["citations"]
                if c["verdict"] != "ok"
            ],
        }
    finally:
        app.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="REGKG_HOME with the sample corpus ingested")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    found = run(args.home)
    print(
        "| topic | rows | items | duties | groups | works | to source | 违反后果 | by meaning | s |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for topic, f in found["checklists"].items():
        print(
            f"| {topic} | {f['rows']} | {f['items']} | {f['obligations']} | {f['groups']} | "
            f"{f['works']} | {f['with_source']}/{f['rows']} | {f['with_penalty']} | "
            f"{f['by_meaning']} | {f['seconds']} |"
        )
    cov = found["coverage"]
    print(
        f"\nseed 000 vs 依法执业: {cov['addressed']} addressed, {cov['gaps']} gaps "
        f"({cov['possible']} of them to check by hand) of {cov['requirements']} "
        f"(threshold {cov['threshold']}; judged against the gold: python -m benchmarks.coverage)"
    )
    for c in cov["citations"]:
        if c["verdict"] in ("misspelt", "superseded", "repealed"):
            print(f"  {c['raw']} → {c['verdict']}: 《{c['intended']}》")
    if args.json:
        args.json.write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
