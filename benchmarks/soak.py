"""Soak: mixed search, upload, delete and re-upload from several clients against `regkg serve`,
with the embedded graph server killed (SIGKILL) during the run; then graph and index compared.

Usage: ``python -m benchmarks.soak [--minutes 10] [--clients 4] [--kills 2] [--home DIR]``.
Everything runs on loopback. Prints requests, errors by kind, p95 per operation, the 5xx
answered outside the windows in which the graph server was down, and `regkg check` at the end
(targets: 0 lost documents, 0 ghost hits, no 5xx outside the down windows).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
KEY = "soak-key"
QUESTIONS = (
    "医疗机构执业许可证应当悬挂在哪里",
    "传染病疫情报告时限",
    "医疗废物暂时贮存",
    "医师执业注册",
    "护士执业注册有效期",
    "发热门诊候诊区",
    "手卫生依从性自查",
)


@dataclass
class Call:
    op: str
    status: int  # 0: no answer (connection refused, timeout)
    seconds: float
    at: float
    failure: str = ""  # the client's exception when there was no answer


@dataclass
class Run:
    calls: list[Call] = field(default_factory=list)
    kills: list[float] = field(default_factory=list)
    recovered: list[float] = field(default_factory=list)
    held: dict[str, str] = field(default_factory=dict)  # file name → document id now held
    lock: threading.Lock = field(default_factory=threading.Lock)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _notice(name: str, version: int) -> bytes:
    """A small notice; a new version of the same name changes one sentence."""
    return (
        f"关于{name}的通知\n\n一、各科室应当每月开展一次{name}自查，第{version}版。\n"
        f"二、发热门诊应当设置独立候诊区，{name}结果于每季度末报医务科。\n"
    ).encode()


def _client(base: str, run: Run, stop: float, seed: int) -> None:
    rng = random.Random(seed)
    names = [f"院感防控{seed}-{i}" for i in range(4)]
    with httpx.Client(base_url=base, timeout=60, headers={"X-API-Key": KEY}) as http:
        while time.monotonic() < stop:
            roll = rng.random()
            name = rng.choice(names)
            started = time.monotonic()
            try:
                if roll < 0.7:
                    op = "search"
                    r = http.get("/api/search", params={"q": rng.choice(QUESTIONS)})
                elif roll < 0.9:
                    op = "upload"
                    files = {"files": (f"{name}.txt", _notice(name, rng.randint(1, 1000)))}
                    r = http.post("/api/ingest", files=files)
                    if r.status_code == 200 and r.json()["loaded"]:
                        with run.lock:
                            run.held[name] = r.json()["documents"][0]["document_id"]
                else:
                    op = "delete"
                    with run.lock:
                        doc = run.held.get(name)
                    if doc is None:
                        continue
                    r = http.delete(f"/api/documents/{doc}")
                    if r.status_code in (200, 404):
                        with run.lock:
                            if run.held.get(name) == doc:
                                del run.held[name]
                status = r.status_code
            except httpx.HTTPError as err:
                status, failure = 0, type(err).__name__
            else:
                failure = ""
            with run.lock:
                run.calls.append(Call(op, status, time.monotonic() - started, started, failure))


def _killer(home: Path, base: str, run: Run, at: list[float]) -> None:
    for moment in at:
        time.sleep(max(0.0, moment - time.monotonic()))
        state = json.loads((home / "graph" / "server.json").read_text())
        os.kill(int(state["pid"]), signal.SIGKILL)
        run.kills.append(time.monotonic())
        while True:  # recovered: a graph read answers again
            try:
                if httpx.get(f"{base}/api/documents", timeout=60).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        run.recovered.append(time.monotonic())


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--kills", type=int, default=2)
    parser.add_argument("--home", type=Path, help="a regkg home (default: a new temp folder)")
    args = parser.parse_args(argv)
    home = args.home or Path(tempfile.mkdtemp(prefix="regkg-soak-"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "REGKG_HOME": str(home), "REGKG_API_KEY": KEY, "REGKG_REFINE": "false"}
    regkg = str(Path(sys.executable).with_name("regkg"))
    server = subprocess.Popen(
        [regkg, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(home / "serve.log", "w"),  # noqa: SIM115 - lives as long as the server
    )
    run = Run()
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(1)
        start = time.monotonic()
        stop = start + args.minutes * 60
        moments = [start + (i + 1) * (stop - start) / (args.kills + 1) for i in range(args.kills)]
        threads = [
            threading.Thread(target=_client, args=(base, run, stop, seed))
            for seed in range(args.clients)
        ]
        threads.append(threading.Thread(target=_killer, args=(home, base, run, moments)))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        check = subprocess.run(
            [regkg, "check", "--json"], env=env, capture_output=True, text=True, check=False
        )
        found = json.loads(check.stdout)
        held = httpx.get(f"{base}/api/documents", timeout=60).json()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=120)
        subprocess.run([regkg, "server", "stop"], env=env, check=False, capture_output=True)
    _report(run, found, {d["id"] for d in held})
    return 0


def _report(run: Run, found: dict[str, Any], held_ids: set[str]) -> None:
    down = list(zip(run.kills, run.recovered, strict=False))
    # A request whose time overlaps a down window (sent before the kill, answered after) is
    # the window's.
    outside = [
        c
        for c in run.calls
        if (c.status >= 500 or c.status == 0)
        and not any(c.at <= b and a <= c.at + c.seconds for a, b in down)
    ]
    kinds = Counter(
        f"{c.op} {c.status or c.failure}" for c in run.calls if c.status >= 400 or c.status == 0
    )
    lost = sorted(set(run.held.values()) - held_ids)
    print(f"| what | figure |\n| --- | --- |\n| requests | {len(run.calls)} |")
    for op in ("search", "upload", "delete"):
        times = [c.seconds for c in run.calls if c.op == op]
        print(f"| {op}: requests / p95 ms | {len(times)} / {1000 * _p95(times):.0f} |")
    print(f"| errors by kind | {dict(kinds) or 'none'} |")
    windows = ", ".join(f"{b - a:.1f} s" for a, b in down)
    print(f"| graph server killed | {len(run.kills)} times, down {windows} |")
    print(f"| 5xx / no answer outside the down windows | {len(outside)} |")
    print(f"| documents lost (uploaded, not deleted, not held) | {len(lost)} |")
    ghosts = len(found.get("ghosts_in_index") or [])
    missing = len(found.get("missing_from_index") or [])
    print(f"| ghost documents in the index / committed but unsearchable | {ghosts} / {missing} |")
    print(f"| graph and index agree at the end | {found.get('agrees')} |")


if __name__ == "__main__":
    raise SystemExit(main())
