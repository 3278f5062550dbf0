"""Search: ingest records → units → lexical (BM25) + dense (faiss) indexes, fused, graph-expanded.

``Searcher.build`` / ``Searcher.open`` make an index in a directory; ``Searcher.search`` answers.
"""

from search.analyzer import Analyzer, analyze, char_bigrams, fold, make_analyzer
from search.encoder import Encoder, load_encoder
from search.errors import SearchError
from search.fusion import Ranker, fuse
from search.hits import SearchFilters, SearchHit, SearchOutcome
from search.lexical import BM25Index, bigram_bm25
from search.searcher import SearchConfig, Searcher
from search.units import SearchUnit, units_from_documents

__all__ = [
    "Analyzer",
    "BM25Index",
    "Encoder",
    "Ranker",
    "SearchConfig",
    "SearchError",
    "SearchFilters",
    "SearchHit",
    "SearchOutcome",
    "SearchUnit",
    "Searcher",
    "analyze",
    "bigram_bm25",
    "char_bigrams",
    "fold",
    "fuse",
    "load_encoder",
    "make_analyzer",
    "units_from_documents",
]
