"""Sanctions read out of one penalty clause (罚则): 警告, 罚款 with amounts and basis, 没收,
暂停执业, 吊销, 限制从业, 处分, 刑事责任 — each with the condition it hangs on (情节严重的).

Pure text functions over the folded clause text; ``ingest.penalties`` finds the clauses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.models import Sanction, Span
from ingest.structure.common import cn_to_int

_NUM = r"[\d.零〇一二两三四五六七八九十百千万亿]+"
_SPAN = r"[\d零〇一二两三四五六七八九十百]+(?:个月|年|日|天|个工作日)"
_DURATION = rf"{_SPAN}(?:(?:以上|至|到|-){_SPAN})?(?:以下|以内)?"  # 六个月以上一年以下
_BASIS = r"[^，。；,;]{0,40}?"  # 违法所得 / 货值金额 before a multiple, 每人次 before a rate
# 处2000元以上5000元以下的罚款 / 处违法所得2倍以上5倍以下的罚款 / 处5000元以下罚款 / 处以罚款, and
# one amount (处以三千元罚款, 处每人次五百元的罚款, 处货值金额3倍的罚款, 处货值金额等值的罚款). A
# warning offered as the alternative (处以警告或者100元以上5000元以下的罚款) is read as a warning of
# its own: the fine starts after the ``lead``.
_FINE = (
    r"(?:并)?(?P<lead>处(?:以)?(?:警告(?:或者|或|、))?)(?:"
    rf"(?P<basis>{_BASIS})?(?P<lo>{_NUM})(?P<u1>元|万元|倍)?"
    rf"(?:以上|至|到|-)(?:(?P<hi>{_NUM})(?P<u2>元|万元|倍)(?:以下)?)?(?:的)?罚款"
    rf"|(?P<basis2>{_BASIS})(?P<only>{_NUM})(?P<u3>元|万元|倍)以下(?:的)?罚款"
    rf"|(?P<basis3>{_BASIS})(?:(?P<fixed>{_NUM})(?P<u4>元|万元|倍)|(?P<equal>等值))(?:的)?罚款"
    r"|罚款)"
    # 给予警告、罚款、停业整顿: a bare 罚款 listed among other sanctions
    r"|(?<=[、和])罚款(?=[、和及或的，,；;。]|$)"
)


# The order sanctions are listed in a summary, roughly their severity.
SANCTION_LABELS = {
    "correction": "责令改正",
    "criticism": "通报批评",
    "warning": "警告",
    "fine": "罚款",
    "confiscation": "没收",
    "suspension": "暂停执业",
    "closure": "停业整顿",
    "revocation": "吊销",
    "ban": "限制从业",
    "discipline": "处分",
    "criminal": "追究刑事责任",
    "referral": "依照其他规定处罚",
}

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("correction", re.compile(r"责令(?:其)?(?:限期|立即)?(?:改正|整改|纠正)")),
    ("criticism", re.compile(r"通报批评")),
    ("warning", re.compile(r"警告")),
    ("fine", re.compile(_FINE)),
    (
        "confiscation",
        # 没收违法所得、罚款: the list's next sanction is not part of what is confiscated
        re.compile(
            r"没收(?!的|药品、器械的处罚)(?P<what>(?:(?!、(?:罚款|停业|吊销|暂停))[^，。；,;]){1,40})"
        ),
    ),
    (
        "suspension",
        re.compile(
            rf"(?:责令)?暂停(?:其)?(?P<d1>{_DURATION})?"
            r"(?:的)?(?P<what>执业活动|执业|[^，。；,;]{0,12}?(?:活动|业务|资格))"
            rf"(?P<d2>{_DURATION})?"
        ),
    ),
    ("closure", re.compile(r"(?:责令|(?<=[、和]))(?:停业整顿|停产停业|停止执业活动|关闭)")),
    (
        "revocation",
        re.compile(
            r"吊销(?:其|有关|原)?(?P<what>[《“「]?[^，。；,;]{0,24}?(?:证书|许可证|证|资格|批准文号))[》”」]?"
            # 由原审批机关予以撤销 / 撤销其执业资格: a permission withdrawn is a revocation too
            r"|(?<!被)撤销(?:其|相应的?|有关的?|原)?(?P<what2>[《“「]?[^，。；,;]{0,24}?"
            r"(?:证书|许可证|资格|批准文号|行政许可|许可))[》”」]?|予以撤销"
        ),
    ),
    (
        "ban",
        re.compile(
            r"(?P<d>[一二三四五六七八九十两\d]+年内|终身)(?:不得|禁止|不受理)(?P<what>[^，。；,;]{2,30})"
            r"|限制从业"
        ),
    ),
    (
        "discipline",
        re.compile(
            r"(?:依法)?给予[^，。；,;]{0,20}?处分|(?:依法)?给予[^，。；,;]{0,12}?行政处分"
            # 由有权机关对负有责任的主管人员和直接责任人员给予处理
            r"|对[^，。；,;]{0,30}?责任人员(?:依法)?(?:给予|予以)处理"
        ),
    ),
    # 应由司法机关依法追究直接责任人员的刑事责任
    ("criminal", re.compile(r"追究(?:其|[^，。；,;]{0,16}?人员的)?刑事责任|移送司法机关")),
    # The sanction lives elsewhere: 依照《X法》的规定予以处理 / 依照前款规定处罚.
    (
        "referral",
        re.compile(
            r"(?:依照|按照|依据)(?:国务院)?(?P<what>《[^》]{2,40}》|本(?:法|条例|办法)第[^，。；,;]{1,12}条|"
            r"前款|第[一二三四五六七八九十]+款|[^，。；,;《》]{0,30}?(?:法律|法规)|"
            r"[^，。；,;《》]{2,20}?(?:法|条例|办法)第[^，。；,;]{1,12}条)"
            # 依照《执业医师法》、国务院《护士条例》等法律、法规规定予以处罚; 依据《广告法》的有关
            # 规定，对负有责任的广告主…予以处罚
            r"[^，。；,;]{0,40}?规定(?:[，,]对[^，。；,;]{0,30}?)?(?:予以|给予|进行|依法)?(?:行政)?(?:处理|处罚|查处)"
            # 由公安机关依法给予治安管理处罚 / 以违反治安管理行为予以处罚
            r"|(?:依法)?(?:给予|予以)?(?P<public>治安管理处罚)|(?P<public2>以违反治安管理行为)(?:予以|给予)?处罚"
            # 由教育行政部门会同中医行政主管部门依法处罚 / 由公安机关依法处理: the sanction is
            # another's law, named by who imposes it
            r"|(?P<skip>由[^，。；,;]{2,30}?)依法(?:予以|给予|进行)?处罚"
            # 按生产假药给予处罚 / 按非法行医处理: the act is punished as another one
            r"|按(?!照?(?:规定|有关|国家|本|前|上述))(?:照)?(?P<as>[^，。；,;《》]{2,12}?)"
            r"(?:给予|予以|进行)?(?:处罚|论处|处理)"
            # 按照未取得医疗机构执业许可证开展执业活动处理: a longer act, when it is one (未/擅自…)
            r"|按(?:照)?(?P<as_act>(?:未|擅自|非法|无证)[^，。；,;《》]{4,28}?)"
            r"(?:给予|予以|进行)?(?:处罚|论处|处理)"
        ),
    ),
)

# A rate (处每人次五百元的罚款, 每日…): kept as the basis of a fixed fine.
_PER = re.compile(r"每[^\d零〇一二两三四五六七八九十百千万]{1,3}$")
_CONDITION_WORDS = re.compile(r"严重|逾期|拒不|造成|情节|再次|多次|屡次|后果|较大|重大|特别|构成")


# Marks around a licence's name: 吊销《医疗机构执业许可证》, 吊销“卫生许可证”.
QUOTES = "《》“”「」"


def amount(written: str, unit: str | None) -> float | None:
    """5000 → 5000.0, 3万 → 30000.0, 一万 → 10000.0, 十五 (倍) → 15.0; None if unreadable."""
    text = written.strip()
    factor = 10000.0 if unit == "万元" else 1.0
    if text.endswith("万"):
        text, factor = text[:-1], factor * 10000
    try:
        return float(text) * factor
    except ValueError:
        pass
    mixed = re.fullmatch(r"([\d.]+)([千百十])", text)  # 5千 (元), as some local rules write it
    if mixed:
        return float(mixed.group(1)) * {"千": 1000, "百": 100, "十": 10}[mixed.group(2)] * factor
    if "万" in text:
        high, _, low = text.partition("万")
        high_value = cn_to_int(high) if high else 1
        low_value = cn_to_int(low) if low else 0
        if high_value is None or low_value is None:
            return None
        return (high_value * 10000 + low_value) * factor
    value = cn_to_int(text)
    return None if value is None else float(value) * factor


def _unit(written: str | None) -> str | None:
    if written is None:
        return None
    return "倍" if written == "倍" else "元"


def _fine(m: re.Match[str]) -> dict[str, object]:
    lo, hi, only, fixed = m.group("lo"), m.group("hi"), m.group("only"), m.group("fixed")
    u1, u2, u3, u4 = m.group("u1"), m.group("u2"), m.group("u3"), m.group("u4")
    basis = (m.group("basis") or m.group("basis2") or m.group("basis3") or "").strip()
    basis = re.sub(r"^(?:以|其|按)", "", basis)
    out: dict[str, object] = {}
    if only:
        out.update(max_amount=amount(only, u3), unit=_unit(u3))
    elif lo:
        unit = u2 or u1
        out.update(min_amount=amount(lo, u1 or u2), unit=_unit(unit))
        if hi:
            out["max_amount"] = amount(hi, u2)
    elif fixed or m.group("equal"):  # one amount: the least and the most at once
        value = amount(fixed, u4) if fixed else 1.0
        out.update(min_amount=value, max_amount=value, unit=_unit(u4 if fixed else "倍"))
    basis = re.sub(r"的$", "", basis)
    if out.get("unit") == "倍" or _PER.match(basis):
        out["basis"] = basis or None
    return out


def _condition(text: str, start: int, lead: int) -> str | None:
    """The 情节严重的 / 逾期不改正的 a sanction hangs on: a ``…的`` phrase opening its sentence part
    (after the last ；or 。), the clause's own act (before ``lead``) excepted."""
    part_start = max(text.rfind(mark, 0, start) for mark in "；;。：:") + 1
    part_start = max(part_start, lead)
    for segment in re.split(r"[，,]", text[part_start:start])[:-1]:
        segment = segment.strip()
        if segment.endswith("的") and _CONDITION_WORDS.search(segment):
            return segment
    return None


