"""The ingest stage end to end: bytes → ParsedDocument, and files or folders → IngestBatch.

One bad file becomes a Failure with a one-line reason; the rest of the batch still ingests.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from ingest.bodies import bodies_for, find_body_mentions, issuer_keys
from ingest.boilerplate import html_to_text, looks_like_html, strip_boilerplate
from ingest.citations import extract_citations
from ingest.errors import IngestError
from ingest.hard_wraps import join_hard_wraps
from ingest.items import extract_items
from ingest.layout import Origin, origin_finder, render
from ingest.metadata import extract_metadata, header_end, split_front_matter
from ingest.models import (
    Body,
    Document,
    Failure,
    IngestBatch,
    ParsedDocument,
    Problem,
    Status,
)
from ingest.obligations import extract_obligations
from ingest.penalties import extract_penalties
from ingest.readers import read_layout
from ingest.reading import DEFAULT_MAX_BYTES, decode, fold
from ingest.resolve import resolve_citations
from ingest.structure import parse_structure
from ingest.versions import current_version, document_facts

# Read as text, by a reader of ingest.readers, or refused with a message saying what to do.
SUFFIXES = frozenset(
    {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
    | {".csv", ".tsv", ".json", ".doc", ".ppt", ".pptx"}
)
SKIPPED_NAMES = frozenset({"manifest.json", "readme.md", "readme.txt"})  # lower-cased
SKIPPED_ENDINGS = (".gold.json",)  # hand gold beside benchmark documents, not documents
Progress = Callable[[int, int, str], None]  # (done, total, source)


def document_id(source: str, text: str) -> str:
    """Stable id: a slug of the file stem and a short hash of the normalised text."""
    stem = Path(source).stem or "document"
    slug = re.sub(r"[^\w]+", "-", stem).strip("-")[:48] or "document"
    return f"{slug}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"


# An HTTP error page: a status and its phrase, or the Chinese sites' "page not found" wordings.
_ERROR_PAGE = re.compile(
    r"\b(?:400|401|403|404|405|408|410|429|500|502|503|504)\b[^\n]{0,40}?"
    r"(?:not found|forbidden|unauthori[sz]ed|bad (?:gateway|request)|service unavailable|"
    r"gateway time-?out|internal server error|too many requests|gone|not allowed)"
    r"|页面不存在|页面未找到|找不到(?:该|您要访问的)?页面|您访问的页面不存在|访问出错|网页不存在",
    re.I,
)
_ERROR_PAGE_MAX_TEXT = 600  # an error page says little; a real notice that mentions 404 says more
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


def error_page(html: str, text: str) -> str | None:
    """What an HTML page that is only an HTTP error says (404 Not Found), or None."""
    if len("".join(text.split())) > _ERROR_PAGE_MAX_TEXT:
        return None
    title = _TITLE_TAG.search(html)
    for candidate in ((title.group(1) if title else ""), text):
        found = _ERROR_PAGE.search(" ".join(candidate.split()))
        if found:
            return found.group(0)
    return None


def _clean_text(raw: str, source: str) -> tuple[dict[str, Any], str, list[str]]:
    """Front matter, body text and notes on what was removed (HTML markup, web boilerplate)."""
    front, body = split_front_matter(raw, source)
    notes: list[str] = []
    if front:
        return front, body, notes
    if source.lower().endswith((".html", ".htm")) or looks_like_html(body):
        page = body
        body = html_to_text(body)
        error = error_page(page, body)
        if error:
            raise IngestError(
                f"{Path(source).name}: is a web server's error page ({error}), not a document; "
                "download the document itself (check the link) and ingest that"
            )
    if not looks_like_html(raw) and not source.lower().endswith(".md"):
        body, joined = join_hard_wraps(body)
        if joined:
            notes.append(f"joined {joined} lines hard-wrapped at a fixed width")
    kept, dropped = strip_boilerplate(body)
    if dropped:
        sample = " / ".join(" ".join(body[d.start : d.end].split())[:16] for d in dropped)
        notes.append(
            f"dropped {len(dropped)} lines ({sum(d.end - d.start for d in dropped)} chars) of "
            f"page furniture (navigation, widgets, link lists, page numbers): {sample[:160]}"
        )
    return front, kept, notes


@dataclass(frozen=True, slots=True)
class _Source:
    """A source's text as the parsers read it, and what is known of where it came from."""

    front: dict[str, Any]
    text: str
    notes: list[str]
    encoding: str
    guessed: bool
    format: str
    origins: tuple[Origin, ...] = ()
    title_hint: str | None = None


