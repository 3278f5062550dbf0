"""A document ingested on its own resolves its citations against works already held elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import ingest_bytes, ingest_paths
from ingest.models import Resolution

DATA = Path(__file__).resolve().parents[1] / "data"
REPORT = DATA / "seeds" / "000_e8441b651c306fc0.txt"


def _targets(batch: object) -> dict[str, tuple[str | None, Resolution]]:
    (parsed,) = batch.documents  # type: ignore[attr-defined]
    return {c.title: (c.target_title, c.resolution) for c in parsed.citations if c.title}


def test_alone_the_report_cannot_resolve_short_titles() -> None:
    batch = ingest_bytes([(REPORT.name, REPORT.read_bytes())])
    assert _targets(batch)["医疗机构管理调条例"][1] is Resolution.UNRESOLVED


@pytest.mark.slow
def test_with_held_statutes_the_report_resolves_misspelt_and_short_titles() -> None:
    statutes = ingest_paths([DATA / "corpus" / "law", DATA / "corpus" / "admin_regulation"])
    held = [p.document for p in statutes.documents]
    batch = ingest_bytes([(REPORT.name, REPORT.read_bytes())], held=held)
    targets = _targets(batch)
    assert targets["医疗机构管理调条例"] == ("医疗机构管理条例", Resolution.FUZZY)
    assert targets["母婴母婴保健法"] == ("中华人民共和国母婴保健法", Resolution.FUZZY)
    assert targets["中华人民共和国医师法"][1] is Resolution.EXACT
    (parsed,) = batch.documents
    newest = max(
        (d for d in held if d.work_title == "医疗机构管理条例"), key=lambda d: d.version_date
    )
    cited = [c for c in parsed.citations if c.target_title == "医疗机构管理条例"]
    assert cited and all(c.target_document_id == newest.id for c in cited)
