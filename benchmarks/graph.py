"""Graph benchmark: load a synthetic corpus shaped like data/ and time the main queries.

    python -m benchmarks.graph --engine arcadedb --clauses 100000 --million
    python -m benchmarks.graph --engine neo4j --clauses 100000 --million   # scripts/neo4j.sh

The same load, queries and RDF export run on the embedded ArcadeDB or on a Neo4j 5 server (the
one ``NEO4J_URI`` names — it is wiped — or else a fresh one per size from scripts/neo4j.sh).

Documents of ~200 clauses (chapters → articles → paragraphs), ~8 % of clauses citing a work
(Zipf-popular targets, a third not held, 40 % naming an article), ~0.6 obligations per clause
binding bodies of a three-level hierarchy, one work in ten held in two versions — the ratios
measured on the sample corpus. Prints load throughput, query p50/p95, export triples/s (in a
fresh interpreter, so its peak memory is the export's own) and peak memory.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from graph import BoltConfig, GraphStore, connect, ensure_server, load, stop_server
from graph.server import create_database
from ingest.models import (
    Body,
    BodyKind,
    Citation,
    CitationKind,
    Clause,
    ClauseKind,
    Document,
    DocumentKind,
    IngestBatch,
    Level,
    Modality,
    Obligation,
    ParsedDocument,
    Resolution,
    Span,
)

CLAUSES_PER_DOCUMENT = 200
CITING_SHARE = 0.08
OBLIGATIONS_PER_CLAUSE = 0.6
ARTICLES = 120  # a citation naming an article names one of art_1 … art_120
SENTENCE = "医疗机构应当建立健全医疗质量管理制度，定期开展自查并向卫生健康行政部门报告。"


def _bodies() -> list[Body]:
    levels = [Level.NATIONAL, Level.PROVINCIAL, Level.PREFECTURAL, Level.COUNTY]
    bodies = []
    for kind in ("health_administration", "supervision_agency", "quality_control_centre"):
        parent = None
        for level in levels:
            key = f"{kind}/{level}"
            bodies.append(Body(key, f"{level}级{kind}", BodyKind.OTHER, level, (), parent))
            parent = key
    bodies.append(Body("institution/any", "医疗机构", BodyKind.INSTITUTION, Level.INSTITUTION))
    return bodies


def _document(
    n: int, title: str, version: date, rng: random.Random, works: list[str], body_keys: list[str]
) -> ParsedDocument:
    doc_id = f"doc{n:06d}"
    clauses: list[Clause] = []
    citations: list[Citation] = []
    obligations: list[Obligation] = []
    pos = 0

    def clause(kind: ClauseKind, path: str, parent: str | None, order: int, number: int) -> Clause:
        nonlocal pos
        span = Span(pos, pos + len(SENTENCE))
        pos = span.end
        c = Clause(
            f"{doc_id}#{path}",
            doc_id,
            kind,
            path,
            f"第{number}条",
            SENTENCE,
            span,
            parent,
            order,
            number,
        )
        clauses.append(c)
        return c

    article = 0
    for ch in range(1, CLAUSES_PER_DOCUMENT // 25 + 1):
        chapter = clause(ClauseKind.CHAPTER, f"ch_{ch}", None, ch - 1, ch)
        for order in range(16):
            article += 1
            art = clause(ClauseKind.ARTICLE, f"art_{article}", chapter.id, order, article)
            units = [art]
            if rng.random() < 0.5:
                units += [
                    clause(ClauseKind.PARAGRAPH, f"art_{article}/para_{p}", art.id, p - 1, p)
                    for p in (1, 2)
                ]
            for unit in units:
                if rng.random() < CITING_SHARE:
                    target = works[min(int(rng.paretovariate(1.1)) - 1, len(works) - 1)]
                    art_no = rng.randint(1, ARTICLES) if rng.random() < 0.4 else None
                    citations.append(
                        Citation(
                            f"{unit.id}@c{len(citations)}",
                            doc_id,
                            unit.id,
                            CitationKind.TITLE,
                            f"《{target}》",
                            unit.span,
                            target,
                            None,
                            f"第{art_no}条" if art_no else None,
                            f"art_{art_no}" if art_no else None,
                            target,
                            None,
                            Resolution.EXACT,
                        )
                    )
                if rng.random() < OBLIGATIONS_PER_CLAUSE:
                    keys = (rng.choice(body_keys),)
                    obligations.append(
                        Obligation(
                            f"{unit.id}@o",
                            doc_id,
                            unit.id,
                            Modality.MUST,
                            "应当",
                            keys,
                            "建立健全医疗质量管理制度",
                            SENTENCE,
                            unit.span,
                        )
                    )
    document = Document(
        doc_id,
        f"synthetic/{doc_id}.md",
        doc_id,
        "utf-8",
        title,
        DocumentKind.DEPARTMENTAL_RULE,
        "",
        "",
        version_date=version,
        work_title=title,
    )
    return ParsedDocument(document, tuple(clauses), tuple(citations), tuple(obligations))


def synthetic_batch(clauses: int, seed: int = 7) -> IngestBatch:
    rng = random.Random(seed)
    n_docs = max(2, clauses // (CLAUSES_PER_DOCUMENT + CLAUSES_PER_DOCUMENT // 4))
    held = [f"合成管理办法{i:05d}" for i in range(n_docs)]
    unheld = [f"未收录规范{i:05d}" for i in range(max(1, n_docs // 2))]
    works = [w for pair in zip(held, unheld, strict=False) for w in pair] + held[len(unheld) :]
    bodies = _bodies()
    keys = [b.key for b in bodies]
    docs = []
    for n in range(n_docs):
        # One work in ten gets a second, newer version instead of a title of its own.
        title = held[n - 1] if n % 10 == 9 else held[n]
        docs.append(_document(n, title, date(2000 + n % 25, 1, 1 + n % 28), rng, works, keys))
    return IngestBatch(tuple(docs), tuple(bodies))


PASSES = 3  # timed passes over the sampled names: 90 timings, so p95 is not the second worst
Name = TypeVar("Name")


def _timings(run: Callable[[Name], object], names: list[Name]) -> tuple[float, float]:
    """p50 and p95 in ms of the driver's round trips, after one untimed pass over the names (the
    server compiles a query's plan and its JIT the hot paths on first use; steady state is what a
    service sees). Each name is timed ``PASSES`` times."""
    for name in names:
        run(name)
    times = []
    for _ in range(PASSES):
        for name in names:
            started = time.perf_counter()
            run(name)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


ROOT = Path(__file__).resolve().parent.parent
NEO4J_DIR = ".neo4j-bench"  # scripts/neo4j.sh's home for the benchmark's own server


def server_cpu_s(pid: int) -> float:
    """CPU seconds the server process has used: throughput on a shared machine is bounded by
    the CPU it gets, so the load's CPU cost is reported next to its wall time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settle(pid: int, quiet: float = 0.05, limit: float = 120.0) -> float:
    """Wait until the server has finished what the load left it doing (Neo4j flushes its page
    cache, ArcadeDB compacts its indexes: both busy a core for seconds after the last commit),
    i.e. until it uses under ``quiet`` of a core over a second; return the seconds waited. Reads
    timed during that work would measure the load, not the queries a service answers."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        before = server_cpu_s(pid)
        time.sleep(1.0)
        if server_cpu_s(pid) - before < quiet:
            break
    return time.perf_counter() - started


WARM_S = 10.0  # seconds of untimed cited_by on works outside the sample


def warm_up(store: GraphStore, works: list[str], seconds: float = WARM_S) -> None:
    """Ask for the citations of other works than those timed, at depth 1 and 3, for a few
    seconds: a fresh server's JIT compiles its read paths only after thousands of calls (Neo4j's
    d1 p95 at 1M was 12 ms after one pass over the names, 9 ms on a server that had served a few
    thousand), and a service answers from a warm one."""
    started = time.perf_counter()
    for key in itertools.cycle(works or ["-"]):
        if time.perf_counter() - started > seconds:
            return
        store.cited_by(key, depth=1)
        store.cited_by(key, depth=3)


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def export_run(config: BoltConfig) -> dict[str, float]:
    """The RDF export (N-Triples) of the store in a fresh interpreter: triples/s and the
    interpreter's own peak RSS, which must not grow with the store."""
    env = {**os.environ, "BENCH_PASSWORD": config.password}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.graph", "--export-one", config.uri, config.user,
         config.database or ""],
        check=True, capture_output=True, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _export_one(uri: str, user: str, database: str) -> None:
    from ontology import export

    class Sink:
        def write(self, data: bytes) -> int:
            return len(data)

    config = BoltConfig(uri, user, os.environ["BENCH_PASSWORD"], database or None)
    with connect(config) as store:
        started = time.perf_counter()
        triples = export(store, Sink(), "nt")  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
    # VmHWM is this interpreter's own high-water mark; ru_maxrss would also count the pages of
    # the parent it was forked from (the benchmark holding the synthetic batch: 764 MB at 1M).
    print(json.dumps({"triples": triples, "export_s": seconds, "export_mb": _peak_mb(os.getpid())}))


