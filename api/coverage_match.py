"""Which sentence of a report speaks to which checklist requirement, read from the words they
share — weighted so that the object of a duty (出租、承包, 诊疗科目, 处方、医嘱) counts and the
register every duty is written in (医疗机构, 应当, 法律法规, 管理制度) does not.

A requirement's character bigrams are weighted by their idf over the corpus (the search index's,
when it is at hand; else over the checklist's rows and the report's sentences together). Bigrams
of generic words count for nothing: legal boilerplate (``GENERIC``) and whatever runs through the
checklist or the report (in more than ``GENERIC_SHARE`` of rows or of sentences: 执业, 护士, 医师
in a practice checklist). The report is read without its 《titles》 (naming 《医师法》 is no
evidence of meeting it), requirements without their 第X条 locators. A sentence's ``share`` is the
part of the requirement's weight it holds, the best over the requirement as a whole and each of
its sentences of ``MIN_PART`` characters or more (a report meets 不得出租、承包医疗科室 without the
rest of that article). ``anchors`` are the requirement's rare words (jieba, corpus idf of at least
``ANCHOR_IDF``) that the sentence holds too.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from search.searcher import Searcher

# Words of the law's own register that every duty uses: they say a sentence is about duties,
# not which duty. Kept short on purpose: what a checklist repeats is caught by its share.
_GENERIC_WORDS = """
    应当 必须 不得 按照 依照 依法 规定 有关 相关 国家 法律 法规 规章 行政 部门 主管部门 卫生 健康
    卫生健康 主管 人民政府 县级 以上 地方 单位 个人 机构 医疗机构 医疗卫生 卫生机构 医疗卫生机构
    工作 人员 管理 制度 要求 情况 进行 开展 加强 建立 实施 执行 严格 及时 符合 其他 以及 或者
    并且 下列 本法 本条例 细则 条例 办法 医院 医疗 本院 我院 年度 全院 相应 依法执业
    依据 根据 法律法规 规章制度 有关规定 相关规定 确保 保障 规范
"""
GENERIC = frozenset(_GENERIC_WORDS.split())
# A word or bigram in more than this share of rows (or sentences) is generic. 0.12 sat on an edge:
# one more 依法执业 row (人体器官…诊疗科目登记, 2026-12-07) made 登记 generic, and two rows on
# names (不得使用下列名称：超出登记的诊疗科目范围的名称) then met 核准的诊疗科目开设 on 诊疗科目
# alone. At 0.14 both reports score as before on 155 and on 156 rows (benchmarks/RESULTS.md).
GENERIC_SHARE = 0.14
GENERIC_MIN = 3  # … and in at least this many
ANCHOR_IDF = 4.5  # corpus idf of an anchor word: in fewer than about 1 in 90 clauses
MIN_PHRASE = 4  # characters of a phrase the requirement and the sentence share word for word
PHRASE_FROM = 0.15  # phrases are looked for only where the share is at least this (speed)
MIN_PART = 15  # characters: a requirement's sentence this long is also matched on its own
_TITLE = re.compile(r"《[^《》\n]{1,80}》")
_LOCATOR = re.compile(r"第[一二三四五六七八九十百零〇\d]+[条款项章节]")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_PART_END = re.compile(r"[。；;！!？?\n]")
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")
# Function characters a shared phrase is trimmed of: 的诊疗科目 is the phrase 诊疗科目.
_FUNCTION = "的和或及与在中对有是为以将被等之了其并"

Background = Callable[[str], "float | None"]


def background_of(searcher: Searcher) -> Background:
    """Idf over the search index's units (the corpus), for words and ``~``-bigrams alike."""
    term_ids = searcher.lexical.term_ids
    idf = searcher.idf

    def lookup(term: str) -> float | None:
        found = term_ids.get(term)
        return float(idf[found]) if found is not None and found < len(idf) else None

    return lookup


@lru_cache(maxsize=1)
def _analyzer() -> Callable[[str], list[str]]:
    from search.analyzer import make_analyzer

    return make_analyzer(bigrams=False, expand=True)


def _clean(text: str, titles: bool) -> str:
    return _LOCATOR.sub(" ", text if titles else _TITLE.sub(" ", text))


def words(text: str, titles: bool = True) -> set[str]:
    """The Chinese words of ``text`` (two characters or more), as the search index has them."""
    return {w for w in _analyzer()(_clean(text, titles)) if len(w) >= 2 and _CJK.match(w)}


def bigrams(text: str, titles: bool = True) -> set[str]:
    """Character bigrams of each Chinese run, prefixed as the search index keeps them."""
    from search.analyzer import BIGRAM_PREFIX, char_bigrams

    grams = char_bigrams(_clean(text, titles))
    return {BIGRAM_PREFIX + g for g in grams if len(g) == 2 and _CJK.match(g)}


def parts(requirement: str) -> list[str]:
    """The requirement as a whole, then each of its sentences long enough to stand alone."""
    pieces = [p.strip() for p in _PART_END.split(requirement)]
    return [requirement, *(p for p in pieces if len(p) >= MIN_PART and p != requirement.strip())]


def _holds(term: str, grams: set[str], text: str) -> bool:
    return term[1:-1] in text if term.startswith("《") else term in grams


@dataclass(frozen=True, slots=True)
class Match:
    """How one report sentence meets one requirement."""

    share: float  # the part of the requirement's weight the sentence holds (best part)
    anchors: tuple[str, ...]  # the requirement's rare words the sentence holds, rarest first
    phrase: str = ""  # the heaviest phrase both say word for word (用药医嘱的适宜性)
    phrase_weight: float = 0.0  # the idf of its telling bigrams, summed


