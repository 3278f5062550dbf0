"""Concurrent single queries share a forward pass (search/batching.py), and stay correct while
the background refinement uses the same model for documents."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from search.batching import QueryBatcher
from search.encoder import TEACHER_CACHE, load_encoder

QUESTIONS = [
    "诊所能不能给病人输血？",
    "医院员工上班不戴胸牌算违规吗？",
    "退休医生返聘坐诊要办什么手续？",
    "医疗废物在院里最多能放几天",
    "护士执业证书到期了怎么办",
    "献血一次最多抽多少",
    "床位不到一百张的医院多久校验一次执业许可证",
    "病历要保存多少年",
]


def test_questions_that_arrive_while_the_model_is_busy_go_in_one_batch() -> None:
    batches: list[list[str]] = []
    release = threading.Event()

    def encode(texts: Sequence[str]) -> np.ndarray:
        batches.append(list(texts))
        if len(batches) == 1:
            release.wait(5)  # the first question holds the model while the others queue
        return np.array([[float(len(t))] for t in texts])

    batcher = QueryBatcher(encode, max_batch=4)
    with ThreadPoolExecutor(8) as pool:
        first = pool.submit(batcher, "a")
        time.sleep(0.2)
        rest = [pool.submit(batcher, "b" * n) for n in range(1, 7)]
        time.sleep(0.2)
        release.set()
        assert first.result()[0] == 1.0
        assert [f.result()[0] for f in rest] == [float(n) for n in range(1, 7)]
    assert batches[0] == ["a"]
    assert sorted(len(b) for b in batches[1:]) == [2, 4]  # six queued, at most four at a time


def test_an_encoder_error_reaches_every_waiting_caller() -> None:
    def encode(texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("model failed")

    batcher = QueryBatcher(encode)
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(batcher, q) for q in QUESTIONS[:4]]
        for future in futures:
            with pytest.raises(RuntimeError, match="model failed"):
                future.result()
    with pytest.raises(RuntimeError):  # and the batcher is not left busy
        batcher("again")


@pytest.mark.skipif(
    not (TEACHER_CACHE / "modules.json").exists(),
    reason=f"SKIPPED: no teacher at {TEACHER_CACHE}; run `python -m search.distill fetch-teacher`",
)
@pytest.mark.slow
def test_concurrent_queries_match_one_at_a_time_while_documents_are_embedded() -> None:
    encoder = load_encoder()
    assert encoder.query_encoder is not None
    alone = np.vstack([encoder.encode_queries([q]) for q in QUESTIONS])
    encoder.clear_query_cache()
    stop = threading.Event()

    def refine_like() -> int:  # documents through the same model, as the refiner does
        done = 0
        while not stop.is_set():
            assert encoder.query_encoder is not None
            encoder.query_encoder.encode_documents(QUESTIONS, batch_size=4)
            done += 1
        return done

    with ThreadPoolExecutor(9) as pool:
        documents = pool.submit(refine_like)
        together = list(pool.map(lambda q: encoder.encode_queries([q])[0], QUESTIONS * 2))
        stop.set()
        assert documents.result() >= 1
    together_rows = np.vstack(together)
    cosines = (together_rows * np.vstack([alone, alone])).sum(axis=1)
    assert cosines.min() > 0.995
