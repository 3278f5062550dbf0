"""Honest relevance: a 0–100 score a reader can trust, "nothing found", and why a clause matched.

A hit's relevance is a logistic model of signals read off the hit — the idf-weighted share of the
question's meaningful words found in the clause, the same for its character bigrams, and the
dense cosine of question and clause — fitted by ``python -m benchmarks.relevance --fit`` on the
calibration halves (odd lines) of the dev set (answerable) and of ``benchmarks/offtopic.jsonl``
(not answerable). On the held-out halves the cosine alone separated better than with the word
shares (off-topic legal questions — 公司注册, 劳动仲裁 — share words with the corpus, not meaning),
so the fitted weights give the word shares 0; they still explain each hit. A question is answered
when one of its first ``ANSWER_WINDOW`` hits reaches ``ANSWER_THRESHOLD``; below it the hits are
offered as the closest matches, not as answers.

Cheap query-level signals — the dense margin, the agreement of the dense and lexical rankings,
the share of the question's words that are the store's vocabulary rather than everyday Chinese —
were compared by cross-validation on the calibration halves (``--select``,
benchmarks/refusal_features.py) and none beat the cosine alone; nor did the teacher's own cosine
with the first hits (benchmarks/second_opinion.py). What tells "same subject, different
question" (医院的电梯多久要年检一次 → 医疗器械 定期检查) apart is the question's own embedding: a
linear probe on it (search/domain_probe.py) gives the log-odds that the question is one the
store's regulations are about, and with a probe for the query model the relevance is a logistic
of the cosine and that log-odds (``DOMAIN_WEIGHTS``). The probe learns from the dev questions,
the seen off-topic splits, a ``train`` split written for breadth (hospital finance, procurement,
pay, fire safety, IT, canteen …) and the store's own titles and headings; blind splits written
before each freeze (now ``measure4`` off-topic and ``dev_blind`` answerable) measure it
(benchmarks/refusal_splits.py, benchmarks/RESULTS.md).

The cosine's scale is the query model's: the weights are for the shipped pairing (EmbeddingGemma
queries against the student's or refined document vectors); refit them for another model.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from search.analyzer import BIGRAM_PREFIX, Analyzer, fold
from search.lexical import BM25Index

# Logistic weights (intercept, word coverage, bigram coverage, dense cosine), fitted by
# ``python -m benchmarks.relevance --fit`` on the calibration halves; figures in RESULTS.md.
# The intercept is the fit's -4.44 less logit(0.70) - logit(0.28) = 1.79: it answered at 70, and
# on ANSWER_THRESHOLD's 28 it decides as it did.
WEIGHTS = (-6.23, 0.0, 0.0, 12.49)
# With the query model's domain probe (search/domain_probe.py): logistic weights (intercept,
# dense cosine, the probe's log-odds that the question is about what the store governs), fitted
# by ``python -m benchmarks.relevance --fit-domain`` on the dev set, the seen off-topic splits and
# the train split, the probe's log-odds out of fold; the intercept is moved so the fitted
# threshold falls on ANSWER_THRESHOLD (benchmarks/domain_fit.py ``anchored``). Used whenever the
# probe fits the query model, else WEIGHTS.
DOMAIN_WEIGHTS = (-3.32, 7.33, 1.39)
# Relevance (0–100) at or above which a question counts as answered: the highest at which no
# dev question of the fit with its answer in the top 10 is refused (out-of-fold). Bands: 高 ≥ HIGH,
# 中 ≥ ANSWER_THRESHOLD, 低 below it (offered only as closest).
ANSWER_THRESHOLD = 28
HIGH = 85
# Below this log-odds the explanation says the question itself looks out of the store's scope.
OUT_OF_SCOPE = 0.0
# The question is answered when one of the first this many hits reaches the threshold.
ANSWER_WINDOW = 3


@dataclass(frozen=True, slots=True)
class QueryTerms:
    """The question's meaningful words and character bigrams, each with its idf weight."""

    words: tuple[str, ...]
    word_weights: tuple[float, ...]
    bigrams: tuple[str, ...]
    bigram_weights: tuple[float, ...]
    # Per word, the shorter words of the question inside it (今天天气: 今天, 天气): what a clause
    # may hold of a word it does not hold whole, for the explanation only.
    parts: tuple[tuple[str, ...], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.words and not self.bigrams


@dataclass(frozen=True, slots=True)
class Relevance:
    """How well one clause answers the question, and the evidence for it."""

    score: int  # 0–100
    label: str  # 高 / 中 / 低
    word_coverage: float
    bigram_coverage: float
    cosine: float
    matched: tuple[str, ...]  # question words found in the clause
    missing: tuple[str, ...]  # question words not found
    domain: float | None = None  # the probe's log-odds that the question is in scope


def query_terms(
    query: str, analyzer: Analyzer, term_ids: dict[str, int], idf: np.ndarray
) -> QueryTerms:
    """Words (jieba, stopwords and question words dropped) and bigrams of ``query``, weighted
    by the index's idf (``idf_of``); unseen ones get the highest idf held."""
    ceiling = float(idf.max()) if len(idf) else 1.0
    words: dict[str, float] = {}
    grams: dict[str, float] = {}
    for token in analyzer(fold(query)):
        target = grams if token.startswith(BIGRAM_PREFIX) else words
        if token in target:
            continue
        term_id = term_ids.get(token)
        target[token] = float(idf[term_id]) if term_id is not None else ceiling
    # A word covered by a longer word of the question (医疗 inside 医疗机构) says nothing new.
    kept = {w: v for w, v in words.items() if not any(w != o and w in o for o in words)}
    return QueryTerms(
        tuple(kept),
        tuple(kept.values()),
        tuple(g.removeprefix(BIGRAM_PREFIX) for g in grams),
        tuple(grams.values()),
        tuple(tuple(o for o in words if o != w and o in w) for w in kept),
    )


def idf_of(lexical: BM25Index) -> np.ndarray:
    """The index's idf per term, as BM25 weighs it (Lucene's non-negative form)."""
    tf = lexical.term_freqs
    doc_freq = np.bincount(tf.indices, minlength=tf.shape[1])
    n_docs = tf.shape[0]
    return np.log1p((n_docs - doc_freq + 0.5) / (doc_freq + 0.5)).astype(np.float32)


def _coverage(terms: tuple[str, ...], weights: tuple[float, ...], text: str) -> float:
    total = sum(weights)
    if not total:
        return 0.0
    return sum(w for t, w in zip(terms, weights, strict=True) if t in text) / total


def features(terms: QueryTerms, text: str, cosine: float) -> tuple[float, float, float]:
    folded = fold(text)
    return (
        _coverage(terms.words, terms.word_weights, folded),
        _coverage(terms.bigrams, terms.bigram_weights, folded),
        cosine,
    )


def probability(x: Sequence[float], weights: Sequence[float] = WEIGHTS) -> float:
    """The logistic of ``weights`` (intercept first) over the features ``x``."""
    z = weights[0] + sum(w * v for w, v in zip(weights[1:], x, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def relevance(
    terms: QueryTerms, text: str, cosine: float, domain: float | None = None
) -> Relevance:
    """The 0–100 relevance of ``text`` to the question (0 when the question has no content);
    ``domain`` is the probe's log-odds for the question (None: no probe, the cosine alone)."""
    x = features(terms, text, cosine)
    chance = probability(x) if domain is None else probability((cosine, domain), DOMAIN_WEIGHTS)
    score = 0 if terms.empty else round(100 * chance)
    folded = fold(text)
    parts = terms.parts or tuple(() for _ in terms.words)
    # A word the clause holds only in part (天气 of 今天天气) is named by that part: the
    # explanation must not say "no word in common" of a clause the lexical match highlights.
    held = {w: (w,) if w in folded else tuple(p for p in ps if p in folded)
            for w, ps in zip(terms.words, parts, strict=True)}  # fmt: skip
    matched = tuple(dict.fromkeys(p for w in terms.words for p in held[w]))
    # Rarest first: the words that say most about the question are the ones to explain.
    weight = dict(zip(terms.words, terms.word_weights, strict=True))
    missing = tuple(sorted((w for w in terms.words if not held[w]), key=lambda w: -weight[w]))
    label = "高" if score >= HIGH else "中" if score >= ANSWER_THRESHOLD else "低"
    return Relevance(score, label, x[0], x[1], x[2], matched, missing, domain)


def answered(best: Relevance | None) -> bool:
    return best is not None and best.score >= ANSWER_THRESHOLD


def explain(found: Relevance, clause_words: list[str]) -> str:
    """Why this clause, in Chinese: the question's words it contains, and for a match on
    meaning alone, the clause's words closest in form to the question's missing ones."""
    parts = []
    if found.matched:
        parts.append("问题中的“" + "”“".join(found.matched) + "”见于条文")
    near = near_terms(found.missing, clause_words)
    if near:
        parts.append("；".join(f"“{q}”近“{c}”" for q, c in near))
    if not found.matched and not near:
        parts.append(f"与问题字面无共同词语，按语义相近（余弦 {found.cosine:.2f}）")
    elif not found.matched:
        parts.append(f"按语义相近（余弦 {found.cosine:.2f}）")
    if found.domain is not None and found.domain < OUT_OF_SCOPE:
        parts.append("问题本身不像本库法规所管的事项，相关度因此调低")
    return f"相关度 {found.score}（{found.label}）：" + "；".join(parts)


def near_terms(
    words: tuple[str, ...], clause_words: list[str], limit: int = 3
) -> list[tuple[str, str]]:
    """For question words absent from the clause, the clause word sharing most characters
    with each, in the same places (胸牌 → 标牌, 上班 → 上岗): the lexical trace of what the
    dense model matched. A character shared in another place pairs nothing (上班 and 以上, 过期
    and 通过, 病人 and 人民 share a character and no meaning)."""
    found = []
    for word in words:
        best, best_shared = "", 0
        for other in clause_words:
            shared = _aligned(word, other)
            if other != word and shared > best_shared and abs(len(other) - len(word)) <= 1:
                best, best_shared = other, shared
        if best and 2 * best_shared >= len(word):
            found.append((word, best))
        if len(found) >= limit:
            break
    return found


def _aligned(word: str, other: str) -> int:
    """Characters two words share in the same places: from the start, or from the end for words
    of one length (上班/上岗 1, 胸牌/标牌 1, 执业证/执业证书 3, 上班/以上 0, 日志/之日起 0)."""
    ahead = sum(a == b for a, b in zip(word, other, strict=False))
    if len(word) != len(other):
        return ahead
    return max(ahead, sum(a == b for a, b in zip(reversed(word), reversed(other), strict=True)))


def cosines(vectors: np.ndarray, rows: list[int], query: np.ndarray) -> dict[int, float]:
    """Dense cosine of each row with the query (vectors are L2-normalised)."""
    if not rows:
        return {}
    return dict(zip(rows, (vectors[rows] @ query).astype(float).tolist(), strict=True))
