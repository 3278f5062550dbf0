"""Search latency on the sample corpus: index build time, then query p50/p95 with embedding.

Every dev-set question is asked ``--rounds`` times through ``Searcher.search`` (query folding,
analysis, embedding, BM25, faiss, fusion, highlights); build is from scratch in a temp dir.
``--refine`` also times the refinement of that index (search/refine.py: every unit re-embedded by
the query model), and queries are then timed on the refined index.
Run: ``python -m benchmarks.search_latency [--model NAME] [--rounds 3] [--refine]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time

import numpy as np

from benchmarks.devset import load_devset
from benchmarks.search_quality import refine_with_progress, sample_units
from search import Searcher, load_encoder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="encoder name or path (default: shipped)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--refine", action="store_true", help="time refining the built index")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    units = sample_units()
    ingest_s = time.perf_counter() - started
    encoder = load_encoder(args.model)
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        searcher = Searcher.build(units, encoder, directory)
        build_s = time.perf_counter() - started
        if args.refine:
            state = refine_with_progress(searcher)
            print(
                f"refined {state.done_now} of {state.total} units in {state.seconds:.0f}s "
                f"({state.seconds / 60:.1f} min, {state.rate:.1f}/s); build + refine "
                f"{(build_s + state.seconds) / 60:.1f} min"
            )
        started = time.perf_counter()
        Searcher.open(directory, encoder)
        open_s = time.perf_counter() - started
    print(
        f"{len(units)} units; ingest {ingest_s:.1f}s, index build {build_s:.1f}s "
        f"(model {encoder.name}, {searcher.dense.kind}), open {open_s:.2f}s"
    )
    questions = [q.question for q in load_devset()]
    searcher.search(questions[0])  # warm caches (jieba, torch) before timing
    # Every timed query embeds afresh: the encoder's cache of recent queries is emptied first.
    forget = getattr(encoder, "clear_query_cache", lambda: None)
    for label, expand in (("search", None), ("search + graph expansion", True)):
        times = []
        embed = []
        for _ in range(args.rounds):
            for question in questions:
                forget()
                t0 = time.perf_counter()
                searcher.search(question, top_k=10, expand=expand)
                times.append((time.perf_counter() - t0) * 1000)
        for question in questions:
            forget()
            t0 = time.perf_counter()
            encoder.encode_queries([question])
            embed.append((time.perf_counter() - t0) * 1000)
        ms = np.asarray(times)
        print(
            f"{label:26s} {len(ms)} queries: p50 {np.percentile(ms, 50):6.1f} ms, "
            f"p95 {np.percentile(ms, 95):6.1f} ms, max {ms.max():6.1f} ms "
            f"(query embedding alone p50 {np.percentile(embed, 50):.1f} ms)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
