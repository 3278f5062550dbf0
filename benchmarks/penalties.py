"""Penalty links (罚则) against hand-judged gold: duty article → the penalty articles governing it.

Usage: ``python -m benchmarks.penalties [--corpus data/corpus] [--gold FILE] [--json]``
and ``--sheet [--from N] [--split holdout7]`` to print the judging sheet of the sample (what a
judge reads, see below), ``--misses`` to print each differing article with the penalty texts,
``--spot N [--spot-seed S]`` to draw links of the whole corpus for a by-hand precision check.
The draws live in ``benchmarks.penalty_splits``: holdout2 … holdout6 were each blind until the
pass after their draw froze and now print always; the blind split ``holdout7`` (64 articles, seed
20261211) was judged before the seventh pass changed any rule and is dropped from the scoring (rows,
``all``, errors, ``--json``) unless ``--reveal7`` is given, so tuning does not read it.

Sample: every article of the corpus's laws, administrative regulations, departmental rules and
local regulations that states a duty (应当 / 必须 / 不得 / 禁止 / 严禁), is not in a 法律责任 / 罚则
chapter and names no sanction itself; ``SAMPLE_SIZE`` of them drawn with ``random.Random(SEED)``.
The draw does not depend on the extractor. Gold (benchmarks/gold/penalties.jsonl): per sampled
article, the penalty articles that sanction a breach of it — named (违反本条例第X条) or
describing the breach of this article's specific duty; catch-alls (其他违反本法规定的行为,
玩忽职守) are not links.
Scoring is by (duty article, penalty article) pair: a predicted link from the article or one of its
paragraphs to a penalty clause counts as that clause's article. ``split`` says whether the
document tuned the rules (``tune``) or only measured them (``measure``, ``holdout`` …
``holdout7``); RESULTS says which splits each later pass read while tuning.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from benchmarks.penalty_splits import (
    BLIND,
    CORPUS,
    FOLDERS,
    GOLD,
    HOLDOUT3_SIZE,
    HOLDOUT4_PER_WORK,
    HOLDOUT4_SIZE,
    HOLDOUT5_PER_WORK,
    HOLDOUT5_SIZE,
    HOLDOUT6_PER_WORK,
    HOLDOUT6_SIZE,
    HOLDOUT7_PER_WORK,
    HOLDOUT7_SIZE,
    PENALTY_CHAPTER,
    SANCTION,
    SPLITS,
    DutyArticle,
    chapter_heading,
    sample,
    split_of,
    work,
)
from ingest import ingest_paths
from ingest.locators import chinese_number
from ingest.models import ClauseKind

__all__ = [
    "BLIND",
    "CORPUS",
    "GOLD",
    "HOLDOUT3_SIZE",
    "HOLDOUT4_PER_WORK",
    "HOLDOUT4_SIZE",
    "HOLDOUT5_PER_WORK",
    "HOLDOUT5_SIZE",
    "HOLDOUT6_PER_WORK",
    "HOLDOUT6_SIZE",
    "HOLDOUT7_PER_WORK",
    "HOLDOUT7_SIZE",
    "main",
    "sample",
    "score",
    "work",
]
_ACTISH = re.compile(r"违反|的\s*[，,]")
_NON_HAN = re.compile(r"[^\u4e00-\u9fff]")
_NUMBER_REF = re.compile(r"第([零〇一二两三四五六七八九十百千\d]+)条")
_BY_TAIL = re.compile(r"[，,]\s*由|[，,]\s*(?:责令|处|给予|没收|吊销|依法|对直接)")
_SEGMENT = re.compile(r"(?=[（(][一二三四五六七八九十]+[)）])|[；;。]")


def predicted(duty: DutyArticle) -> set[str]:
    """Locators of the penalty articles linked from the article or its parts."""
    by_id = {c.id: c for c in duty.parsed.clauses}
    prefix = duty.article.id
    out = set()
    for penalty in duty.parsed.penalties:
        if any(
            link.duty_clause_id == prefix or link.duty_clause_id.startswith(prefix + "/")
            for link in penalty.duties
        ):
            clause = by_id[penalty.clause_id]
            while clause.kind is not ClauseKind.ARTICLE and clause.parent_id in by_id:
                clause = by_id[clause.parent_id or ""]
            out.add(clause.locator)
    return out


def _lcs(a: str, b: str) -> int:
    han_a, han_b = _NON_HAN.sub("", a), _NON_HAN.sub("", b)
    m = SequenceMatcher(None, han_a, han_b, autojunk=False)
    return m.find_longest_match(0, len(han_a), 0, len(han_b)).size


def _sheet(duties: Sequence[DutyArticle], top: int = 4, first: int = 1) -> None:
    """The judging sheet: each sampled article, then the penalty-bearing articles of its document
    that name its number or share the longest runs of text with it (longest common substring,
    not the extractor's measure), each with its lead and the best-sharing act segment."""
    for n, duty in enumerate(duties, 1):
        if n < first:
            continue
        number = duty.article.number
        print(f"\n##### {n} {duty.file} {duty.article.locator}")
        print(" ".join(duty.article.text.split())[:360])
        by_id = {c.id: c for c in duty.parsed.clauses}
        rows = []
        for c in duty.parsed.clauses:
            if c.kind is not ClauseKind.ARTICLE or not SANCTION.search(c.text) or c is duty.article:
                continue
            if not PENALTY_CHAPTER.search(chapter_heading(c, by_id)) and not _ACTISH.search(c.text):
                continue
            text = " ".join(c.text.split())
            named = bool(number) and any(
                chinese_number(m.group(1)) == number for m in _NUMBER_REF.finditer(text)
            )
            # The acts only: each listed item, and each sentence part cut before its 由… sanction.
            segments = [_BY_TAIL.split(x)[0] for x in _SEGMENT.split(text) if x.strip()]
            segments = [x for x in segments if len(_NON_HAN.sub("", x)) >= 4] or [text]
            best = max(segments, key=lambda x: _lcs(x, duty.article.text))
            rows.append((named, _lcs(best, duty.article.text), c.locator, text, best))
        rows.sort(key=lambda r: (not r[0], -r[1]))
        for named, lcs, locator, text, best in [r for r in rows if r[0]] + [
            r for r in rows if not r[0]
        ][:top]:
            flag = "NAMED " if named else ""
            print(f"  -- {flag}{locator} lcs={lcs}: {text[:110]}")
            if best not in text[:110]:
                print(f"       best: {best[:150]}")


def spot_sheet(corpus: Path, n: int, seed: int = 7) -> None:
    """``n`` links drawn from every link of the corpus (not only the sampled articles), each with
    the act as written and the duty clause, for a by-hand check of precision at large."""
    files = sorted(p for f in FOLDERS for p in (corpus / f).glob("*.md"))
    links = []
    for parsed in ingest_paths(files).documents:
        by_id = {c.id: c for c in parsed.clauses}
        for penalty in parsed.penalties:
            for link in penalty.duties:
                clause = by_id[link.duty_clause_id]
                where = f"{Path(parsed.document.source).name} {by_id[penalty.clause_id].locator}"
                links.append((where, clause.locator, link.how, link.raw, clause.text))
    print(f"{len(links)} links, {sum(1 for x in links if x[2] == 'act')} by act")
    for where, duty, how, raw, text in random.Random(seed).sample(links, min(n, len(links))):
        print(f"\n* {where} -> {duty} [{how}]\n  act:  {' '.join(raw.split())[:140]}")
        print(f"  duty: {' '.join(text.split())[:200]}")


def score(duties: Sequence[DutyArticle], gold: dict[tuple[str, str], dict[str, Any]]) -> dict:
    """Pair counts and precision / recall per split, and the articles whose links differ."""
    table: dict[str, dict[str, float]] = {}
    errors = []
    for duty in duties:
        entry = gold.get((duty.file, duty.article.locator))
        if entry is None:
            continue
        split = str(entry["split"])
        expected = set(entry["penalties"])
        got = predicted(duty)
        for name in (split, "all"):
            row = table.setdefault(name, {"articles": 0, "tp": 0, "fp": 0, "fn": 0})
            row["articles"] += 1
            row["tp"] += len(got & expected)
            row["fp"] += len(got - expected)
            row["fn"] += len(expected - got)
        if got != expected:
            errors.append(
                {
                    "file": duty.file,
                    "article": duty.article.locator,
                    "split": split,
                    "missed": sorted(expected - got),
                    "wrong": sorted(got - expected),
                }
            )
    for row in table.values():
        row["precision"] = row["tp"] / (row["tp"] + row["fp"]) if row["tp"] + row["fp"] else 1.0
        row["recall"] = row["tp"] / (row["tp"] + row["fn"]) if row["tp"] + row["fn"] else 1.0
    return {"table": table, "errors": errors}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--sheet", action="store_true", help="print the judging sheet")
    parser.add_argument("--from", dest="first", type=int, default=1, help="sheet from draw N")
    parser.add_argument(
        "--misses",
        action="store_true",
        help="print each differing article's text and the missed / wrong penalty articles",
    )
    parser.add_argument(
        "--reveal",
        action="store_true",
        help="kept for older commands: holdout2 was revealed on 2026-12-06 and now always prints",
    )
    parser.add_argument(
        "--reveal3",
        action="store_true",
        help="kept for older commands: holdout3 was revealed on 2026-12-07 and now always prints",
    )
    parser.add_argument(
        "--reveal4",
        action="store_true",
        help="kept for older commands: holdout4 was revealed on 2026-12-07 and now always prints",
    )
    parser.add_argument(
        "--reveal5",
        action="store_true",
        help="kept for older commands: holdout5 was revealed on 2026-12-07 and now always prints",
    )
    parser.add_argument(
        "--reveal6",
        action="store_true",
        help="kept for older commands: holdout6 was revealed on 2026-12-07 and now always prints",
    )
    parser.add_argument(
        "--reveal7",
        action="store_true",
        help="also score and list the blind split holdout7 (only once the rules froze)",
    )
    parser.add_argument("--split", help="with --sheet: only the articles of this draw")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--spot", type=int, default=0, help="print N random links to judge")
    parser.add_argument("--spot-seed", type=int, default=7, help="seed of the --spot draw")
    args = parser.parse_args(argv)
    if args.spot:
        spot_sheet(args.corpus, args.spot, args.spot_seed)
        return 0
    duties = sample(args.corpus)
    if args.sheet:
        if args.split:
            duties = split_of(duties, args.split)
        _sheet(duties, first=args.first)
        return 0
    gold = {}
    for line in args.gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            gold[(entry["file"], entry["article"])] = entry
    if not args.reveal7:  # the blind split stays unseen while the rules are tuned
        duties = [
            d for d in duties if gold.get((d.file, d.article.locator), {}).get("split") != BLIND
        ]
    result = score(duties, gold)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print("| split | duty articles | gold links | predicted | precision | recall |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in (*SPLITS, "all"):
        row = result["table"].get(name)
        if row:
            print(
                f"| {name} | {row['articles']} | {row['tp'] + row['fn']} | "
                f"{row['tp'] + row['fp']} | {row['precision']:.3f} | {row['recall']:.3f} |"
            )
    texts = {(d.file, d.article.locator): d for d in duties}
    for error in result["errors"]:
        where = f"{error['file']} {error['article']}"
        print(f"  {where}: missed {error['missed']}, wrong {error['wrong']}")
        if args.misses:
            _print_miss(texts[(error["file"], error["article"])], error)
    return 0


def _print_miss(duty: DutyArticle, error: dict[str, Any]) -> None:
    """The duty article and each missed or wrong penalty article, for reading why."""
    print(f"     duty: {' '.join(duty.article.text.split())[:300]}")
    by_locator = {c.locator: c for c in duty.parsed.clauses if c.kind is ClauseKind.ARTICLE}
    for tag in ("missed", "wrong"):
        for locator in error[tag]:
            clause = by_locator.get(locator)
            text = " ".join(clause.text.split())[:400] if clause else "?"
            print(f"     {tag} {locator}: {text}")


if __name__ == "__main__":
    sys.exit(main())
