"""Stable IRIs for every exported thing, on an ELI-like template under a configurable base.

A work is ``{base}/eli/{work}``, a version ``{base}/eli/{work}/{version_date}``, a clause
``{base}/eli/{work}/{version_date}/art_20__para_2``; Chinese is percent-encoded as UTF-8.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from rdflib import URIRef

from ontology.errors import OntologyError
from ontology.values import as_date, as_text

DEFAULT_BASE = "https://regkg.example.org"


def segment(text: str) -> str:
    """One IRI path segment: NFC, blanks as ``_``, everything outside ``[A-Za-z0-9-_.~:]``
    percent-encoded as UTF-8 (so 医疗机构管理条例 survives every store and every serialisation)."""
    cleaned = "_".join(unicodedata.normalize("NFC", text).split())
    return quote(cleaned, safe="-_.~:") or "_"


def check_base(base: str) -> str:
    """The base without a trailing slash; an absolute http(s) IRI without query or fragment."""
    parts = urlsplit(base)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise OntologyError(
            f"base {base!r} is not an absolute http(s) IRI without query or fragment; "
            f"pass something like {DEFAULT_BASE!r}"
        )
    return base.rstrip("/")


@dataclass(frozen=True, slots=True)
class DocumentIdentity:
    """What a document's IRI is made of; read in a first, light pass over the documents."""

    id: str
    work: str  # work key, else title, else id
    version: str  # ISO version date, else issue date, else a content-hash prefix

    @staticmethod
    def from_row(row: Mapping[str, object]) -> DocumentIdentity:
        doc_id = str(row["id"])
        work = as_text(row.get("work_key")) or as_text(row.get("title")) or doc_id
        when = as_date(row.get("version_date")) or as_date(row.get("issued"))
        sha = as_text(row.get("sha256"))
        version = when.isoformat() if when else (f"sha-{sha[:12]}" if sha else doc_id)
        return DocumentIdentity(doc_id, work, version)


class Iris:
    """Mints the IRIs of one export; knows every document so parts can hang under them."""

    def __init__(self, base: str, documents: Iterable[DocumentIdentity] = ()) -> None:
        self.base = check_base(base)
        self._documents: dict[str, URIRef] = {}
        groups: dict[tuple[str, str], list[DocumentIdentity]] = defaultdict(list)
        for doc in documents:
            groups[(segment(doc.work), segment(doc.version))].append(doc)
        for (work, version), docs in groups.items():
            for doc in docs:
                # Two versions of one work on one date (or undated): tell them apart by id,
                # sorted so the choice does not depend on the order the store returns them in.
                suffix = "" if len(docs) == 1 else "_" + segment(doc.id)
                self._documents[doc.id] = URIRef(f"{self.base}/eli/{work}/{version}{suffix}")

    def work(self, key: str) -> URIRef:
        return URIRef(f"{self.base}/eli/{segment(key)}")

    def document(self, doc_id: str) -> URIRef:
        known = self._documents.get(doc_id)
        return known if known is not None else URIRef(f"{self.base}/document/{segment(doc_id)}")

    def clause(self, clause_id: str) -> URIRef:
        """``{document}/ch_2__art_20__para_2`` from a clause id ``{document_id}#{path}``."""
        doc_id, sep, path = clause_id.rpartition("#")
        if sep and doc_id in self._documents:
            return URIRef(f"{self._documents[doc_id]}/{segment(path.replace('/', '__'))}")
        return URIRef(f"{self.base}/clause/{segment(clause_id)}")

    def part(self, kind: str, part_id: str, document_id: str | None = None) -> URIRef:
        """An inspection item, obligation or citation: ``{document}/{kind}/{local id}``.

        Ingest ids start with their document id (``{document_id}#…``, ``{document_id}:cite:…``);
        only the rest goes into the IRI.
        """
        doc_id = document_id if document_id in self._documents else self._owner(part_id)
        if doc_id is not None and part_id.startswith(doc_id):
            local = part_id[len(doc_id) :].lstrip("#:/") or "_"
            return URIRef(f"{self._documents[doc_id]}/{kind}/{segment(local)}")
        if doc_id is not None:
            return URIRef(f"{self._documents[doc_id]}/{kind}/{segment(part_id)}")
        return URIRef(f"{self.base}/{kind}/{segment(part_id)}")

    def _owner(self, part_id: str) -> str | None:
        """The known document whose id prefixes ``part_id`` up to a ``#`` or ``:``."""
        for at, char in enumerate(part_id):
            if char in "#:" and part_id[:at] in self._documents:
                return part_id[:at]
        return None

    def body(self, key: str) -> URIRef:
        return URIRef(f"{self.base}/body/" + "/".join(segment(s) for s in key.split("/")))

    def jurisdiction(self, name: str) -> URIRef:
        return URIRef(f"{self.base}/jurisdiction/{segment(name)}")

    def jurisdiction_scheme(self) -> URIRef:
        return URIRef(f"{self.base}/jurisdiction")

    def source(self, sha256: str | None, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}/source/{segment(sha256 or doc_id)}")

    @staticmethod
    def item_scheme(document: URIRef) -> URIRef:
        return URIRef(f"{document}/items")

    @staticmethod
    def extraction(document: URIRef) -> URIRef:
        return URIRef(f"{document}/extraction")

    @staticmethod
    def span(entity: URIRef) -> URIRef:
        return URIRef(f"{entity}/span")

    @staticmethod
    def selector(entity: URIRef) -> URIRef:
        return URIRef(f"{entity}/span/selector")
