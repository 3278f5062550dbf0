"""`regkg search` wall time with a `regkg serve` up for the same home (the CLI asks it over HTTP,
api/client.py) against the same command with no server (it loads the models itself).

Starts its own `regkg serve` on a free port over ``--home`` (an ingested home), times each
question as a whole process (interpreter start, imports, the HTTP call, printing), then the
API call alone; then stops it and times the local path for a few questions.
Run: ``python -m benchmarks.cli_latency --home .regkg [--rounds 3] [--local 2]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

QUESTIONS = [
    "医院员工上班不戴胸牌算违规吗？",
    "医疗机构执业许可证应当悬挂在哪里",
    "退休医生返聘坐诊要办什么手续",
    "医疗废物怎么处理",
    "电子病历复制粘贴出错算不算整治重点",
]
CLI = [sys.executable, "-m", "api.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


CPU: list[float] = []  # CPU seconds (user + sys) of each timed process, in call order


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall seconds of one whole process (its CPU seconds go to ``CPU``: on a busy machine
    the wall time is mostly waiting for a core)."""
    cpu, started = _cpu(), time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    took = time.perf_counter() - started
    CPU.append(_cpu() - cpu)
    return took, done


def _row(label: str, times: list[float], cpu: list[float] | None = None) -> str:
    p50 = statistics.median(times)
    used = f"{statistics.median(cpu):.2f}" if cpu else "–"
    return f"| {label} | {len(times)} | {p50:.2f} | {max(times):.2f} | {used} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="an ingested regkg home")
    parser.add_argument("--rounds", type=int, default=3, help="times each question is asked")
    parser.add_argument("--local", type=int, default=2, help="questions asked with no server")
    args = parser.parse_args(argv)

    env = {**os.environ, "REGKG_HOME": str(args.home), "REGKG_REFINE": "false"}
    env.pop("REGKG_NO_SERVER", None)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*CLI, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started = time.perf_counter()
    try:
        while True:
            try:
                if httpx.get(f"{url}/livez", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.perf_counter() - started > 600:
                raise SystemExit("regkg serve did not come up")
            time.sleep(0.5)
        startup = time.perf_counter() - started
        via_server: list[float] = []
        api_only: list[float] = []
        for _ in range(args.rounds):
            for question in QUESTIONS:
                took, done = _timed([*CLI, "search", question, "--top-k", "5"], env)
                if done.returncode != 0:
                    raise SystemExit(f"search failed: {done.stderr}")
                via_server.append(took)
                t0 = time.perf_counter()
                httpx.get(f"{url}/api/search", params={"q": question, "top_k": 5}, timeout=60)
                api_only.append(time.perf_counter() - t0)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)
    record_left = (args.home / "serve.json").exists()
    local: list[float] = []
    for question in QUESTIONS[: args.local]:
        took, done = _timed([*CLI, "search", question, "--top-k", "5"], env)
        if done.returncode != 0:
            raise SystemExit(f"local search failed: {done.stderr}")
        local.append(took)

    print(
        f"server start (warm graph and index): {startup:.1f} s; record removed on stop: "
        f"{not record_left}"
    )
    load = os.getloadavg()[0]
    print(f"load average (1 min) at the end: {load:.1f} on {os.cpu_count()} cores")
    print("| what | runs | p50 wall s | max wall s | p50 CPU s of the process |")
    print("| --- | --- | --- | --- | --- |")
    served_cpu, local_cpu = CPU[: len(via_server)], CPU[len(via_server) :]
    print(_row("`regkg search` with `regkg serve` up (whole process)", via_server, served_cpu))
    print(_row("the API call alone (GET /api/search)", api_only))
    if local:
        print(_row("`regkg search` with no server (loads the models)", local, local_cpu))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
