"""Choose the fusion on half the dev set, check it on the other half: each ranker and weighting,
R@10 and MRR of hybrid search on the odd-numbered questions (where the choice is made), the even
ones (held out) and all.

Run: ``python -m benchmarks.search_fusion [--index DIR] [--refine]`` (the index of
``benchmarks.search_quality``; ``--refine`` first refines it, see search/refine.py).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from benchmarks.devset import DevQuestion, load_devset
from benchmarks.search_quality import (
    DEFAULT_INDEX,
    first_hit_rank,
    metrics,
    refine_with_progress,
    sample_units,
)
from search import Searcher, load_encoder
from search.fusion import Ranker
from search.refine import status
from search.searcher import SearchConfig


def candidates() -> list[tuple[str, SearchConfig]]:
    def weights(lexical: float) -> dict[str, float]:
        return {"lexical": lexical, "dense": round(1 - lexical, 2)}

    configs = [
        (f"z-score {w}", SearchConfig(ranker=Ranker.ZSCORE, weights=weights(w)))
        for w in (0.1, 0.2, 0.3, 0.4, 0.5)
    ]
    configs += [
        (f"weighted min-max {w}", SearchConfig(ranker=Ranker.WEIGHTED, weights=weights(w)))
        for w in (0.2, 0.3)
    ]
    configs.append(("RRF", SearchConfig(ranker=Ranker.RRF)))
    configs.append(("z-score 0.3, lexical lead", SearchConfig(lexical_lead=True)))
    return configs


def score(searcher: Searcher, questions: Sequence[DevQuestion]) -> tuple[float, float]:
    ranks = [
        first_hit_rank(q, [searcher.units[searcher.row_of[h.clause_id]] for h in hits])
        for q in questions
        for hits in [searcher.search(q.question, 10)]
    ]
    m = metrics(ranks)
    return m["R@10"], m["MRR"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX, help="index directory")
    parser.add_argument("--refine", action="store_true", help="refine the index first")
    args = parser.parse_args(argv)

    searcher = Searcher.open(args.index, load_encoder(), sample_units())
    if args.refine:
        refine_with_progress(searcher)
    print(f"{status(searcher).refined} of {len(searcher.units)} units refined")
    questions = load_devset()
    odd = [q for q in questions if int(q.id[1:]) % 2]
    even = [q for q in questions if not int(q.id[1:]) % 2]
    print(f"{'fusion':28s} {'odd R@10  MRR':>15s} {'even R@10  MRR':>16s} {'all R@10  MRR':>15s}")
    for name, config in candidates():
        searcher.config = config  # queries repeat: the encoder's cache embeds each once
        row = [score(searcher, group) for group in (odd, even, questions)]
        print(f"{name:28s} " + " ".join(f"{r:9.3f} {m:5.3f}" for r, m in row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
