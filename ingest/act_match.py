"""How closely a penalty clause's described act (未建立…制度的) restates a duty clause of the same
statute (应当建立…制度): idf-weighted bigram overlap after the framing words are dropped, with a
lead over the other articles, ties for an act restated word for word, and a long verbatim run.

Split from ``ingest.penalties``, which finds the penalty clauses and their acts; this module only
scores text against text.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher

from ingest.models import Clause

_NON_HAN = re.compile(r"[^\u4e00-\u9fff]")
# A described act's link needs this share of its (idf-weighted) bigrams in the duty clause,
# and a lead of ``_MARGIN`` over the best clause of another article: the act must restate one
# duty, not echo many. Tuned on the tune / measure / holdout splits of benchmarks/penalties.py
# (issue 14); the holdout2 split was judged before and only scored after.
MIN_SCORE = 0.5
_MARGIN = 0.12
MIN_ACT_CHARS = 6
TIE_SCORE = 0.75
_TIE_GAP = 0.05
_MAX_TIED = 2
RUN_MIN = 10  # a verbatim run (after ``normal``) this long may name the duty on its own
_RUN_SHARE = 0.25
_RUN_GAP = 3
_RUN_CANDIDATES = 8
_RUN_FLOOR = 0.3
UNSEEN = 0.5  # weight of a bigram no duty holds, as a share of the rarest one's


# Words that frame a duty or its breach rather than say what it is: the modal of the duty
# (应当建立), the negation or licence of the act (未建立, 擅自变更, 未经批准), the reference back
# (未依照本条例的规定). Dropped from both sides so that "未建立…制度" meets "应当建立…制度" and
# "不得采购不符合…" meets "采购不符合…".
_FRAMING = re.compile(
    r"(?:违反|未依照|未按照|不按照|不依照|未遵守|不遵守|依照|按照|依据|根据)?"
    r"本(?:法|条例|办法|规定|细则|实施细则|实施办法)(?:的)?(?:有关)?(?:规定)?"
    r"|(?:未|不)?(?:依照|按照|依据)(?:国家)?(?:有关)?(?:的)?规定"
    r"|应当|必须|不得|禁止|严禁|不准|未依法|依法|擅自|未经|拒不|没有|仍然|继续|而|[未不]"
)


def normal(text: str) -> str:
    """Han characters of ``text`` without the words that frame a duty or its breach."""
    return _FRAMING.sub("", _NON_HAN.sub("", text))


def _bigrams(text: str) -> set[str]:
    han = normal(text)
    return {han[i : i + 2] for i in range(len(han) - 1)}


class DutyIndex:
    """The document's duty clauses outside its penalty chapter, with idf weights over them and
    an inverted index (bigram → the duties holding it), so an act is scored against the duties
    it shares words with only."""

    def __init__(self, duties: Sequence[Clause], folded: str, article_of: Sequence[str]) -> None:
        self.duties = list(duties)
        self.article_of = list(article_of)
        self.postings: defaultdict[str, list[int]] = defaultdict(list)
        self.normals = [normal(folded[d.span.start : d.span.end]) for d in self.duties]
        for i, duty in enumerate(self.duties):
            for gram in _bigrams(folded[duty.span.start : duty.span.end]):
                self.postings[gram].append(i)
        n = len(self.duties) + 1
        log_n = math.log(n)
        self.idf = {g: log_n - math.log(len(holders)) for g, holders in self.postings.items()}
        # A bigram no duty clause holds (的培, 四十) says nothing about which one the act restates.
        self.unseen = math.log(n) * UNSEEN

    def match(self, act: str, allowed: Sequence[bool] | None = None) -> list[tuple[Clause, float]]:
        """The duty clauses an act restates, with their scores: the leading article's clauses,
        the few articles that restate it word for word, or the one sharing a long verbatim run;
        none when no article clearly leads. ``allowed`` (by position) keeps only the duties of
        the offender's side and kind."""
        grams = _bigrams(act)
        weights = {g: self.idf.get(g, self.unseen) for g in grams}
        total = sum(weights.values())
        if total <= 0 or len(_NON_HAN.sub("", act)) < MIN_ACT_CHARS:
            return []
        shared: dict[int, float] = {}
        for gram, weight in weights.items():
            for i in self.postings.get(gram, ()):
                shared[i] = shared.get(i, 0.0) + weight
        scored = sorted(
            ((w / total, i) for i, w in shared.items() if allowed is None or allowed[i]),
            reverse=True,
        )
        if not scored:
            return []
        if scored[0][0] < MIN_SCORE:
            return self._by_run(act, scored)
        best, i = scored[0]
        # The lead is over the best clause of another article: two paragraphs of one article
        # restating the act are one duty, not a doubt.
        article = self.article_of[i]
        runner_up = next((w for w, j in scored[1:] if self.article_of[j] != article), 0.0)
        if best - runner_up >= _MARGIN:
            return [
                (self.duties[j], w)
                for w, j in scored
                if self.article_of[j] == article and w >= max(MIN_SCORE, best - _MARGIN)
            ]
        if best < TIE_SCORE:
            return self._by_run(act, scored)
        # No clause leads. An act restated almost word for word by a few articles (投保疫苗责任
        # 强制保险 in the duty and again in the insurer's chapter) breaches each of them.
        tied = [(w, j) for w, j in scored if w >= max(TIE_SCORE, best - _TIE_GAP)]
        rest = next((w for w, _ in scored[len(tied) :]), 0.0)
        articles = {self.article_of[j] for _, j in tied}
        if best < TIE_SCORE or len(articles) > _MAX_TIED or best - rest < _MARGIN:
            return []
        return [(self.duties[j], w) for w, j in tied]

    def _by_run(self, act: str, scored: Sequence[tuple[float, int]]) -> list[tuple[Clause, float]]:
        """The duty sharing a long verbatim run with the act, when no other article comes near:
        "医疗器械经营许可证有效期届满" or "母婴保健技术考核合格证书" names one duty even when the
        rest of the act is paraphrased. Only the best-scoring candidates are compared."""
        core = normal(act)
        runs: dict[str, tuple[int, int, float]] = {}
        for w, j in scored[:_RUN_CANDIDATES]:
            if w < _RUN_FLOOR:
                break
            text = self.normals[j]
            matcher = SequenceMatcher(None, core, text, autojunk=False)
            size = matcher.find_longest_match(0, len(core), 0, len(text)).size
            article = self.article_of[j]
            if size > runs.get(article, (0, 0, 0.0))[0]:
                runs[article] = (size, j, w)
        ranked = sorted(runs.values(), reverse=True)
        if not ranked:
            return []
        size, j, w = ranked[0]
        second = ranked[1][0] if len(ranked) > 1 else 0
        if size < RUN_MIN or size < _RUN_SHARE * len(core) or second > size - _RUN_GAP:
            return []
        return [(self.duties[j], w)]
