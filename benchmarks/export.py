"""Benchmark the RDF export: triples per second and peak memory per format at N clauses.

Each format runs in a fresh interpreter so its peak RSS is its own. The graph is a synthetic
GraphReader that makes rows on the fly (documents of 1,000 clauses, with items, obligations and
citations in proportion), so the reader itself holds nothing.

    .venv/bin/python benchmarks/export.py --clauses 100000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from graph.schema import Label, Rel, RelRow

CLAUSES_PER_DOCUMENT = 1000
ARTICLE = (
    "第{n}条　医疗机构应当按照核准登记的诊疗科目开展诊疗活动，"
    "不得使用非卫生技术人员从事医疗卫生技术工作。"
)


class SyntheticReader:
    """``clauses`` clauses in documents of 1,000; every 10th clause states an obligation, every
    20th is an inspection item, every 5th cites one of 50 works (half of them not held)."""

    def __init__(self, clauses: int) -> None:
        self.clauses = clauses
        self.documents = max(1, -(-clauses // CLAUSES_PER_DOCUMENT))

    def _clause_ids(self) -> Iterator[tuple[str, int, int]]:
        for n in range(self.clauses):
            d, i = divmod(n, CLAUSES_PER_DOCUMENT)
            yield f"doc{d}", i, n

    def iter_nodes(self, label: Label, batch_size: int = 5000) -> Iterator[dict[str, object]]:
        if label == Label.REGULATION:
            for w in range(50):
                yield {
                    "key": f"条例{w}",
                    "title": f"条例{w}",
                    "aliases": [f"简称{w}"],
                    "held": w < 25,
                    "kind": "administrative_regulation",
                    "level": "national",
                    "current_document_id": f"doc{w}" if w < min(25, self.documents) else None,
                }
        elif label == Label.DOCUMENT:
            for d in range(self.documents):
                yield {
                    "id": f"doc{d}",
                    "source": f"doc{d}.md",
                    "sha256": f"{d:064x}",
                    "encoding": "utf-8",
                    "title": f"条例{d % 50}",
                    "kind": "administrative_regulation",
                    "number": f"国务院令第{d}号",
                    "issuers": ["国务院"],
                    "issued": "2022-03-29",
                    "effective": "2022-05-01",
                    "version_date": f"{2000 + d // 50}-01-01",
                    "level": "national",
                    "jurisdiction": "全国",
                    "status": "in_force" if d < 50 else "superseded",
                    "work_key": f"条例{d % 50}",
                    "is_current": d < 50,
                    "text": ARTICLE * 20,
                }
        elif label == Label.CLAUSE:
            for doc, i, _ in self._clause_ids():
                text = ARTICLE.format(n=i + 1)
                yield {
                    "id": f"{doc}#art_{i + 1}",
                    "document_id": doc,
                    "kind": "article",
                    "path": f"art_{i + 1}",
                    "locator": f"第{i + 1}条",
                    "text": text,
                    "start": i * len(text),
                    "end": (i + 1) * len(text),
                    "parent_id": None,
                    "order": i,
                    "number": i + 1,
                    "heading": None,
                }
        elif label == Label.INSPECTION_ITEM:
            for doc, i, n in self._clause_ids():
                if n % 20 == 0:
                    yield {
                        "id": f"{doc}:item:{i}",
                        "document_id": doc,
                        "clause_id": f"{doc}#art_{i + 1}",
                        "code": f"3-3-{i}",
                        "table": "表2",
                        "section": "依法执业",
                        "requirement": None,
                        "content": "悬挂执业许可证",
                        "points": 6.0,
                        "points_raw": "6分",
                        "start": 0,
                        "end": 10,
                    }
        elif label == Label.OBLIGATION:
            for doc, i, n in self._clause_ids():
                if n % 10 == 0:
                    yield {
                        "id": f"{doc}:obl:{i}",
                        "document_id": doc,
                        "clause_id": f"{doc}#art_{i + 1}",
                        "modality": "must",
                        "cue": "应当",
                        "body_keys": ["institution/institution"],
                        "action": "按照核准登记的诊疗科目开展诊疗活动",
                        "text": ARTICLE,
                        "start": 0,
                        "end": 40,
                        "deadline": "三十日内",
                        "frequency": None,
                        "threshold": None,
                    }
        elif label == Label.BODY:
            yield {
                "key": "institution/institution",
                "name": "医疗机构",
                "kind": "institution",
                "level": "institution",
                "aliases": ["各医疗机构"],
                "parent_key": None,
            }
            yield {
                "key": "government/national",
                "name": "国务院",
                "kind": "government",
                "level": "national",
                "aliases": [],
                "parent_key": None,
            }

    def iter_relationships(self, rel: Rel, batch_size: int = 5000) -> Iterator[RelRow]:
        if rel == Rel.VERSION_OF:
            for d in range(self.documents):
                yield RelRow(rel, Label.DOCUMENT, f"doc{d}", Label.REGULATION, f"条例{d % 50}", {})
        elif rel == Rel.ISSUED_BY:
            for d in range(self.documents):
                yield RelRow(rel, Label.DOCUMENT, f"doc{d}", Label.BODY, "government/national", {})
        elif rel == Rel.PART_OF:
            for doc, i, _ in self._clause_ids():
                yield RelRow(
                    rel, Label.CLAUSE, f"{doc}#art_{i + 1}", Label.DOCUMENT, doc, {"order": i}
                )
        elif rel == Rel.CITES:
            for doc, i, n in self._clause_ids():
                if n % 5 == 0:
                    yield RelRow(
                        rel,
                        Label.CLAUSE,
                        f"{doc}#art_{i + 1}",
                        Label.REGULATION,
                        f"条例{n % 50}",
                        {
                            "id": f"{doc}:cite:{i}",
                            "document_id": doc,
                            "kind": "title",
                            "raw": f"《条例{n % 50}》",
                            "start": 3,
                            "end": 9,
                            "title": f"条例{n % 50}",
                            "resolution": "exact",
                            "score": 1.0,
                        },
                    )
        elif rel in (Rel.ITEM_OF, Rel.STATED_IN, Rel.BINDS):
            for doc, i, n in self._clause_ids():
                if rel == Rel.ITEM_OF and n % 20 == 0:
                    yield RelRow(
                        rel, Label.INSPECTION_ITEM, f"{doc}:item:{i}", Label.DOCUMENT, doc, {}
                    )
                if rel == Rel.STATED_IN and n % 10 == 0:
                    yield RelRow(
                        rel,
                        Label.OBLIGATION,
                        f"{doc}:obl:{i}",
                        Label.CLAUSE,
                        f"{doc}#art_{i + 1}",
                        {},
                    )
                if rel == Rel.BINDS and n % 10 == 0:
                    yield RelRow(
                        rel,
                        Label.OBLIGATION,
                        f"{doc}:obl:{i}",
                        Label.BODY,
                        "institution/institution",
                        {},
                    )


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_one(fmt: str, clauses: int) -> dict[str, float]:
    """Export once to /dev/null-like sink; return triples, seconds and memory figures."""
    from ontology import export

    class Sink:
        size = 0

        def write(self, data: bytes) -> int:
            self.size += len(data)
            return len(data)

    before = _peak_rss_mib()
    sink = Sink()
    start = time.perf_counter()
    if fmt == "graph+turtle":  # the non-streaming way, for contrast
        from ontology import build_graph

        written = len(g := build_graph(SyntheticReader(clauses)))
        sink.write(g.serialize(format="turtle", encoding="utf-8"))
    else:
        written = export(SyntheticReader(clauses), sink, fmt)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    return {
        "triples": written,
        "seconds": seconds,
        "bytes": sink.size,
        "rss_before_mib": before,
        "peak_rss_mib": _peak_rss_mib(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clauses", type=int, default=100_000)
    parser.add_argument(
        "--formats",
        default="nt,turtle,xml,jsonld",
        help="comma-separated; add graph+turtle to compare with a whole rdflib Graph",
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.clauses)))
        return
    print(
        f"RDF export of a synthetic graph of {args.clauses:,} clauses "
        f"({SyntheticReader(args.clauses).documents} documents)\n"
    )
    print(
        f"{'format':<14}{'triples':>12}{'seconds':>10}{'triples/s':>12}{'MiB out':>10}"
        f"{'peak RSS MiB':>14}{'growth MiB':>12}"
    )
    for fmt in args.formats.split(","):
        done = subprocess.run(
            [sys.executable, __file__, "--one", fmt, "--clauses", str(args.clauses)],
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{fmt:<14}{int(r['triples']):>12,}{r['seconds']:>10.1f}"
            f"{r['triples'] / r['seconds']:>12,.0f}{r['bytes'] / 2**20:>10.1f}"
            f"{r['peak_rss_mib']:>14.0f}{r['peak_rss_mib'] - r['rss_before_mib']:>12.0f}"
        )


if __name__ == "__main__":
    main()
