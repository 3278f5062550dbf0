"""The near-misses of the act-matching rules (ingest.act_match), described as numbers a small
logistic ranker can weigh: for one act of a penalty clause, the few duty articles that score
best against it, each with the measures the rules already compute (share of the act's weighted
bigrams, lead over the next article, cover of the duty's best sentence, longest verbatim run,
whether the act's first and last words occur in the duty) and the parties' agreement; and the
static encoder's cosine (``StaticCosine``).

Why: six passes of word rules plateaued (each rule reads one measure against one threshold). A
ranker weighing the measures together was fitted and cross-validated, grouped by work, on the
seen splits only (benchmarks/penalty_ranker.py, issue 14 seventh pass). It did not beat the
rules under cross-validation, so ingest does not use it: ``extract_penalties`` calls
``candidates`` only when the benchmark passes it a ``log``, and the links are the rules' alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.act_match import DutyIndex, normal
from ingest.penalty_parties import Parties

if TYPE_CHECKING:  # numpy, safetensors and tokenizers load only with the encoder
    import numpy as np

FEATURES = (
    "share",  # the act's weighted bigrams found in the duty clause (act_match.match's score)
    "lead",  # share minus the best clause of another article (negative: another leads)
    "second",  # 1 when another article scores higher
    "cover",  # best share of one of the duty's sentences found in the act
    "run",  # longest verbatim run (after ``normal``) over 20, capped at 1
    "run_share",  # that run over the act's length
    "head",  # the act's first two characters (its verb, after framing) occur in the duty
    "tail",  # the act's last two characters (its object) occur in the duty
    "act_len",  # log of the act's length (after ``normal``)
    "family",  # the offender and the duty name a family of parties in common (医疗机构)
    "side",  # the offender and the duty are known to be on one side (administration or not)
)
_STATIC = Path(__file__).resolve().parent.parent / "search" / "data" / "regkg-static-zh"
TOP_ARTICLES = 3  # candidates per act: the best-scoring articles
FLOOR = 0.25  # below this share a clause is no candidate


def candidates(
    index: DutyIndex,
    act: str,
    allowed: Sequence[bool] | None = None,
    offender: Parties | None = None,
    parties: Sequence[Parties] = (),
) -> list[tuple[int, tuple[float, ...]]]:
    """(duty position in ``index``, features) for the best clause of each of the
    ``TOP_ARTICLES`` best-scoring articles (of the offender's side when ``allowed``);
    ``offender`` and ``parties`` (by duty position) give the party features."""
    core = normal(act)
    grams = {core[k : k + 2] for k in range(len(core) - 1)}
    weights = {g: index.idf.get(g, index.unseen) for g in grams}
    total = sum(weights.values())
    if total <= 0 or len(core) < 4:
        return []
    shared: dict[int, float] = {}
    for gram, weight in weights.items():
        for i in index.postings.get(gram, ()):
            if allowed is None or allowed[i]:
                shared[i] = shared.get(i, 0.0) + weight
    best_of: dict[str, tuple[float, int]] = {}
    for i, w in shared.items():
        article = index.article_of[i]
        if w > best_of.get(article, (0.0, -1))[0]:
            best_of[article] = (w, i)
    ranked = sorted(best_of.values(), reverse=True)
    ranked = [(w / total, i) for w, i in ranked]
    top = [(s, i) for s, i in ranked[:TOP_ARTICLES] if s >= FLOOR]
    if not top:
        return []
    covers = _covers(index, grams, {i for _, i in top})
    out: list[tuple[int, tuple[float, ...]]] = []
    for rank, (share, i) in enumerate(top):
        other = max(
            (s for r, (s, _) in enumerate(ranked[: TOP_ARTICLES + 1]) if r != rank), default=0.0
        )
        text = index.normals[i]
        size = (
            SequenceMatcher(None, core, text, autojunk=False)
            .find_longest_match(0, len(core), 0, len(text))
            .size
        )
        out.append(
            (
                i,
                (
                    share,
                    share - other,
                    1.0 if rank else 0.0,
                    covers.get(i, 0.0),
                    min(size, 20) / 20,
                    size / len(core),
                    1.0 if core[:2] in text else 0.0,
                    1.0 if core[-2:] in text else 0.0,
                    math.log(len(core)),
                    *_party_features(offender, parties[i] if parties else None),
                ),
            )
        )
    return out


def _party_features(offender: Parties | None, duty: Parties | None) -> tuple[float, float]:
    if offender is None or duty is None:
        return 0.0, 0.0
    family = 1.0 if offender.families & duty.families else 0.0
    side = 1.0 if offender.sides & duty.sides else 0.0
    return family, side


def _covers(index: DutyIndex, grams: set[str], wanted: set[int]) -> dict[int, float]:
    """For each wanted duty, the best share of one of its sentences held by the act."""
    sentences = index.sentences
    shared: dict[int, float] = {}
    for gram in grams:
        for j in sentences.postings.get(gram, ()):
            if sentences.owner[j] in wanted:
                shared[j] = shared.get(j, 0.0) + sentences.weight[gram]
    out: dict[int, float] = {}
    for j, w in shared.items():
        owner = sentences.owner[j]
        out[owner] = max(out.get(owner, 0.0), w / sentences.totals[j])
    return out


def probability(features: Sequence[float], weights: Sequence[float], bias: float) -> float:
    """The logistic of the weighted features."""
    z = bias + sum(w * x for w, x in zip(weights, features, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


class StaticCosine:
    """Cosine of two texts under the search encoder's static student (search/data/
    regkg-static-zh: mean of token vectors, its Dense map, normalised), read with safetensors
    and tokenizers alone, so ingest needs no torch: about 0.3 s to load, once per process."""

    def __init__(self, folder: Path = _STATIC) -> None:
        import numpy as np
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self._np = np
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.table = load_file(str(folder / "model.safetensors"))["embedding.weight"].astype(
            np.float32
        )
        self.dense = load_file(str(folder / "1_Dense" / "model.safetensors"))["linear.weight"]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        np = self._np
        rows = []
        for enc in self.tokenizer.encode_batch(list(texts), add_special_tokens=False):
            ids = enc.ids or [0]
            rows.append(self.table[ids].mean(axis=0))
        vectors = np.stack(rows) @ self.dense.T
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)

    def cosine(self, a: str, b: str) -> float:
        va, vb = self.embed([a, b])
        return float(va @ vb)
