"""A logistic ranker over the act-matching rules' near-misses (ingest/penalty_rank.py), fitted
and cross-validated on the seen splits of the penalty-link gold only, grouped by work.

Usage: ``python -m benchmarks.penalty_ranker [--folds 5] [--json]``

The blind split (``penalty_splits.BLIND``) is never read here. For each sampled duty article of
the seen splits, every (duty article, penalty article) pair the rules link or nearly link is a
row: the features of ``ingest.penalty_rank.FEATURES`` (those of the pair's best-sharing act),
whether the rules link it, and the gold label. Named links (违反本条例第X条) are kept as they are
and are no rows. Folds hold whole works (another version of a work is the same work), so a
fold's articles were never fitted on their own text.

Two ways of using the ranker are scored, each against the rules alone on the same articles:
``add`` keeps every rule link and adds the candidates the ranker scores at or above the
threshold; ``rerank`` keeps only the candidates (rule links included, with the rule flag as a
feature) it scores at or above the threshold. The threshold of each fold is chosen on that
fold's training works (the lowest that keeps their in-sample precision at 0.95 or more), so no
fold chooses on its own articles.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from benchmarks.penalty_splits import BLIND, CORPUS, GOLD, DutyArticle, sample, work
from ingest.models import ClauseKind, ParsedDocument
from ingest.penalties import extract_penalties
from ingest.penalty_rank import FEATURES, StaticCosine

TARGET_PRECISION = 0.95


@dataclass
class Pair:
    key: tuple[str, str]  # (file, duty article)
    penalty: str  # penalty article locator
    work: str
    features: tuple[float, ...]
    rule: bool
    label: bool


def collect(
    duties: Sequence[DutyArticle],
    gold: dict[tuple[str, str], dict],
    cosine: StaticCosine | None = None,
) -> tuple[list[Pair], dict[tuple[str, str], set[str]], dict[tuple[str, str], set[str]]]:
    """The candidate pairs of the sampled seen articles, the named links and the rule links
    (by act) of each article."""
    logs: dict[int, list] = {}
    pairs: list[Pair] = []
    named: dict[tuple[str, str], set[str]] = {}
    ruled: dict[tuple[str, str], set[str]] = {}
    for duty in duties:
        key = (duty.file, duty.article.locator)
        if key not in gold:
            continue
        parsed = duty.parsed
        if id(parsed) not in logs:
            log: list = []
            extract_penalties(parsed.document, parsed.clauses, parsed.body_mentions, log=log)
            logs[id(parsed)] = log
        by_id = {c.id: c for c in parsed.clauses}

        def article(clause_id: str, by_id: dict = by_id) -> str:
            clause = by_id[clause_id]
            while clause.kind is not ClauseKind.ARTICLE and clause.parent_id in by_id:
                clause = by_id[clause.parent_id or ""]
            return clause.locator

        prefix = duty.article.id
        mine = lambda cid, prefix=prefix: cid == prefix or cid.startswith(prefix + "/")  # noqa: E731
        named[key], ruled[key] = set(), set()
        for penalty in parsed.penalties:
            for link in penalty.duties:
                if mine(link.duty_clause_id):
                    (named if link.how == "article" else ruled)[key].add(article(penalty.clause_id))
        best: dict[str, tuple[float, ...]] = {}
        texts: dict[str, tuple[str, str]] = {}
        for unit_id, start, act, near in logs[id(parsed)]:
            where = article(unit_id)
            for duty_id, features in near:
                if mine(duty_id) and features[0] > best.get(where, (-1.0,))[0]:
                    order = _order(parsed, unit_id, start, duty.article.number, by_id)
                    best[where] = (*features, *order)
                    span = by_id[duty_id].span
                    texts[where] = (act, parsed.document.text[span.start : span.end])
        if cosine is not None:
            best = {w: (*f, cosine.cosine(*texts[w])) for w, f in best.items()}
        expected = set(gold[key]["penalties"])
        # a rule link no near-miss describes (a task looked up, a sentence restated) stays fixed
        named[key] |= {where for where in ruled[key] if where not in best}
        for where, features in best.items():
            if where in named[key]:
                continue
            pairs.append(
                Pair(key, where, work(duty.file), features, where in ruled[key], where in expected)
            )
    return pairs, named, ruled


def _order(
    parsed: ParsedDocument, unit_id: str, start: int, number: int | None, by_id: dict
) -> tuple[float, float]:
    """Whether the duty article sits between the articles the rules link from the acts before
    and after this one in the same penalty clause (1; 0 when it does not; 0.5 when neither
    neighbour links), and how near it is to them (1 / (1 + the smaller gap), 0 unknown): the
    items of a penalty clause often follow the order of the duties they sanction."""
    links = []
    for penalty in parsed.penalties:
        if penalty.clause_id != unit_id:
            continue
        for link in penalty.duties:
            clause = by_id[link.duty_clause_id]
            while clause.kind is not ClauseKind.ARTICLE and clause.parent_id in by_id:
                clause = by_id[clause.parent_id or ""]
            if clause.number and link.span.start != start:
                links.append((link.span.start, clause.number))
    if number is None or not links:
        return 0.5, 0.0
    before = [n for s, n in links if s < start]
    after = [n for s, n in links if s > start]
    prev, nxt = (before[-1] if before else None), (after[0] if after else None)
    if prev is None and nxt is None:
        return 0.5, 0.0
    fits = (prev is None or prev <= number) and (nxt is None or number <= nxt)
    gap = min(abs(number - n) for n in (prev, nxt) if n is not None)
    return (1.0 if fits else 0.0), 1.0 / (1.0 + gap)


def _matrix(pairs: Sequence[Pair], with_rule: bool) -> np.ndarray:
    rows = [list(p.features) + ([1.0 if p.rule else 0.0] if with_rule else []) for p in pairs]
    return np.array(rows, dtype=float)


def _threshold(prob: np.ndarray, pairs: Sequence[Pair], mode: str, base: tuple[int, int]) -> float:
    """The lowest threshold whose in-sample precision stays at ``TARGET_PRECISION`` or more: of
    every link chosen (``rerank``), or of the links added to the rules' (``add``)."""
    best = 1.01
    if mode == "add":  # the links it adds must be as precise: the rule links are kept anyway
        prob = np.array([pr if not p.rule else -1.0 for p, pr in zip(pairs, prob, strict=True)])
        mode = "rerank"
    for t in sorted(set(np.round(prob, 3)), reverse=True):
        if t < 0:
            break
        tp, fp = _counts(prob, pairs, mode, float(t), base)
        if tp + fp and tp / (tp + fp) >= TARGET_PRECISION:
            best = float(t)
    return best


