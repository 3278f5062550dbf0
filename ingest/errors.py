"""The one exception type of the ingest package.

Raised for input that cannot be ingested at all; the message says what was wrong and how to fix it.
"""

from __future__ import annotations


class IngestError(Exception):
    """Input that cannot be ingested: empty, binary, too large, undecodable …

    The message is a single line a person can act on, e.g.
    ``"report.txt: file is empty (0 bytes); supply the document's text"``.
    """
