"""Current text first and honest relevance: recall kept, old versions folded, off-topic refused.

For every dev question (benchmarks/devset.jsonl) and off-topic question (benchmarks/offtopic.jsonl):
the default search (current text first, folded), and for comparison every version apart. Prints
Recall@10 / MRR, the share of superseded or duplicate results in the top 10, and the share of
off-topic questions answered "nothing found"; each on the calibration half (odd lines) and on the
measure-only half (even lines). Decisions are the shipped ones: the domain probe's model
(search/domain_probe.py, benchmarks/domain_fit.py) when the runs carry query vectors, else (or with
``--cosine-only``) the cosine model. ``--fit-domain`` refits the probe (written to its file) and
``DOMAIN_WEIGHTS`` / threshold (printed, then pasted into search/relevance.py) on the seen splits;
``--held-out`` also fits them on the calibration half only and reports that, an estimate; ``--fit``
refits the cosine model on the calibration halves; ``--select`` compares candidate refusal signals
on the calibration half (benchmarks/refusal_features.py); ``--second-opinion`` records the teacher's
cosine with the first hits (benchmarks/second_opinion.py). Which splits are fitted, shown or
blind is benchmarks/refusal_splits.py's: the blind ones (``measure4`` off-topic, ``dev_blind``
answerable) are never fitted on and reported only with ``--show-blind``.

Run: ``python -m benchmarks.relevance [--index DIR] [--fit] [--fit-domain] [--held-out] [--select]
[--runs FILE | --from-runs FILE] [--show-blind] [--cosine-only] [--second-opinion] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.devset import DevQuestion, is_hit
from benchmarks.domain_fit import FIT_SPLITS, IN_SCOPE, DomainModel, fit_domain, in_scope_texts
from benchmarks.domain_fit import decide as decide_domain
from benchmarks.refusal_features import DomainVocabulary, select
from benchmarks.refusal_splits import BLIND, dev_questions, halves
from benchmarks.search_quality import DEFAULT_INDEX, metrics, sample_units
from benchmarks.second_opinion import SecondOpinion, readings
from ingest.locators import article_words
from search import Searcher, SearchHit, load_encoder
from search.analyzer import fold
from search.dense import refiner_of
from search.domain_probe import PROBE_FILE, load_probe
from search.relevance import (
    ANSWER_THRESHOLD,
    ANSWER_WINDOW,
    DOMAIN_WEIGHTS,
    WEIGHTS,
    features,
    probability,
    query_terms,
)

OFFTOPIC = Path(__file__).resolve().parent / "offtopic.jsonl"
# Hits whose teacher cosine a run records: more than the window, so a wider window can be fitted.
SECOND_OPINION_DEPTH = 5


@dataclass(frozen=True, slots=True)
class Run:
    """One question's default search, as the benchmark reads it."""

    question: str
    answerable: bool
    calibration: bool  # odd line of its file: may tune the threshold
    rank: int | None  # first gold hit among the shown hits (dev only)
    rank_all_versions: int | None
    stale: int  # superseded or duplicate hits among the shown top 10
    stale_all_versions: int
    shown: int
    answered: bool
    x: list[tuple[float, float, float]]  # relevance features of the first ANSWER_WINDOW hits
    split: str = ""  # benchmarks/refusal_splits.py (blind: never fitted on, shown on request)
    raw: dict[str, Any] = field(default_factory=dict)  # what the query signals are computed from


def load_offtopic(path: Path = OFFTOPIC) -> list[tuple[str, str]]:
    """(question, split) of each off-topic question; a line without ``split`` is split by parity
    like the dev set (odd lines calibrate, even lines measure)."""
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    return [
        (row["question"], row.get("split") or ("calibration" if i % 2 == 0 else "measure"))
        for i, row in enumerate(rows)
    ]


def first_gold(question: DevQuestion | None, hits: Sequence[SearchHit]) -> int | None:
    if question is None:
        return None
    for rank, hit in enumerate(hits, 1):
        if any(is_hit(g, hit.source, hit.locator, hit.code) for g in question.gold):
            return rank
    return None


def stale_count(hits: Sequence[SearchHit]) -> int:
    """Hits that are an older version, or repeat the text of a hit shown above them."""
    seen: set[str] = set()
    count = 0
    for hit in hits:
        text = article_words(hit.text)
        if not hit.is_current or text in seen:
            count += 1
        seen.add(text)
    return count


