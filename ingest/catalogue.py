"""Well-known national health-care works (ingest/data/national_works.tsv, with 简称), and the
finder of titles written without 《》 ("根据医疗机构管理条例第二十条") among a list of known names.

The finder is a strategy object: resolve builds it from the held titles plus this catalogue.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ingest.reading import fold
from ingest.titles import COUNTRY, is_regulation_title, strip_version_notes, words

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LOCATOR = re.compile(r"第[零〇一二三四五六七八九十百千两\d]+[条章]")
# A bare title needs a word boundary on both sides. Chinese has none, so these are the words
# a citation is read between: 根据 / 依照 … before, 第 / 和 / 要求 … after. Anything else next
# to a known name means the name is part of a longer word (医疗机构管理条例实施细则, 某某法院).
_BEFORE = words(
    "依据 根据 按照 依照 参照 遵照 违反 执行 落实 贯彻 符合 学习 培训 宣贯 对照 遵守 适用 "
    "实施 印发 制定 修订 颁布 发布 施行 包括 按 依 据 照 和 及 与 或 了 即 是 为 对"
)
_AFTER = words(
    "第 及 和 与 或 等 的 要求 规定 中 有关 相关 精神 以及 进行 并 对 为 开展 落实 执行 "
    "条款 之 已 于 自 所 学习 培训 宣传 宣贯 知识 解读"
)
# The shortest bare name read without a locator after it: 医师法 alone is too often a part
# of another word; 医师法第十四条 is not.
MIN_BARE = 4


@dataclass(frozen=True, slots=True)
class NationalWork:
    """One catalogued national work: its full title, its level (法律, 行政法规 …) and 简称."""

    title: str
    level: str
    aliases: tuple[str, ...] = ()


@cache
def national_works() -> tuple[NationalWork, ...]:
    """The catalogue shipped with ingest, in file order."""
    text = resources.files("ingest").joinpath("data/national_works.tsv").read_text("utf-8")
    works = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        title, level, aliases_field = [*line.split("\t"), "", ""][:3]
        aliases = tuple(a.strip() for a in aliases_field.split(",") if a.strip())
        works.append(NationalWork(title.strip(), level.strip(), aliases))
    return tuple(works)


def national_aliases() -> dict[str, str]:
    """简称 → full title for the catalogue's listed short forms."""
    return {alias: work.title for work in national_works() for alias in work.aliases}


def written_forms(title: str) -> set[str]:
    """How a work's title is written in running text, folded: the full title, without its
    version note, without 中华人民共和国."""
    full = fold(title)
    core = strip_version_notes(full)
    return {full, core, core.removeprefix(COUNTRY)}


class TitleFinder:
    """Finds known titles written without brackets, the longest match winning."""

    def __init__(self, names: Iterable[str]) -> None:
        self._names = {
            n for n in names if len(n) >= 3 and is_regulation_title(n) and not n.isdigit()
        }
        # Names by their last two characters, then their lengths: a text position is tried only
        # against the lengths of the names that can end there.
        lengths: dict[str, set[int]] = defaultdict(set)
        for name in self._names:
            lengths[name[-2:]].add(len(name))
        self._lengths = {tail: sorted(ls, reverse=True) for tail, ls in lengths.items()}
        last = "".join(sorted({n[-1] for n in self._names}))
        self._ends = re.compile(f"[{re.escape(last)}]") if last else None

    def find(
        self, folded: str, taken: Iterable[tuple[int, int]] = (), own: Iterable[str] = ()
    ) -> Iterator[tuple[int, int, str]]:
        """(start, end, name) of each bare known title in ``folded``, outside ``taken`` spans,
        that is neither one of the document's ``own`` titles nor a heading line."""
        if self._ends is None:
            return
        blocked = sorted(taken)
        own_names = {fold(o) for o in own} | {strip_version_notes(fold(o)) for o in own}
        candidates: list[tuple[int, int, str]] = []
        for m in self._ends.finditer(folded):
            end = m.end()
            for length in self._lengths.get(folded[max(0, end - 2) : end], ()):
                start = end - length
                name = folded[start:end]
                if start >= 0 and name in self._names and self._bounded(folded, start, end, name):
                    candidates.append((start, end, name))
                    break
        chosen: list[tuple[int, int]] = []
        # Longest first: 中华人民共和国执业医师法 wins over 执业医师法 and 医师法 inside it.
        for start, end, name in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
            spans = blocked + chosen
            if any(s < end and start < e for s, e in spans) or name in own_names:
                continue
            if _is_heading(folded, start, end):
                continue
            chosen.append((start, end))
            yield start, end, name

    def _bounded(self, folded: str, start: int, end: int, name: str) -> bool:
        before = folded[max(0, start - 2) : start]
        after = folded[end : end + 4]
        if len(name) < MIN_BARE and not _LOCATOR.match(after):
            return False
        open_before = not before or not _CJK.match(before[-1]) or before.endswith(_BEFORE)
        open_after = (
            not after
            or not _CJK.match(after[0])
            or after.startswith(_AFTER)
            or (after.startswith("实施") and not re.match(r"实施(细则|办法|条例|意见|方案)", after))
        )
        return open_before and open_after


def _is_heading(folded: str, start: int, end: int) -> bool:
    """A line that is nothing but the name (a heading, an attachment's title) cites nothing."""
    line_start = folded.rfind("\n", 0, start) + 1
    line_end = folded.find("\n", end)
    line = folded[line_start : line_end if line_end >= 0 else len(folded)]
    rest = line.replace(folded[start:end], "", 1)
    return not re.sub(r"[\s#*|()（）试行暂修订版\d年]", "", rest)
