"""Faults with real processes: `regkg serve`, a CLI `regkg ingest` and the embedded graph server
are killed with SIGKILL mid-work, or work side by side; after each, `regkg check` finds graph and
index in agreement (after at most one automatic repair) and no committed document is unsearchable.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from graph import connect, ensure_server, stop_server
from graph.server import server_status
from tests.api_support import free_port

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
SEEDS = ROOT / "data" / "seeds"
KEY = "fault-key"
REGKG = str(Path(sys.executable).with_name("regkg"))

pytestmark = pytest.mark.slow


def _env(home: Path) -> dict[str, str]:
    # Queries by the document model: no 1.2 GB teacher to load in every process of these tests.
    return {
        **os.environ,
        "REGKG_HOME": str(home),
        "REGKG_API_KEY": KEY,
        "REGKG_REFINE": "false",
        "REGKG_QUERY_MODEL": "self",
        "HF_HUB_OFFLINE": "1",
    }


def _check(home: Path, *extra: str) -> dict[str, object]:
    done = subprocess.run(
        [REGKG, "check", "--json", *extra], env=_env(home), capture_output=True, text=True
    )
    assert done.stdout, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _graph_documents(home: Path) -> set[str]:
    with connect(ensure_server(home / "graph")) as store:
        return {row.id for row in store.documents()}


def _wait(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _graph_has_documents(home: Path) -> Callable[[], bool]:
    def check() -> bool:
        if not server_status(home / "graph").get("running"):
            return False
        try:
            return bool(_graph_documents(home))
        except Exception:
            return False

    return check


def _agrees_after_one_repair(home: Path) -> dict[str, object]:
    found = _check(home)
    if not found["agrees"]:
        found = _check(home, "--repair")
        assert found["repaired"], found
        found = _check(home)
    assert found["agrees"], found
    return found


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path
    stop_server(tmp_path / "graph")


def _statutes(how_many: int = 40) -> list[Path]:
    """The first statutes of the corpus: enough for a load to be killed in the middle of."""
    return sorted(CORPUS.rglob("*.md"))[:how_many]


def _ingest_until_something_is_committed(home: Path) -> subprocess.Popen[bytes]:
    """A CLI ingest of 40 statutes, returned once the graph holds its first documents."""
    ingest = subprocess.Popen(
        [REGKG, "ingest", *map(str, _statutes())],
        env=_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait(_graph_has_documents(home), 300, "the first committed documents")
    return ingest


def test_kill_of_a_cli_ingest_mid_load(home: Path) -> None:
    ingest = _ingest_until_something_is_committed(home)
    ingest.send_signal(signal.SIGKILL)
    ingest.wait()
    held = _graph_documents(home)
    found = _agrees_after_one_repair(home)
    assert found["graph_documents"] == found["index_documents"] == len(held) > 0


def test_kill_of_the_graph_server_mid_load(home: Path) -> None:
    ingest = _ingest_until_something_is_committed(home)
    os.kill(int(server_status(home / "graph")["pid"]), signal.SIGKILL)
    ingest.wait(timeout=300)
    found = _agrees_after_one_repair(home)  # `check` restarts the graph server
    assert found["graph_documents"] == found["index_documents"]


class Served:
    """`regkg serve` on loopback over ``home``."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.url = f"http://127.0.0.1:{free_port()}"
        self.process = subprocess.Popen(
            [REGKG, "serve", "--port", self.url.rsplit(":", 1)[1]],
            env=_env(home),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait(self._up, 300, "regkg serve to answer")

    def _up(self) -> bool:
        try:
            return httpx.get(f"{self.url}/healthz", timeout=5).status_code == 200
        except httpx.HTTPError:
            return False

    def upload(self, *paths: Path) -> httpx.Response:
        files = [("files", (p.name, p.read_bytes())) for p in paths]
        return httpx.post(
            f"{self.url}/api/ingest", files=files, headers={"X-API-Key": KEY}, timeout=300
        )

    def found(self, question: str) -> set[str]:
        answer = httpx.get(
            f"{self.url}/api/search", params={"q": question, "top_k": 20}, timeout=60
        )
        return {hit["document_id"] for hit in answer.json()["hits"]}

    def stop(self, sig: int = signal.SIGINT) -> None:
        self.process.send_signal(sig)
        self.process.wait(timeout=120)


def test_kill_of_serve_mid_ingest_is_repaired_at_its_next_start(home: Path) -> None:
    served = Served(home)
    statutes = _statutes()
    upload = threading.Thread(target=lambda: _swallow(lambda: served.upload(*statutes)))
    upload.start()
    _wait(_graph_has_documents(home), 300, "the first committed documents")
    served.stop(signal.SIGKILL)
    upload.join()
    again = Served(home)  # its start compares graph and index and repairs
    try:
        found = _check(home)
        assert found["agrees"], found
        assert found["graph_documents"] == found["index_documents"] == len(_graph_documents(home))
    finally:
        again.stop()


def _swallow(call: Callable[[], object]) -> None:
    with contextlib.suppress(httpx.HTTPError):  # the server was killed under the request
        call()


def test_a_cli_ingest_beside_serve_is_seen_and_kept(home: Path) -> None:
    served = Served(home)
    try:
        plan = SEEDS / "001_68de7e2d6fa5fde6.txt"
        done = subprocess.run(
            [REGKG, "ingest", str(plan), "--json"], env=_env(home), capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        plan_id = json.loads(done.stdout)["documents"][0]["document_id"]
        assert plan_id in served.found("医疗质量提升年 质控中心 每年不少于2次")
        # The server's own next write reads the CLI's in first, so it does not drop it.
        assert served.upload(SEEDS / "002_b1b565328e64de7c.txt").status_code == 200
        assert plan_id in served.found("医疗质量提升年 质控中心 每年不少于2次")
        assert _check(home)["agrees"]
    finally:
        served.stop()


def test_concurrent_uploads_of_the_same_file(home: Path) -> None:
    served = Served(home)
    try:
        notice = SEEDS / "004_7640afe18d2e02d4.txt"
        answers: list[httpx.Response] = []
        threads = [
            threading.Thread(target=lambda: answers.append(served.upload(notice))) for _ in range(3)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [a.status_code for a in answers] == [200, 200, 200]
        ids = {a.json()["documents"][0]["document_id"] for a in answers}
        assert len(ids) == 1 and _graph_documents(home) == ids
        assert _check(home)["agrees"]
    finally:
        served.stop()