def _counts(
    prob: np.ndarray, pairs: Sequence[Pair], mode: str, t: float, base: tuple[int, int]
) -> tuple[int, int]:
    """True and false positives of the pairs chosen, plus ``base`` (the named links)."""
    tp, fp = base
    for p, pr in zip(pairs, prob, strict=True):
        chosen = (p.rule or pr >= t) if mode == "add" else pr >= t
        if chosen:
            tp, fp = (tp + 1, fp) if p.label else (tp, fp + 1)
    return tp, fp


def cross_validate(
    pairs: list[Pair],
    named: dict[tuple[str, str], set[str]],
    gold: dict[tuple[str, str], dict],
    folds: int,
    mode: str,
    c: float = 1.0,
) -> dict:
    """Pooled out-of-fold precision / recall of ``mode`` against the rules alone."""
    groups = np.array([p.work for p in pairs])
    y = np.array([p.label for p in pairs])
    x = _matrix(pairs, with_rule=mode == "rerank")
    chosen = np.zeros(len(pairs), dtype=bool)
    oof = np.zeros(len(pairs))
    thresholds = []
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        scaler = StandardScaler().fit(x[train])
        model = LogisticRegression(C=c, max_iter=1000).fit(scaler.transform(x[train]), y[train])
        in_sample = model.predict_proba(scaler.transform(x[train]))[:, 1]
        t = _threshold(in_sample, [pairs[i] for i in train], mode, (0, 0))
        thresholds.append(t)
        prob = model.predict_proba(scaler.transform(x[test]))[:, 1]
        oof[test] = prob
        for i, pr in zip(test, prob, strict=True):
            chosen[i] = (pairs[i].rule or pr >= t) if mode == "add" else pr >= t
    gold_links = sum(len(e["penalties"]) for k, e in gold.items() if k in named)
    named_tp = sum(len(named[k] & set(gold[k]["penalties"])) for k in named)
    named_fp = sum(len(named[k] - set(gold[k]["penalties"])) for k in named)

    def score(sel: np.ndarray) -> dict:
        tp = named_tp + int(sum(1 for i in np.flatnonzero(sel) if pairs[i].label))
        fp = named_fp + int(sum(1 for i in np.flatnonzero(sel) if not pairs[i].label))
        return {
            "tp": tp,
            "fp": fp,
            "gold": gold_links,
            "precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
            "recall": round(tp / gold_links, 3) if gold_links else 1.0,
        }

    rules = np.array([p.rule for p in pairs])
    curve = {}
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        sel = (rules | (oof >= t)) if mode == "add" else oof >= t
        curve[t] = score(sel)
    return {
        "mode": mode,
        "rules": score(rules),
        "ranker": score(chosen),
        "thresholds": [round(t, 3) for t in thresholds],
        "fixed": curve,
        "reachable": int(y.sum()),
        "rows": len(pairs),
    }


