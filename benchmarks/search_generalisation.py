"""How the fitted student does on documents it never saw, and the ceiling with the teacher.

1. Fits a student on the teacher targets of all but ``--held-out`` of the documents (whole
   documents, `search.tokenlearn.held_out`), then scores dense and hybrid search on the dev set,
   split by whether a question's gold lies in a held-out document.
2. ``--ceiling``: the teacher's own vectors for the documents (the cached targets) and for queries.

Needs the teacher targets (`python -m search.tokenlearn targets`, ~40 CPU-minutes once).
Run: ``python -m benchmarks.search_generalisation [--held-out 0.3] [--ceiling]``.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from benchmarks.devset import DevQuestion, load_devset
from benchmarks.search_quality import evaluate, first_hit_rank, metrics, print_table, sample_units
from benchmarks.search_quality import systems as search_systems
from search import Searcher, load_encoder
from search.distill import DEFAULT_OUTPUT as DISTILLED_BASE
from search.tokenlearn import TARGETS_DIR, fit, held_out, read_targets
from search.units import SearchUnit


def split_by_gold(
    questions: Sequence[DevQuestion], units: Sequence[SearchUnit], share: float
) -> dict[str, list[DevQuestion]]:
    """Questions whose gold lies in a held-out document, and the others."""
    documents = {u.source.replace("\\", "/"): u.document_id for u in units}

    def document_of(source: str) -> str:
        return next(d for p, d in documents.items() if p == source or p.endswith("/" + source))

    groups: dict[str, list[DevQuestion]] = {"gold held out": [], "gold fitted": []}
    for q in questions:
        unseen = any(held_out(document_of(g.source) + "#", share) for g in q.gold)
        groups["gold held out" if unseen else "gold fitted"].append(q)
    return groups


class TeacherVectors:
    """The teacher for queries and its cached target vectors for documents (the ceiling)."""

    name = "embeddinggemma-300m (cached document vectors)"
    dimension = 768

    def __init__(self, targets: Path) -> None:
        _, texts, vectors = read_targets(targets)
        self.vectors = dict(zip(texts, vectors, strict=True))
        self.teacher = load_encoder("embeddinggemma-300m")

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.teacher.encode_queries(texts)

    def encode_documents(
        self, texts: Sequence[str], batch_size: int = 64, progress: bool = False
    ) -> np.ndarray:
        return np.stack([self.vectors[t] for t in texts]).astype(np.float32)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", type=float, default=0.3, help="share of documents unseen")
    parser.add_argument("--targets", type=Path, default=TARGETS_DIR)
    parser.add_argument("--base", type=Path, default=DISTILLED_BASE)
    parser.add_argument("--ceiling", action="store_true", help="also the teacher for documents")
    args = parser.parse_args(argv)

    units = sample_units()
    questions = load_devset()
    with tempfile.TemporaryDirectory() as tmp:
        student = Path(tmp) / "student"
        report = fit(args.base, student, args.targets, validation_share=args.held_out)
        print(
            f"student fitted on {report.train} passages, {report.validation} held out "
            f"(cosine to the teacher {report.start_cosine:.3f} → {report.best_cosine:.3f})"
        )
        searcher = Searcher.build(units, load_encoder(str(student)), Path(tmp) / "index")
        runs = search_systems(searcher)
        results: dict[str, dict[str, dict[str, float]]] = {}
        for name in ("dense", "hybrid"):
            results[name] = {
                group: metrics([first_hit_rank(q, runs[name](q.question)) for q in chosen])
                for group, chosen in split_by_gold(questions, units, args.held_out).items()
            }
            results[name]["all"] = evaluate(questions, runs[name])["all"]
        print_table(results)
        if args.ceiling:
            teacher = Searcher.build(units, TeacherVectors(args.targets), Path(tmp) / "ceiling")
            runs = search_systems(teacher)
            print("ceiling: the teacher for documents and queries")
            print_table({n: evaluate(questions, runs[n]) for n in ("dense", "hybrid")})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
