"""The sample index kept between fast-tier runs, for ``scripts/test.sh --fast`` only.

Building the search index over the whole sample corpus is the largest single cost of the fast
tier (about 13 s of CPU, more than a fifth of it). Everyday runs rarely change what it is a
function of, so ``scripts/test.sh --fast`` names a folder in ``REGKG_TEST_INDEX_CACHE`` and the
index built there is reused while nothing it depends on changed: the key hashes the units
indexed (every id, text and metadata: any ingest change), every file under ``search/`` (code,
analyzer dictionaries, the shipped model), the encoder's names and the versions of the
libraries that tokenise and embed. Anything else builds from scratch and replaces the copy.
Without the variable (CI, plain pytest) nothing is cached: the index is built as before.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from ingest.models import ParsedDocument
from search import Searcher
from search.encoder import Encoder
from search.errors import SearchError
from search.units import corpus_hash, units_from_documents

ENV = "REGKG_TEST_INDEX_CACHE"
SEARCH_DIR = Path(__file__).resolve().parent.parent / "search"
LIBRARIES = ("sentence-transformers", "transformers", "torch", "tokenizers", "jieba", "numpy")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def cache_key(units_hash: str, encoder: Encoder) -> str:
    """A name for the index of ``units_hash`` built by this code, data, encoder and libraries."""
    digest = hashlib.sha256(units_hash.encode())
    digest.update(f"{encoder.name}|{encoder.query_model}|{sys.version}".encode())
    for name in LIBRARIES:
        digest.update(f"|{name}={_version(name)}".encode())
    for path in sorted(p for p in SEARCH_DIR.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(SEARCH_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:24]


def sample_searcher(
    documents: Sequence[ParsedDocument], encoder: Encoder, directory: Path
) -> Searcher:
    """The index of ``documents`` in ``directory``: copied from the cache when its key matches,
    else built (and, with the cache on, copied there for the next run)."""
    root = os.environ.get(ENV)
    if not root:
        return Searcher.from_documents(documents, encoder, directory)
    units = units_from_documents(documents)
    cached = Path(root) / cache_key(corpus_hash(units), encoder)
    if (cached / "complete").is_file():
        try:
            shutil.copytree(cached / "index", directory, dirs_exist_ok=True)
            return Searcher.open(directory, encoder, units)
        except (OSError, SearchError):  # pruned by another run meanwhile, or unreadable: build
            shutil.rmtree(directory, ignore_errors=True)
    searcher = Searcher.build(units, encoder, directory)
    partial = Path(root) / f".{cached.name}.{os.getpid()}"
    try:
        shutil.copytree(directory, partial / "index")
        (partial / "complete").write_text("ok\n", encoding="utf-8")
        partial.rename(cached)
    except OSError:  # another run stored the same key first
        shutil.rmtree(partial, ignore_errors=True)
    for other in Path(root).iterdir():  # keep one copy: the last key built
        if other.name != cached.name and not other.name.startswith("."):
            shutil.rmtree(other, ignore_errors=True)
    return searcher
