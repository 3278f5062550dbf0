"""Property tests of the HTTP API from its own OpenAPI schema (schemathesis): no input gives a 500.

Runs on the real app over the sample graph and index; every 4xx must be the JSON error envelope.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from api.app import create_app
from api.services import Regkg
from api.settings import Settings
from graph import GraphStore
from ingest.models import IngestBatch
from tests.api_support import sample_app

# The schema is read at collection time from an app whose facade is swapped for the sample's
# below; building the app opens nothing, so this costs no graph or index.
_SETTINGS = Settings(home=Path(tempfile.gettempdir()) / "regkg-schemathesis")
APP = create_app(_SETTINGS, Regkg(_SETTINGS))  # a facade never opened: swapped before use
# The whole-graph export takes seconds per call; test_api covers its two parameters.
schema = schemathesis.openapi.from_asgi("/openapi.json", APP).exclude(path="/export")
# About 20 generated requests per route over the sample index: CI's tier, not the fast one.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def sample_service(
    arcadedb_corpus: GraphStore, sample_batch: IngestBatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    home = tmp_path_factory.getbasetemp() / "api_home"
    APP.state.service = sample_app(home, arcadedb_corpus, sample_batch).state.service
    yield


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_server_errors_and_json_errors(case) -> None:
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
    if 400 <= response.status_code < 500:
        body = response.json()
        assert set(body) == {"error"}, body
        assert set(body["error"]) == {"code", "message", "suggestions"}, body
