"""A report's coverage judged by hand (issue 14, part 3): how far "addressed" can be trusted.

Builds the 依法执业 checklist of 医疗机构 on an ingested home, runs `regkg coverage`'s code on each
report and compares row by row with a gold file judged by reading the report (not the tool's
output): benchmarks/gold/coverage_seed000.jsonl (seed 000, the set the thresholds were fitted on)
and coverage_report07.jsonl (benchmarks/generalisation/07_…, judged before the tool was run on
it: measure only). A gold row says whether the report speaks to the requirement and, if so, the
paragraphs that do; an "addressed" row is right when the gold says so and its first evidence
sentence lies in one of those paragraphs.

    python -m benchmarks.coverage --home HOME [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from api.services import Regkg
from api.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
REPORTS = {
    "seed 000 (fitted)": (
        ROOT / "data" / "seeds" / "000_e8441b651c306fc0.txt",
        ROOT / "benchmarks" / "gold" / "coverage_seed000.jsonl",
    ),
    "report 07 (measure only)": (
        ROOT / "benchmarks" / "generalisation" / "07_2025年依法执业自查报告.txt",
        ROOT / "benchmarks" / "gold" / "coverage_report07.jsonl",
    ),
}


def read_gold(path: Path) -> dict[str, dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {row["id"]: row for row in map(json.loads, lines) if row}


def right_span(row: dict[str, Any], gold: dict[str, Any]) -> bool:
    """The row's first evidence sentence lies in a paragraph the gold names."""
    if not gold["addressed"] or not row["evidence"]:
        return False
    first = row["evidence"][0]
    return any(first["start"] < g["end"] and g["start"] < first["end"] for g in gold["evidence"])


def judge(rows: list[dict[str, Any]], gold: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Precision of "addressed", recall of truly addressed rows, what "possible" holds and
    how many gaps are really absent; also with only the rows the judge was sure of."""
    missing = [r["id"] for r in rows if r["id"] not in gold]
    if missing:
        raise SystemExit(f"{len(missing)} rows are not in the gold file (checklist changed?)")
    status: dict[str, list[dict[str, Any]]] = {"addressed": [], "possible": [], "gap": []}
    for r in rows:
        status[r["status"]].append(r)
    addressed, possible, gaps = status["addressed"], status["possible"], status["gap"]
    real = sum(right_span(r, gold[r["id"]]) for r in addressed)
    truly = sum(g["addressed"] for g in gold.values())
    sure = [g for g in gold.values() if g.get("sure", True)]
    sure_yes = {g["id"] for g in sure if g["addressed"]}
    real_sure = sum(right_span(r, gold[r["id"]]) for r in addressed if r["id"] in sure_yes)
    return {
        "rows": len(rows),
        "truly_addressed": truly,
        "addressed": len(addressed),
        "real_evidence": real,
        "precision": round(real / len(addressed), 3) if addressed else None,
        "recall": round(real / truly, 3) if truly else None,
        "possible": len(possible),
        "possible_truly": sum(gold[r["id"]]["addressed"] for r in possible),
        "possible_right_span": sum(right_span(r, gold[r["id"]]) for r in possible),
        "gaps": len(gaps),
        "gaps_absent": sum(not gold[r["id"]]["addressed"] for r in gaps),
        "sure_truly_addressed": len(sure_yes),
        "sure_recall": round(real_sure / len(sure_yes), 3) if sure_yes else None,
        "wrong": [
            f"{r['code']} ← {r['evidence'][0]['text'][:40]}"
            for r in addressed
            if not right_span(r, gold[r["id"]])
        ],
    }


def run(home: Path | None) -> dict[str, Any]:
    app = Regkg(Settings(home=home) if home else Settings())
    out: dict[str, Any] = {}
    try:
        checklist = app.checklist("医疗机构", ["依法执业"])
        for name, (report, gold_path) in REPORTS.items():
            started = time.perf_counter()
            found = app.coverage(report.name, report.read_bytes(), checklist).as_json()
            seconds = time.perf_counter() - started
            rows = [r for g in found["groups"] for r in g["rows"]]
            out[name] = judge(rows, read_gold(gold_path))
            out[name]["seconds"] = round(seconds, 1)  # ingest + match, the searcher already loaded
            out[name]["misspelt"] = {
                c["written"]: c["intended"]
                for c in found["citations"]
                if c["verdict"] == "misspelt"
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
        "| report | rows | truly addressed | addressed | real evidence | precision | recall "
        "| possible (truly / right span) | gaps really absent |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for name, f in found.items():
        print(
            f"| {name} | {f['rows']} | {f['truly_addressed']} | {f['addressed']} | "
            f"{f['real_evidence']} | {f['precision']} | {f['recall']} | {f['possible']} "
            f"({f['possible_truly']} / {f['possible_right_span']}) | "
            f"{f['gaps_absent']} / {f['gaps']} |"
        )
    for name, f in found.items():
        print(f"\n{name}: {f['seconds']} s (read, ingest and match the report)")
        print(f"{name}: recall over the rows the judge was sure of {f['sure_recall']} "
              f"({f['sure_truly_addressed']} rows); misspelt titles {f['misspelt']}")  # fmt: skip
        for wrong in f["wrong"]:
            print(f"  addressed without real evidence: {wrong}")
    if args.json:
        args.json.write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
