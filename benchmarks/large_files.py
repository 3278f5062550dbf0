"""Parse time against file size: the seeds repeated up to the upload cap, to show it is linear.

Usage: ``python -m benchmarks.large_files [--sizes 1 4 16]``. Prints seconds and seconds per MB
for a plan (seed 001), a web page (seed 002) and a scoring table (seed 003).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ingest import parse_document

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
KINDS = {
    "plan (seed 001)": "001_68de7e2d6fa5fde6.txt",
    "web page (seed 002)": "002_b1b565328e64de7c.txt",
    "scoring table (seed 003)": "003_589e6644b93518d1.txt",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1.0, 4.0, 16.0], help="MB")
    args = parser.parse_args(argv)
    print("| document | MB | clauses | seconds | seconds per MB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for kind, name in KINDS.items():
        body = (SEEDS / name).read_text(encoding="utf-8")
        for size in args.sizes:
            copies = int(size * 1e6 / len(body.encode())) + 1
            data = "\n".join(body for _ in range(copies)).encode()
            started = time.perf_counter()
            parsed = parse_document(data, name, max_bytes=64 * 1024 * 1024)
            seconds = time.perf_counter() - started
            mb = len(data) / 1e6
            clauses, per_mb = len(parsed.clauses), seconds / mb
            print(f"| {kind} | {mb:.1f} | {clauses} | {seconds:.1f} | {per_mb:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
