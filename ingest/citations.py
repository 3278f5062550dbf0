"""Find citations in one document: 《title》 mentions with article locators, document numbers,
short forms defined in the text (以下简称), self references (本法) and internal references (前款).

Matching runs on ``Document.folded`` (simplified, half width); spans index both texts. Resolution
against other held documents happens later, in ``ingest.resolve``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ingest.models import Citation, CitationKind, Clause, ClauseKind, Document, Resolution, Span
from ingest.structure.common import cn_to_int


def _words(spaced: str) -> tuple[str, ...]:
    return tuple(spaced.split())


NUM = r"[零〇一二三四五六七八九十百千两\d]+"
# 第二十条之一第二款第三项; a chapter (第三章) may stand alone.
LOCATOR = (
    rf"第{NUM}条(?:之{NUM})?(?:第{NUM}款)?(?:第{NUM}项)?(?:第{NUM}目)?"
    rf"|第{NUM}章(?:第{NUM}节)?"
)
_LOCATOR_PART = re.compile(rf"第({NUM})(条|款|项|目|章|节)(?:之({NUM}))?")
_FOLLOWING_LOCATORS = re.compile(rf"\s*({LOCATOR})((?:\s*[、和及或与至]\s*(?:{LOCATOR}))*)")
_NEXT_LOCATOR = re.compile(rf"({LOCATOR})")

_TITLE = re.compile(r"《([^《》\n]{1,120})》")
# Document numbers: 国卫监督发〔2020〕18号, 苏卫疾控[2007]35号, and orders: 国务院令第752号.
_BRACKET_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,10})\s*[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*第?\s*(\d{1,5})\s*号"
)
_ORDER_NUMBER = re.compile(r"([\u4e00-\u9fff]{2,30}?)令\s*第\s*(\d{1,5})\s*号")
# Characters that end the words before an issuer's abbreviation (根据|按照 国卫…), never inside it.
_NUMBER_PREFIX_STOPS = set("据照的及与见按依了以于由在将对为是关即、")
_OPEN = "(（"
_CLOSE = ")）"

_DEFINITION = re.compile(
    r"[(（]?\s*以下简称\s*[《“\"「『]?([\u4e00-\u9fff\w]{1,20}?)[》”\"」』]?\s*[)）]"
)
_CITING_VERBS = _words("依据 根据 按照 依照 参照 遵照 违反 执行 落实 贯彻 符合")

# 本法 … but not 基本法 / 根本法 / 文本规定; the word after 本 names the document type.
_SELF = re.compile(
    r"(?<![基根资成日样脚剧范文标版课账副原书读蓝母底稿])本"
    r"(实施办法|实施细则|条例|办法|规定|细则|规范|规则|方案|通知|意见|决定|解释|标准|准则|规程|法(?![律人院庭官]))"
    rf"((?:{LOCATOR}))?"
)
_INTERNAL = re.compile(
    rf"本条(?!例)(?:第{NUM}款)?(?:第{NUM}项)?|本款(?:第{NUM}项)?|前([两二三四五])?款|前条"
    rf"|(?:{LOCATOR})|第{NUM}款(?:第{NUM}项)?|第{NUM}项"
)
# Last characters of a word that names another act: 刑法第二十条 is not an internal reference.
_ACT_ENDINGS = ("法", "例", "则", "定", "》")

# A 《》 title is a regulation when its last word is a regulation type; a certificate, form or
# article when it ends in a certificate word (证, 证书, 证明, 表, 手册 …) or in neither.
REGULATION_ENDINGS = _words(
    "法 条例 办法 规定 细则 规范 标准 方案 通知 意见 决定 决议 制度 规则 解释 公约 议定书 修正案 "
    "原则 要点 纲要 规划 计划 指南 准则 规程 目录 名录 程序 药典 批复 公告 通告 令"
)
CERTIFICATE_ENDINGS = _words(
    "证 证书 证明 证明书 许可证 执照 表 单 书 手册 批件 卡 凭证 回执 通知书 申请书 报告书 "
    "登记册 台账 记录"
)
_VERSION_NOTE = re.compile(r"[(（][^()（）]{0,12}[)）]$")


def is_regulation_title(title: str) -> bool:
    """Whether a 《》 title names a regulation or policy document rather than a certificate,
    form, course or paper: decided by its last word after dropping a version note like （试行）."""
    core = title.strip()
    while _VERSION_NOTE.search(core):
        core = _VERSION_NOTE.sub("", core).strip()
    if not core or core in REGULATION_ENDINGS:
        # 《解释》《规范》: a bare type word names no work unless a definition made it a short form.
        return False
    # The longest matching ending decides: 通知书 is a form although 通知 is a regulation word.
    best_reg = max((len(e) for e in REGULATION_ENDINGS if core.endswith(e)), default=0)
    best_cert = max((len(e) for e in CERTIFICATE_ENDINGS if core.endswith(e)), default=0)
    return best_reg > best_cert


def normalise_number(written: str) -> str | None:
    """Canonical form of a folded document number: 苏卫疾控[2007]35号 → 苏卫疾控〔2007〕35号."""
    for pattern in (_BRACKET_NUMBER, _ORDER_NUMBER):
        m = pattern.fullmatch(written.strip())
        if m:
            return _number_of(m)[1]
    return None


def _number_of(m: re.Match[str]) -> tuple[int, str]:
    """Where a matched number really starts (after 根据/按照 …) and its canonical form."""
    if m.re is _BRACKET_NUMBER:
        issuer = _trim_issuer(m.group(1), _NUMBER_PREFIX_STOPS | {"和"})
        number = f"{issuer}〔{m.group(2)}〕{m.group(3)}号"
    else:
        # 国家卫生和计划生育委员会令: 和 belongs to an order's issuer.
        issuer = _trim_issuer(m.group(1), _NUMBER_PREFIX_STOPS)
        number = f"{issuer}令第{m.group(2)}号"
    return m.end(1) - len(issuer), number


def _trim_issuer(prefix: str, stops: set[str]) -> str:
    cut = max((i for i, ch in enumerate(prefix) if ch in stops), default=-1)
    return prefix[cut + 1 :]


def chinese_number(written: str) -> int:
    """二十三 → 23, 一百零五 → 105, 十 → 10, 23 → 23 (0 for what is not a numeral)."""
    return cn_to_int(written) or 0


class ClauseIndex:
    """Finds the innermost clause containing a span (shared by citations, bodies, obligations)."""

    def __init__(self, clauses: Sequence[Clause]) -> None:
        # Sorted by start, the longer first: among the clauses containing a span (a chain of
        # ancestors) the innermost is the last one in this order.
        self._clauses = sorted(clauses, key=lambda c: (c.span.start, -c.span.end))
        self._starts = [c.span.start for c in self._clauses]

    def innermost(self, start: int, end: int) -> Clause | None:
        for i in range(bisect_right(self._starts, start) - 1, -1, -1):
            clause = self._clauses[i]
            if clause.span.end >= end:
                return clause
        return None


def article_context(clause: Clause | None) -> tuple[int | None, int | None]:
    """The article and paragraph numbers of a clause path: ch_2/art_20/para_2 → (20, 2)."""
    article = paragraph = None
    for segment in clause.path.split("/") if clause else ():
        name, _, value = segment.partition("_")
        number = value.split("-")[0]
        if name == "art" and number.isdigit():
            article = int(number)
        elif name == "para" and number.isdigit():
            paragraph = int(number)
    return article, paragraph


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    kind: CitationKind
    title: str | None = None  # folded
    number: str | None = None
    article: str | None = None
    article_path: str | None = None
    target_title: str | None = None
    resolution: Resolution = Resolution.UNRESOLVED


def article_path_of(locator: str, here: tuple[int | None, int | None] = (None, None)) -> str | None:
    """Clause path suffix of a written locator: 第二十条第二款 → art_20/para_2; a bare 第三项 uses
    ``here`` (the citing article and paragraph numbers) for the missing parts."""
    parts = {unit: (chinese_number(n), sub) for n, unit, sub in _LOCATOR_PART.findall(locator)}
    if "章" in parts:
        path = f"ch_{parts['章'][0]}"
        return f"{path}/sec_{parts['节'][0]}" if "节" in parts else path
    article, paragraph = here
    if "条" in parts:
        number, sub = parts["条"]
        segments = [f"art_{number}" + (f"-{chinese_number(sub)}" if sub else "")]
        paragraph = None
    elif article is not None:
        segments = [f"art_{article}"]
    else:
        return None
    if "款" in parts:
        paragraph = parts["款"][0]
    if "项" in parts:
        segments += [f"para_{paragraph or 1}", f"item_{parts['项'][0]}"]
    elif "款" in parts:
        segments.append(f"para_{paragraph}")
    return "/".join(segments)


def _locators_after(folded: str, pos: int) -> list[tuple[int, int, str]]:
    """Locators written right after ``pos`` (第十九条、第二十条第二款 …) as (start, end, text)."""
    m = _FOLLOWING_LOCATORS.match(folded, pos)
    if not m:
        return []
    found = [(m.start(1), m.end(1), m.group(1))]
    for extra in _NEXT_LOCATOR.finditer(folded, m.start(2), m.end(2)):
        found.append((extra.start(), extra.end(), extra.group()))
    return found


def _number_after(folded: str, pos: int) -> tuple[int, str] | None:
    """A document number in brackets right after a title: 》（国卫监督发〔2020〕18号）."""
    i = pos
    while i < len(folded) and folded[i] in " \t":
        i += 1
    if i < len(folded) and folded[i] in _OPEN + _CLOSE:  # seed 000 writes 》）新医指导发…）
        i += 1
    for pattern in (_BRACKET_NUMBER, _ORDER_NUMBER):
        m = pattern.match(folded, i)
        if m:
            start, number = _number_of(m)
            end = m.end()
            if end < len(folded) and folded[end] in _CLOSE:
                end += 1
            if start == i:
                return end, number
    return None


def _defined_target(full_title: str, short: str) -> str:
    """A short form defined after 《关于印发X的通知》 names X when its characters occur in X."""
    m = re.search(r"关于(?:印发|发布|颁布|转发)(.+?)的(?:通知|决定|公告)$", full_title)
    if m:
        inner = m.group(1).strip("《》〈〉<> ")
        it = iter(inner)
        if all(ch in it for ch in short):
            return inner
    return full_title


def _title_citations(folded: str) -> tuple[list[_Found], dict[str, str], list[tuple[int, int]]]:
    """《title》 citations, the short forms they define, and the spans of the definitions."""
    found: list[_Found] = []
    defined: dict[str, str] = {}
    definitions = [(m.start(), m.end(), m.group(1)) for m in _DEFINITION.finditer(folded)]
    inside_definition = [(s, e) for s, e, _ in definitions]
    for m in _TITLE.finditer(folded):
        if any(s <= m.start() < e for s, e in inside_definition):
            continue
        title = m.group(1).strip()
        if title in defined:
            kind, target, resolution = CitationKind.SHORT_FORM, defined[title], Resolution.DEFINED
        elif is_regulation_title(title):
            kind, target, resolution = CitationKind.TITLE, None, Resolution.UNRESOLVED
        else:
            continue
        end, number = m.end(), None
        after_number = _number_after(folded, end)
        if after_number:
            end, number = after_number
        found.extend(
            _with_locators(folded, m.start(), end, kind, title, number, target, resolution)
        )
        for s, _e, short in definitions:
            # A definition belongs to the citation it follows with only brackets or spaces between.
            if s >= end and not folded[end:s].strip(" (（)）") and len(folded[end:s]) <= 6:
                defined[short] = _defined_target(title, short)
    return found, defined, inside_definition


def _with_locators(
    folded: str,
    start: int,
    end: int,
    kind: CitationKind,
    title: str | None,
    number: str | None,
    target: str | None,
    resolution: Resolution,
) -> Iterator[_Found]:
    locators = _locators_after(folded, end)
    if not locators:
        yield _Found(start, end, kind, title, number, None, None, target, resolution)
        return
    for i, (loc_start, loc_end, text) in enumerate(locators):
        # The first locator joins the title into one citation; later ones (、第二十条) stand alone.
        yield _Found(
            start if i == 0 else loc_start,
            loc_end,
            kind,
            title,
            number,
            text,
            article_path_of(text),
            target,
            resolution,
        )


def _bare_short_forms(
    folded: str, defined: dict[str, str], taken: list[tuple[int, int]]
) -> Iterator[_Found]:
    """Defined short forms written without 《》 (依照条例第十条, 依据工作规范)."""
    for short, target in defined.items():
        for m in re.finditer(re.escape(short), folded):
            if _overlaps(m.start(), m.end(), taken):
                continue
            before = folded[max(0, m.start() - 2) : m.start()]
            locators = _locators_after(folded, m.end())
            if before.endswith(_CITING_VERBS) or (locators and locators[0][0] == m.end()):
                yield from _with_locators(
                    folded,
                    m.start(),
                    m.end(),
                    CitationKind.SHORT_FORM,
                    short,
                    None,
                    target,
                    Resolution.DEFINED,
                )


def _number_citations(folded: str, taken: list[tuple[int, int]]) -> Iterator[_Found]:
    for pattern in (_BRACKET_NUMBER, _ORDER_NUMBER):
        for m in pattern.finditer(folded):
            start, number = _number_of(m)
            if start < m.end(1) and not _overlaps(start, m.end(), taken):
                taken.append((start, m.end()))
                yield _Found(start, m.end(), CitationKind.DOCUMENT_NUMBER, number=number)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


def _self_and_internal(
    document: Document, index: ClauseIndex, taken: list[tuple[int, int]], is_statute: bool
) -> Iterator[_Found]:
    folded = document.folded
    own_title = document.work_title or document.title
    for m in _SELF.finditer(folded):
        if _overlaps(m.start(), m.end(), taken):
            continue
        taken.append((m.start(), m.end()))
        if m.group(2):
            here = article_context(index.innermost(m.start(), m.end()))
            yield _Found(
                m.start(),
                m.end(),
                CitationKind.INTERNAL,
                article=m.group(2),
                article_path=article_path_of(m.group(2), here),
                resolution=Resolution.SELF,
            )
        else:
            yield _Found(
                m.start(),
                m.end(),
                CitationKind.SELF,
                target_title=own_title,
                resolution=Resolution.SELF,
            )
    if not is_statute:
        return
    for m in _INTERNAL.finditer(folded):
        before = folded[max(0, m.start() - 1) : m.start()]
        if _overlaps(m.start(), m.end(), taken) or before.endswith(_ACT_ENDINGS):
            continue
        line_head = folded[folded.rfind("\n", 0, m.start()) + 1 : m.start()]
        if m.group().startswith("第") and not line_head.strip(" #\t"):
            continue  # 第二十条 opening a line numbers that article; it cites nothing
        here = article_context(index.innermost(m.start(), m.end()))
        for path in _internal_paths(m.group(), m.group(1), here):
            yield _Found(
                m.start(),
                m.end(),
                CitationKind.INTERNAL,
                article=m.group(),
                article_path=path,
                resolution=Resolution.SELF,
            )


def _internal_paths(
    written: str, count: str | None, here: tuple[int | None, int | None]
) -> list[str]:
    article, paragraph = here
    if written.startswith(("本条", "本款", "前款", "前")) and article is None:
        return []
    if written.startswith("前条"):
        return [f"art_{article - 1}"] if article and article > 1 else []
    if written.startswith("前") and written.endswith("款"):
        n = chinese_number(count) if count else 1
        current = paragraph or 1
        first = max(1, current - n)
        paths = [f"art_{article}/para_{p}" for p in range(first, current)]
        return paths or [f"art_{article}"]
    if written.startswith("本条"):
        return [article_path_of(written[2:], (article, None)) or f"art_{article}"]
    if written.startswith("本款"):
        para = f"art_{article}/para_{paragraph or 1}"
        return [article_path_of(written[2:], here) or para]
    path = article_path_of(written, here)
    return [path] if path else []


def extract_citations(document: Document, clauses: Sequence[Clause]) -> list[Citation]:
    """Every citation in ``document``, in text order, each in its innermost clause."""
    folded = document.folded
    index = ClauseIndex(clauses)
    found, defined, definitions = _title_citations(folded)
    taken = [(f.start, f.end) for f in found] + definitions
    found.extend(_bare_short_forms(folded, defined, taken))
    taken = [(f.start, f.end) for f in found] + definitions
    numbers = list(_number_citations(folded, taken))
    found.extend(numbers)
    taken += [(f.start, f.end) for f in numbers]
    is_statute = any(c.kind is ClauseKind.ARTICLE for c in clauses)
    found.extend(_self_and_internal(document, index, taken, is_statute))
    return _to_citations(document, index, found)


def _to_citations(document: Document, index: ClauseIndex, found: list[_Found]) -> list[Citation]:
    citations: list[Citation] = []
    seen: dict[tuple[int, int], int] = {}
    for f in sorted(found, key=lambda f: (f.start, f.end, f.article_path or "")):
        k = seen.get((f.start, f.end), 0)
        seen[(f.start, f.end)] = k + 1
        clause = index.innermost(f.start, f.end)
        raw = document.text[f.start : f.end]
        title = None
        if f.title is not None:
            # The title as written: the original characters at the folded title's place.
            offset = document.folded.find(f.title, f.start, f.end)
            title = document.text[offset : offset + len(f.title)] if offset >= 0 else f.title
        own = f.kind in (CitationKind.SELF, CitationKind.INTERNAL)
        citations.append(
            Citation(
                id=f"{document.id}:cite:{f.start}-{f.end}" + (f":{k}" if k else ""),
                document_id=document.id,
                clause_id=clause.id if clause else None,
                kind=f.kind,
                raw=raw,
                span=Span(f.start, f.end),
                title=title,
                number=f.number,
                article=document.text[f.start : f.end][-len(f.article) :] if f.article else None,
                article_path=f.article_path,
                target_title=f.target_title,
                target_document_id=document.id if own else None,
                resolution=f.resolution,
            )
        )
    return citations
