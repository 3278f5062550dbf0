"""The embedded graph server: ArcadeDB with its Bolt plugin, on loopback, as a detached process.

``ensure_server(home)`` starts it once and later calls reuse it through ``home/server.json``;
``python -m graph.server --home DIR`` is the process itself.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import GraphError

STATE_FILE = "server.json"  # present while a server runs: pid, ports, credentials
CREDENTIALS_FILE = "credentials.json"  # the root password survives restarts: ArcadeDB keeps it
LOG_FILE = "server.log"
DATABASE = "regkg"
USER = "root"
_BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"


@dataclass(frozen=True, slots=True)
class BoltConfig:
    """Where a Bolt server is and how to log in; ``database`` None means the server's default."""

    uri: str
    user: str
    password: str
    database: str | None = None


def _write_private(path: Path, data: dict[str, Any]) -> None:
    """Write JSON readable by the owner only, replacing the file atomically."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _password(home: Path) -> str:
    """The root password of this home, generated on first start."""
    path = home / CREDENTIALS_FILE
    saved = _read_json(path)
    if saved and isinstance(saved.get("password"), str):
        return str(saved["password"])
    password = secrets.token_urlsafe(24)
    _write_private(path, {"user": USER, "password": password})
    return password


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1.0)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _alive(pid: int) -> bool:
    """True when ``pid`` runs and is a graph server (a recycled pid is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():
        try:
            return b"graph.server" in cmdline.read_bytes()
        except OSError:
            return False
    return True


def _config_of(state: dict[str, Any]) -> BoltConfig:
    uri = f"bolt://127.0.0.1:{state['bolt_port']}"
    return BoltConfig(uri, state["user"], state["password"], state["database"])


def _running_state(home: Path) -> dict[str, Any] | None:
    state = _read_json(home / STATE_FILE)
    if not state or not _alive(int(state.get("pid", 0))):
        return None
    return state if _port_open(int(state["bolt_port"])) else None


@contextlib.contextmanager
def _start_lock(home: Path) -> Iterator[None]:
    """Serialise starts, so two commands launched together share one server."""
    with open(home / "server.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def server_status(home: Path) -> dict[str, Any]:
    """What runs under ``home``: running, pid, uri (no password)."""
    state = _running_state(Path(home))
    if state is None:
        return {"running": False, "home": str(home)}
    return {
        "running": True,
        "home": str(home),
        "pid": state["pid"],
        "uri": _config_of(state).uri,
        "database": state["database"],
    }


def ensure_server(home: Path, timeout: float = 180.0, heap: str = "2g") -> BoltConfig:
    """Reuse the server running under ``home`` or start one, and say how to reach it."""
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    with _start_lock(home):
        state = _running_state(home)
        if state is not None:
            return _config_of(state)
        (home / STATE_FILE).unlink(missing_ok=True)
        command = [sys.executable, "-m", "graph.server", "--home", str(home), "--heap", heap]
        with open(home / LOG_FILE, "ab") as log:
            # A new session: the server outlives the command that started it and its ^C.
            child = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
                cwd=str(home),
                env=_child_env(),
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if child.poll() is not None:
                raise GraphError(
                    f"graph server exited with code {child.returncode} while starting; "
                    f"see {home / LOG_FILE}"
                )
            state = _read_json(home / STATE_FILE)
            if state and state.get("pid") == child.pid and _port_open(int(state["bolt_port"])):
                return _config_of(state)
            time.sleep(0.3)
        child.terminate()
        raise GraphError(f"graph server did not start within {timeout:.0f}s; see {home / LOG_FILE}")


def _child_env() -> dict[str, str]:
    """The server must import ``graph`` wherever the caller runs from."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def stop_server(home: Path, timeout: float = 60.0) -> bool:
    """Stop the server running under ``home``; False when none ran."""
    home = Path(home)
    state = _read_json(home / STATE_FILE)
    if not state or not _alive(int(state.get("pid", 0))):
        (home / STATE_FILE).unlink(missing_ok=True)
        return False
    pid = int(state["pid"])
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.2)
    if _alive(pid):  # a clean close did not finish: do not leave it holding the files
        os.kill(pid, signal.SIGKILL)
    (home / STATE_FILE).unlink(missing_ok=True)
    return True


def create_database(home: Path, name: str) -> BoltConfig:
    """Create another database on the running server (tests use one per purpose)."""
    state = _running_state(Path(home))
    if state is None:
        raise GraphError(f"no graph server runs under {home}; start it with ensure_server")
    token = base64.b64encode(f"{state['user']}:{state['password']}".encode()).decode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{state['http_port']}/api/v1/server",
        data=json.dumps({"command": f"create database {name}"}).encode(),
        headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
    )
    try:
        urllib.request.urlopen(request, timeout=60).read()
    except urllib.error.HTTPError as err:
        raise GraphError(f"could not create database {name!r}: {err.read()[:200]!r}") from err
    return BoltConfig(_config_of(state).uri, state["user"], state["password"], name)


def serve(home: Path, heap: str = "2g") -> None:
    """Run ArcadeDB with Bolt on loopback until SIGTERM or SIGINT, then close it cleanly."""
    import arcadedb_embedded as arcadedb
    from arcadedb_embedded.jvm import start_jvm

    home = Path(home).resolve()
    os.chdir(home)  # ArcadeDB writes ./log relative to the working directory
    # -Xrs leaves SIGTERM to Python, so the stop below runs instead of a bare JVM exit.
    start_jvm(heap_size=heap, jvm_args=["-Xrs"])
    bolt_port, http_port = _free_port(), _free_port()
    password = _password(home)
    server = arcadedb.create_server(
        str(home / "arcadedb"),
        root_password=password,
        config={
            "host": "127.0.0.1",
            "http_port": http_port,
            "server_plugins": _BOLT_PLUGIN,
            "bolt_port": bolt_port,
            "mode": "production",
        },
    )
    server.start()
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    try:
        if DATABASE not in {str(n) for n in server._java_server.getDatabaseNames()}:
            server.create_database(DATABASE)
        state = {
            "pid": os.getpid(),
            "bolt_port": bolt_port,
            "http_port": http_port,
            "user": USER,
            "password": password,
            "database": DATABASE,
        }
        _write_private(home / STATE_FILE, state)
        while not stopping.wait(1.0):
            pass
    finally:
        (home / STATE_FILE).unlink(missing_ok=True)
        server.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the embedded ArcadeDB graph server.")
    parser.add_argument("--home", type=Path, required=True, help="data and state directory")
    parser.add_argument("--heap", default="2g", help="JVM max heap, e.g. 2g")
    args = parser.parse_args(argv)
    args.home.mkdir(parents=True, exist_ok=True)
    serve(args.home, args.heap)


if __name__ == "__main__":
    main()
