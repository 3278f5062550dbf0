"""Load test of ``GET /api/search`` from a second process on loopback: throughput and latency.

Starts ``uvicorn`` on 127.0.0.1 over ``--home`` (or uses ``--url``), sends varied questions from
``--concurrency`` keep-alive connections for ``--seconds``, and prints a table with p50/p95/p99.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

QUESTIONS = (
    "医疗机构执业许可证应当悬挂在哪里",
    "医疗机构校验期限",
    "医师执业注册",
    "未取得医疗机构执业许可证擅自执业的处罚",
    "传染病疫情报告时限",
    "医疗废物暂时贮存",
    "母婴保健技术服务许可",
    "病历书写与保管",
    "处方权的取得",
    "抗菌药物分级管理",
    "医疗质量安全核心制度",
    "护士执业注册有效期",
    "医疗纠纷的处理途径",
    "献血者健康检查",
    "放射诊疗许可",
    "医疗广告审查",
    "依法执业自查的内容",
    "卫生健康行政部门的监督检查职责",
    "医疗事故技术鉴定",
    "药品不良反应报告",
    "乡村医生培训",
    "医疗机构不得出租承包科室",
    "麻醉药品和精神药品管理",
    "消毒隔离制度",
    "医院感染管理",
    "中医诊所备案",
    "人体器官移植伦理审查",
    "精神障碍患者住院治疗",
    "职业病诊断机构",
    "食品安全事故报告",
    "疫苗接种异常反应补偿",
    "每年不少于2次的督导检查",
    "质控中心的职责",
    "县级卫生健康行政部门应当",
    "执业医师超范围执业",
    "医疗技术临床应用管理",
    "临床用血管理",
    "急救中心的设置",
    "公共场所卫生许可证",
    "互联网诊疗",
)
FILTERS: tuple[dict[str, str], ...] = (
    {},
    {},
    {},
    {"current_only": "true"},
    {"level": "national"},
    {"kind": "law"},
)


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, error: str | None) -> None:
        with self.lock:
            if error is None:
                self.latencies.append(seconds)
            else:
                self.errors[error] = self.errors.get(error, 0) + 1


def _worker(
    host: str, port: int, deadline: float, cap: int, seed: int, tally: Tally, unique: bool = False
) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    sent = 0
    while time.monotonic() < deadline and sent < cap:
        question = rng.choice(QUESTIONS)
        if unique:  # a question never asked before: the query model runs, no cache helps
            question += f"（{seed}-{sent}）"
        params = {"q": question, "top_k": "10", **rng.choice(FILTERS)}
        path = "/api/search?" + urllib.parse.urlencode(params)
        started = time.perf_counter()
        error: str | None = None
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                error = f"HTTP {response.status}"
            elif not json.loads(body).get("hits") and params.get("kind") is None:
                error = "no hits"
        except (OSError, http.client.HTTPException) as exc:
            error = type(exc).__name__
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
        tally.record(time.perf_counter() - started, error)
        sent += 1
    conn.close()


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(home: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "REGKG_HOME": str(home)}
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "api.app:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(cmd, env=env, cwd=Path(__file__).resolve().parent.parent)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(1)
    server.terminate()
    raise SystemExit("server did not become healthy within 300 s")


def run(
    host: str, port: int, seconds: float, concurrency: int, cap: int, unique: bool = False
) -> Tally:
    # Warm-up: the first questions load the encoder's caches; not counted.
    _worker(host, port, time.monotonic() + 5, 20, -1, Tally())
    tally = Tally()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_worker, args=(host, port, deadline, cap, seed, tally, unique))
        for seed in range(concurrency)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally


def report(tally: Tally, seconds: float, concurrency: int) -> dict[str, float]:
    lat = sorted(tally.latencies)
    errors = sum(tally.errors.values())
    figures = {
        "requests": len(lat) + errors,
        "errors": errors,
        "seconds": seconds,
        "concurrency": concurrency,
        "throughput_rps": (len(lat) + errors) / seconds,
        "p50_ms": percentile(lat, 50) * 1000,
        "p95_ms": percentile(lat, 95) * 1000,
        "p99_ms": percentile(lat, 99) * 1000,
        "max_ms": (lat[-1] if lat else float("nan")) * 1000,
    }
    targets = {"throughput_rps": (">=", 30.0), "p95_ms": ("<=", 300.0), "errors": ("<=", 0)}
    print(f"{'measure':<16}{'value':>12}  target")
    for name, value in figures.items():
        goal = targets.get(name)
        mark = ""
        if goal:
            ok = value >= goal[1] if goal[0] == ">=" else value <= goal[1]
            mark = f"{goal[0]} {goal[1]:g}  {'ok' if ok else 'MISSED'}"
        print(f"{name:<16}{value:>12.1f}  {mark}")
    if tally.errors:
        print("errors:", json.dumps(tally.errors, ensure_ascii=False))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="an already running server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--home", type=Path, default=Path(os.environ.get("REGKG_HOME", "~/.regkg")))
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=100_000, help="per connection")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--unique", action="store_true", help="make every question new (defeats the query cache)"
    )
    args = parser.parse_args(argv)
    server = None
    if args.url:
        parts = urllib.parse.urlsplit(args.url)
        host, port = parts.hostname or "127.0.0.1", parts.port or 80
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("load tests target loopback only")
    else:
        host, port = "127.0.0.1", _free_port()
        server = start_server(args.home.expanduser(), port)
    try:
        tally = run(host, port, args.seconds, args.concurrency, args.max_requests, args.unique)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    figures = report(tally, args.seconds, args.concurrency)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0 if figures["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
