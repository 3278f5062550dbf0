"""Query-model precision on CPU: passages/s and cosine to the fp32 vectors, for EmbeddingGemma in
fp32, bf16 and torch's dynamic int8 (all Linear layers, or all but the MLP ``down_proj``).

Run: ``python -m benchmarks.encoder_precision [--passages 160]`` (sample corpus units, a fixed
random draw, cut at the encoder's 512 tokens, batch 16 as refinement uses).
"""

from __future__ import annotations

import argparse
import copy
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from benchmarks.search_quality import sample_units
from search.encoder import Encoder, load_encoder
from search.units import dense_text


def int8(skip: str | None) -> Callable[[Any], Any]:
    def quantise(model: Any) -> Any:
        import torch

        names = {n for n, m in model.named_modules() if isinstance(m, torch.nn.Linear)}
        chosen = {n for n in names if skip is None or skip not in n}
        return torch.ao.quantization.quantize_dynamic(model, chosen, dtype=torch.qint8)

    return quantise


def timed(encoder: Encoder, texts: list[str]) -> tuple[np.ndarray, float]:
    encoder.encode_documents(texts[:16], batch_size=16)  # warm up
    started = time.perf_counter()
    vectors = encoder.encode_documents(texts, batch_size=16)
    return vectors, len(texts) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=160)
    args = parser.parse_args(argv)
    units = sample_units()
    chosen = np.random.default_rng(0).choice(len(units), args.passages, replace=False)
    texts = [dense_text(units[i]) for i in chosen]

    fp32 = load_encoder("embeddinggemma-300m", precision="fp32", query_model="self")
    reference, speed = timed(fp32, texts)
    print(f"{'weights':28s} {'passages/s':>10s} {'cos mean':>9s} {'cos min':>8s}")
    print(f"{'fp32':28s} {speed:10.2f} {1.0:9.4f} {1.0:8.4f}")
    variants: list[tuple[str, Callable[[], Encoder]]] = [
        ("bf16", lambda: load_encoder("embeddinggemma-300m", precision="bf16", query_model="self")),
    ]
    for label, skip in (
        ("int8 dynamic, all Linear", None),
        ("int8 dynamic, not down_proj", "down_proj"),
    ):

        def quantised(skip: str | None = skip) -> Encoder:
            encoder = copy.copy(fp32)
            encoder.model = int8(skip)(copy.deepcopy(fp32.model))
            return encoder

        variants.append((label, quantised))
    for label, make in variants:
        vectors, speed = timed(make(), texts)
        cosines = (vectors * reference).sum(axis=1)
        print(f"{label:28s} {speed:10.2f} {cosines.mean():9.4f} {cosines.min():8.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
