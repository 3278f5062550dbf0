"""The tracing picture's data (api/trace.py) on the real sample graph, and the 简体 display
(api/display.py) on the seed scraped in traditional characters."""

from __future__ import annotations

from collections import Counter

import pytest

from api.display import simplified, simplified_fields
from api.schemas import ClauseOut
from api.trace import trace_works
from graph import GraphStore
from ingest.models import IngestBatch

TRACED = "医疗机构管理条例"


def _trace(store: GraphStore, depth: int):
    rows = store.cited_by(TRACED, depth=depth, limit=1000)
    return rows, trace_works(
        TRACED, TRACED, store.versions(TRACED), rows, store.documents(), depth, 1000
    )


@pytest.mark.parametrize("depth", [1, 2])
def test_one_node_per_work_with_its_versions_inside(
    arcadedb_corpus: GraphStore, depth: int
) -> None:
    rows, trace = _trace(arcadedb_corpus, depth)
    ids = [w.id for w in trace.works]
    assert len(ids) == len(set(ids))
    documents = {d.id: d for d in arcadedb_corpus.documents()}
    # Every citing document is inside the box of its work, never a box of its own.
    for row in rows:
        work = documents[row.document_id].work_key or row.document_id
        if work == TRACED:
            continue
        box = next(w for w in trace.works if w.id == work)
        assert row.document_id in {v.document_id for v in box.versions}
        assert row.document_id not in ids or row.document_id == work
    centre = trace.works[0]
    assert centre.id == TRACED and centre.layer == 0
    assert [v.document_id for v in centre.versions] == [
        v.document_id for v in arcadedb_corpus.versions(TRACED)
    ]
    assert len(centre.versions) >= 2  # 2016 and 2022 texts: one box, two versions
    # One arrow per citing → cited work, carrying how many places cite.
    pairs = Counter((e.source, e.target) for e in trace.edges)
    assert max(pairs.values()) == 1
    assert sum(e.count for e in trace.edges) <= len(rows)
    assert {e.source for e in trace.edges} == set(ids) - {TRACED}
    if depth == 2:
        assert max(w.layer for w in trace.works) == 2
        layer_of = {w.id: w.layer for w in trace.works}
        assert all(layer_of[e.source] >= layer_of[e.target] for e in trace.edges)


def test_display_converts_traditional_keeping_length_and_punctuation() -> None:
    for original, expected in [
        (
            "關於開展醫療機構依法執業專項整治工作的通知",
            "关于开展医疗机构依法执业专项整治工作的通知",
        ),
        ("（一）醫療機構應當，ＡＢ", "（一）医疗机构应当，ＡＢ"),
        ("医疗机构管理条例", "医疗机构管理条例"),
    ]:
        assert simplified(original) == expected
        assert len(simplified(original)) == len(original)
    assert simplified_fields({"text": "醫院", "title": "医院", "code": "醫"}) == {"text": "医院"}


def test_answers_keep_the_original_and_carry_the_simplified(sample_batch: IngestBatch) -> None:
    seed = next(
        d for d in sample_batch.documents if d.document.source.endswith("002_b1b565328e64de7c.txt")
    )
    clause = next(c for c in seed.clauses if simplified(c.text) != c.text)
    out = ClauseOut.model_validate(
        {
            "id": clause.id,
            "document_id": seed.document.id,
            "kind": str(clause.kind),
            "path": clause.path,
            "locator": clause.locator,
            "text": clause.text,
        }
    )
    assert out.text == clause.text  # the original, as the source wrote it
    assert out.simplified["text"] == simplified(clause.text) != clause.text
