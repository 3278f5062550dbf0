"""The search index's metadata on disk (``meta.json``), and when it makes an index stale.

Written last by ``Searcher.save``: a crash before it leaves a hash mismatch, hence a rebuild.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from search.dense import DenseIndex, TextEncoder
from search.units import SearchUnit, corpus_hash

FORMAT_VERSION = 1


def index_meta(
    units: Sequence[SearchUnit], dense: DenseIndex, encoder: TextEncoder, refined_by: str | None
) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "model": encoder.name,
        "refined_by": refined_by,
        "dimension": encoder.dimension,
        "corpus_hash": corpus_hash(units),
        "units": len(units),
        "index_kind": dense.kind,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        # id map: faiss id → clause id, in row order
        "id_map": [[int(i), u.id] for i, u in zip(dense.ids, units, strict=True)],
    }


def stale_reason(
    meta: dict[str, Any],
    stored: Sequence[SearchUnit],
    units: Sequence[SearchUnit] | None,
    encoder: TextEncoder,
    refiner: str | None,
) -> str | None:
    """Why the stored index cannot serve ``encoder`` (and ``units``, when given), or None:
    another format, model or dimension, units that do not match the recorded corpus hash, a
    different set of units, or documents refined by another query model than ``refiner``."""
    if not meta:
        return "index metadata or units unreadable"
    if meta.get("format") != FORMAT_VERSION:
        return f"index format {meta.get('format')} is not {FORMAT_VERSION}"
    if corpus_hash(stored) != meta.get("corpus_hash"):
        return "units.jsonl does not match the recorded corpus hash"
    if units is not None and corpus_hash(units) != meta["corpus_hash"]:
        return "the corpus changed"
    if meta.get("model") != encoder.name or meta.get("dimension") != encoder.dimension:
        return f"model {meta.get('model')} ({meta.get('dimension')}) is not {encoder.name}"
    if meta.get("refined_by") not in (None, refiner):
        return f"documents refined by {meta['refined_by']}, queries now by {refiner}"
    return None
