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
echo "regkg: installed into .venv ($(.venv/bin/regkg --help >/dev/null && echo ok))"
