"""Document-level facts: front matter, title, 文号, issuers, dates, kind, level, status.

Reads the folded text (simplified, half-width) so the same rules serve traditional and
simplified sources.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from ingest.errors import IngestError
from ingest.models import DocumentKind, Level, Status
from ingest.places import place_level, places_in
from ingest.structure.common import PROSE_PUNCT, cn_to_int, is_prose, iter_lines, squeeze

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
_LEVEL_KIND = {
    "法律": DocumentKind.LAW,
    "行政法规": DocumentKind.ADMINISTRATIVE_REGULATION,
    "部门规章": DocumentKind.DEPARTMENTAL_RULE,
    "司法解释": DocumentKind.JUDICIAL_INTERPRETATION,
    "地方性法规": DocumentKind.LOCAL_REGULATION,
    "地方政府规章": DocumentKind.LOCAL_REGULATION,
}
_NATIONAL_KINDS = {
    DocumentKind.LAW,
    DocumentKind.ADMINISTRATIVE_REGULATION,
    DocumentKind.DEPARTMENTAL_RULE,
    DocumentKind.JUDICIAL_INTERPRETATION,
}
_CRAWL_STATUS = {
    "in_force": Status.IN_FORCE,
    "amended": Status.SUPERSEDED,
    "repealed": Status.REPEALED,
}
# Title endings, longest first so 实施方案 wins over 方案.
_TITLE_END = re.compile(
    r"(通知|通报|公告|批复|函|方案|计划|规划|要点|办法|规定|条例|细则|意见|标准|报告|总结|决定|"
    r"规范|制度|指南|纲要|规则|解释|(?<![执方做])法|评分表|考核表|"
    r"检查表|自查表|评价表|台账|清单|一览表|职责|纪要|意见书|决定书|笔录)"
    r"(\((试行|暂行|修订|草案|征求意见稿)\)|（(试行|暂行|修订|草案|征求意见稿)）"
    # a year: （2026年）, （2026—2028年）, （2026年版）
    r"|[(（]\s*\d{4}(?:\s*[—\-－~～至]\s*\d{4})?\s*年(?:版|度)?\s*[)）])?$"
)
_KIND_BY_TITLE: tuple[tuple[re.Pattern[str], DocumentKind], ...] = (
    (
        re.compile(r"(评分|评审|考核|考评|评价|评估|检查)(标准|细则|表)"),
        DocumentKind.SCORING_STANDARD,
    ),
    (re.compile(r"(报告|总结)$"), DocumentKind.REPORT),
    (re.compile(r"(通知|通报|公告|批复|函)$"), DocumentKind.NOTICE),
    (re.compile(r"(方案|计划|规划|要点|纲要)$"), DocumentKind.PLAN),
    (re.compile(r"解释$"), DocumentKind.JUDICIAL_INTERPRETATION),
    (re.compile(r"[^办]法$"), DocumentKind.LAW),
    (re.compile(r"条例$"), DocumentKind.ADMINISTRATIVE_REGULATION),
    (re.compile(r"(办法|规定|细则|规范|规则)$"), DocumentKind.DEPARTMENTAL_RULE),
)
_KIND_BY_BODY: tuple[tuple[re.Pattern[str], DocumentKind], ...] = (
    (re.compile(r"\|\s*标\s*准\s*分\s*\|"), DocumentKind.SCORING_STANDARD),
    (re.compile(r"(总结|报告)如下|自查报告|工作总结"), DocumentKind.REPORT),
    (re.compile(r"特制定本方案|制定本方案|实施方案如下"), DocumentKind.PLAN),
    (re.compile(r"通知如下|现印发给你们|请认真贯彻|请遵照执行"), DocumentKind.NOTICE),
)
_DRAFT = re.compile(r"征求意见稿|送审稿|讨论稿|草案")
_ATTACHMENT = re.compile(r"^附件\s*\d*[:：]?$")
DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,14})\s*[〔\[［﹝【(（]\s*(?P<year>(?:19|20)\d{2})\s*"
    r"[〕\]］﹞】)）]\s*第?\s*(?P<seq>\d{1,5})\s*号"
)
_ORDER_NUMBER = re.compile(r"(?P<body>[\u4e00-\u9fff]{2,24}令)\s*第\s*(?P<seq>\d{1,5})\s*号")
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})\s*[年\-./]\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})"
    r"\s*[月\-./]\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日?"
)
_EFFECTIVE = re.compile(r"自\s*(?P<date>[^，。起]{6,20}?)\s*起\s*(施行|执行|实施|生效)")
_ISSUING_BODY = re.compile(
    r"^(?:[^\s]*?日|\d{4}-\d{2}-\d{2})?\s*(?P<body>[\u4e00-\u9fff、]+?)\s*"
    r"(?:第[一二三四五六七八九十百]+次|令第|\d{4}|公布|发布|通过|批准|修订|修正|$)"
)
_BODY_SUFFIX = re.compile(r"(委员会|委|局|厅|司|部|院|办公室|政府|中心|所|会|办|处|科|署)$")
_PLACE_OF_OWN = re.compile(r"我(省|区|市|县|州)")


@dataclass(frozen=True, slots=True)
class Metadata:
    """What ingest knows about a document apart from its text and structure."""

    title: str | None  # None when no title could be found
    kind: DocumentKind
    number: str | None
    issuers: tuple[str, ...]
    issued: date | None
    effective: date | None
    version_date: date | None
    level: Level
    jurisdiction: str | None
    status: Status
    work_title: str | None
    extra: tuple[tuple[str, str], ...]
    # For a document without a title line: what it is, from its tables (一级综合医院评分表：管理、
    # 管理队伍等), to show instead of a file name. ``title`` stays None so the gap is reported.
    described_title: str | None = None


def split_front_matter(text: str, source: str = "input") -> tuple[dict[str, Any], str]:
    """YAML front matter (``---`` … ``---``) and the body after it; ``({}, text)`` if none."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        fields = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 1
        raise IngestError(
            f"{source}: front matter is not valid YAML (line {line}); fix or remove the --- block"
        ) from None
    if not isinstance(fields, dict):
        raise IngestError(f"{source}: front matter is not a YAML mapping; use `key: value` lines")
    return fields, text[match.end() :]