def fit_all(pairs: list[Pair], mode: str, c: float = 1.0, with_cosine: bool = True) -> dict:
    """The model on every seen pair, in raw-feature units (the scaler folded in), and its
    threshold chosen as in the folds."""
    x = _matrix(pairs, with_rule=mode == "rerank")
    y = np.array([p.label for p in pairs])
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=c, max_iter=1000).fit(scaler.transform(x), y)
    weights = model.coef_[0] / scaler.scale_
    bias = float(model.intercept_[0] - np.sum(model.coef_[0] * scaler.mean_ / scaler.scale_))
    t = _threshold(model.predict_proba(scaler.transform(x))[:, 1], pairs, mode, (0, 0))
    names = [*FEATURES, "order_fits", "order_near"] + (["cosine"] if with_cosine else [])
    names += ["rule"] if mode == "rerank" else []
    return {
        "weights": {n: round(float(w), 4) for n, w in zip(names, weights, strict=True)},
        "bias": round(bias, 4),
        "threshold": t,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--folds", type=int, nargs="+", default=[5, 10])
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
    parser.add_argument(
        "--no-cosine", action="store_true", help="leave out the static encoder's cosine"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    gold = {}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            if entry["split"] != BLIND:  # the blind split is never read here
                gold[(entry["file"], entry["article"])] = entry
    duties = [d for d in sample(args.corpus) if (d.file, d.article.locator) in gold]
    cosine = None if args.no_cosine else StaticCosine()
    pairs, named, _ruled = collect(duties, gold, cosine)
    runs = {
        f"{mode} {folds}": cross_validate(pairs, named, gold, folds, mode, args.c)
        for folds in args.folds
        for mode in ("add", "rerank")
    }
    fit = {mode: fit_all(pairs, mode, args.c, cosine is not None) for mode in ("add", "rerank")}
    if args.json:
        print(json.dumps({"cv": runs, "fit": fit}, ensure_ascii=False, indent=1))
        return 0
    first = next(iter(runs.values()))
    print(
        f"{len(gold)} seen articles, {first['rows']} candidate pairs, "
        f"{first['reachable']} of them gold links (C = {args.c})"
    )
    print("| way | precision | recall | tp / fp / gold links | fold thresholds |")
    print("| --- | --- | --- | --- | --- |")
    r = first["rules"]
    counts = f"{r['tp']} / {r['fp']} / {r['gold']}"
    print(f"| rules alone | {r['precision']:.3f} | {r['recall']:.3f} | {counts} | |")
    for name, run in runs.items():
        s = run["ranker"]
        mode, folds = name.split()
        print(
            f"| {mode} (CV {folds} folds by work) | {s['precision']:.3f} | {s['recall']:.3f} | "
            f"{s['tp']} / {s['fp']} / {s['gold']} | {run['thresholds']} |"
        )
    for name, run in runs.items():
        print(f"\n{name} folds, out-of-fold at fixed thresholds:")
        for t, s in run["fixed"].items():
            print(f"  {t}: P {s['precision']:.3f} R {s['recall']:.3f} ({s['tp']}/{s['fp']})")
    print("\nfit on all seen pairs:", json.dumps(fit, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