def read_sanctions(text: str, lead: int = 0, base: int = 0) -> list[Sanction]:
    """Every sanction written in ``text`` (folded clause text), in text order; ``lead`` is where
    the clause's act description ends (conditions are only read after it); spans are offset by
    ``base`` (where ``text`` starts in the document)."""
    found: list[Sanction] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start = m.start()
            if kind == "fine" and "警告" in (m.group("lead") or ""):
                start = m.end("lead")  # 处以警告或者…罚款: the warning is read on its own
            elif kind == "referral" and m.group("skip"):
                start = m.end("skip")  # 由…依法处罚: who imposes it is no part of the sanction
            if any(s < m.end() and start < e for s, e in taken):
                continue
            if kind == "warning" and text[max(0, m.start() - 2) : m.start()].endswith("记"):
                continue  # 记大过 / 记过 are 处分, not a 警告
            extra: dict[str, object] = {}
            if kind == "fine":
                extra = _fine(m)
            elif kind == "confiscation":
                extra = {"object": m.group("what").strip()}
            elif kind == "suspension":
                extra = {"duration": (m.group("d1") or m.group("d2") or "").strip("其 ") or None}
            elif kind == "revocation":
                what = (m.group("what") or m.group("what2") or "").strip(QUOTES)
                extra = {"object": what or None}
            elif kind == "referral":
                punished_as = m.group("as") or m.group("as_act")
                public = m.group("public") or m.group("public2")
                what = m.group("what") or ("治安管理法律" if public else None)
                extra = {"object": f"按{punished_as}" if punished_as else what}
            elif kind == "ban":
                extra = {"duration": m.group("d"), "object": m.group("what")}
            taken.append((start, m.end()))
            found.append(
                Sanction(
                    kind=kind,
                    raw=text[start : m.end()],
                    span=Span(base + start, base + m.end()),
                    condition=_condition(text, start, lead),
                    **extra,  # type: ignore[arg-type]
                )
            )
    found.sort(key=lambda s: s.span.start)
    return found


