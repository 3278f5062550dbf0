"""The tracing picture on the sample corpus: boxes drawn vs the old one-node-per-document picture,
versions folded into their work's box, and overlaps in the layout the page draws (trace.js).

For the most cited regulations at depth 1 and 2: ingest data/ into a fresh embedded graph, build
each trace (api/trace.py), lay it out with api/static/trace.js under node, and count boxes whose
rectangles overlap. Prints a table; figures go to benchmarks/RESULTS.md.

    python -m benchmarks.trace_view [--top 10]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

from api.trace import trace_works
from graph import connect, ensure_server, load, stop_server
from graph.server import create_database
from ingest import ingest_paths

ROOT = Path(__file__).resolve().parent.parent
TRACE_JS = ROOT / "api" / "static" / "trace.js"

# trace.js runs in the page; under node it needs only a document to register its listener on.
NODE_LAYOUT = """
const fs = require("fs");
global.document = { addEventListener() {} };
global.I18N = {};
eval(fs.readFileSync(process.argv[1], "utf8") + "\\nglobal.TRACE = TRACE;");
const out = JSON.parse(fs.readFileSync(0, "utf8")).map((data) => {
  const { boxes, width, height } = TRACE.layout(data);
  const list = [...boxes.values()];
  let overlaps = 0;
  for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) {
    const a = list[i], b = list[j];
    if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) overlaps++;
  }
  return { boxes: list.length, overlaps, width: Math.round(width), height: Math.round(height) };
});
process.stdout.write(JSON.stringify(out));
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10, help="most cited regulations to trace")
    args = parser.parse_args()
    batch = ingest_paths([ROOT / "data" / "seeds", ROOT / "data" / "corpus"])
    with tempfile.TemporaryDirectory(prefix="regkg-trace-") as tmp:
        home = Path(tmp)
        ensure_server(home)
        try:
            with connect(create_database(home, "trace_view")) as store:
                load(store, batch)
                traces, rows_out = [], []
                documents = store.documents()
                for reg in store.regulations()[: args.top]:
                    for depth in (1, 2):
                        started = time.perf_counter()
                        rows = store.cited_by(reg.key, depth=depth, limit=1000)
                        trace = trace_works(
                            reg.key,
                            reg.title,
                            store.versions(reg.key),
                            rows,
                            documents,
                            depth,
                            1000,
                        )
                        ms = 1000 * (time.perf_counter() - started)
                        citing_docs = {r.document_id for r in rows}
                        vias = {r.via for r in rows if r.via}
                        traces.append(trace.model_dump())
                        rows_out.append(
                            (reg.key, depth, len(rows), len(citing_docs) + len(vias) + 1, ms)
                        )
        finally:
            stop_server(home)
    laid = json.loads(
        subprocess.run(
            ["node", "-e", NODE_LAYOUT, str(TRACE_JS)],
            input=json.dumps(traces),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    print(
        "| regulation | depth | citing places | old nodes (1 per document) | works (1 box each) "
        "| boxes drawn (≤ 16 a hop + 另有 n) | overlapping boxes | picture px | trace ms |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for (key, depth, places, old, ms), drawn, lay in zip(rows_out, traces, laid, strict=True):
        print(
            f"| {key} | {depth} | {places} | {old} | {len(drawn['works'])} | {lay['boxes']} "
            f"| {lay['overlaps']} | {lay['width']}×{lay['height']} | {ms:.0f} |"
        )
    print(
        f"\ntotal overlapping boxes: {sum(lay['overlaps'] for lay in laid)} over {len(laid)} traces"
    )


if __name__ == "__main__":
    main()