def bench(
    store: GraphStore, clauses: int, pid: int, config: BoltConfig, export: bool = True
) -> dict[str, float]:
    batch = synthetic_batch(clauses)
    n_clauses = sum(len(p.clauses) for p in batch.documents)
    started, server_cpu, client_cpu = time.perf_counter(), server_cpu_s(pid), time.process_time()
    report = load(store, batch)
    seconds = time.perf_counter() - started
    server_cpu, client_cpu = server_cpu_s(pid) - server_cpu, time.process_time() - client_cpu
    assert not report.failed, report.failed
    stats = store.stats()
    elements = sum(stats["nodes"].values()) + sum(stats["relationships"].values())
    settled = settle(pid)
    rng = random.Random(1)
    everything = [r.key for r in store.regulations()]
    works = everything[:200]
    warm_up(store, everything[200:])
    sample = [rng.choice(works) for _ in range(30)]
    bodies = [b.key for b in _bodies()]
    d1 = _timings(lambda w: store.cited_by(w, depth=1), sample)
    d3 = _timings(lambda w: store.cited_by(w, depth=3), sample)
    ob = _timings(lambda b: store.obligations_of(b), [rng.choice(bodies) for _ in range(30)])
    # An article of each sampled work (its own generator, so the samples above stay as they were).
    articles = random.Random(2)
    cited = [(w, f"art_{articles.randint(1, ARTICLES)}") for w in sample]
    art = _timings(lambda wa: store.cited_by(wa[0], article=wa[1]), cited)
    exported = export_run(config) if export else {}
    return {
        **exported,
        "clauses": n_clauses,
        "elements": elements,
        "load_s": seconds,
        "clauses_per_s": n_clauses / seconds,
        "cpu_s": server_cpu + client_cpu,
        "elements_per_s": elements / seconds,
        "settle_s": settled,
        "d1_p50": d1[0],
        "d1_p95": d1[1],
        "d3_p50": d3[0],
        "d3_p95": d3[1],
        "ob_p50": ob[0],
        "ob_p95": ob[1],
        "art_p50": art[0],
        "art_p95": art[1],
        "client_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "server_mb": _peak_mb(pid),
    }