def run_all(searcher: Searcher, second_opinion: bool = False) -> list[Run]:
    """Every dev and off-topic question's default search; with ``second_opinion`` also the
    teacher's cosine with the first hits (benchmarks/second_opinion.py: ~0.3 s a clause)."""
    questions: list[tuple[str, DevQuestion | None, str]] = list(dev_questions())
    questions += [(q, None, split) for q, split in load_offtopic()]
    counts = np.asarray(searcher.lexical.term_freqs.sum(axis=0)).ravel()
    words_total = float(DomainVocabulary.of(searcher.lexical).total)
    teacher = refiner_of(searcher.encoder)
    opinion = SecondOpinion(teacher) if teacher is not None and second_opinion else None
    runs = []
    for text, dev, split in questions:
        calibration = split == "calibration"
        outcome = searcher.find(text, 10)
        every = searcher.search(text, 10, all_versions=True)
        vector = searcher.query_vector(text)
        terms = query_terms(text, searcher.analyzer, searcher.lexical.term_ids, searcher.idf)
        lexical, dense = searcher.signals(text, depth=100, vector=vector)
        ids = searcher.lexical.term_ids
        raw = {
            "hits": [
                [
                    searcher.row_of[h.clause_id],
                    float(searcher.dense.vectors[searcher.row_of[h.clause_id]] @ vector),
                    h.text,
                ]
                for h in outcome.hits
            ],
            "dense": [[r, round(c, 5)] for r, c in dense],
            "lexical": [[r, round(c, 4)] for r, c in lexical],
            "words": [
                [w, v, float(counts[ids[w]]) if w in ids else 0.0]
                for w, v in zip(terms.words, terms.word_weights, strict=True)
            ],
            "bigrams": [list(p) for p in zip(terms.bigrams, terms.bigram_weights, strict=True)],
            "word_tokens": words_total,
            # The query vector: search/domain_probe.py's probe is fitted on it (--fit-domain).
            "vector": [round(float(v), 5) for v in vector],
            # The teacher's cosine with the first SECOND_OPINION_DEPTH hits (second_opinion.py).
            "teacher": []
            if opinion is None
            else [
                round(c, 5)
                for c in opinion.cosines(
                    readings(
                        searcher.units,
                        searcher.dense,
                        [searcher.row_of[h.clause_id] for h in outcome.hits[:SECOND_OPINION_DEPTH]],
                    ),
                    vector,
                )
            ],
        }
        x = [
            features(
                terms, h.text, float(searcher.dense.vectors[searcher.row_of[h.clause_id]] @ vector)
            )
            for h in outcome.hits[:ANSWER_WINDOW]
        ]
        runs.append(
            Run(
                text,
                dev is not None,
                calibration,
                first_gold(dev, outcome.hits),
                first_gold(dev, every),
                stale_count(outcome.hits),
                stale_count(every),
                len(outcome.hits),
                outcome.answered and not terms.empty,
                x if not terms.empty else [],
                split,
                raw,
            )
        )
    return runs


# Which relevance features the fitted model uses (indexes into ``features``): word coverage,
# bigram coverage, cosine. With all three, the measure-only off-topic figure fell from 0.89 to
# 0.84: off-topic legal questions (公司注册, 劳动仲裁) share words with the corpus, not meaning.
USED = (2,)


def fit(
    runs: Sequence[Run], used: Sequence[int] = USED, l2: float = 0.1, steps: int = 50
) -> tuple[float, ...]:
    """Logistic regression (Newton's method, L2 ``l2`` on the slopes) of answerable vs off-topic
    on the first hit's features ``used``, calibration halves only; unused features weigh 0."""
    rows = [(r.x[0], 1.0 if r.answerable else 0.0) for r in runs if r.calibration and r.x]
    x = np.array([[1.0, *(f[i] for i in used)] for f, _ in rows])
    y = np.array([label for _, label in rows])
    w = np.zeros(x.shape[1])
    penalty = l2 * np.diag([0.0] + [1.0] * (x.shape[1] - 1))
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x.T * (p * (1 - p))) @ x + penalty
        w -= np.linalg.solve(hessian, gradient)
    full = [float(w[0]), 0.0, 0.0, 0.0]
    for slot, i in enumerate(used, 1):
        full[i + 1] = float(w[slot])
    return tuple(round(v, 2) for v in full)


