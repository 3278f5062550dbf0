"""新旧对照: align the articles of two versions of a work — unchanged, changed (with a character
diff), renumbered, added, deleted — by text similarity in order, not by article number.

Revisions renumber articles (a 第十条 inserted moves every later one), so number alone pairs the
wrong texts. The rule: identical texts pair first (as anchors, in order), then the rest pair
best-first by similarity less a distance penalty, then a lone article left between two paired
neighbours pairs with its counterpart when the two are one article redrafted.
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz.distance import Indel

from ingest.locators import without_article_number

# Below this similarity two articles are different articles (one deleted, one added): a revision
# that rewrites an article keeps well over half its characters; unrelated articles of one law
# share boilerplate (应当, 有关部门) but stay under ~0.35.
PAIR_THRESHOLD = 0.42
# How much a pair loses per unit of relative distance between its positions (0 = same place,
# 1 = opposite ends): among similar candidates the one near where the article was wins.
DISTANCE_PENALTY = 0.5
# The one article left between two paired neighbours in each version is the same article
# rewritten (知情同意 redrafted in place) when it shares this much.
IN_PLACE_THRESHOLD = 0.3
# A short text (本法自…起施行) is found inside many long ones: containment counts only above this.
CONTAINED_MIN_CHARS = 30
CONTAINED_WEIGHT = 0.75
_NUMERAL = "[一二三四五六七八九十百千零〇两\\d]+"
# A cross-reference to another article (违反本条例第二十四条): renumbering changes it.
_REFERENCE = re.compile(rf"第{_NUMERAL}(?=[条款项])")
_SPACE = re.compile(r"\s+")


class Change(StrEnum):
    UNCHANGED = "unchanged"  # same number, same text
    RENUMBERED = "renumbered"  # same text under another number
    CHANGED = "changed"  # the text differs (``moved`` says whether the number changed too)
    ADDED = "added"  # only in the newer version
    DELETED = "deleted"  # only in the older version


@dataclass(frozen=True, slots=True)
class Article:
    """One article of a version as the aligner reads it: its locator (第三十条), clause id
    and full text (its 款 and 项 included)."""

    locator: str
    text: str
    id: str | None = None


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One run of a character diff: ``equal``, ``delete`` (old only), ``insert`` (new only)."""

    op: str
    text: str


@dataclass(frozen=True, slots=True)
class ArticlePair:
    """One row of a 新旧对照 table; ``old`` or ``new`` is None for an added or deleted article."""

    change: Change
    old: Article | None
    new: Article | None
    similarity: float = 0.0
    diff: tuple[DiffOp, ...] = field(default=())

    @property
    def moved(self) -> bool:
        return bool(self.old and self.new and self.old.locator != self.new.locator)