def _read_source(data: bytes, source: str, max_bytes: int) -> _Source:
    name = Path(source).name or source
    if len(data) > max_bytes:
        decode(data, max_bytes=max_bytes, source=name)  # raises the size error
    layout = read_layout(data, source)
    if layout is not None:
        text, origins = render(layout)
        return _Source(
            {}, text, list(layout.notes), "binary", False, layout.format, origins, layout.title
        )
    decoded = decode(data, max_bytes=max_bytes, source=name)
    front, text, notes = _clean_text(decoded.text, source)
    return _Source(
        front, text, notes, decoded.encoding, decoded.guessed, _text_format(source, decoded.text)
    )


def _text_format(source: str, raw: str) -> str:
    suffix = Path(source).suffix.lower()
    if suffix in (".html", ".htm") or looks_like_html(raw):
        return "html"
    return "markdown" if suffix == ".md" else "text"


def parse_document(
    data: bytes, source: str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> ParsedDocument:
    """Everything ingest extracts from one source's bytes; raises IngestError for unusable input."""
    name = Path(source).name or source
    read = _read_source(data, source, max_bytes)
    front, text, notes = read.front, read.text, read.notes
    if not text.strip():
        raise IngestError(f"{name}: no text left after removing front matter and page furniture")
    doc_id = document_id(source, text)
    folded = fold(text)
    meta = extract_metadata(folded, front)
    problems = [Problem(doc_id, "boilerplate_removed", note) for note in notes]
    if read.guessed:
        problems.append(Problem(doc_id, "encoding_guess", f"not UTF-8; decoded as {read.encoding}"))
    # A JSON document names its title in a key (标题, title); other formats' title properties are
    # often a template's or a converter's, so the text's own title comes first there.
    declared = read.title_hint if read.format == "json" else None
    title = declared or meta.title or read.title_hint
    if title is None:
        stand_in = (
            "a description of its tables stands in for it"
            if meta.described_title
            else "the file name stands in for it"
        )
        problems.append(Problem(doc_id, "no_title", f"no title line found; {stand_in}"))
    document = Document(
        id=doc_id,
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=read.encoding,
        title=title or meta.described_title or Path(source).stem,
        kind=meta.kind,
        text=text,
        folded=folded,
        number=meta.number,
        issuers=meta.issuers,
        issued=meta.issued,
        effective=meta.effective,
        version_date=meta.version_date,
        level=meta.level,
        jurisdiction=meta.jurisdiction,
        status=meta.status,
        work_title=meta.work_title or title or Path(source).stem,
        metadata=meta.extra,
        format=read.format,
    )
    structure = parse_structure(document, body_start=header_end(folded))
    clauses = structure.clauses
    if read.origins:
        where = origin_finder(read.origins)
        clauses = tuple(replace(c, origin=where(c.span.start)) for c in clauses)
    problems.extend(structure.problems)
    citations = extract_citations(document, clauses)
    mentions = find_body_mentions(document, clauses)
    obligations = extract_obligations(document, clauses)
    return ParsedDocument(
        document=document,
        clauses=clauses,
        citations=tuple(citations),
        obligations=tuple(obligations),
        body_mentions=tuple(mentions),
        inspection_items=tuple(extract_items(document, clauses, structure.rows)),
        problems=tuple(problems),
        penalties=tuple(extract_penalties(document, clauses, mentions)),
    )


def iter_sources(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Files to ingest: the given files, and files with a suffix in SUFFIXES under given folders,
    sorted."""
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        found = (
            sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if path.is_dir()
            else [path]
        )
        for file in found:
            name = file.name.lower()
            if name in SKIPPED_NAMES or name.endswith(SKIPPED_ENDINGS) or file in seen:
                continue
            seen.add(file)
            yield file


def _read_one(path: Path, max_bytes: int) -> ParsedDocument:
    if not path.exists():
        raise IngestError(f"{path}: no such file; check the path")
    size = path.stat().st_size
    if size > max_bytes:  # refuse before reading a huge file into memory
        raise IngestError(
            f"{path.name}: file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit; "
            "split the document or raise max_bytes"
        )
    return parse_document(path.read_bytes(), str(path), max_bytes=max_bytes)


def mark_superseded(docs: Sequence[ParsedDocument]) -> list[ParsedDocument]:
    """Versions of a work older than the batch's current one become SUPERSEDED (the rule of
    which is current lives in ingest.versions; the graph applies it again across batches)."""
    works: dict[str, list[Document]] = defaultdict(list)
    for parsed in docs:
        if parsed.document.work_title:
            works[parsed.document.work_title].append(parsed.document)
    current = {
        work: chosen.id
        for work, versions in works.items()
        if (chosen := current_version(versions, document_facts)) is not None
    }
    out: list[ParsedDocument] = []
    for parsed in docs:
        doc = parsed.document
        newest = current.get(doc.work_title or "")
        if (
            newest is not None
            and newest != doc.id
            and doc.version_date
            and doc.status in (Status.UNKNOWN, Status.IN_FORCE)
        ):
            parsed = replace(parsed, document=replace(doc, status=Status.SUPERSEDED))
        out.append(parsed)
    return out


def ingest_paths(
    paths: Iterable[Path | str],
    progress: Progress | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    held: Sequence[Document] = (),
) -> IngestBatch:
    """Ingest files and folders together; citations are resolved across the whole batch and
    the documents already ``held`` (metadata only).

    ``progress(done, total, source)`` is called after each file.
    """
    files = list(iter_sources(paths))
    return _batch(
        [(str(path), partial(_read_one, path, max_bytes)) for path in files],
        progress,
        held,
    )


def ingest_bytes(
    files: Sequence[tuple[str, bytes]],
    progress: Progress | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    held: Sequence[Document] = (),
) -> IngestBatch:
    """Ingest ``(name, bytes)`` pairs, e.g. uploads, as one batch (see ``ingest_paths``)."""
    return _batch(
        [(name, partial(parse_document, data, name, max_bytes=max_bytes)) for name, data in files],
        progress,
        held,
    )


def _batch(
    readers: Sequence[tuple[str, Callable[[], ParsedDocument]]],
    progress: Progress | None,
    held: Sequence[Document],
) -> IngestBatch:
    docs: list[ParsedDocument] = []
    failures: list[Failure] = []
    for done, (source, read) in enumerate(readers, start=1):
        name = Path(source).name
        try:
            docs.append(read())
        except IngestError as exc:
            failures.append(Failure(source, str(exc)))
        except OSError as exc:
            failures.append(Failure(source, f"{name}: cannot read ({exc.strerror})"))
        except Exception as exc:  # one parser bug must not sink the batch
            failures.append(Failure(source, f"{name}: unexpected {type(exc).__name__}: {exc}"))
        if progress is not None:
            progress(done, len(readers), source)
    docs = mark_superseded(docs)
    resolved, known_titles = resolve_citations(docs, held)
    return IngestBatch(
        documents=tuple(resolved),
        bodies=tuple(_bodies(resolved)),
        failures=tuple(failures),
        known_titles=known_titles,
    )


def _bodies(docs: Sequence[ParsedDocument]) -> list[Body]:
    keys = {m.body_key for d in docs for m in d.body_mentions}
    keys |= {k for d in docs for o in d.obligations for k in o.body_keys}
    keys |= {k for d in docs for name in d.document.issuers for k in issuer_keys(name)}
    return bodies_for(sorted(keys)) if keys else []
