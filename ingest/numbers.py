"""Document numbers (文号) as written in a text: 国卫监督发〔2020〕18号, 苏卫疾控[2007]35号 and
orders (国务院令第752号), normalised, with where each really starts.
"""

from __future__ import annotations

import re

# Document numbers: 国卫监督发〔2020〕18号, 苏卫疾控[2007]35号, and orders: 国务院令第752号.
BRACKET_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,10})\s*[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*第?\s*(\d{1,5})\s*号"
)
ORDER_NUMBER = re.compile(r"([\u4e00-\u9fff]{2,30}?)令\s*第\s*(\d{1,5})\s*号")
# Characters that end the words before an issuer's abbreviation (根据|按照 国卫…), never inside it.
_NUMBER_PREFIX_STOPS = set("据照的及与见按依了以于由在将对为是关即、")
_VERBS_BEFORE_NUMBER = re.compile(r"^.*(?:执行|落实|贯彻|遵照|参照|对照|遵守|印发|转发|下发|学习)")
_OPEN = "(（"
_CLOSE = ")）"


def normalise_number(written: str) -> str | None:
    """Canonical form of a folded document number: 苏卫疾控[2007]35号 → 苏卫疾控〔2007〕35号."""
    for pattern in (BRACKET_NUMBER, ORDER_NUMBER):
        m = pattern.fullmatch(written.strip())
        if m:
            return number_of(m)[1]
    return None


def number_of(m: re.Match[str]) -> tuple[int, str]:
    """Where a matched number really starts (after 根据/按照 …) and its canonical form."""
    if m.re is BRACKET_NUMBER:
        issuer = _trim_issuer(m.group(1), _NUMBER_PREFIX_STOPS | {"和"})
        number = f"{issuer}〔{m.group(2)}〕{m.group(3)}号"
    else:
        # 国家卫生和计划生育委员会令: 和 belongs to an order's issuer.
        issuer = _trim_issuer(m.group(1), _NUMBER_PREFIX_STOPS)
        number = f"{issuer}令第{m.group(2)}号"
    return m.end(1) - len(issuer), number


def _trim_issuer(prefix: str, stops: set[str]) -> str:
    cut = max((i for i, ch in enumerate(prefix) if ch in stops), default=-1)
    issuer = prefix[cut + 1 :]
    # 严格执行苏卫疾控〔2007〕35号: the verbs before an abbreviation are not part of it.
    verb = _VERBS_BEFORE_NUMBER.search(issuer)
    return issuer[verb.end() :] if verb and verb.end() < len(issuer) else issuer


def number_after(folded: str, pos: int) -> tuple[int, str] | None:
    """A document number in brackets right after a title: 》（国卫监督发〔2020〕18号）."""
    i = pos
    while i < len(folded) and folded[i] in " \t":
        i += 1
    if i < len(folded) and folded[i] in _OPEN + _CLOSE:  # seed 000 writes 》）新医指导发…）
        i += 1
    for pattern in (BRACKET_NUMBER, ORDER_NUMBER):
        m = pattern.match(folded, i)
        if m:
            start, number = number_of(m)
            end = m.end()
            if end < len(folded) and folded[end] in _CLOSE:
                end += 1
            if start == i:
                return end, number
    return None
