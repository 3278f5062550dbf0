"""Dense index at scale: 1M random unit vectors at the encoder's dimension, IVF vs exact (vs HNSW).

Reports build time, search p50/p95 without query embedding, top-1 agreement with exact search
(each query is a perturbed stored vector; on random data the other nine neighbours are noise,
so recall@10 would measure nothing) and memory.
Run: ``python -m benchmarks.search_scale [--n 1000000] [--dimension D] [--hnsw]``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from search.dense import DEFAULT_NPROBE, DenseIndex, ivf_lists


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def random_unit_vectors(n: int, dim: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, 100_000):  # in chunks: float64 temporaries of 1M×D would double RAM
        block = rng.standard_normal((min(100_000, n - start), dim), dtype=np.float32)
        out[start : start + len(block)] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def timed_searches(
    search: Callable[[np.ndarray], Any], queries: np.ndarray
) -> tuple[list[Any], np.ndarray]:
    results, times = [], []
    for query in queries:
        started = time.perf_counter()
        results.append(search(query))
        times.append((time.perf_counter() - started) * 1000)
    return results, np.asarray(times)


def top1(found: Sequence[Any], truth: Sequence[Any]) -> float:
    return float(
        np.mean(
            [bool(len(f)) and int(f[0]) == int(t[0]) for f, t in zip(found, truth, strict=True)]
        )
    )


def report(name: str, build_s: float, times: np.ndarray, recall: float, mem: float) -> None:
    print(
        f"{name:34s} build {build_s:7.1f}s  p50 {np.percentile(times, 50):7.2f}ms  "
        f"p95 {np.percentile(times, 95):7.2f}ms  top-1 {recall:5.3f}  +RSS {mem:7.0f} MiB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--dimension", type=int, help="default: the shipped encoder's")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--hnsw", action="store_true", help="also build HNSW (slow: minutes)")
    parser.add_argument(
        "--nprobe", type=int, nargs="*", default=[32, 64], help="IVF nprobe values to also try"
    )
    args = parser.parse_args(argv)
    import faiss

    dim = args.dimension
    if dim is None:
        from search import load_encoder

        dim = load_encoder().dimension
    faiss.omp_set_num_threads(2)
    print(
        f"{args.n:,} random unit vectors, {dim} dimensions, {args.queries} queries, "
        f"IVF lists {ivf_lists(args.n)}, nprobe {DEFAULT_NPROBE}"
    )
    base = rss_mib()
    vectors = random_unit_vectors(args.n, dim, seed=0)
    # Queries near stored vectors, as real queries are near their answers.
    rng = np.random.default_rng(1)
    picks = rng.choice(args.n, args.queries, replace=False)
    queries = vectors[picks] + rng.standard_normal((args.queries, dim), dtype=np.float32) * 0.05
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    print(f"vectors: {vectors.nbytes / 2**20:.0f} MiB")

    before = rss_mib()
    started = time.perf_counter()
    ivf = DenseIndex(vectors, np.arange(args.n, dtype=np.int64))  # above EXACT_LIMIT: IVF
    build = time.perf_counter() - started
    found, times = timed_searches(lambda q: [r for r, _ in ivf.search(q, 10)], queries)
    ivf_mem = rss_mib() - before

    exact = faiss.IndexFlatIP(dim)
    exact.add(vectors)
    truth, exact_times = timed_searches(lambda q: exact.search(q.reshape(1, -1), 10)[1][0], queries)
    recall = top1(found, truth)
    report(f"IVF-flat nprobe {ivf.index.nprobe} (DenseIndex)", build, times, recall, ivf_mem)
    for nprobe in args.nprobe:
        ivf.index.nprobe = nprobe
        found, times = timed_searches(lambda q: [r for r, _ in ivf.search(q, 10)], queries)
        report(f"IVF-flat nprobe {nprobe}", 0.0, times, top1(found, truth), 0.0)
    report("exact IndexFlatIP", 0.0, exact_times, 1.0, vectors.nbytes / 2**20)

    if args.hnsw:
        before = rss_mib()
        started = time.perf_counter()
        hnsw = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = 40
        hnsw.add(vectors)
        build = time.perf_counter() - started
        hnsw.hnsw.efSearch = 64
        found, times = timed_searches(lambda q: hnsw.search(q.reshape(1, -1), 10)[1][0], queries)
        recall = top1([f.tolist() for f in found], truth)
        report("HNSW M=32 efC=40 efS=64", build, times, recall, rss_mib() - before)
    print(f"process RSS {rss_mib():.0f} MiB (started at {base:.0f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
