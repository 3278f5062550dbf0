"""``GET /api/search``: hybrid search over clauses with filters, paged by ``offset``.

The question is bounded by ``settings.max_query_chars``; filters map onto the searcher's own.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import ServiceDep, SettingsDep, bounded_query
from api.schemas import ERROR_RESPONSES, SearchResponse
from api.search_view import search_response
from ingest.models import DocumentKind, Level

router = APIRouter(tags=["search"])
MAX_RESULTS = 200  # offset + top_k: deeper pages are not useful and cost a full rerank


@router.get("/api/search", response_model=SearchResponse, responses=ERROR_RESPONSES)
def search(
    svc: ServiceDep,
    settings: SettingsDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=2000,
            description="A question or keywords in Chinese",
            examples=["医疗机构执业许可证应当悬挂在哪里"],
        ),
    ],
    top_k: Annotated[int, Query(ge=1, le=50)] = 10,
    offset: Annotated[int, Query(ge=0, le=MAX_RESULTS)] = 0,
    kind: Annotated[DocumentKind | None, Query(description="Document kind")] = None,
    level: Annotated[Level | None, Query(description="Administrative level")] = None,
    jurisdiction: Annotated[
        str | None,
        Query(
            max_length=40,
            examples=["新疆"],
            description="where the rules must apply: national law and the place's own "
            "(新疆 finds 献血法 and 新疆 rules); 全国: national law only",
        ),
    ] = None,
    current_only: Annotated[
        bool,
        Query(
            description="Drop older versions entirely (by default they are folded under the "
            "current article; this also drops an older article the current version deleted)"
        ),
    ] = False,
    all_versions: Annotated[
        bool, Query(description="Show every version of an article apart, unfolded")
    ] = False,
    as_of: Annotated[
        date | None,
        Query(description="The text in force on this date (施行日期 ≤ as_of, not yet replaced)"),
    ] = None,
    body: Annotated[
        str | None,
        Query(max_length=100, description="Responsible body key", examples=["institution"]),
    ] = None,
) -> SearchResponse:
    """Clauses that answer ``q``, current text first (older versions folded under each), with
    the matched spans to highlight, a 0–100 relevance and a Chinese explanation; when nothing
    answers, ``answered`` is false, ``hits`` empty and ``closest`` holds the nearest clauses."""
    question = bounded_query(q, settings)
    filters: dict[str, Any] = {
        "kind": kind.value if kind else None,
        "level": level.value if level else None,
        "jurisdiction": jurisdiction.strip() if jurisdiction and jurisdiction.strip() else None,
        "current_only": current_only or None,
        "body": body.strip() if body and body.strip() else None,
        "all_versions": all_versions or None,
        "as_of": as_of,
    }
    wanted = min(offset + top_k, MAX_RESULTS)
    answer = svc.search_answer(question, top_k=wanted, **{k: v for k, v in filters.items() if v})
    return search_response(question, answer, top_k, offset)
