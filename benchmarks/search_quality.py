"""Search quality on the dev set: Recall@1/5/10 and MRR for four systems, overall and per style.

Systems: character-bigram BM25 (baseline), BM25 with the analyzer, dense alone, hybrid (+ graph).
Run: ``python -m benchmarks.search_quality [--model NAME] [--index DIR] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.devset import DevQuestion, is_hit, load_devset
from search import Searcher, load_encoder
from search.analyzer import char_bigrams, fold
from search.lexical import bigram_bm25, top_k
from search.refine import RefineStatus, refine, status
from search.searcher import lexical_text
from search.units import SearchUnit, units_from_documents

REPO = Path(__file__).resolve().parent.parent
# Outside the repo: the benchmark index is a cache, reused while model and corpus are unchanged.
DEFAULT_INDEX = Path.home() / ".cache" / "regkg" / "bench-index"
KS = (1, 5, 10)

# A system maps a question to (row or unit, …) best first; only units are compared to gold.
System = Callable[[str], Sequence[SearchUnit]]


def sample_units(data: Path = REPO / "data") -> list[SearchUnit]:
    """Units of the sample corpus: the seeds and the statutes, ingested together."""
    from ingest import ingest_paths

    batch = ingest_paths([data / "seeds", data / "corpus"])
    if batch.failures:
        print(f"warning: {len(batch.failures)} sources failed to ingest", file=sys.stderr)
    return units_from_documents(batch.documents)


def first_hit_rank(question: DevQuestion, units: Sequence[SearchUnit]) -> int | None:
    for rank, unit in enumerate(units, 1):
        if any(is_hit(g, unit.source, unit.locator, unit.code) for g in question.gold):
            return rank
    return None


def metrics(ranks: Sequence[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    out = {f"R@{k}": sum(1 for r in ranks if r is not None and r <= k) / n for k in KS}
    out["MRR"] = sum(1.0 / r for r in ranks if r is not None) / n
    out["n"] = len(ranks)
    return out


def systems(searcher: Searcher) -> dict[str, System]:
    units = searcher.units
    baseline = bigram_bm25(lexical_text(u) for u in units)

    def bigram(question: str) -> list[SearchUnit]:
        return [units[row] for row, _ in top_k(baseline.scores(char_bigrams(question)), 10)]

    def lexical(question: str) -> list[SearchUnit]:
        found = top_k(searcher.lexical.scores(searcher.analyzer(fold(question))), 10)
        return [units[row] for row, _ in found]

    def dense(question: str) -> list[SearchUnit]:
        vector = searcher.encoder.encode_queries([fold(question)])[0]
        return [units[row] for row, _ in searcher.dense.search(vector, 10)]

    def hybrid(question: str) -> list[SearchUnit]:
        return [units[searcher.row_of[h.clause_id]] for h in searcher.search(question, 10)]

    def hybrid_graph(question: str) -> list[SearchUnit]:
        hits = searcher.search(question, 10, expand=True)
        return [units[searcher.row_of[h.clause_id]] for h in hits]

    return {
        "bigram BM25": bigram,
        "analyzer BM25": lexical,
        "dense": dense,
        "hybrid": hybrid,
        "hybrid+graph": hybrid_graph,
    }


def evaluate(questions: Sequence[DevQuestion], run: System) -> dict[str, dict[str, float]]:
    groups: dict[str, list[int | None]] = defaultdict(list)
    for q in questions:
        rank = first_hit_rank(q, run(q.question))
        groups["all"].append(rank)
        groups[f"style={q.style}"].append(rank)
        groups[f"category={q.category}"].append(rank)
        if q.style == "low_overlap" and q.category == "statute":
            groups["low_overlap statute"].append(rank)
    return {name: metrics(ranks) for name, ranks in sorted(groups.items())}


def print_table(results: dict[str, dict[str, dict[str, float]]]) -> None:
    names = list(results)
    groups = list(next(iter(results.values())))
    groups.sort(key=lambda g: (g != "all", g != "low_overlap statute", g))
    header = f"{'group':28s} {'n':>4s} " + " ".join(f"{n[:20]:>26s}" for n in names)
    print(header)
    print(" " * 34 + " ".join(f"{'R@1  R@5  R@10  MRR':>26s}" for _ in names))
    for group in groups:
        row = f"{group:28s} {int(results[names[0]][group]['n']):4d} "
        for name in names:
            m = results[name][group]
            row += f"{m['R@1']:8.2f}{m['R@5']:5.2f}{m['R@10']:6.2f}{m['MRR']:6.3f} "
        print(row)


def refine_with_progress(searcher: Searcher) -> RefineStatus:
    from tqdm import tqdm

    before = status(searcher)
    with tqdm(total=before.total - before.refined, unit="unit", desc="refine") as bar:
        return refine(searcher, on_progress=lambda s: bar.update(s.done_now - bar.n))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="encoder name or path (default: shipped)")
    parser.add_argument(
        "--query-model", default=None, help="'self' or a model for queries (default: the pairing)"
    )
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX, help="index directory")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--refine",
        action="store_true",
        help="first give every unit the query model's document vector (search/refine.py)",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    units = sample_units()
    encoder = load_encoder(args.model, query_model=args.query_model)
    searcher = Searcher.open(args.index, encoder, units)
    print(
        f"{len(units)} units, model {encoder.name} ({encoder.dimension}d, queries by "
        f"{encoder.query_model}), "
        f"index ready in {time.perf_counter() - started:.1f}s"
        + (f" (rebuilt: {searcher.rebuilt})" if searcher.rebuilt else "")
    )
    if args.refine:
        state = refine_with_progress(searcher)
        print(f"refined {state.done_now} units in {state.seconds:.0f}s ({state.rate:.1f}/s)")
    print(f"{status(searcher).refined} of {len(searcher.units)} units refined")
    questions = load_devset()
    results = {name: evaluate(questions, run) for name, run in systems(searcher).items()}
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
