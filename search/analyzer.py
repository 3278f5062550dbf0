"""Chinese text analysis for search: fold to simplified half-width, then jieba words + bigrams.

Analyzers are plain functions ``str -> list[str]`` (swappable strategies with defaults);
the domain lexicon (words for jieba, alias expansions) lives in ``search/data``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

Analyzer = Callable[[str], list[str]]

DATA_DIR = Path(__file__).parent / "data"
BIGRAM_PREFIX = "~"  # keeps a bigram apart from the jieba word with the same two characters

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ASCII_WORD = re.compile(r"[0-9a-z]+(?:[.\-][0-9a-z]+)*")
_converter: Any = None


def _opencc() -> Any:
    global _converter
    if _converter is None:
        try:
            import opencc
        except ImportError as err:  # pragma: no cover - opencc is a declared dependency
            raise ImportError("search needs OpenCC: pip install opencc") from err
        _converter = opencc.OpenCC("t2s")
    return _converter


def _half_width(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def fold(text: str) -> str:
    """Traditional→simplified, full→half width, lower case; the result has the same length.

    OpenCC's phrase rules may change the length (rare); then each character is converted
    alone so that offsets into the folded text still index the original.
    """
    converter = _opencc()
    simplified = converter.convert(text)
    if len(simplified) != len(text):
        simplified = "".join(c if len(c := converter.convert(ch)) == 1 else ch for ch in text)
    return _half_width(simplified).lower()


def char_bigrams(text: str) -> list[str]:
    """The baseline analyzer: overlapping character bigrams of each Chinese run, ASCII words."""
    folded = fold(text)
    tokens: list[str] = []
    for run in _CJK_RUN.findall(folded):
        if len(run) == 1:
            tokens.append(run)
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    tokens.extend(_ASCII_WORD.findall(folded))
    return tokens


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Domain words that jieba must keep whole, and alias → expansion pairs (院感 → 医院感染)."""

    terms: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()


def _data_lines(path: Path) -> Iterable[str]:
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped in ``search/data`` (domain_dict.txt, aliases.txt)."""
    terms = tuple(_data_lines(DATA_DIR / "domain_dict.txt"))
    pairs = []
    for line in _data_lines(DATA_DIR / "aliases.txt"):
        alias, _, full = line.partition("\t")
        if alias and full:
            pairs.append((fold(alias.strip()), fold(full.strip())))
    return Lexicon(terms=terms, aliases=tuple(pairs))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Function and question words (search/data/stopwords.txt) that never become tokens.

    A question's 什么/哪些 would otherwise match the rare clause that happens to contain them
    (rare in statutes means a high idf).
    """
    return frozenset(w for line in _data_lines(DATA_DIR / "stopwords.txt") for w in line.split())


@lru_cache(maxsize=4)
def _jieba_for(terms: tuple[str, ...]) -> Any:
    """A private jieba tokenizer with the domain words (the global one stays untouched), built
    once per lexicon (~1 s) and shared by every analyzer and lookup that uses it."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for term in terms:
        # A high frequency keeps a title or body name in one piece; search mode still
        # emits its dictionary sub-words, so 管理条例 matches inside 医疗机构管理条例.
        tokenizer.add_word(fold(term), freq=200_000)
    return tokenizer


def _bigrams(text: str, stop_mask: list[bool]) -> list[str]:
    tokens: list[str] = []
    for match in _CJK_RUN.finditer(text):
        start, run = match.start(), match.group()
        for i in range(len(run) - 1):
            if stop_mask[start + i] or stop_mask[start + i + 1]:
                continue
            tokens.append(BIGRAM_PREFIX + run[i : i + 2])
        if len(run) == 1 and not stop_mask[start]:
            tokens.append(BIGRAM_PREFIX + run)
    return tokens


def make_analyzer(
    lexicon: Lexicon | None = None,
    *,
    words: bool = True,
    bigrams: bool = True,
    expand: bool = True,
    min_word: int = 2,
) -> Analyzer:
    """An analyzer emitting jieba search-mode words and/or character bigrams of folded text.

    With ``expand``, each alias found in the text (and whose expansion is not already there)
    adds the expansion's tokens; applied to clauses and queries alike, either form finds the other.
    """
    lexicon = lexicon if lexicon is not None else default_lexicon()
    tokenizer = _jieba_for(lexicon.terms)
    stop = stopwords()

    def analyze_folded(folded: str) -> list[str]:
        stop_mask = [False] * len(folded)
        tokens: list[str] = []
        position = 0
        for word in tokenizer.cut(folded, HMM=False):
            start = folded.find(word, position)
            if start >= 0:
                position = start + len(word)
            if word in stop:
                if start >= 0:
                    stop_mask[start : start + len(word)] = [True] * len(word)
                continue
            if not words:
                continue
            if _CJK_RUN.fullmatch(word):
                if len(word) >= min_word:
                    tokens.append(word)
                    tokens.extend(w for w in _subwords(tokenizer, word) if len(w) >= min_word)
            elif _ASCII_WORD.fullmatch(word):
                tokens.append(word)
        if bigrams:
            tokens.extend(_bigrams(folded, stop_mask))
        return tokens

    def analyze(text: str) -> list[str]:
        folded = fold(text)
        tokens = analyze_folded(folded)
        if expand:
            for alias, full in lexicon.aliases:
                if alias in folded and full not in folded:
                    tokens.extend(analyze_folded(full))
        return tokens

    return analyze


def _subwords(tokenizer: Any, word: str) -> list[str]:
    found = []
    for n in range(2, len(word)):
        for i in range(len(word) - n + 1):
            piece = word[i : i + n]
            if tokenizer.FREQ.get(piece):
                found.append(piece)
    return found


@lru_cache(maxsize=1)
def default_analyzer() -> Analyzer:
    """Words + bigrams + alias expansion with the shipped lexicon (built once, ~1 s)."""
    return make_analyzer()


def word_frequency(word: str) -> int:
    """How common ``word`` is in the dictionary the default analyzer segments with (jieba's
    with the shipped lexicon); 0 for a word it does not hold."""
    return int(_jieba_for(default_lexicon().terms).FREQ.get(word) or 0)


def analyze(text: str) -> list[str]:
    """Tokens of ``text`` under the default analyzer."""
    return default_analyzer()(text)


def highlight_spans(text: str, tokens: Iterable[str]) -> tuple[tuple[int, int], ...]:
    """Half-open ranges of ``text`` where a query token (word or bigram) occurs, merged.

    Offsets index ``text`` itself: folding keeps the length, so matching runs on the fold.
    """
    folded = fold(text)
    marked = [False] * len(folded)
    for token in set(tokens):
        needle = token.removeprefix(BIGRAM_PREFIX)
        if len(needle) < 2:
            continue
        start = folded.find(needle)
        while start >= 0:
            marked[start : start + len(needle)] = [True] * len(needle)
            start = folded.find(needle, start + 1)
    spans: list[tuple[int, int]] = []
    start = -1
    for i, flag in enumerate([*marked, False]):
        if flag and start < 0:
            start = i
        elif not flag and start >= 0:
            spans.append((start, i))
            start = -1
    return tuple(spans)
