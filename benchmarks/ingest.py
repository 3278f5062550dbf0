"""Ingest throughput over the sample data: documents and clauses per second, per stage and overall.

Usage: ``python -m benchmarks.ingest [--data data] [--repeat 3]``; prints a table
(best of the repeats).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ingest.boilerplate import strip_boilerplate
from ingest.metadata import extract_metadata, header_end, split_front_matter
from ingest.pipeline import document_id, ingest_paths, iter_sources, parse_document
from ingest.reading import decode, fold
from ingest.structure import parse_structure


def _best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def _own_stages(blobs: list[tuple[bytes, str]]) -> int:
    """Decode, clean, fold, metadata and structure only (no citations, bodies or obligations)."""
    from ingest.models import Document

    clauses = 0
    for data, source in blobs:
        text = decode(data).text
        front, body = split_front_matter(text)
        if not front:
            body, _ = strip_boilerplate(body)
        folded = fold(body)
        meta = extract_metadata(folded, front)
        doc = Document(
            id=document_id(source, body),
            source=source,
            sha256="",
            encoding="",
            title=meta.title or source,
            kind=meta.kind,
            text=body,
            folded=folded,
        )
        clauses += len(parse_structure(doc, header_end(folded)).clauses)
    return clauses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data"), help="folder to ingest")
    parser.add_argument("--repeat", type=int, default=3, help="runs per row; the best is shown")
    args = parser.parse_args()

    files = list(iter_sources([args.data]))
    blobs = [(f.read_bytes(), str(f)) for f in files]
    megabytes = sum(len(b) for b, _ in blobs) / 1e6
    parse_document(*blobs[0])  # load jieba and OpenCC once, outside the timings

    rows: list[tuple[str, float, int, int]] = []
    seconds, clauses = _best(args.repeat, lambda: _own_stages(blobs))
    rows.append(("read+metadata+structure", seconds, len(blobs), clauses))
    seconds, parsed = _best(args.repeat, lambda: [parse_document(b, s) for b, s in blobs])
    rows.append(
        ("parse_document (all stages)", seconds, len(parsed), sum(len(p.clauses) for p in parsed))
    )
    seconds, batch = _best(args.repeat, lambda: ingest_paths([args.data]))
    rows.append(
        (
            "ingest_paths (+ resolution)",
            seconds,
            len(batch.documents),
            sum(len(d.clauses) for d in batch.documents),
        )
    )

    print(f"{len(files)} files, {megabytes:.2f} MB, best of {args.repeat}")
    print(f"| {'stage':<28} | {'seconds':>7} | {'docs/s':>7} | {'clauses/s':>9} | {'MB/s':>5} |")
    print(f"|{'-' * 30}|{'-' * 9}|{'-' * 9}|{'-' * 11}|{'-' * 7}|")
    for name, secs, docs, n_clauses in rows:
        print(
            f"| {name:<28} | {secs:7.2f} | {docs / secs:7.1f} | {n_clauses / secs:9.0f} | "
            f"{megabytes / secs:5.2f} |"
        )


if __name__ == "__main__":
    main()
