"""Where regkg keeps model files it assembles or derives (the query model's 1.2 GB above all):
``$REGKG_MODEL_CACHE``, else ``~/.cache/regkg``. One place, so that a container can keep the
models in its image while its data lives in a volume."""

from __future__ import annotations

import os
from pathlib import Path

MODEL_CACHE = Path(os.environ.get("REGKG_MODEL_CACHE") or Path.home() / ".cache" / "regkg")
TEACHER_CACHE = MODEL_CACHE / "embeddinggemma-300m"
