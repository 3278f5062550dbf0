"""The one rule of the current version (ingest/versions.py), as ingest, graph and search use it."""

from __future__ import annotations

from datetime import date

from graph.schema import version_facts
from ingest.versions import (
    VersionFacts,
    best_version,
    current_version,
    in_force_on,
    sort_key,
)


def _same(f: VersionFacts) -> VersionFacts:
    return f


def test_the_newest_version_date_is_current_then_effective_issued_and_id() -> None:
    old = VersionFacts("a", "2016-02-06")
    new = VersionFacts("b", "2022-03-29")
    assert current_version([new, old], _same) is new
    same_day = VersionFacts("c", "2022-03-29", effective="2022-05-01")
    assert current_version([new, same_day], _same) is same_day
    assert sort_key(VersionFacts("x", date(2020, 1, 1))) == sort_key(
        VersionFacts("x", "2020-01-01")
    )


def test_a_draft_is_never_current_even_when_it_is_newest() -> None:
    in_force = VersionFacts("law-2019", "2019-12-01", status="in_force")
    draft = VersionFacts("law-2025-draft", "2025-06-01", status="draft")
    assert current_version([in_force, draft], _same) is in_force
    assert best_version([in_force, draft], _same) is in_force
    # Only a draft held: nothing is in force, but a citation of the work means the draft.
    assert current_version([draft], _same) is None
    assert best_version([draft], _same) is draft
    assert current_version([], _same) is None


def test_the_graph_reads_the_same_rule_from_document_properties() -> None:
    rows = [
        {"id": "d1", "version_date": "2013-06-29", "own_status": "unknown"},
        {"id": "d2", "version_date": "2025-04-30", "own_status": "draft"},
        {"id": "d3", "version_date": "2020-10-17", "own_status": "in_force"},
    ]
    assert current_version(rows, version_facts) is rows[2]


def test_the_version_in_force_on_a_day_is_the_newest_that_had_taken_effect() -> None:
    """Search's ``as_of`` and 新旧对照's ``--from``/``--to`` ask this one rule."""
    old = VersionFacts("2013", "2013-06-29")
    new = VersionFacts("2025", "2025-04-30", effective="2025-09-01")
    draft = VersionFacts("draft", "2024-01-01", status="draft")
    versions = [old, new, draft]
    assert in_force_on(versions, "2025-06-01", _same) is old  # adopted, not yet in effect
    assert in_force_on(versions, "2025-09-01", _same) is new
    assert in_force_on(versions, "2024-06-01", _same) is old  # a draft is never in force
    assert in_force_on(versions, "2000-01-01", _same) is None
