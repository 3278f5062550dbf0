"""The compliance workbench: ``GET /api/checklist`` (JSON, or xlsx/docx/csv/md as a download) and
``POST /api/coverage`` (a report uploaded and compared with a checklist; nothing is stored).
"""

from __future__ import annotations

import json
import unicodedata
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from api.checklist_export import FORMATS, MEDIA_TYPES, check_entries, render
from api.checklist_model import Checklist
from api.deps import ServiceDep, SettingsDep
from api.errors import ApiError
from api.schemas import ERROR_RESPONSES

router = APIRouter(tags=["checklist"])
_CHUNK = 1 << 16


def _topics(values: list[str] | None) -> list[str]:
    """``topic=医疗废物&topic=护理`` or ``topic=医疗废物,护理`` (、 and ， too)."""
    out: list[str] = []
    for value in values or []:
        for part in value.replace("、", ",").replace("，", ",").split(","):
            if part.strip():
                out.append(part.strip())
    return out


def _build(svc: ServiceDep, party: str, topics: list[str], standard: str | None) -> Checklist:
    for value in (party, *topics, standard or ""):
        if any(unicodedata.category(ch) == "Cc" for ch in value):
            message = f"{value!r} holds a control character; type the name as words"
            raise ApiError(422, "bad_checklist", message)
    try:
        return svc.checklist(party, topics, standard or None)
    except ValueError as err:
        raise ApiError(422, "bad_checklist", str(err)) from None


@router.get("/api/checklist", responses=ERROR_RESPONSES)
def checklist(
    svc: ServiceDep,
    request: Request,
    party: Annotated[
        str, Query(alias="for", max_length=60, description="kind of institution, e.g. 医疗机构")
    ] = "医疗机构",
    topic: Annotated[
        list[str] | None, Query(description="topics, repeated or comma-separated: 医疗废物")
    ] = None,
    standard: Annotated[
        str | None, Query(max_length=200, description="title of a scoring standard")
    ] = None,
    format: Annotated[str, Query(description="json, xlsx, docx, csv or md")] = "json",
) -> Response:
    """The self-inspection checklist: inspection items with their cited articles and the duties
    binding the institution, grouped, each row with a stable id and a link to its source."""
    if format not in FORMATS:
        raise ApiError(422, "bad_format", f"format must be one of {', '.join(FORMATS)}")
    found = _build(svc, party, _topics(topic), standard)
    return _file(found, format, str(request.base_url), party)


class FilledChecklist(BaseModel):
    """A checklist as the page shows it, with what staff entered on it, to be exported."""

    party: str = Field("医疗机构", alias="for", max_length=60)
    topic: list[str] = Field(default_factory=list)
    standard: str | None = Field(None, max_length=200)
    format: str = "xlsx"
    entries: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="by row id: {score: number, or 符合/不符合/不适用 for a duty row; finding}",
    )


@router.post("/api/checklist/export", responses=ERROR_RESPONSES)
def export_filled(svc: ServiceDep, request: Request, filled: FilledChecklist) -> Response:
    """The checklist as a file with the 自评得分 and 发现问题 entered on the page written in (the
    GET route exports it blank). A score outside 0 and the row's points is refused."""
    if filled.format not in FORMATS:
        raise ApiError(422, "bad_format", f"format must be one of {', '.join(FORMATS)}")
    found = _build(svc, filled.party, _topics(filled.topic), filled.standard)
    try:
        entries = check_entries(found, filled.entries)
    except ValueError as err:
        raise ApiError(422, "bad_entry", str(err)) from None
    return _file(found, filled.format, str(request.base_url), filled.party, entries)


def _file(
    found: Checklist,
    format: str,
    base_url: str,
    party: str,
    entries: dict[str, dict[str, Any]] | None = None,
) -> Response:
    body = render(found, format, base_url, entries)
    if format == "json":
        return JSONResponse(json.loads(body))
    name = f"checklist-{party}-{'-'.join(found.topics) or 'standard'}.{format}"
    disposition = f"attachment; filename=checklist.{format}; filename*=UTF-8''{quote(name)}"
    return Response(
        body, media_type=MEDIA_TYPES[format], headers={"Content-Disposition": disposition}
    )


@router.post("/api/coverage", responses=ERROR_RESPONSES)
def coverage(
    svc: ServiceDep,
    settings: SettingsDep,
    report: Annotated[UploadFile, File(description="the self-inspection report or plan")],
    party: Annotated[str, Form(alias="for", max_length=60)] = "医疗机构",
    topic: Annotated[str | None, Form(max_length=200)] = None,
    standard: Annotated[str | None, Form(max_length=200)] = None,
    checklist: Annotated[
        UploadFile | None, File(description="a saved checklist (JSON) instead of for/topic")
    ] = None,
) -> JSONResponse:
    """Per requirement: addressed (with the report's evidence sentences) or a gap; and the
    report's own citations checked. The report is read, never stored."""
    data = _read(report, settings.max_upload_bytes)
    if checklist is not None and checklist.filename:
        try:
            chosen = Checklist.from_json(json.loads(_read(checklist, settings.max_upload_bytes)))
        except (ValueError, UnicodeDecodeError) as err:
            raise ApiError(422, "bad_checklist", str(err)) from None
    else:
        chosen = _build(svc, party, _topics([topic] if topic else []), standard)
    name = (report.filename or "report.txt").replace("\\", "/").rsplit("/", 1)[-1]
    try:
        found = svc.coverage(name, data, chosen)
    except ValueError as err:
        raise ApiError(422, "bad_report", str(err)) from None
    return JSONResponse(found.as_json())


def _read(upload: UploadFile, cap: int) -> bytes:
    parts, total = [], 0
    while chunk := upload.file.read(_CHUNK):
        total += len(chunk)
        if total > cap:
            raise ApiError(413, "too_large", f"upload over {cap} bytes")
        parts.append(chunk)
    return b"".join(parts)
