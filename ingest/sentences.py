"""Cut a document into the sentences obligations are read from, and find the modal cues in one
(应当, 必须, 不得, 有权 …) that state a duty rather than name a rule, a problem or a condition.

A "；" ends a sentence when the part after it states a duty of its own: its own cue, or an action
verb opening it (医疗机构应当建立制度；定期检查，及时整改。 is two duties, the second inheriting the
first's bodies); any other part (…培训下列人员：医师；护士。) continues the sentence before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from ingest.models import Modality
from ingest.subjects import opening_subject
from ingest.tasks import opens_with_action

# The negative forms come first so that 不应当 is not read as 应当. 要 and 可 are modal only
# outside words such as 要求 / 重要 / 主要 / 需要 and 可能 / 许可 / 可靠; 应 not in 应急 / 相应 /
# 供应 / 反应 / 适应, nor 应患者的要求 (at the patient's request); 方可 not where 方 ends a word
# (双方可以, 患方可以, 双方可能); 不得 not in a scoring rule's 不得分 (gets no points), though
# 不得分包 is a prohibition. 负责 and 确保 are weak: they state a duty only where no stronger
# cue does.
_CUE = re.compile(
    r"(?P<must_not>不应当|不应|不得(?!分(?:[,，。;；、)）|\s]|$))|严禁|禁止(?![类性])|不准|不许|不宜|不可以|不可|不能|不要)"
    r"|(?P<must>应当|必须|务必|(?<![无毋])须(?!知)|(?<![申提邀聘敬])请(?![示求假柬])"
    r"|(?<![相对反供适响呼效感顺报照策内答])应(?![用急对答聘届收付试变激酬允承邀征援诉验声运时景])"
    r"(?!(?:患者|当事人|申请人|委托人|家属|其|\x00+)的?(?:要求|请求))"  # a masked body too
    r"|(?<![重主需必纲提摘概简首扼只显政机险次紧想还纪])要(?![求点素件害领闻务员职案旨义紧道塞么是约挟冲]))"
    r"|(?P<may>可以|(?<![双地患甲乙对各一他医官供需])方可(?!能)|有权(?![利益])|(?<![许认不宁无两尚即])可(?![能靠行追视爱怕观持口信疑控及比溯燃塑调用谓见惜是否知想乐]))"
    r"|(?P<weak>(?<!首诊)(?<!直接)负责(?![人制任的])|确保)"
)
_MODALITY = {
    "must": Modality.MUST,
    "must_not": Modality.MUST_NOT,
    "may": Modality.MAY,
    "weak": Modality.MUST,
}
_TITLE = re.compile(r"《[^《》\n]{1,80}》")
# A definition states what a word means, not what anyone must do.
_DEFINITION = re.compile(r"所称|是指")
# A problem to fix names a failure (未指定专人负责…的问题, 存在…不落实等问题).
_FAILURE = re.compile(r"存在|未|没有|缺乏|仍有|不够")
_PROBLEM_END = re.compile(r"(?:等|的)?(?:问题|现象|隐患)$")
# A condition of a penalty (应当报告而未报告的) or an exception (除依法应当…的外).
_UNMET = re.compile(r"而(?:未|不|拒)")
_SEGMENT_MARKS = ",，。;；:：\n"

TERMINATORS = frozenset("。;；!！?？")
_ENDINGS = TERMINATORS | set(":：")
NUMBERING = re.compile(r"(?:[一二三四五六七八九十]+、|[(（]|\d+\s*[.、．]|第\S{1,6}[条章节]|[①-⑳])")
_SHORT_LINE = 20  # a line this short without an end mark is a heading, not a broken sentence


def mask_titles(folded: str) -> str:
    """``folded`` with the inside of every 《title》 blanked: 《医疗机构不得…规定》 holds no cue."""
    return _TITLE.sub(lambda m: "《" + "\x00" * (len(m.group()) - 2) + "》", folded)


def _segment(masked: str, lo: int, hi: int, at: int) -> tuple[int, int]:
    """The comma segment of ``[lo, hi)`` holding position ``at``."""
    start = max((masked.rfind(ch, lo, at) for ch in _SEGMENT_MARKS), default=-1)
    ends = [i for ch in _SEGMENT_MARKS if (i := masked.find(ch, at, hi)) >= 0]
    return max(start + 1, lo), min(ends, default=hi)


def _states_duty(masked: str, lo: int, hi: int, cue: re.Match[str]) -> bool:
    seg_lo, seg_hi = _segment(masked, lo, hi, cue.start())
    before, after = masked[seg_lo : cue.start()], masked[cue.end() : seg_hi]
    if _PROBLEM_END.search(after) and _FAILURE.search(before):
        return False
    if _UNMET.search(after) or ("除" in before and after.endswith("外")):
        return False
    if after.rstrip().endswith("的") and seg_hi < hi and masked[seg_hi] in ",，":
        return False  # 不能或者不宜向患者说明的，应当…: a condition before the duty
    # A line without an end mark whose cue sits in a noun phrase is a heading (应当遵守的规定).
    return not (masked[hi - 1] not in _ENDINGS and "的" in after)


def find_cues(
    masked: str, lo: int, hi: int, *, descriptive: bool = False
) -> list[tuple[re.Match[str], Modality]]:
    """The cues of the sentence ``[lo, hi)`` that state a duty, prohibition or permission.

    In a ``descriptive`` text (a report of what was done) 确保 / 负责 / 不宜 describe, not bind.
    """
    if _DEFINITION.search(masked, lo, hi):
        return []
    found = [m for m in _CUE.finditer(masked, lo, hi) if _states_duty(masked, lo, hi, m)]
    if descriptive:
        found = [m for m in found if m.lastgroup != "weak" and m.group() != "不宜"]
    if any(m.lastgroup != "weak" for m in found):
        found = [m for m in found if m.lastgroup != "weak"]
    return [(m, _MODALITY[str(m.lastgroup)]) for m in found]


def is_definition(masked: str, lo: int, hi: int) -> bool:
    return _DEFINITION.search(masked, lo, hi) is not None


_OPEN, _CLOSE = frozenset("（("), frozenset("）)")
_BRACKET_LONGEST = 60  # an unclosed bracket stops holding its sentence together after this


def _terminator_cuts(folded: str) -> list[int]:
    """After each 。!? and each ； outside brackets: （责任科室：药学部；配合科室：信息科） is one
    remark on its sentence."""
    cuts, opened = [], -1
    for i, ch in enumerate(folded):
        if ch in _OPEN:
            opened = i
        elif ch in _CLOSE or ch == "\n":
            opened = -1
        elif ch in TERMINATORS and (opened < 0 or ch not in ";；" or i - opened > _BRACKET_LONGEST):
            cuts.append(i + 1)
    return cuts


def split_sentences(folded: str, clause_starts: Sequence[int] = ()) -> list[tuple[int, int]]:
    """Sentence spans: cut after 。!? (and after ； where the next part has its own cue), at
    clause starts, and at line ends unless a long line runs on into the next (page breaks split
    sentences mid-word in scanned notices)."""
    starts = set(clause_starts)
    cuts = {0, len(folded), *starts}
    cuts.update(_terminator_cuts(folded))
    for m in re.finditer(r"\n\s*", folded):
        line_start = folded.rfind("\n", 0, m.start()) + 1
        line = folded[line_start : m.start()].strip()
        following = folded[m.end() : m.end() + 8]
        runs_on = (
            len(line) >= _SHORT_LINE
            and "\u4e00" <= line[-1] <= "\u9fff"
            and following[:1] >= "\u4e00"
            and not NUMBERING.match(following)
        )
        if not runs_on:
            cuts.update((m.start(), m.end()))
    spans: list[tuple[int, int]] = []
    ordered = sorted(c for c in cuts if 0 <= c <= len(folded))
    masked = mask_titles(folded)
    for lo, hi in pairwise(ordered):
        chunk = folded[lo:hi]
        stripped = chunk.strip()
        if not stripped:
            continue
        start = lo + len(chunk) - len(chunk.lstrip())
        end = start + len(stripped)
        if spans and _continues(folded, masked, spans[-1], start, end, starts):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _continues(
    folded: str, masked: str, last: tuple[int, int], start: int, end: int, starts: set[int]
) -> bool:
    """Whether the part ``[start, end)`` after a "；" is more of the duty before it."""
    if folded[last[1] - 1] not in ";；" or start in starts or NUMBERING.match(folded, start):
        return False
    if "\n" in folded[last[1] : start]:
        return False
    # A part with its own cue, opening with an action (；定期检查…) or with a party that acts
    # (；后勤保障部于1月底前完成…), is a duty of its own.
    return (
        not _CUE.search(masked, start, end)
        and not opens_with_action(folded, start, end)
        and not opening_subject(folded[start:end])
    )