def _money(value: float | None) -> str:
    if value is None:
        return ""
    if value >= 10000 and value % 10000 == 0:
        return f"{int(value // 10000)}万"
    if value >= 10000:
        return f"{value / 10000:g}万"
    return f"{value:g}"


def fine_label(s: Sanction) -> str:
    """罚款5000元以上3万元以下, 罚款违法所得1倍以上3倍以下, 罚款5000元以下."""
    unit = s.unit or "元"
    basis = s.basis or ""
    if s.min_amount is not None and s.min_amount == s.max_amount:
        return f"罚款{basis}{_money(s.min_amount)}{unit}"
    if s.min_amount is not None and s.max_amount is not None:
        return f"罚款{basis}{_money(s.min_amount)}{unit}以上{_money(s.max_amount)}{unit}以下"
    if s.max_amount is not None:
        return f"罚款{basis}{_money(s.max_amount)}{unit}以下"
    if s.min_amount is not None:
        return f"罚款{basis}{_money(s.min_amount)}{unit}"
    return "罚款"


def sanction_label(s: Sanction) -> str:
    """A short label for a summary line: 警告, 罚款…, 吊销执业许可证, 暂停执业六个月以上一年以下."""
    if s.kind == "fine":
        return fine_label(s)
    if s.kind == "revocation":
        verb = "撤销" if "撤销" in s.raw else "吊销"
        return f"{verb}{s.object or ''}"
    if s.kind == "confiscation" and s.object:
        return f"没收{s.object}"
    if s.kind == "referral" and s.object:
        return f"{s.object}处罚" if s.object.startswith("按") else f"依照{s.object}处罚"
    if s.kind == "suspension" and s.duration:
        return f"暂停执业{s.duration}"
    if s.kind in ("closure", "ban", "criminal", "correction"):
        return s.raw if len(s.raw) <= 24 else SANCTION_LABELS[s.kind]
    return SANCTION_LABELS[s.kind]


def summary(sanctions: Sequence[Sanction], imposed_by: str | None) -> str:
    """One line: 责令改正，警告；罚款5000元以上3万元以下；吊销执业许可证（卫生健康主管部门）.
    The act's own sanctions first, separated by ，; each conditional step after a ；."""
    groups: dict[str | None, list[str]] = {}
    for s in sanctions:
        label = sanction_label(s)
        labels = groups.setdefault(s.condition, [])
        if label not in labels:
            labels.append(label)
    parts = ["，".join(v) for v in groups.values() if v]
    line = "；".join(parts)
    return f"{line}（{imposed_by}）" if imposed_by and line else line