def threshold(runs: Sequence[Run], weights: tuple[float, ...]) -> int:
    """The highest threshold (0–100) at which no calibration dev question with its gold in the
    top 10 is refused: refusing an answerable question is the costlier error."""
    kept = [
        max(round(100 * probability(f, weights)) for f in r.x)
        for r in runs
        if r.calibration and r.answerable and r.rank is not None and r.x
    ]
    return min(kept) if kept else 50


def decided(run: Run, weights: tuple[float, ...], cut: int) -> bool:
    """Whether ``run`` counts as answered under ``weights`` and threshold ``cut``."""
    return bool(run.x) and max(round(100 * probability(f, weights)) for f in run.x) >= cut


def split_of(run: Run) -> str:
    """A run's split; runs saved before splits were named go by their calibration flag."""
    return run.split or ("calibration" if run.calibration else "measure")


def report(
    runs: Sequence[Run],
    weights: tuple[float, ...] = WEIGHTS,
    cut: int = ANSWER_THRESHOLD,
    blind: bool = False,
    decide: Callable[[Run], bool] | None = None,
) -> dict[str, dict[str, float]]:
    """Figures per split: calibration, measure-only, all of these two, and with ``blind`` the
    blind splits (written before the signal was frozen) apart and with the measure half. A run
    is answered by ``decide`` if given, else by the cosine model ``weights`` / ``cut``."""
    runs = [replace(r, answered=decide(r) if decide else decided(r, weights, cut)) for r in runs]
    out: dict[str, dict[str, float]] = {}
    for half, keep in halves(blind):
        part = [r for r in runs if split_of(r) in keep]
        dev = [r for r in part if r.answerable]
        off = [r for r in part if not r.answerable]
        strict = [r.rank if r.answered else None for r in dev]
        row = {f"default {k}": v for k, v in metrics([r.rank for r in dev]).items()}
        row |= {f"answered-only {k}": v for k, v in metrics(strict).items()}
        row |= {
            f"all-versions {k}": v for k, v in metrics([r.rank_all_versions for r in dev]).items()
        }
        shown = sum(r.shown for r in dev) or 1
        row["stale share default"] = sum(r.stale for r in dev) / shown
        row["stale share all-versions"] = sum(r.stale_all_versions for r in dev) / shown
        row["dev answered"] = sum(r.answered for r in dev) / (len(dev) or 1)
        row["offtopic nothing found"] = sum(not r.answered for r in off) / (len(off) or 1)
        row["offtopic n"] = len(off)
        out[half] = row
    return out


def print_report(figures: dict[str, dict[str, float]]) -> None:
    keys = list(next(iter(figures.values())))
    widths = {h: max(14, len(h) + 2) for h in figures}
    print(f"{'figure':32s}" + "".join(f"{h:>{widths[h]}s}" for h in figures))
    for key in keys:
        cells = []
        for h in figures:
            # A split of off-topic questions only (measure2) has no dev figures: "—", not 0.
            empty = not figures[h]["default n"] and not key.startswith("offtopic")
            cells.append(f"{'—':>{widths[h]}s}" if empty else f"{figures[h][key]:{widths[h]}.3f}")
        print(f"{key:32s}" + "".join(cells))


def phrase_vectors() -> np.ndarray:
    """Query vectors of the store's own in-scope texts (``in_scope_texts``: titles, headings,
    first sentences of its units)."""
    phrases = in_scope_texts(sample_units())
    vectors: np.ndarray = load_encoder().encode_queries([fold(p) for p in phrases])
    print(f"{len(phrases)} in-scope texts of the store ({', '.join(IN_SCOPE)}) for the probe")
    return vectors


