"""Coerce property values as a graph store returns them into plain Python values.

Stores hand back dates as ``datetime.date``, driver date objects or ISO strings, and lists as
lists or tuples; the RDF mapping wants one shape for each.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def as_date(value: object) -> date | None:
    """A calendar date from a ``date``, a driver date (``to_native``) or an ISO string."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    to_native = getattr(value, "to_native", None)
    if callable(to_native):
        return as_date(to_native())
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def as_list(value: object) -> list[str]:
    """A list of non-empty strings from a list, tuple, a single string or ``None``."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v is not None and str(v) != ""]
    return [str(value)]


def as_text(value: object) -> str | None:
    """A non-empty string, or ``None``."""
    if value is None:
        return None
    text = str(value)
    return text if text else None


def as_int(value: object) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def as_bool(value: Any) -> bool | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes"}
    return bool(value)
