"""The one shape of a search answer, shared by `regkg search --json` and `GET /api/search`.

``{query, answered, top_k, offset, hits, closest, note}``: when nothing answers the question
the hits move to ``closest`` and the note says 未找到相关条款: no client mistakes them for answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from api.routes import plain
from api.schemas import SearchHitOut, SearchResponse

if TYPE_CHECKING:
    from api.services import SearchAnswer

NOTHING_FOUND = "未找到相关条款"


def search_response(
    question: str, answer: SearchAnswer, top_k: int, offset: int = 0
) -> SearchResponse:
    """The page ``offset … offset + top_k`` of ``answer`` in the shared shape."""
    page = [SearchHitOut.model_validate(plain(h)) for h in answer.hits[offset : offset + top_k]]
    if answer.answered:
        return SearchResponse(
            query=question, top_k=top_k, offset=offset, hits=page, note=answer.note
        )
    note = NOTHING_FOUND + "；以下为最接近的条款，仅供参考"
    if answer.note:
        note += f"（{answer.note}）"
    return SearchResponse(
        query=question,
        answered=False,
        top_k=top_k,
        offset=offset,
        hits=[],
        closest=page,
        note=note,
    )
