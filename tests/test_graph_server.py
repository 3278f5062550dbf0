"""The embedded server: started once and reused, private state file, data kept across restarts."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest

from graph import connect, ensure_server, load, server_status, stop_server
from ingest import ingest_paths

from .conftest import SEEDS


def test_a_running_server_is_reused(graph_home: Path) -> None:
    first = ensure_server(graph_home)
    started = time.perf_counter()
    again = ensure_server(graph_home)
    assert again == first
    assert time.perf_counter() - started < 1.0
    assert first.uri.startswith("bolt://127.0.0.1:")
    state = graph_home / "server.json"
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    status = server_status(graph_home)
    assert status["running"] is True and status["uri"] == first.uri
    assert "password" not in status


@pytest.mark.slow
def test_data_survives_a_restart(tmp_path: Path) -> None:
    home = tmp_path / "graph"
    config = ensure_server(home)
    try:
        with connect(config) as store:
            load(store, ingest_paths([SEEDS / "004_7640afe18d2e02d4.txt"]))
            before = store.stats()
        assert stop_server(home) is True
        assert server_status(home)["running"] is False
        with connect(ensure_server(home)) as store:
            assert store.stats() == before
            assert before["nodes"]["Document"] == 1
            assert before["nodes"]["Obligation"] > 0
    finally:
        stop_server(home)
    assert stop_server(home) is False
