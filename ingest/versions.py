"""The one rule for which version of a work is current, used by ingest, the graph and search.

The newest version by version date, then effective date, then issue date, then id; a draft
(征求意见稿) is never current, and is a work's best version only when nothing else is held.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from ingest.models import Document

T = TypeVar("T")
DRAFT = "draft"


@dataclass(frozen=True, slots=True)
class VersionFacts:
    """What the rule reads of a version; dates as ISO strings or dates, None when unknown."""

    id: str
    version_date: str | date | None = None
    effective: str | date | None = None
    issued: str | date | None = None
    status: str | None = None


def document_facts(document: Document) -> VersionFacts:
    """The facts of an ingested document."""
    return VersionFacts(
        document.id, document.version_date, document.effective, document.issued, document.status
    )


def _iso(value: str | date | None) -> str:
    return value.isoformat() if isinstance(value, date) else (value or "")


def sort_key(facts: VersionFacts) -> tuple[bool, str, str, str, str]:
    """Greater is newer; any version that is not a draft outranks every draft."""
    return (
        facts.status != DRAFT,
        _iso(facts.version_date),
        _iso(facts.effective),
        _iso(facts.issued),
        facts.id,
    )


def best_version(versions: Iterable[T], facts: Callable[[T], VersionFacts]) -> T | None:
    """The version a citation of the work means: the current one, else the newest draft."""
    return max(versions, key=lambda v: sort_key(facts(v)), default=None)


def current_version(versions: Iterable[T], facts: Callable[[T], VersionFacts]) -> T | None:
    """The version in force as far as the store knows; None when only drafts are held."""
    best = best_version(versions, facts)
    return best if best is not None and facts(best).status != DRAFT else None


def dated(facts: VersionFacts) -> str:
    """The day a document speaks for (what a citation in it means, where it sorts among its
    work's versions): its version date, else its 施行日期, else its issue date; "" with none."""
    return _iso(facts.version_date) or _iso(facts.effective) or _iso(facts.issued)


def started(facts: VersionFacts) -> str:
    """When a version took effect as far as the store knows: its 施行日期, else its version date
    ("" when it has neither)."""
    return _iso(facts.effective) or _iso(facts.version_date)


def in_force_on(versions: Iterable[T], day: str, facts: Callable[[T], VersionFacts]) -> T | None:
    """The version in force on ``day`` (YYYY-MM-DD): the newest that is no draft and had taken
    effect by then (``started``); None when none had. A 2025-04-30 revision in effect from
    2025-09-01 is not the one in force on 2025-06-01."""
    begun = [v for v in versions if facts(v).status != DRAFT and "" < started(facts(v)) <= day]
    return max(begun, key=lambda v: sort_key(facts(v)), default=None)
