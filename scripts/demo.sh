#!/usr/bin/env bash
# Sets up, ingests the sample corpus into the embedded graph (ArcadeDB over Bolt on loopback)
# and the search index, then serves the API and web page on http://127.0.0.1:8000/.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1  # models come from packages; never wait on a hub
bash scripts/setup.sh test
export REGKG_HOME="${REGKG_HOME:-$PWD/.regkg}"
.venv/bin/regkg ingest data/
.venv/bin/regkg stats
exec .venv/bin/regkg serve --port "${PORT:-8000}"
