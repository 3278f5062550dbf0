"""Ingest throughput: the sample data per stage and overall, and the same scoring table made in
each format a reader takes (PDF, DOCX, XLSX, XLS, CSV, JSON, HTML, text) ingested per format.

Usage: ``python -m benchmarks.ingest [--data data] [--repeat 3] [--copies 10] [--rows 60]``;
prints two tables (best of the repeats). The per-format files are made with tests/office_files.py,
which needs the test extra (reportlab, xlwt).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from functools import partial
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


def _format_rows(copies: int, rows: int, repeat: int) -> list[tuple[str, int, float, float]]:
    """(format, files, MB, seconds) to ingest ``copies`` files of one scoring table per format;
    each reader's library is imported before the clock starts."""
    from ingest.layout import render
    from ingest.readers import read_layout
    from tests import office_files

    made = {fmt: build(rows) for fmt, build in office_files.BUILDERS.items()}
    layout = read_layout(made["xlsx"], "table.xlsx")
    assert layout is not None
    made["txt"] = render(layout)[0].encode("utf-8")  # the same table as plain text
    out: list[tuple[str, int, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, data in made.items():
            parse_document(data, f"warm-up.{fmt}")
            folder = Path(tmp) / fmt
            folder.mkdir()
            for i in range(copies):
                (folder / f"评分表{i}.{fmt}").write_bytes(data)
            seconds, batch = _best(repeat, partial(ingest_paths, [folder]))
            if batch.failures:
                raise SystemExit(f"{fmt}: {batch.failures[0].message}")
            out.append((fmt, copies, copies * len(data) / 1e6, seconds))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data"), help="folder to ingest")
    parser.add_argument("--repeat", type=int, default=3, help="runs per row; the best is shown")
    parser.add_argument("--copies", type=int, default=10, help="files per format")
    parser.add_argument("--rows", type=int, default=60, help="items in each made table")
    args = parser.parse_args()

    print(f"one scoring table of {args.rows} items per file, best of {args.repeat}")
    print(f"| {'format':<6} | {'files':>5} | {'MB':>6} | {'seconds':>7} | {'files/s':>7} |")
    print(f"|{'-' * 8}|{'-' * 7}|{'-' * 8}|{'-' * 9}|{'-' * 9}|")
    for fmt, count, size, secs in _format_rows(args.copies, args.rows, args.repeat):
        print(f"| {fmt:<6} | {count:5d} | {size:6.2f} | {secs:7.2f} | {count / secs:7.1f} |")
    print()

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