def normalise_number(prefix: str, year: str, seq: str) -> str:
    """文号 in its standard form: 国卫办医政函〔2025〕228号 (simplified, 〔〕, no spaces)."""
    return f"{prefix}〔{year}〕{int(seq)}号"


def parse_date(raw: str) -> date | None:
    """2025年6月16日, 2025-06-23, 二〇二五年六月十六日 → date; None when not a valid date."""
    match = _DATE.search(raw)
    if not match:
        return None
    year, month, day = (cn_to_int(match.group(g)) for g in ("y", "m", "d"))
    try:
        return date(year, month, day) if year and month and day else None
    except ValueError:
        return None


def header_end(folded: str) -> int:
    """Offset where the body starts: the first prose paragraph, addressee line or numbered unit."""
    for line in iter_lines(folded):
        content = line.content
        if not content or content.startswith("#"):
            continue
        if (
            is_prose(content)
            or (content.endswith((":", "：")) and len(content) > 4)
            or re.match(
                r"^(第[一二三四五六七八九十百]+[条章]|[一二三四五六七八九十]+、|\|)", content
            )
        ):
            return line.start
    return len(folded)


def find_title(folded: str) -> str | None:
    """The title among the header lines, joined when split over lines (关于… / …的通知); else a
    Markdown "# " heading opening the text, or the caption line above a leading table."""
    lines = [ln for ln in iter_lines(folded[: header_end(folded)]) if not ln.blank]
    heading = _markdown_heading(folded)
    if heading:
        return heading
    # The header lines that may be (part of) a title, with their place among the header lines:
    # a title broken over lines is joined only from lines next to each other, never across the
    # 文号 between the 发文机关标志 (某某卫生健康委员会文件) and the title.
    kept = [
        (k, ln.content.lstrip("# "))
        for k, ln in enumerate(lines)
        if len(ln.content) <= 60
        and not PROSE_PUNCT.search(ln.content)
        and not re.search(r"[:：]", ln.content)
        and not _ATTACHMENT.match(ln.content)
        and not DOC_NUMBER.search(ln.content)
        and not parse_date(ln.content)
        and not _DRAFT.fullmatch(ln.content.strip("()（）"))
    ]
    candidates = [content for _, content in kept]
    for i, line in enumerate(candidates):
        if not _TITLE_END.search(squeeze(line)):
            continue
        parts = [line]
        adjacent = i + 1 < len(kept) and kept[i + 1][0] == kept[i][0] + 1
        following = candidates[i + 1] if adjacent else ""
        tail = squeeze(following)
        if tail and len(tail) <= 20 and _TITLE_END.search(tail) and not tail.startswith("关于"):
            # 关于进一步规范…执法 / 工作的通知: the second line completes the title.
            parts.append(following)
        # A title broken over lines: earlier parts are long and do not end a title themselves.
        for j in range(i - 1, max(0, i - 2) - 1, -1):
            previous = candidates[j]
            if squeeze(parts[0]).startswith("关于") or len(squeeze(previous)) < 8:
                break
            if kept[j][0] != kept[j + 1][0] - 1 or squeeze(previous).endswith("文件"):
                break  # not the line above, or the 发文机关标志 of a 红头文件
            if _TITLE_END.search(squeeze(previous)):
                break
            parts.insert(0, previous)
        return squeeze("".join(parts))
    summary = re.search(r"现将(.{2,40}?)(总结|报告)如下", folded[:3000])
    if summary:
        return squeeze(summary.group(1) + summary.group(2))
    if candidates and folded[header_end(folded) :].lstrip().startswith("|"):
        return squeeze(candidates[-1])  # the caption of the table the document opens with
    return None


