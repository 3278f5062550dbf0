"""Ingest: bytes of regulations, notices, plans and scoring tables → frozen, typed records.

One public function per step; ``ingest_paths`` runs them all over files and folders.
"""

from ingest.errors import IngestError
from ingest.items import extract_items
from ingest.metadata import extract_metadata, split_front_matter
from ingest.pipeline import document_id, ingest_bytes, ingest_paths, iter_sources, parse_document
from ingest.reading import decode, fold
from ingest.structure import parse_structure

__all__ = [
    "IngestError",
    "decode",
    "document_id",
    "extract_items",
    "extract_metadata",
    "fold",
    "ingest_bytes",
    "ingest_paths",
    "iter_sources",
    "parse_document",
    "parse_structure",
    "split_front_matter",
]
