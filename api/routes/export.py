"""``GET /export``: the whole graph (or only the ontology) as RDF, streamed while it is written.

The exporter writes to a file object; a bounded queue hands its bytes to the response.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.deps import ServiceDep
from api.schemas import ERROR_RESPONSES

router = APIRouter(tags=["export"])


class RdfFormat(StrEnum):
    TURTLE = "turtle"
    JSONLD = "jsonld"
    NT = "nt"
    XML = "xml"


MEDIA = {
    RdfFormat.TURTLE: ("text/turtle", "ttl"),
    RdfFormat.JSONLD: ("application/ld+json", "jsonld"),
    RdfFormat.NT: ("application/n-triples", "nt"),
    RdfFormat.XML: ("application/rdf+xml", "rdf"),
}
_DONE = object()


class _QueueWriter:
    """A write-only binary file whose writes become chunks of a response."""

    def __init__(self, chunks: queue.Queue[object], cancelled: threading.Event) -> None:
        self._chunks = chunks
        self._cancelled = cancelled

    def write(self, data: bytes | str) -> int:
        payload = data.encode() if isinstance(data, str) else bytes(data)
        while not self._cancelled.is_set():
            try:
                self._chunks.put(payload, timeout=0.5)
                return len(payload)
            except queue.Full:
                continue
        raise BrokenPipeError("the client went away")

    def flush(self) -> None:
        pass

    def writable(self) -> bool:
        return True


class _Export:
    """One export running in a worker thread, read back as an iterator of chunks."""

    def __init__(self, svc: ServiceDep, fmt: RdfFormat, schema_only: bool) -> None:
        self.chunks: queue.Queue[object] = queue.Queue(maxsize=64)  # back-pressure
        self.cancelled = threading.Event()
        self.failure: BaseException | None = None
        self._args = (svc, fmt, schema_only)
        threading.Thread(target=self._produce, name="regkg-export", daemon=True).start()

    def _produce(self) -> None:
        svc, fmt, schema_only = self._args
        try:
            svc.export(_QueueWriter(self.chunks, self.cancelled), fmt.value, schema_only)  # type: ignore[arg-type]
        except Exception as exc:  # reported by the reader
            self.failure = exc
        finally:
            while not self.cancelled.is_set():
                try:
                    self.chunks.put(_DONE, timeout=0.5)
                    break
                except queue.Full:
                    continue

    def first(self) -> object:
        """The first chunk, or raise what stopped the export before it wrote anything."""
        item = self.chunks.get()
        if item is _DONE and self.failure is not None:
            raise self.failure
        return item

    def stream(self, first: object) -> Iterator[bytes]:
        item = first
        try:
            while item is not _DONE:
                assert isinstance(item, bytes)
                yield item
                item = self.chunks.get()
            if self.failure is not None and not isinstance(self.failure, BrokenPipeError):
                # Headers are sent already: end the body with an RDF comment naming the cause.
                yield f"\n# export failed: {self.failure}\n".encode()
        finally:
            self.cancelled.set()


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={
        **ERROR_RESPONSES,
        200: {
            "description": "RDF in the requested serialisation",
            "content": {media: {} for media, _ in MEDIA.values()},
        },
    },
)
def export(
    svc: ServiceDep,
    format: Annotated[RdfFormat, Query(description="RDF serialisation")] = RdfFormat.TURTLE,
    schema_only: Annotated[bool, Query(description="Only the ontology, no instances")] = False,
) -> StreamingResponse:
    """The graph as RDF (ELI / FRBR vocabulary), written while it is read from the store."""
    media, ext = MEDIA[format]
    name = f"regkg{'-schema' if schema_only else ''}.{ext}"
    job = _Export(svc, format, schema_only)
    return StreamingResponse(
        job.stream(job.first()),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