def body(text: str) -> str:
    """An article's words without its own 第X条 label and whitespace, full-width forms folded
    (（室） and (室) are one text), for comparing."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", without_article_number(text.strip())))


def same_but_references(old: str, new: str) -> bool:
    """Two bodies that differ only in the numbers of the articles they refer to: what a
    renumbering does to 违反本条例第二十四条规定 without changing what it says."""
    return old != new and _REFERENCE.sub("第#", old) == _REFERENCE.sub("第#", new)


def char_diff(old: str, new: str) -> tuple[DiffOp, ...]:
    """A character diff of two article bodies, as equal / delete / insert runs."""
    ops: list[DiffOp] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(DiffOp("equal", old[i1:i2]))
            continue
        if i2 > i1:
            ops.append(DiffOp("delete", old[i1:i2]))
        if j2 > j1:
            ops.append(DiffOp("insert", new[j1:j2]))
    return tuple(ops)


def similarity(a: str, b: str) -> float:
    """Share of characters two bodies have in common, in order (1 - normalised Indel); an
    article kept whole inside a longer redraft (a 款 added) scores by how much of it is kept,
    a little discounted, so growth alone does not split one article into deleted + added."""
    ratio = float(Indel.normalized_similarity(a, b))
    shorter = min(len(a), len(b))
    if shorter < CONTAINED_MIN_CHARS:
        return ratio
    common = (len(a) + len(b) - Indel.distance(a, b)) / 2
    return max(ratio, CONTAINED_WEIGHT * common / shorter)


def _exact_anchors(old: list[str], new: list[str]) -> dict[int, int]:
    """Identical bodies paired in order; an anchor that would cross an earlier one is dropped
    (its text repeats elsewhere, e.g. 本条例自公布之日起施行)."""
    where: dict[str, list[int]] = defaultdict(list)
    for j, text in enumerate(new):
        where[text].append(j)
    candidates = []
    for i, text in enumerate(old):
        if where[text]:
            candidates.append((i, where[text].pop(0)))
    # Keep the longest increasing run of new positions, so anchors never cross.
    return dict(_longest_increasing(candidates))


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if not pairs:
        return []
    best_len = [1] * len(pairs)
    prev = [-1] * len(pairs)
    for k in range(len(pairs)):
        for m in range(k):
            if pairs[m][1] < pairs[k][1] and best_len[m] + 1 > best_len[k]:
                best_len[k], prev[k] = best_len[m] + 1, m
    k = max(range(len(pairs)), key=lambda x: best_len[x])
    out = []
    while k != -1:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]


def _best_pairs(
    old: list[str], new: list[str], olds: list[int], news: list[int]
) -> list[tuple[int, int, float]]:
    """Pairs of the given positions, best first: similarity less a penalty for how far apart
    the two sit in their versions (a revision moves few articles far), each article once."""
    n, m = max(len(old), 1), max(len(new), 1)
    scored = []
    for i in olds:
        for j in news:
            s = similarity(old[i], new[j])
            if s >= PAIR_THRESHOLD:
                scored.append((s - DISTANCE_PENALTY * abs(i / n - j / m), i, j, s))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    out: list[tuple[int, int, float]] = []
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    for _, i, j, s in scored:
        if i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            out.append((i, j, s))
    return out


def align(old: Sequence[Article], new: Sequence[Article]) -> list[ArticlePair]:
    """The 新旧对照 of two versions' articles, in the newer version's order with deleted
    articles after the article they followed."""
    old_b = [body(a.text) for a in old]
    new_b = [body(a.text) for a in new]
    pairs: dict[int, tuple[int, float]] = {
        i: (j, 1.0) for i, j in _exact_anchors(old_b, new_b).items()
    }
    # The rest by similarity, nearer positions first; then articles redrafted in place.
    used = {j for j, _ in pairs.values()}
    olds = [i for i in range(len(old)) if i not in pairs]
    news = [j for j in range(len(new)) if j not in used]
    for i, j, s in _best_pairs(old_b, new_b, olds, news):
        pairs[i] = (j, s)
    _pair_in_place(old_b, new_b, pairs)
    return _rows(old, new, old_b, new_b, pairs)


def _pair_in_place(old: list[str], new: list[str], pairs: dict[int, tuple[int, float]]) -> None:
    """Pair the single article left in each version between two paired neighbours, when the
    two share enough to be one article redrafted."""
    bounds = sorted((i, j) for i, (j, _) in pairs.items())
    edges = [(-1, -1), *bounds, (len(old), len(new))]
    for (i0, j0), (i1, j1) in itertools.pairwise(edges):
        if i1 - i0 == 2 and j1 - j0 == 2:
            s = similarity(old[i0 + 1], new[j0 + 1])
            if s >= IN_PLACE_THRESHOLD:
                pairs[i0 + 1] = (j0 + 1, s)


def _rows(
    old: Sequence[Article],
    new: Sequence[Article],
    old_b: list[str],
    new_b: list[str],
    pairs: dict[int, tuple[int, float]],
) -> list[ArticlePair]:
    of_new = {j: (i, s) for i, (j, s) in pairs.items()}
    deleted_after: dict[int, list[int]] = defaultdict(list)  # new position → deleted old ones
    last_new = -1
    for i in range(len(old)):
        if i in pairs:
            last_new = pairs[i][0]
        else:
            deleted_after[last_new].append(i)
    rows: list[ArticlePair] = [_deleted(old[i]) for i in deleted_after[-1]]
    for j in range(len(new)):
        if j in of_new:
            i, s = of_new[j]
            rows.append(_pair(old[i], new[j], old_b[i], new_b[j], s))
        else:
            rows.append(ArticlePair(Change.ADDED, None, new[j]))
        rows.extend(_deleted(old[i]) for i in deleted_after[j])
    return rows


def _deleted(article: Article) -> ArticlePair:
    return ArticlePair(Change.DELETED, article, None)


def _pair(old: Article, new: Article, old_b: str, new_b: str, s: float) -> ArticlePair:
    if old_b == new_b:
        change = Change.UNCHANGED if old.locator == new.locator else Change.RENUMBERED
        return ArticlePair(change, old, new, 1.0)
    if old.locator != new.locator and same_but_references(old_b, new_b):
        # Only its references to renumbered articles changed: renumbered, diff kept.
        return ArticlePair(Change.RENUMBERED, old, new, round(s, 3), char_diff(old_b, new_b))
    return ArticlePair(Change.CHANGED, old, new, round(s, 3), char_diff(old_b, new_b))


def counts(rows: Sequence[ArticlePair]) -> dict[str, int]:
    """How many rows of each change, plus how many paired articles moved."""
    out = {c.value: 0 for c in Change}
    for row in rows:
        out[row.change.value] += 1
    out["moved"] = sum(1 for r in rows if r.change is Change.CHANGED and r.moved)
    return out