def _markdown_heading(folded: str) -> str | None:
    """A "# 标题" line opening the text is its title, whatever word it ends with."""
    first = next((ln.content for ln in iter_lines(folded) if not ln.blank), "")
    m = re.fullmatch(r"#{1,2}\s+(.{2,80})", first.strip())
    if not m or PROSE_PUNCT.search(m.group(1)) or DOC_NUMBER.search(m.group(1)):
        return None
    return squeeze(m.group(1).strip(" #"))


_SECTION_CELL = re.compile(
    r"^\|\s*[一二三四五六七八九十\d]{1,2}\s*[、.．]\s*([^|\d]{2,16}?)\s*\d*\s*分?\s*\|", re.M
)
_INSTITUTION = re.compile(r"[一二三]级(?:甲等|乙等)?(?:综合|专科|中医)?医院")


def describe_untitled(folded: str, kind: DocumentKind) -> str | None:
    """What an untitled document is, read from its tables: the institution it scores, the kind
    of table (评分表, 评审标准) and its first sections — 一级综合医院评分表：管理、管理队伍等."""
    if not folded[header_end(folded) :].lstrip().startswith("|"):
        return None
    head = folded[:2000]
    if re.search(r"【[ABC]】", folded):
        noun = "评审标准"  # graded criteria 【C】【B】【A】
    elif kind is DocumentKind.SCORING_STANDARD or re.search(r"标\s*准\s*分|得\s*分|分\s*值", head):
        noun = "评分表"
    elif re.search(r"检查|考核|评价|评审", head):
        noun = "检查表"
    else:
        noun = "表格"
    institutions = Counter(_INSTITUTION.findall(folded))
    subject = institutions.most_common(1)[0][0] if institutions else ""
    sections = list(dict.fromkeys(m.group(1).strip() for m in _SECTION_CELL.finditer(folded)))
    sections = [s for s in sections if "、" not in s][:2]
    return subject + noun + ("：" + "、".join(sections) + "等" if sections else "")


def own_number(folded: str, front: dict[str, Any]) -> str | None:
    """The document's own 文号: in the header lines, or in the last issuing line of front matter."""
    issuing = [str(x) for x in _as_list(front.get("issuing_info"))]
    for place in (folded[: header_end(folded)], *reversed(issuing)):
        match = DOC_NUMBER.search(place)
        if match:
            return normalise_number(match["prefix"], match["year"], match["seq"])
        order = _ORDER_NUMBER.search(place)
        if order:
            return f"{order['body']}第{int(order['seq'])}号"
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _signature(folded: str) -> tuple[tuple[str, ...], date | None]:
    """Issuing bodies and date from the first signature block: body-name lines over a date line."""
    lines = [ln for ln in iter_lines(folded) if not ln.blank]
    for i, line in enumerate(lines):
        if len(line.content) > 20 or not re.fullmatch(
            r"[\d〇零○一二三四五六七八九十年月日\s.\-/]+", line.content
        ):
            continue
        when = parse_date(line.content)
        if when is None:
            continue
        bodies: list[str] = []
        for previous in reversed(lines[max(0, i - 3) : i]):
            pieces = [p for p in re.split(r"[\s?？、,，]+", previous.content) if p]
            if not pieces or not all(_BODY_SUFFIX.search(p) and len(p) <= 24 for p in pieces):
                break
            bodies[:0] = pieces
        if bodies:
            return tuple(dict.fromkeys(bodies)), when
    return (), None


def _front_issuers(front: dict[str, Any]) -> tuple[str, ...]:
    if front.get("issuing_body"):
        return (squeeze(str(front["issuing_body"])),)
    issuing = [str(x) for x in _as_list(front.get("issuing_info"))]
    if not issuing:
        return ()
    match = _ISSUING_BODY.search(issuing[-1])
    if not match:
        return ()
    body = re.sub(r"第[一二三四五六七八九十百]+届", "", match["body"])
    return (body,) if _BODY_SUFFIX.search(body) or body.endswith("大会") else ()


