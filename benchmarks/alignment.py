"""Scores the 新旧对照 article aligner (ingest/align.py) against hand-checked pairs.

benchmarks/gold/alignment.jsonl holds one judgement per line, made by reading both texts:
``{work, from, to, old, new, change, note}`` (``old``/``new`` null for an added/deleted article).
A judgement is met when the aligner pairs ``old`` with ``new`` (or leaves it alone) and names the
same change. Run: ``.venv/bin/python -m benchmarks.alignment [--show-misses]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from ingest import parse_document
from ingest.align import Article, ArticlePair, align

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path(__file__).resolve().parent / "gold" / "alignment.jsonl"
CORPUS = ROOT / "data" / "corpus"
TARGET = 0.95


def articles(work: str, version_date: str) -> list[Article]:
    """The article clauses of one corpus version, as ingest parses them."""
    found = sorted(CORPUS.glob(f"*/{work}({version_date}).md"))
    if not found:
        raise SystemExit(f"no corpus file for {work} {version_date} under {CORPUS}")
    parsed = parse_document(found[0].read_bytes(), str(found[0]))
    return [Article(c.locator, c.text, c.id) for c in parsed.clauses if c.kind == "article"]


def predicted(rows: list[ArticlePair], old: str | None, new: str | None) -> tuple[str | None, str]:
    """What the aligner says of the gold row's article: (its counterpart, the change)."""
    for row in rows:
        if old is not None and row.old and row.old.locator == old:
            return (row.new.locator if row.new else None), row.change.value
        if old is None and row.new and row.new.locator == new:
            return (row.old.locator if row.old else None), row.change.value
    return None, "missing"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    cache: dict[tuple[str, str, str], list[ArticlePair]] = {}
    per_pair: dict[tuple[str, str, str], list[bool]] = defaultdict(list)
    paired_ok = 0
    misses = []
    for g in gold:
        key = (g["work"], g["from"], g["to"])
        if key not in cache:
            cache[key] = align(articles(g["work"], g["from"]), articles(g["work"], g["to"]))
        other, change = predicted(cache[key], g["old"], g["new"])
        wanted = g["new"] if g["old"] is not None else g["old"]
        pair_ok = other == wanted
        ok = pair_ok and change == g["change"]
        paired_ok += pair_ok
        per_pair[key].append(ok)
        if not ok:
            misses.append((g, other, change))
    print(f"{'version pair':<44} {'judged':>6} {'correct':>7} {'accuracy':>8}")
    for (work, a, b), oks in per_pair.items():
        name = f"{work} {a[:4]}→{b[:4]}"
        print(f"{name:<44} {len(oks):>6} {sum(oks):>7} {sum(oks) / len(oks):>8.3f}")
    total = sum(len(v) for v in per_pair.values())
    correct = sum(sum(v) for v in per_pair.values())
    accuracy = correct / total
    print(f"{'all':<44} {total:>6} {correct:>7} {accuracy:>8.3f}")
    print(f"pairing alone (counterpart right, change ignored): {paired_ok / total:.3f}")
    print(f"target ≥ {TARGET}: {'met' if accuracy >= TARGET else 'NOT met'}")
    if args.show_misses:
        for g, other, change in misses:
            print(
                f"miss {g['work']} {g['from']}→{g['to']} {g['old']}→{g['new']} {g['change']}"
                f" | aligner: {other} {change}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
