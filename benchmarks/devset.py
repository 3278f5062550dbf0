"""Search dev evaluation set: load the gold questions and decide whether a hit matches gold.

Gold locators are statute articles (第二十四条), scoring-table rows (表2 3-3-6) or outline
positions of notices, plans and reports (三、（二）); ``is_hit`` matches each by its own rule.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.structure.common import cn_to_int

__all__ = [
    "CATEGORIES",
    "DEFAULT_PATH",
    "STYLES",
    "DevQuestion",
    "DevsetError",
    "Gold",
    "article_number",
    "chinese_number",
    "is_hit",
    "load_devset",
    "outline_segments",
    "parse_row_locator",
]

DEFAULT_PATH = Path(__file__).with_name("devset.jsonl")
STYLES = frozenset({"formal", "colloquial", "low_overlap", "traditional", "typo"})
CATEGORIES = frozenset({"statute", "scoring", "notice", "plan", "report"})

_NUMERAL = r"[零〇一二两三四五六七八九十百千\d]+"
_ARTICLE_RE = re.compile(rf"第({_NUMERAL})条(?:之({_NUMERAL}))?")
_ROW_CODE_RE = re.compile(r"(?<![\d-])(\d+(?:-\d+){2,})(?![\d-])")
_TABLE_RE = re.compile(r"表\s*(\d+)")
# Outline markers: 三、 / （二） or (二) / 1. 1、 1．
_OUTLINE_RE = re.compile(
    rf"([零〇一二两三四五六七八九十百]+)、|[（(]\s*({_NUMERAL})\s*[）)]|(\d+)\s*[.．、]"
)


class DevsetError(ValueError):
    """The dev set file is missing or a line of it is malformed."""


@dataclass(frozen=True, slots=True)
class Gold:
    """One clause that answers a question: ``source`` is relative to ``data/``."""

    source: str
    locator: str


@dataclass(frozen=True, slots=True)
class DevQuestion:
    id: str
    question: str
    style: str
    category: str
    gold: tuple[Gold, ...]
    note: str


def load_devset(path: str | Path | None = None) -> list[DevQuestion]:
    """Read the JSON-lines dev set; raise ``DevsetError`` naming the line on bad input."""
    file = Path(path) if path is not None else DEFAULT_PATH
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DevsetError(f"cannot read dev set {file}: {exc.strerror}") from exc
    questions: list[DevQuestion] = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            questions.append(_parse_line(line, f"{file.name}:{number}"))
    return questions


def _parse_line(line: str, where: str) -> DevQuestion:
    try:
        row = json.loads(line)
        golds = tuple(Gold(str(g["source"]), str(g["locator"])) for g in row["gold"])
        question = DevQuestion(
            id=str(row["id"]),
            question=str(row["question"]),
            style=str(row["style"]),
            category=str(row["category"]),
            gold=golds,
            note=str(row.get("note", "")),
        )
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise DevsetError(f"{where}: malformed dev set line ({exc})") from exc
    if question.style not in STYLES:
        raise DevsetError(
            f"{where}: unknown style {question.style!r}, expected one of {sorted(STYLES)}"
        )
    if question.category not in CATEGORIES:
        raise DevsetError(f"{where}: unknown category {question.category!r}")
    if not golds:
        raise DevsetError(f"{where}: question {question.id} has no gold clause")
    return question


def chinese_number(text: str) -> int:
    """二十四 → 24, 一百零三 → 103, 24 → 24."""
    value = cn_to_int(text)
    if value is None:
        raise ValueError(f"not a Chinese numeral: {text!r}")
    return value


def article_number(locator: str) -> tuple[int, int] | None:
    """The first 第X条(之Y) in a locator as (X, Y), Y = 0 without 之; None if there is none."""
    match = _ARTICLE_RE.search(locator)
    if match is None:
        return None
    suffix = chinese_number(match.group(2)) if match.group(2) else 0
    return chinese_number(match.group(1)), suffix


def parse_row_locator(locator: str) -> tuple[int | None, str] | None:
    """``表2 3-3-6`` → (2, "3-3-6"); ``3-3-6`` → (None, "3-3-6"); None without a row code."""
    code = _ROW_CODE_RE.search(locator)
    if code is None:
        return None
    table = _TABLE_RE.search(locator)
    return (int(table.group(1)) if table else None), code.group(1)


def outline_segments(locator: str) -> tuple[tuple[str, int | str], ...]:
    """三、（二）1. → (("cn", 3), ("paren", 2), ("arabic", 1)), whatever the bracket width;
    整治内容（三） → (("head", "整治内容"), ("paren", 3)) for an unnumbered heading."""
    segments: list[tuple[str, int | str]] = []
    # An unnumbered heading is named by its text (整治内容（三）): the name is its first segment.
    head = re.match(r"([^\s\d（(、.．]+?)(?=[（(]|$)", locator.strip())
    if head and not _OUTLINE_RE.match(head.group(1) + "、"):
        segments.append(("head", head.group(1)))
    for match in _OUTLINE_RE.finditer(locator):
        if match.group(1):
            segments.append(("cn", chinese_number(match.group(1))))
        elif match.group(2):
            segments.append(("paren", chinese_number(match.group(2))))
        else:
            segments.append(("arabic", int(match.group(3))))
    return tuple(segments)


def _same_source(gold_source: str, source: str) -> bool:
    # A hit may name its source absolutely, relative to the repo, or relative to data/.
    returned = source.replace("\\", "/").strip()
    wanted = gold_source.replace("\\", "/").strip("/")
    return returned == wanted or returned.endswith("/" + wanted)


def is_hit(gold: Gold, source: str, locator: str, code: str | None = None) -> bool:
    """True when a returned (source, locator[, inspection code]) falls inside the gold clause.

    Statute gold 第二十四条 is hit by that article or any of its 款/项 (第二十四条第二款).
    Row gold 表2 3-3-6 is hit by code 3-3-6 (a stated table must agree).
    Outline gold 三、（二） is hit by that position or anything beneath it (三、（二）1.).
    """
    if not _same_source(gold.source, source):
        return False
    # An inspection item's code (3-3-6, 三、（三）) is as good a position as the clause locator.
    candidates = [locator] if code is None else [code, locator]
    wanted_article = article_number(gold.locator)
    if wanted_article is not None:
        return any(article_number(c) == wanted_article for c in candidates)
    wanted_row = parse_row_locator(gold.locator)
    if wanted_row is not None:
        return any(_row_matches(wanted_row, c, locator) for c in candidates)
    wanted_outline = outline_segments(gold.locator)
    if not wanted_outline:
        return False
    return any(outline_segments(c)[: len(wanted_outline)] == wanted_outline for c in candidates)


def _row_matches(wanted: tuple[int | None, str], candidate: str, locator: str) -> bool:
    got = parse_row_locator(candidate)
    if got is None or got[1] != wanted[1]:
        return False
    # Codes restart in every table, so a table named on either side must agree.
    got_table = got[0] if got[0] is not None else _table_of(locator)
    return wanted[0] is None or got_table is None or got_table == wanted[0]


def _table_of(locator: str) -> int | None:
    table = _TABLE_RE.search(locator)
    return int(table.group(1)) if table else None
