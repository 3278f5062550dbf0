"""Where a title is written in a text and what it names: 《》 and unpaired brackets, quoted
regulation names, the document a 《关于印发X的通知》 issues, and "《X》及其实施办法".

Works on folded text; every mention keeps the span of the whole mention and of its title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.spans import SpanIndex


def words(spaced: str) -> tuple[str, ...]:
    """The words of a space-separated list, as a tuple for ``str.endswith``."""
    return tuple(spaced.split())


# A 《》 title is a regulation when its last word is a regulation type; a certificate, form or
# article when it ends in a certificate word (证, 证书, 证明, 表, 手册 …) or in neither.
REGULATION_ENDINGS = words(
    "法 法典 条例 办法 规定 细则 规范 标准 方案 通知 意见 决定 决议 制度 规则 解释 公约 议定书 "
    "修正案 原则 要点 纲要 规划 计划 指南 准则 规程 目录 名录 程序 药典 批复 公告 通告 令 解读"
)
CERTIFICATE_ENDINGS = words(
    "证 证书 证明 证明书 许可证 执照 表 单 书 手册 批件 卡 凭证 回执 通知书 申请书 报告书 "
    "登记册 台账 记录"
)
# Quotation marks name campaigns and in-house systems (“医疗质量提升年”, “三级查房制度”) far
# more often than works: only these endings make a quoted name a title.
_QUOTED_ENDINGS = words("法 条例 办法 细则")
_VERSION_NOTE = re.compile(r"[(（][^()（）]{0,12}[)）]$")

COUNTRY = "中华人民共和国"
_VERSION_NOTES = re.compile(r"[(（][^()（）]{0,16}[)）]")
_DROPPED = re.compile(r"[\s《》〈〉<>“”\"'「」]")
_OPENS = "《〈<«"
_CLOSES = "》〉>»"
_BRACKETS = _OPENS + _CLOSES
# 《X》, which may hold a title of its own: 《关于修改〈X条例〉等十项法规的决定》 is one title.
_TITLE = re.compile(r"《([^《》\n]{1,120})》")
# Then any opening bracket with any closing one: 《X〉, 〈X》, <X>.
_PAIRED = re.compile(rf"[{_OPENS}]([^{_BRACKETS}\n]{{1,120}})[{_CLOSES}]")
# An opening bracket whose title runs to the end of the line (or to the next title).
_UNCLOSED = re.compile(rf"《([^{_BRACKETS}\n|]{{2,120}})(?=\n|$|《|\|)")
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{3,60})[”\"]")
_LOCATOR_START = re.compile(r"第[零〇一二三四五六七八九十百千两\d]+[条章]")
_TRAILING_PUNCT = " \t,，。;；:：、.!！?？"

# 《国家卫生健康委 国家中医药局关于印发医疗监督执法工作规范（试行）的通知》 issues the 规范.
_ISSUING = re.compile(
    r"关于(?:联合)?(?:印发|发布|颁布|公布|转发|下发|修订印发)(?P<inner>.+?)的"
    r"(?:通知|决定|公告|通告|函)$"
)
_IMPLEMENTING = re.compile(r"[ \t]*(及其(?:配套的?)?(实施办法|实施细则|实施条例))")


def is_regulation_title(title: str) -> bool:
    """Whether a 《》 title names a regulation or policy document rather than a certificate,
    form, course or paper: decided by its last word after dropping a version note like （试行）."""
    core = strip_version_notes(title.strip())
    if not core or core in REGULATION_ENDINGS:
        # 《解释》《规范》: a bare type word names no work unless a definition made it a short form.
        return False
    # The longest matching ending decides: 通知书 is a form although 通知 is a regulation word.
    best_reg = max((len(e) for e in REGULATION_ENDINGS if core.endswith(e)), default=0)
    best_cert = max((len(e) for e in CERTIFICATE_ENDINGS if core.endswith(e)), default=0)
    return best_reg > best_cert


def strip_version_notes(title: str) -> str:
    """医疗机构校验管理办法（试行） → 医疗机构校验管理办法."""
    core = title
    while _VERSION_NOTE.search(core):
        core = _VERSION_NOTE.sub("", core).strip()
    return core


@dataclass(frozen=True, slots=True)
class TitleMention:
    """A title as written: ``start``/``end`` span the whole mention with its brackets,
    ``title`` is the folded text between them (or what it stands for, for a derived title)."""

    start: int
    end: int
    title: str


def bracketed_titles(folded: str) -> list[TitleMention]:
    """Every bracketed or quoted title in text order, whatever the brackets, and a bare title
    listed right after one; a 《》 title that is not a regulation (a certificate, a paper) is
    returned too, the caller decides."""
    found = [TitleMention(m.start(), m.end(), m.group(1).strip()) for m in _TITLE.finditer(folded)]
    taken = SpanIndex((t.start, t.end) for t in found)
    for m in _PAIRED.finditer(folded):
        if not taken.overlaps(m.start(), m.end()):
            found.append(TitleMention(m.start(), m.end(), m.group(1).strip()))
    taken = SpanIndex((t.start, t.end) for t in found)
    found.extend(_unclosed(folded, taken))
    for m in _QUOTED.finditer(folded):
        title = m.group(1).strip()
        core = strip_version_notes(title)
        quoted_title = core.endswith(_QUOTED_ENDINGS) and is_regulation_title(title)
        if quoted_title and not taken.overlaps(m.start(), m.end()):
            found.append(TitleMention(m.start(), m.end(), title))
    found.extend(_listed_after(folded, found))
    return sorted(found, key=lambda t: t.start)


# 严格执行《会计法》和财政违法行为处罚条例: a title listed right after a bracketed one, without
# brackets of its own. It must end a phrase (punctuation, 的, 等, 第…条 after it) and name a work,
# not a class of rules (有关规定, 相关办法, 医院的规定).
_LISTED = re.compile(
    r"\s*(?:和|及|与|以及|、)\s*([\u4e00-\u9fff]{2,30}?(?:法|条例|办法|规定|细则|规范|规则))"
    r"(?=[^\u4e00-\u9fff]|的|等|第|要求|$)"
)
_NOT_A_WORK = re.compile(r"^(?:其|有关|相关|各项|上述|本|该|国家有关|现行)")


def _listed_after(folded: str, mentions: list[TitleMention]) -> Iterator[TitleMention]:
    for mention in mentions:
        m = _LISTED.match(folded, mention.end)
        if m is None:
            continue
        title = m.group(1)
        if "的" not in title and not _NOT_A_WORK.match(title) and is_regulation_title(title):
            yield TitleMention(m.start(1), m.end(1), title)


def _unclosed(folded: str, taken: SpanIndex) -> Iterator[TitleMention]:
    for m in _UNCLOSED.finditer(folded):
        if taken.covers(m.start()):
            continue
        content = m.group(1)
        locator = _LOCATOR_START.search(content)
        if locator:  # 《医疗机构管理条例第二十条 …: the title stops at its locator
            content = content[: locator.start()]
        title = content.rstrip(_TRAILING_PUNCT)
        if len(title) <= 60 and is_regulation_title(title):
            yield TitleMention(m.start(), m.start() + 1 + len(title), title)


# 国务院办公厅关于《改革完善…的指导意见》: the issuer and 关于 written before the brackets.
_ISSUER_ABOUT = re.compile(r"([\u4e00-\u9fff、]{2,40})关于$")
_BODY_END = re.compile(r"(?:委员会|委|局|部|院|厅|办公厅|办公室|政府|司|署|中心)$")
_VERBS_BEFORE = re.compile(r"^.*(?:依据|根据|按照|依照|参照|遵照|贯彻|落实|执行|印发|转发|学习|的)")


# What follows 关于 in a title: "…的意见", "…的通知"; 关于《医疗机构管理条例》 only talks about it.
_ABOUT_TAIL = re.compile(r"的[^的]*(?:意见|通知|决定|批复|规定|通告|公告|函|报告|办法|指示|答复)$")


def issuer_before(folded: str, start: int, title: str) -> int | None:
    """Where an issuer written before a title's brackets starts: 国务院办公厅关于《…的指导意见》;
    None when the words before are not an issuer and 关于, or ``title`` cannot follow 关于."""
    if title.startswith("关于") or not _ABOUT_TAIL.search(strip_version_notes(title)):
        return None
    m = _ISSUER_ABOUT.search(folded, max(0, start - 42), start)
    if not m:
        return None
    issuer = m.group(1)
    verb = _VERBS_BEFORE.search(issuer)
    if verb:
        issuer = issuer[verb.end() :]
    issuer = issuer.lstrip("、")
    if len(issuer) < 2 or not _BODY_END.search(issuer):
        return None
    return m.end(1) - len(issuer)


def issued_title(title: str) -> str | None:
    """The document a notice issues: 关于印发X的通知 → X (医疗质量安全核心制度要点);
    None when ``title`` issues nothing, or what it issues is not a regulation title."""
    m = _ISSUING.search(title)
    if not m:
        return None
    inner = m.group("inner").strip(_BRACKETS + '“”" ')
    return inner if is_regulation_title(inner) and len(inner) >= 4 else None


def implementing_after(folded: str, pos: int, title: str) -> tuple[int, int, str] | None:
    """《X》及其实施办法 right after ``pos``: the span of 及其实施办法 and the title X实施办法."""
    m = _IMPLEMENTING.match(folded, pos)
    if not m:
        return None
    return m.start(1), m.end(), strip_version_notes(title) + m.group(2)


def clean_title(title: str) -> str:
    """The title as it should be shown: no 《》, no spaces, brackets in Chinese full width."""
    return _DROPPED.sub("", title).replace("(", "（").replace(")", "）")


def title_key(title: str) -> str:
    """What two names of the same work share: 《中华人民共和国医师法（2022年版）》 → 医师法."""
    key = _VERSION_NOTES.sub("", _DROPPED.sub("", title))
    key = key.removeprefix(COUNTRY).replace("暂行", "")
    return key
