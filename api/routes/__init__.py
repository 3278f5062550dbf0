"""HTTP routes of regkg, one module per resource; ``api.app.create_app`` includes each ``router``.

Helpers shared by several routes (turning store rows into plain dicts) live here.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from datetime import date
from typing import Any


def plain(value: Any) -> Any:
    """A store or search row (dataclass, mapping, enum, date) as JSON-ready Python values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    return value