def _kind(title: str | None, front: dict[str, Any], folded: str) -> DocumentKind:
    level = str(front.get("level") or "")
    if level in _LEVEL_KIND:
        return _LEVEL_KIND[level]
    if title:
        for pattern, kind in _KIND_BY_TITLE:
            if pattern.search(re.sub(r"[(（][^()（）]*[)）]$", "", title)):
                return kind
    for pattern, kind in _KIND_BY_BODY:
        if pattern.search(folded[:20000]):
            return kind
    return DocumentKind.OTHER


def _level(
    kind: DocumentKind, title: str | None, issuers: tuple[str, ...], folded: str
) -> tuple[Level, str | None]:
    """Jurisdiction from the title, issuers, then the opening text; national kinds → 全国."""
    head = folded[:800]
    for text in (title or "", *issuers):
        places = places_in(text)
        if places:
            return place_level(places[0]), places[0]
        if re.match(r"(国家|国务院|全国|最高人民|中华人民共和国)", text):
            return Level.NATIONAL, "全国"
    if kind in _NATIONAL_KINDS:
        return Level.NATIONAL, "全国"
    if re.search(r"各省、自治区、直辖市", head):
        return Level.NATIONAL, "全国"
    if kind == DocumentKind.REPORT and re.search(r"我院|本院", folded[:5000]):
        places = places_in(head)
        return Level.INSTITUTION, places[0] if places else None
    own = _PLACE_OF_OWN.search(title or "") or _PLACE_OF_OWN.search(head)
    places = places_in(head)
    if own:
        unit = own.group(1)
        level = {
            "省": Level.PROVINCIAL,
            "市": Level.PREFECTURAL,
            "州": Level.PREFECTURAL,
            "县": Level.COUNTY,
        }.get(unit)
        if unit == "区":  # 我区 is an autonomous region or a city district
            level = Level.PROVINCIAL if "自治区" in folded[:5000] else Level.COUNTY
        named = [p for p in places if place_level(p) == level]
        return level or Level.UNKNOWN, named[0] if named else None
    if places:
        return place_level(places[0]), places[0]
    return Level.UNKNOWN, None


def _status(front: dict[str, Any], folded: str, title: str | None) -> Status:
    crawl = str(front.get("status_at_crawl") or "")
    if crawl in _CRAWL_STATUS:
        return _CRAWL_STATUS[crawl]
    header = folded[: header_end(folded)]
    if _DRAFT.search(header) or _DRAFT.search(title or ""):
        return Status.DRAFT
    if re.search(r"(废止|失效)", title or ""):
        return Status.REPEALED
    return Status.UNKNOWN


def _front_date(front: dict[str, Any], key: str) -> date | None:
    value = front.get(key)
    if isinstance(value, date):
        return value
    return parse_date(str(value)) if value else None


def extract_metadata(folded: str, front: dict[str, Any]) -> Metadata:
    """Everything document-level, from front matter where present and from the text otherwise."""
    title = squeeze(str(front["title"])) if front.get("title") else find_title(folded)
    kind = _kind(title, front, folded)
    described = None if title else describe_untitled(folded, kind)
    signed_by, signed_on = _signature(folded)
    issuers = _front_issuers(front) or signed_by
    version_date = _front_date(front, "version_date")
    issuing = [str(x) for x in _as_list(front.get("issuing_info"))]
    issued = signed_on or version_date or (parse_date(issuing[-1]) if issuing else None)
    effective = _front_date(front, "effective_date")
    if effective is None:
        match = _EFFECTIVE.search(folded[-3000:])
        effective = parse_date(match["date"]) if match else None
        if match and effective is None and "发布之日" in match["date"]:
            effective = issued
    level, jurisdiction = _level(kind, title, issuers, folded)
    work_title = title.split("·")[0] if title else None
    kept = {"title", "level", "version_date", "effective_date", "issuing_body"}
    extra = tuple(
        (str(k), "\n".join(str(x) for x in _as_list(v)))
        for k, v in front.items()
        if k not in kept and v not in (None, "")
    )
    return Metadata(
        title=title,
        kind=kind,
        number=own_number(folded, front),
        issuers=issuers,
        issued=issued,
        effective=effective,
        version_date=version_date or issued,
        level=level,
        jurisdiction=jurisdiction,
        status=_status(front, folded, title),
        work_title=work_title,
        extra=extra,
        described_title=described,
    )
