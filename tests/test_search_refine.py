"""Refinement: the index swaps the student's document vectors for its query model's, batch by
batch, while it serves (search/refine.py).

Real encoders (the shipped student and EmbeddingGemma-300M, fetched by scripts/setup.sh) on real
sample documents; without the query model these tests are skipped, loudly.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

import search.encoder as encoder_module
from api.app import create_app
from api.cli import main as cli_main
from api.services import Regkg
from api.settings import Settings
from graph import GraphStore
from ingest.models import IngestBatch, ParsedDocument
from search import Searcher, load_encoder
from search.encoder import Encoder
from search.refine import refine, status
from search.units import dense_text, units_from_documents

TEACHER = encoder_module.TEACHER_CACHE
pytestmark = pytest.mark.skipif(
    not (TEACHER / "modules.json").exists(),
    reason=f"SKIPPED: no query model at {TEACHER}; run `python -m search.distill fetch-teacher`",
)


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    paired = load_encoder()
    assert paired.query_encoder is not None, "the shipped student names its query model"
    return paired


@pytest.fixture(scope="module")
def documents(sample_batch: IngestBatch) -> list[ParsedDocument]:
    """Two small real documents (5–15 search units each): a refinement of seconds."""
    small = [
        d
        for d in sorted(sample_batch.documents, key=lambda d: d.document.id)
        if 5 <= len(units_from_documents([d])) <= 15
    ]
    return small[:2]


def build(documents: list[ParsedDocument], encoder: Encoder, directory: Path | None) -> Searcher:
    return Searcher.build(units_from_documents(documents), encoder, directory)


@pytest.mark.slow
def test_refined_rows_carry_the_query_models_document_vectors(
    documents: list[ParsedDocument], encoder: Encoder, tmp_path: Path
) -> None:
    searcher = build(documents, encoder, tmp_path)
    assert status(searcher).refined == 0
    state = refine(searcher)
    assert state.error is None
    assert state.refined == state.total == len(searcher.units) == state.done_now
    assert encoder.query_encoder is not None
    expected = encoder.query_encoder.encode_documents([dense_text(u) for u in searcher.units])
    cosines = (searcher.dense.vectors * expected).sum(axis=1)
    assert cosines.min() > 0.999
    # the faiss index answers with the new vectors, not the student's
    row, cosine = searcher.dense.search(expected[3], 1)[0]
    assert row == 3 and cosine == pytest.approx(1.0, abs=1e-3)

    reopened = Searcher.open(tmp_path, encoder)
    assert reopened.rebuilt is None
    assert reopened.dense.refined.all()
    assert np.allclose(reopened.dense.vectors, searcher.dense.vectors)


@pytest.mark.slow
def test_reingest_keeps_refinement_and_another_query_model_drops_it(
    documents: list[ParsedDocument], encoder: Encoder, tmp_path: Path
) -> None:
    searcher = build(documents, encoder, tmp_path)
    refine(searcher)
    before = searcher.dense.vectors.copy()
    searcher.add_documents(documents[:1])  # the same text again
    assert searcher.dense.refined.all()
    order = [searcher.row_of[u.id] for u in build(documents, encoder, None).units]
    assert np.allclose(np.sort(searcher.dense.vectors[order], axis=0), np.sort(before, axis=0))

    student_only = load_encoder(query_model="self")
    reopened = Searcher.open(tmp_path, student_only)
    assert reopened.rebuilt is not None and "refined by embeddinggemma-300m" in reopened.rebuilt
    assert not reopened.dense.refined.any()
    assert status(reopened).model is None
    assert refine(reopened).error == "the encoder names no query model to refine with"


@pytest.mark.slow
def test_a_partly_refined_index_serves_and_refinement_resumes(
    documents: list[ParsedDocument], encoder: Encoder, tmp_path: Path
) -> None:
    searcher = build(documents, encoder, tmp_path)
    stopped = threading.Event()
    stopped.set()
    assert refine(searcher, stop=stopped).done_now == 0

    assert refine(searcher, limit=3).refined == 3
    unit = searcher.units[0]
    hits = searcher.search(unit.text[:40], top_k=5)
    assert unit.id in [h.clause_id for h in hits]

    assert Searcher.open(tmp_path, encoder).dense.refined.sum() == 3  # checkpointed
    rest = refine(Searcher.open(tmp_path, encoder))
    assert rest.done_now == len(searcher.units) - 3 and rest.refined == rest.total


@pytest.mark.slow
def test_serving_refines_in_the_background_and_healthz_shows_it(
    documents: list[ParsedDocument],
    encoder: Encoder,
    tmp_path: Path,
    arcadedb_corpus: GraphStore,
) -> None:
    settings = Settings(home=tmp_path)
    service = Regkg(settings, store=arcadedb_corpus, searcher=build(documents, encoder, None))
    with TestClient(create_app(settings, service)) as client:
        first = client.get("/healthz").json()["refinement"]
        assert first["model"] == "embeddinggemma-300m" and first["refined"] == 0
        assert service.start_refining()
        deadline = time.monotonic() + 300
        while service.refine_status().running and time.monotonic() < deadline:
            time.sleep(0.5)
        done = client.get("/healthz").json()["refinement"]
    assert done["refined"] == done["units"] == len(service.searcher.units)
    assert done["running"] is False and done["error"] is None
    assert not service.start_refining()  # nothing left to do


@pytest.mark.slow
def test_cli_refines_a_part_and_reports_json(
    documents: list[ParsedDocument],
    encoder: Encoder,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    build(documents, encoder, tmp_path / "index")
    assert cli_main(["refine", "--home", str(tmp_path), "--limit", "2", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["refined"] == 2 and report["units"] > 2
    assert report["model"] == "embeddinggemma-300m"
    assert cli_main(["refine", "--home", str(tmp_path), "--limit", "0"]) == 2
    assert "--limit must be at least 1" in capsys.readouterr().err