def shipped_domain(runs: Sequence[Run], args: argparse.Namespace) -> Callable[[Run], bool] | None:
    """How search decides with the domain probe, as shipped (or refitted with --fit-domain);
    None when the runs carry no query vectors or no probe is installed."""
    if not any(r.raw.get("vector") for r in runs) or not PROBE_FILE.is_file():
        return None
    model = json.loads(PROBE_FILE.read_text("utf-8"))["model"]
    extra = phrase_vectors() if args.held_out or args.fit_domain else None
    if args.held_out:
        early = fit_domain(runs, model, splits=("calibration",), extra=extra)
        print(
            f"fitted on the calibration half only: DOMAIN_WEIGHTS = {early.weights}, "
            f"threshold {early.cut} (fitted questions at their out-of-fold log-odds):"
        )
        print_report(report(runs, decide=lambda r: decide_domain(r, early), blind=False))
        seen = [r for r in runs if r.split == "measure2"]  # seen, but not fitted on here
        refused = sum(not decide_domain(r, early) for r in seen)
        print(f"measure2 (not fitted on here) nothing found: {refused} / {len(seen)}")
    if args.fit_domain:
        fitted = fit_domain(runs, model, extra=extra)
        fitted.probe.save()
        print(
            f"fitted on {', '.join(FIT_SPLITS)}: DOMAIN_WEIGHTS = {fitted.weights}, "
            f"ANSWER_THRESHOLD = {fitted.cut}; probe written to {PROBE_FILE}"
        )
        shipped = fitted
    else:
        probe = load_probe(model)
        assert probe is not None
        shipped = DomainModel(probe, DOMAIN_WEIGHTS, ANSWER_THRESHOLD, {})
    return lambda r: decide_domain(r, shipped, held_out=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX, help="index directory")
    parser.add_argument("--fit", action="store_true", help="refit weights and threshold")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--runs", type=Path, help="write each question's run as JSON lines here")
    parser.add_argument(
        "--from-runs", type=Path, help="refit and report from a --runs file, without searching"
    )
    parser.add_argument(
        "--select",
        action="store_true",
        help="compare candidate refusal features by cross-validation on the calibration half",
    )
    parser.add_argument(
        "--show-blind",
        action="store_true",
        help="also report the blind splits (only once the signal is frozen)",
    )
    parser.add_argument(
        "--fit-domain",
        action="store_true",
        help="fit the domain probe and DOMAIN_WEIGHTS on the seen splits, write the probe file",
    )
    parser.add_argument(
        "--held-out",
        action="store_true",
        help="also fit the domain model on the calibration half only and report it (an estimate)",
    )
    parser.add_argument(
        "--second-opinion",
        action="store_true",
        help="also record the teacher's cosine with the first hits (slow; measured, not shipped)",
    )
    parser.add_argument(
        "--cosine-only", action="store_true", help="report the cosine model, not the probe's"
    )
    args = parser.parse_args(argv)
    if args.from_runs:
        lines = args.from_runs.read_text("utf-8").splitlines()
        runs = [Run(**{**row, "x": [tuple(f) for f in row["x"]]}) for row in map(json.loads, lines)]
    else:
        started = time.perf_counter()
        searcher = Searcher.open(args.index, load_encoder(), sample_units())
        print(f"index ready in {time.perf_counter() - started:.1f}s; {len(searcher.units)} units")
        runs = run_all(searcher, args.second_opinion)
    if args.runs:
        args.runs.write_text("\n".join(json.dumps(asdict(r), ensure_ascii=False) for r in runs))
    if args.select:
        print(f"{'feature set (10-fold CV, calibration half)':60s} off-topic answered  dev refused")
        for used, off, dev in select([asdict(r) for r in runs]):
            print(f"{' + '.join(used):60s} {off:18d} {dev:12d}")
    weights: tuple[float, ...] = WEIGHTS
    cut = ANSWER_THRESHOLD
    if args.fit:
        every = fit(runs, used=(0, 1, 2))
        other = report(runs, every, threshold(runs, every))["measure-only"]
        print(
            f"all three features {every}: measure-only off-topic nothing found "
            f"{other['offtopic nothing found']:.3f}, dev answered {other['dev answered']:.3f}"
        )
        weights = fit(runs)
        cut = threshold(runs, weights)
        print(f"fitted on the calibration halves: WEIGHTS = {weights}, ANSWER_THRESHOLD = {cut}")
    decide = None if args.cosine_only else shipped_domain(runs, args)
    figures = report(runs, weights, cut, blind=args.show_blind, decide=decide)
    print_report(figures)
    runs = [replace(r, answered=decide(r) if decide else decided(r, weights, cut)) for r in runs]
    if not args.show_blind:
        runs = [r for r in runs if split_of(r) not in BLIND]
    misses = [r.question for r in runs if not r.answerable and r.answered]
    print("off-topic answered anyway:", "；".join(misses) or "none")
    refused = [r.question for r in runs if r.answerable and not r.answered and r.rank]
    print("dev questions with gold in top 10 refused:", "；".join(refused) or "none")
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
