"""The container files say what they promise, checked without a Docker engine (none runs on
this machine kind): a pinned Neo4j 5.26 image, the same release the Neo4j tier tests against,
health checks, models outside the data volume, a bind address from the environment, ingest in
its own container on the API's volume, and a small build context."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def _env(name: str) -> str:
    found = re.search(rf"\b{name}=(\S+)", DOCKERFILE)
    assert found, f"Dockerfile sets no {name}"
    return found.group(1)


def test_neo4j_image_is_the_tested_lts_release() -> None:
    pom = (ROOT / "scripts/neo4j/pom.xml").read_text()
    version = re.search(r"<neo4j.version>(5\.26\.\d+)</neo4j.version>", pom)
    assert version, "scripts/neo4j/pom.xml pins a 5.26 LTS release"
    assert COMPOSE["services"]["neo4j"]["image"] == f"neo4j:{version.group(1)}-community"


def test_every_long_running_service_has_a_healthcheck() -> None:
    for name in ("neo4j", "api"):
        assert COMPOSE["services"][name]["healthcheck"]["test"], name
    assert "HEALTHCHECK" in DOCKERFILE


def test_models_live_in_the_image_not_in_the_data_volume() -> None:
    home, cache = _env("REGKG_HOME"), _env("REGKG_MODEL_CACHE")
    assert not cache.startswith(home.rstrip("/") + "/"), (home, cache)
    mounts = [v.split(":")[1] for v in COMPOSE["services"]["api"]["volumes"]]
    assert all(not cache.startswith(m) for m in mounts), mounts
    assert "search.distill fetch-teacher" in DOCKERFILE


def test_bind_address_comes_from_the_environment() -> None:
    cmd = re.search(r"^CMD (.*)$", DOCKERFILE, re.M)
    assert cmd and "--host" not in cmd.group(1)
    assert _env("REGKG_HOST") == "0.0.0.0"
    assert all(p.startswith("${REGKG_BIND") for p in COMPOSE["services"]["api"]["ports"])


def test_torch_is_pinned_and_cpu_by_default() -> None:
    assert "torch==2.13.0" in DOCKERFILE
    assert "ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu" in DOCKERFILE


def test_ingest_container_shares_the_api_volume_and_graph() -> None:
    api, ingest = COMPOSE["services"]["api"], COMPOSE["services"]["ingest"]
    assert ingest["entrypoint"] == ["regkg", "ingest"]
    assert set(api["volumes"]) <= set(ingest["volumes"])
    assert ingest["environment"]["NEO4J_URI"] == api["environment"]["NEO4J_URI"]


def test_build_context_leaves_out_local_state() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".git", ".venv", ".neo4j", ".regkg", "tests", "benchmarks"):
        assert entry in ignored, entry
