"""Checklist rows that are right, scored against rows judged by hand (issue 14 item 2).

Builds the 自查清单 of 医疗机构 on each topic of benchmarks/gold/checklist_rows.jsonl
and prints, per topic and split, the judged rows still on the list and how many of them are right
(precision), the judged rows no longer on it (right ones lost, wrong ones removed), and the rows
known to be missing that are on the list now. Every row still has to lead to its source text.

The gold's rows were drawn at random with fixed seeds from the checklists as built on 2026-12-07
before any rule changed (30 of 传染病防治 with seed 7, judged on 2026-12-06; 40 more of 传染病防治
with seed 2026 not among those; 40 of 依法执业, 20 of 护理 and 20 of 药品, seed 2026; every row of
医疗废物). Split "tune" (传染病防治, 依法执业, 医疗废物) is what the rules were improved on;
"measure" (护理, 药品) is printed only with ``--measure``, once the rules are frozen.
Split "measure2" (母婴保健, 精神卫生, 临床用血: 20 rows each, seed 2027, drawn and judged on
2026-12-07 before the second pass changed any rule) is printed only with ``--measure2``.
Split "measure3" (放射诊疗, 医疗质量, 医疗纠纷: 20 rows each, seed 2028, drawn and judged on
2026-12-07 before the third pass changed any rule, by a judge who did not read the rule code) is
printed only with ``--measure3``.

    python -m benchmarks.checklist_rows --home HOME [--measure] [--measure2] [--measure3]
        [--show-wrong]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from api.checklist_model import Checklist

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "benchmarks" / "gold" / "checklist_rows.jsonl"
PARTY = "医疗机构"
# The files whose rules decide the rows: their md5 is printed, to show they were frozen.
RULE_FILES = (
    "api/checklist.py",
    "api/checklist_party.py",
    "api/checklist_topics.py",
    "api/checklist_model.py",
    "api/checklist_scope.py",
)


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def draw(rows: list[Any], n: int, seed: int, exclude: Iterable[str] = ()) -> list[Any]:
    """The sample the gold was drawn with: ``random.Random(seed).sample`` over the rows in the
    checklist's order (groups, then rows), leaving out the ids of an earlier draw."""
    skip = set(exclude)
    pool = [r for r in rows if (r["id"] if isinstance(r, dict) else r.id) not in skip]
    return random.Random(seed).sample(pool, n)


def score(found: Checklist, gold: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision of the judged rows still listed, judged rows gone, known-missing rows found."""
    ids = {r.id for r in found.rows}
    clause_ids = [r.source.clause_id for r in found.rows]
    judged = [g for g in gold if g["verdict"] in ("right", "wrong") and not _added(g)]
    added = [g for g in gold if g["verdict"] in ("right", "wrong") and _added(g)]
    present = [g for g in judged if g["row_id"] in ids]
    gone = [g for g in judged if g["row_id"] not in ids]
    missing = [g for g in gold if g["verdict"] == "missing"]
    appeared = [
        g
        for g in missing
        if any(c == g["clause_id"] or c.startswith(g["clause_id"] + "/") for c in clause_ids)
    ]
    right = sum(g["verdict"] == "right" for g in present)
    return {
        "rows": len(found.rows),
        "judged": len(judged),
        "present": len(present),
        "right": right,
        "precision": right / len(present) if present else None,
        "precision_before": (
            sum(g["verdict"] == "right" for g in judged) / len(judged) if judged else None
        ),
        "gone_right": [g for g in gone if g["verdict"] == "right"],
        "gone_wrong": [g for g in gone if g["verdict"] == "wrong"],
        "still_wrong": [g for g in present if g["verdict"] == "wrong"],
        "added": len([g for g in added if g["row_id"] in ids]),
        "added_right": sum(g["verdict"] == "right" for g in added if g["row_id"] in ids),
        "missing": len(missing),
        "appeared": appeared,
    }


def _added(g: dict[str, Any]) -> bool:
    """A row judged after a rule added it (not part of the random draw)."""
    return str(g.get("draw", "")).startswith("added")


def rule_md5() -> dict[str, str]:
    return {f: hashlib.md5((ROOT / f).read_bytes()).hexdigest() for f in RULE_FILES}


def run(home: Path | None, splits: set[str]) -> dict[tuple[str, str], dict[str, Any]]:
    from api.services import Regkg
    from api.settings import Settings
    from benchmarks.checklist import source_coverage

    gold = [g for g in load_gold() if g["split"] in splits]
    app = Regkg(Settings(home=home) if home else Settings())
    out: dict[tuple[str, str], dict[str, Any]] = {}
    try:
        for topic in dict.fromkeys(g["topic"] for g in gold):
            found = app.checklist(PARTY, [topic])
            ok, total = source_coverage(app, found)
            for split in sorted({g["split"] for g in gold if g["topic"] == topic}):
                mine = [g for g in gold if g["topic"] == topic and g["split"] == split]
                out[(topic, split)] = score(found, mine) | {"to_source": (ok, total)}
    finally:
        app.close()
    return out


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="REGKG_HOME with the sample corpus ingested")
    parser.add_argument(
        "--measure", action="store_true", help="also score the measure split (rules frozen)"
    )
    parser.add_argument(
        "--measure2", action="store_true", help="also score the blind measure2 split (rules frozen)"
    )
    parser.add_argument(
        "--measure3", action="store_true", help="also score the blind measure3 split (rules frozen)"
    )
    parser.add_argument("--show-wrong", action="store_true", help="list judged rows that changed")
    args = parser.parse_args()
    splits = {"tune"} | ({"measure"} if args.measure else set())
    splits |= {"measure2"} if args.measure2 else set()
    splits |= {"measure3"} if args.measure3 else set()
    if args.measure or args.measure2 or args.measure3:
        for name, digest in rule_md5().items():
            print(f"md5 {digest}  {name}")
    found = run(args.home, splits)
    print(
        "| topic | split | rows | judged | still listed | right | precision | was "
        "| right lost | wrong removed | added (right) | missing found | to source |"
    )
    print(
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    )
    totals: dict[str, list[int]] = {}
    for (topic, split), s in found.items():
        ok, total = s["to_source"]
        print(
            f"| {topic} | {split} | {s['rows']} | {s['judged']} | {s['present']} | {s['right']} "
            f"| {_f(s['precision'])} | {_f(s['precision_before'])} | {len(s['gone_right'])} "
            f"| {len(s['gone_wrong'])} | {s['added']} ({s['added_right']}) "
            f"| {len(s['appeared'])} / {s['missing']} | {ok}/{total} |"
        )
        t = totals.setdefault(split, [0, 0, 0])
        t[0] += s["present"]
        t[1] += s["right"]
        t[2] += s["judged"]
    for split, (present, right, judged) in totals.items():
        share = _f(right / present if present else None)
        print(
            f"{split}: {right} / {present} judged rows still listed are right ({share}) of {judged}"
        )
    if args.show_wrong:
        for (topic, split), s in found.items():
            for label, rows in (
                ("right lost", s["gone_right"]),
                ("wrong removed", s["gone_wrong"]),
                ("still wrong", s["still_wrong"]),
                ("missing found", s["appeared"]),
            ):
                for g in rows:
                    print(f"  {topic}/{split} {label}: {g['work']} {g['code']} — {g['reason']}")


if __name__ == "__main__":
    main()