def _neo4j_from_script(heap: str) -> tuple[BoltConfig, int]:
    """A fresh Neo4j from scripts/neo4j.sh (its data wiped at each start)."""
    env = {
        **os.environ,
        "REGKG_NEO4J_JAVA_OPTS": f"-Xmx{heap} -Dregkg.pagecache.mb=2048",
        "REGKG_NEO4J_DIR": NEO4J_DIR,
    }
    subprocess.run(["bash", "scripts/neo4j.sh", "start"], check=True, cwd=ROOT, env=env)
    values = dict(
        line.split("=", 1) for line in (ROOT / NEO4J_DIR / "env").read_text().splitlines()
    )
    config = BoltConfig(values["NEO4J_URI"], values["NEO4J_USER"], values["NEO4J_PASSWORD"], None)
    return config, int((ROOT / NEO4J_DIR / "pid").read_text())


def _stop_neo4j() -> None:
    env = {**os.environ, "REGKG_NEO4J_DIR": NEO4J_DIR}
    subprocess.run(["bash", "scripts/neo4j.sh", "stop"], check=True, cwd=ROOT, env=env)


def run_neo4j(sizes: list[int], export: bool) -> tuple[list[dict[str, float]], str]:
    rows, agent = [], ""
    external = os.environ.get("NEO4J_URI")
    for size in sizes:
        if external:
            config = BoltConfig(
                external,
                os.environ.get("NEO4J_USER", "neo4j"),
                os.environ.get("NEO4J_PASSWORD", ""),
                os.environ.get("NEO4J_DATABASE") or None,
            )
            pid = int(os.environ.get("NEO4J_PID", "0")) or os.getpid()
        else:
            config, pid = _neo4j_from_script("4g")
        try:
            with connect(config) as store:
                agent = store.server_agent()
                store.clear()
                rows.append(bench(store, size, pid, config, export))
                print(f"done {size}", flush=True)
        finally:
            if not external:
                _stop_neo4j()
    return rows, agent