class _Weights:
    """Idf of terms: the corpus's when known, else local over rows and sentences."""

    def __init__(
        self, rows: list[set[str]], sentences: list[set[str]], background: Background | None
    ) -> None:
        in_rows = Counter(t for ts in rows for t in ts)
        in_sentences = Counter(t for ts in sentences for t in ts)
        n_rows, n_sentences = max(len(rows), 1), max(len(sentences), 1)
        # A short checklist or report declares nothing generic by share alone.
        self.common = {
            t
            for t in in_rows.keys() | in_sentences.keys()
            if in_rows[t] >= max(GENERIC_MIN, GENERIC_SHARE * n_rows)
            or in_sentences[t] >= max(GENERIC_MIN, GENERIC_SHARE * n_sentences)
        }
        n = n_rows + n_sentences
        self._local = {t: math.log((n + 1) / (in_rows[t] + in_sentences[t] + 0.5)) for t in in_rows}
        self._local |= {
            t: math.log((n + 1) / (in_rows[t] + c + 0.5)) for t, c in in_sentences.items()
        }
        self._unseen = math.log((n + 1) / 0.5)
        self.background = background

    def __call__(self, term: str) -> float:
        if self.background is not None and (found := self.background(term)) is not None:
            return found
        return self._local.get(term, self._unseen)


class Matcher:
    """The report's sentences, ready to be matched against each requirement of a checklist."""

    def __init__(
        self,
        sentences: Sequence[str],
        requirements: Sequence[str],
        background: Background | None = None,
    ) -> None:
        self.sentence_grams = [bigrams(s, titles=False) for s in sentences]
        self.sentence_texts = [_TITLE.sub(" ", s) for s in sentences]
        self.sentence_runs = [_NOT_CJK.sub("|", _clean(s, titles=False)) for s in sentences]
        self.sentence_words = [words(s, titles=False) for s in sentences]
        self.grams = _Weights([bigrams(r) for r in requirements], self.sentence_grams, background)
        self.words = _Weights([words(r) for r in requirements], self.sentence_words, background)
        self.generic_words = GENERIC | self.words.common
        self.generic_grams = self.grams.common | {g for w in GENERIC for g in bigrams(w)}

    def _key_grams(self, text: str) -> dict[str, float]:
        """The part's telling bigrams with their weight; a 《named thing》 (《医疗机构执业许可证》)
        counts as one term, as heavy as its rarest bigram: a row that asks for a licence is not
        met by every sentence that names the licence."""
        key = {
            g: self.grams(g) for g in bigrams(_TITLE.sub(" ", text)) if g not in self.generic_grams
        }
        for title in _TITLE.findall(text):
            inner = bigrams(title[1:-1]) - self.generic_grams
            if inner:
                key[title] = max(self.grams(g) for g in inner)
        return key

    def anchors_of(self, text: str) -> dict[str, float]:
        """The rare words of ``text`` that tell its duty from others (high idf, not generic)."""
        found = {w: self.words(w) for w in words(text) if w not in self.generic_words}
        return {w: v for w, v in found.items() if v >= ANCHOR_IDF}

    def match(self, requirement: str) -> list[Match]:
        """Per report sentence, how it meets ``requirement`` (its best part)."""
        best = [Match(0.0, ())] * len(self.sentence_grams)
        anchors = self.anchors_of(requirement)
        for part in parts(requirement):
            key = self._key_grams(part)
            total = sum(key.values())
            if not total:
                continue
            for j, have in enumerate(self.sentence_grams):
                said = self.sentence_texts[j]
                share = sum(v for t, v in key.items() if _holds(t, have, said)) / total
                if share > best[j].share:
                    best[j] = Match(share, ())
        runs = _NOT_CJK.sub("|", _clean(_unwrap(requirement), titles=True))
        out = []
        for j, m in enumerate(best):
            held = [w for w in anchors if w in self.sentence_words[j]]
            held.sort(key=lambda w: -anchors[w])
            phrase, weight = "", 0.0
            if m.share >= PHRASE_FROM:
                phrase, weight = self._phrase(runs, self.sentence_runs[j])
            out.append(Match(m.share, tuple(held), phrase, weight))
        return out

    def _phrase(self, requirement: str, sentence: str) -> tuple[str, float]:
        """The heaviest run of characters both hold word for word (``MIN_PHRASE`` or more,
        trimmed of function characters), weighed by its telling bigrams."""
        best, best_weight = "", 0.0
        i = 0
        while i < len(requirement):
            longest = 0
            for n in range(min(24, len(requirement) - i), MIN_PHRASE - 1, -1):
                piece = requirement[i : i + n]
                if "|" not in piece and piece in sentence:
                    longest = n
                    break
            if longest:
                piece = requirement[i : i + longest].strip(_FUNCTION)
                weight = sum(self.grams(g) for g in bigrams(piece) if g not in self.generic_grams)
                if len(piece) >= MIN_PHRASE and weight > best_weight:
                    best, best_weight = piece, weight
            i += max(longest, 1)
        return best, best_weight


def _unwrap(text: str) -> str:
    """A requirement's 《named thing》 read as its words (《执业许可证》 → 执业许可证)."""
    return _TITLE.sub(lambda m: m.group()[1:-1], text)
