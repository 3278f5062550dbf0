"""Writes: ``POST /api/ingest`` (multipart upload) and ``DELETE /api/documents/{id}``.

Both need the ``X-API-Key`` header; uploads are bounded by ``settings.max_upload_bytes``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile

from api.deps import ApiKeyDep, ServiceDep, SettingsDep
from api.errors import ApiError, NotFound
from api.schemas import WRITE_RESPONSES, DeletedOut, IngestOut

router = APIRouter(tags=["write"])
MAX_FILES = 50
_CHUNK = 1 << 16


@router.post("/api/ingest", response_model=IngestOut, responses=WRITE_RESPONSES)
def ingest(
    _: ApiKeyDep,
    svc: ServiceDep,
    settings: SettingsDep,
    files: Annotated[
        list[UploadFile],
        File(
            description="Source documents: .txt, .md, .html, .pdf, .docx, .xlsx, .xlsb, .xls, "
            ".ods, .csv, .tsv or .json"
        ),
    ],
) -> IngestOut:
    """Ingest uploaded documents into the graph and the index; per-file failures are reported."""
    if not files:
        raise ApiError(422, "no_files", "upload at least one file in the 'files' field")
    if len(files) > MAX_FILES:
        raise ApiError(
            422, "too_many_files", f"{len(files)} files; at most {MAX_FILES} per request"
        )
    payload: list[tuple[str, bytes]] = []
    total = 0
    for upload in files:
        parts = []
        while chunk := upload.file.read(_CHUNK):
            total += len(chunk)
            if total > settings.max_upload_bytes:
                raise ApiError(
                    413, "too_large", f"upload over {settings.max_upload_bytes} bytes in total"
                )
            parts.append(chunk)
        name = (upload.filename or "upload.txt").replace("\\", "/").rsplit("/", 1)[-1]
        payload.append((name, b"".join(parts)))
    summary = svc.ingest_files(payload)
    return IngestOut.model_validate(summary.as_json())


@router.delete("/api/documents/{document_id}", response_model=DeletedOut, responses=WRITE_RESPONSES)
def delete_document(_: ApiKeyDep, svc: ServiceDep, document_id: str) -> DeletedOut:
    """Remove a document with its clauses, items and obligations from the graph and the index."""
    if not svc.delete_document(document_id):
        raise NotFound("document", document_id)
    return DeletedOut(document_id=document_id, deleted=True)
