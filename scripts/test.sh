#!/usr/bin/env bash
# Sets up (venv, packages, headless Chromium for the browser tests when we may install it)
# and runs lint, types and the whole test suite on the real embedded graph and index, and the
# graph contract and an end-to-end run on a real Neo4j 5 server started from Maven Central's jars.
# `scripts/test.sh --fast` skips the browser, slow (over ~2 s a test) and Neo4j tiers (everyday loop).
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1  # models come from packages; never wait on a hub
bash scripts/setup.sh test
if ! command -v chromium >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "regkg: installing Debian's chromium + chromium-driver for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei) \
        >/tmp/regkg-apt.log 2>&1 || echo "regkg: chromium install failed (see /tmp/regkg-apt.log); browser tests will skip"
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
if [ "${1:-}" = "--fast" ]; then
    # The everyday loop (~1¼ min on 2 quiet cores): no browser, no Neo4j, none of the
    # tests marked slow (over ~2 s each); the whole suite is CI's. The sample index is reused
    # between runs while nothing it depends on changed (tests/index_cache.py).
    shift
    export REGKG_TEST_INDEX_CACHE="${REGKG_TEST_INDEX_CACHE:-.pytest_cache/regkg-sample-index}"
    exec .venv/bin/python -m pytest -m "not slow and not browser and not neo4j" "$@"
fi
# The Neo4j tier: a real Neo4j 5 LTS server from Maven Central on loopback (scripts/neo4j.sh),
# unless NEO4J_URI already names a disposable one. Without Java or Maven the tier skips loudly.
if [ -z "${NEO4J_URI:-}" ]; then
    if command -v java >/dev/null && command -v mvn >/dev/null; then
        bash scripts/neo4j.sh start
        trap 'bash scripts/neo4j.sh stop' EXIT
        set -a; . .neo4j/env; set +a
    else
        echo "regkg: no java/mvn here: the Neo4j tier will be SKIPPED (install a JDK 17+ and Maven)"
    fi
fi
.venv/bin/python -m pytest "$@"