def run_arcadedb(sizes: list[int], home: Path, export: bool) -> tuple[list[dict[str, float]], str]:
    ensure_server(home, heap="4g")
    rows, agent = [], ""
    pid = int(json.loads((home / "server.json").read_text())["pid"])
    try:
        for size in sizes:
            config = create_database(home, f"bench_{size}_{int(time.time())}")
            with connect(config) as store:
                agent = store.server_agent()
                rows.append(bench(store, size, pid, config, export))
                print(f"done {size}", flush=True)
    finally:
        stop_server(home)
    return rows, agent


HEADER = (
    "clauses",
    "nodes+rels",
    "load s",
    "clauses/s",
    "load CPU s (server+client)",
    "settle s",
    "cited_by d1 p50/p95 ms",
    "d3 p50/p95 ms",
    "article p50/p95 ms",
    "obligations_of p50/p95 ms",
    "export triples",
    "export s",
    "triples/s",
    "export peak MB",
    "server peak MB",
)


def _row(r: dict[str, float]) -> list[str]:
    export = [
        f"{r['triples']:,.0f}",
        f"{r['export_s']:.0f}",
        f"{r['triples'] / r['export_s']:,.0f}",
        f"{r['export_mb']:.0f}",
    ] if "triples" in r else ["-"] * 4  # fmt: skip
    return [
        f"{r['clauses']:,.0f}",
        f"{r['elements']:,.0f}",
        f"{r['load_s']:.1f}",
        f"{r['clauses_per_s']:,.0f}",
        f"{r['cpu_s']:.1f}",
        f"{r['settle_s']:.0f}",
        f"{r['d1_p50']:.1f}/{r['d1_p95']:.1f}",
        f"{r['d3_p50']:.1f}/{r['d3_p95']:.1f}",
        f"{r['art_p50']:.1f}/{r['art_p95']:.1f}",
        f"{r['ob_p50']:.0f}/{r['ob_p95']:.0f}",
        *export,
        f"{r['server_mb']:.0f}",
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["arcadedb", "neo4j"], default="arcadedb")
    parser.add_argument("--clauses", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--million", action="store_true", help="also 1,000,000 clauses")
    parser.add_argument("--no-export", action="store_true", help="skip the RDF export")
    parser.add_argument("--home", type=Path, help="ArcadeDB graph home (default: a temporary one)")
    parser.add_argument("--export-one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.export_one:
        _export_one(*args.export_one)
        return
    sizes = args.clauses + ([1_000_000] if args.million else [])
    if args.engine == "neo4j":
        rows, agent = run_neo4j(sizes, not args.no_export)
    else:
        home = args.home or Path(tempfile.mkdtemp(prefix="regkg-bench-")) / "graph"
        rows, agent = run_arcadedb(sizes, home, not args.no_export)
    print(f"engine: {agent}")
    print(" | ".join(HEADER))
    for r in rows:
        print(" | ".join(_row(r)))


if __name__ == "__main__":
    main()
