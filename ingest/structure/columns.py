"""What a table's columns mean, read from its header row: 序号, 项目, 检查内容, 评分标准, 分值 …,
and the cell readers every table layout shares (codes, points, graded 【C】【B】【A】 criteria).

A header is recognised by its words, not by its position or by one document's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise

from ingest.structure.common import CN_NUMBER, squeeze


class Role(StrEnum):
    """What a column holds."""

    CODE = "code"  # 序号, 编号, 条款
    CATEGORY = "category"  # 项目, 类别, 一级指标: often merged down the rows
    REQUIREMENT = "requirement"  # 基本要求
    CONTENT = "content"  # 检查内容, 主要内容, 评审标准, 考核要点
    METHOD = "method"  # 检查方法, 评价方法
    SCORING = "scoring"  # 评分标准, 扣分标准, 评分方法
    POINTS = "points"  # 分值, 标准分, 满分
    BONUS = "bonus"  # 奖分, 加分
    SCORE = "score"  # 自评得分, 得分, 扣分: a column to fill in, not content
    BASIS = "basis"  # 评价依据, 检查依据, 法律依据
    NOTE = "note"  # 备注, 说明
    GRADE = "grade"  # a column per grade: C, B, A (合格, 良好, 优秀)
    TASK = "task"  # 重点任务, 整改措施, 工作任务: what a task table sets someone to do
    RESPONSIBLE = "responsible"  # 牵头单位, 配合单位, 责任科室, 责任人: who is to do it
    DEADLINE = "deadline"  # 完成时限, 时间节点, 时间: by when
    OTHER = "other"  # 联系电话, 地址 …: kept in the row, read by no rule


# Tried in order on the squeezed header cell; the first match names the role. Scoring words
# come before points and content (评分标准 is neither 分 nor 标准), 得分 before 分.
_HEADER_WORDS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role.BONUS, re.compile(r"奖分|加分|奖励分")),
    (Role.GRADE, re.compile(r"^【?[A-EＡ-Ｅ]级?】?$|^(合格|良好|优秀|达标|基本达标|不达标)$")),
    (Role.SCORING, re.compile(r"^(扣分|评分|计分)(项|事项|情形|内容|条件)$")),
    (Role.CONTENT, re.compile(r"内容")),  # 检查内容及评分标准: the content, scoring beside it
    (Role.SCORING, re.compile(r"(评分|扣分|计分|给分)(标准|方法|细则|办法|说明|规则|要求|依据)")),
    (
        Role.SCORE,
        re.compile(
            r"得分|(情况|结果|结论|意见|记录)$|"
            r"^(自评|自查|评分|扣分|扣分(原因|理由)|实得|是否(符合|达标|合格)|存在问题)$"
        ),
    ),
    (Role.POINTS, re.compile(r"分值|标准分|满分|分数|权重|应得分|基础分|^(分|总分|赋分|配分)$")),
    (
        Role.RESPONSIBLE,
        re.compile(
            r"(牵头|责任|负责|承办|主办|落实|配合|协办|协助|参与|实施)"
            r"(单位|部门|科室|处室|机构|人|领导|主体)$|^(责任人|负责人|牵头|责任方)$"
        ),
    ),
    (
        Role.DEADLINE,
        re.compile(
            r"(完成|截止|办结|整改|落实|推进)(时限|时间|期限|日期)$"
            r"|^(时间|时限|期限|时间节点|时间安排|进度安排|完成节点)$"
        ),
    ),
    (
        Role.TASK,
        re.compile(r"(任务|措施|举措|工作)$|^(具体)?(工作)?(任务|措施)(及|和)?(目标|要求)?$"),
    ),
    (Role.BASIS, re.compile(r"依据|出处")),
    (Role.METHOD, re.compile(r"(方法|方式|途径)$")),
    (Role.NOTE, re.compile(r"^(备注|说明|注|附注)$")),
    (
        Role.CODE,
        # 序号, 编号, and a thing's number: 指标编码, 项目编号, 条款编号
        re.compile(
            r"^(条款|条款号|条目|标号|No\.?|#)$|^[\u4e00-\u9fff]{0,4}(序号|编号|编码|代码)$", re.I
        ),
    ),
    (Role.REQUIREMENT, re.compile(r"要求$")),
    (
        Role.CONTENT,
        re.compile(r"(内容|标准|要点|细则|事项|问题|描述|条文|考核项|检查项|评价项|项目名称)$"),
    ),
    (Role.CATEGORY, re.compile(r"(项目|类别|类目|分类|维度|板块|模块|领域|环节|指标|专业)$")),
)

# Columns that rate the rows: a table with one is a checklist, never a task table.
_RATED = frozenset({Role.POINTS, Role.BONUS, Role.SCORING, Role.GRADE, Role.METHOD})
# A header that says the table is a checklist: an inspecting activity in a content-like column.
_INSPECTING = re.compile(
    r"检查|评价|考核|考评|评审|督查|督导|评估|自查|核查|监督|整治|验收|评分|达标"
)
# A caption or heading that names a checklist: 评分表, 考评表, 评审标准, 检查清单 …
CHECKLIST_TITLE = re.compile(
    r"(评分|考评|考核|检查|评审|评价|督查|自查|核查|验收|评估)[\u4e00-\u9fff]{0,4}"
    r"(表|标准|细则|清单|指标)"
)

_PUNCT = re.compile(r"[（(][^)）]*[)）]|[\s:：*※#]")


# Keys of JSON records and English sheets (``legal_basis``, ``maxScore``), as whole words.
_ENGLISH_WORDS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role.BONUS, re.compile(r"\bbonus\b")),
    (Role.SCORE, re.compile(r"\b(self|actual|achieved|obtained|result)\b")),
    (Role.SCORING, re.compile(r"\b(scoring|deduction|rubric)\b")),
    (Role.POINTS, re.compile(r"\b(points?|score|max|weight|marks?)\b")),
    (Role.BASIS, re.compile(r"\b(basis|reference|legal|law|source)\b")),
    (Role.METHOD, re.compile(r"\bmethods?\b")),
    (Role.NOTE, re.compile(r"\b(notes?|remarks?|comments?)\b")),
    (Role.RESPONSIBLE, re.compile(r"\b(responsible|owner|lead|assignee)\b")),
    (Role.DEADLINE, re.compile(r"\b(deadline|due)\b")),
    (Role.TASK, re.compile(r"\b(tasks?|actions?|measures?)\b")),
    (Role.CODE, re.compile(r"^(no|id|code|number|seq|index)$|\b(no|code|number|num|seq)$")),
    (Role.REQUIREMENT, re.compile(r"\brequirements?\b")),
    (Role.CONTENT, re.compile(r"\b(content|item|standard|criterion|description|text)\b")),
    (Role.CATEGORY, re.compile(r"\b(category|section|group|dimension|domain|area)\b")),
)


def header_role(cell: str) -> Role:
    """The role a header cell names; OTHER when its words name none."""
    words = _PUNCT.sub("", squeeze(cell)) or squeeze(cell)
    if re.fullmatch(r"[A-E]", words):
        return Role.GRADE
    if words.isascii():
        spaced = re.sub(r"(?<=[a-z])(?=[A-Z])|[_\-.]", " ", cell).lower().strip()
        found = (role for role, pattern in _ENGLISH_WORDS if pattern.search(spaced))
        return next(found, Role.OTHER)
    for role, pattern in _HEADER_WORDS:
        if pattern.search(words):
            return role
    return Role.OTHER


@dataclass(frozen=True, slots=True)
class Header:
    """A header row: each column's role and its words."""

    roles: tuple[Role, ...]
    names: tuple[str, ...]

    def columns(self, role: Role) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]

    def first(self, role: Role) -> int | None:
        found = self.columns(role)
        return found[0] if found else None

    @property
    def task_column(self) -> int | None:
        """The column a task table states its tasks in (重点任务, 整改措施, 工作内容): a header
        naming who is responsible (牵头单位, 责任科室) beside what is to be done, asking for no
        points or scoring rule; None for any other table. An inspecting column (检查内容) is no
        task: a checklist may name the department each item falls to."""
        roles = set(self.roles)
        if Role.RESPONSIBLE not in roles or roles & _RATED:
            return None
        found = self.first(Role.TASK)
        if found is not None:
            return found
        return next(
            (
                i
                for i, (role, name) in enumerate(zip(self.roles, self.names, strict=True))
                if role in (Role.CONTENT, Role.REQUIREMENT) and not _INSPECTING.search(name)
            ),
            None,
        )

    @property
    def is_checklist(self) -> bool:
        """The header asks for points, scores or a scoring rule, or names an inspecting activity.

        A timetable (序号 | 时间 | 工作内容 | 责任单位), a task table (重点任务 | 牵头单位, or an
        整改台账 whose 存在问题 and 落实情况 are columns to fill) or a contact list is none.
        """
        if self.task_column is not None:
            return False
        scored = {Role.POINTS, Role.BONUS, Role.SCORE, Role.SCORING, Role.METHOD, Role.GRADE}
        if scored & set(self.roles):
            return True
        return any(
            role in (Role.CONTENT, Role.CATEGORY, Role.REQUIREMENT) and _INSPECTING.search(name)
            for role, name in zip(self.roles, self.names, strict=True)
        )


def read_header(cells: list[str]) -> Header | None:
    """The header that ``cells`` spell, or None when the row reads as data.

    A header is short words, at least two of them naming a role, and no row-like cells
    (item codes, points).
    """
    filled = [squeeze(c) for c in cells if c.strip()]
    if len(filled) < 2 or any(len(c) > 20 or POINTS_CELL.match(c) for c in filled):
        return None
    if any(leading_code(c)[0] for c in filled):
        return None
    roles = [header_role(c) if c.strip() else Role.OTHER for c in cells]
    known = sum(1 for c, r in zip(cells, roles, strict=True) if c.strip() and r != Role.OTHER)
    if known < 2 or known < 0.5 * len(filled):
        return None
    codes = [i for i, r in enumerate(roles) if r == Role.CODE]
    if len(codes) > 1:  # a record's database id beside its item number (id | itemNo)
        for i in codes:
            if cells[i].strip().lower() == "id":
                roles[i] = Role.OTHER
    return Header(_settle(roles), tuple(squeeze(c) for c in cells))


def _settle(roles: list[Role]) -> tuple[Role, ...]:
    """Without a content column, the column nearest to one stands in for it: a requirement
    (检查要求), else the last category (检查项目, 三级指标), else the scoring rule."""
    if Role.CONTENT in roles:
        return tuple(roles)
    for stand_in in (Role.REQUIREMENT, Role.CATEGORY, Role.SCORING):
        found = [i for i, r in enumerate(roles) if r == stand_in]
        if found:
            roles[found[-1]] = Role.CONTENT
            break
    return tuple(roles)


# --- cells ---------------------------------------------------------------------------------


def is_table_line(content: str) -> bool:
    return content.startswith("|") or content.count("|") >= 2


def split_cells(content: str, written: str | None = None) -> list[str]:
    """A row's cells, empty ones kept: the outer pipes are edges, not cells.

    Cut where ``content`` (folded) has its pipes; with ``written`` (the same line as written,
    of equal length) the cells' text is taken from it, so items keep the document's own
    characters while the pipes are found in the folded line (｜ folds to |).
    """
    source = content if written is None else written
    cuts = [i for i, ch in enumerate(content) if ch == "|"]
    bounds = [-1, *cuts, len(content)]
    cells = [source[a + 1 : b].strip() for a, b in pairwise(bounds)]
    if content.startswith("|"):
        cells = cells[1:]
    if content.endswith("|") and cells:
        cells = cells[:-1]
    return cells


POINTS_CELL = re.compile(r"^\d+(?:\.\d+)?\s*分(?:\s+\d+(?:\.\d+)?\s*分)*$")
_NUMBER_CELL = re.compile(r"^[+＋]?\d+(?:\.\d+)?\s*分?$")
_POINT_VALUE = re.compile(r"(\d+(?:\.\d+)?)\s*分")
# The brackets standards write points in: （5分）, (5分), 【5分】, [5分], 〔5分〕.
POINTS_OPEN, POINTS_CLOSE = r"[（(【\[〔]", r"[)）】\]〕]"
_POINTS_IN_TEXT = re.compile(rf"{POINTS_OPEN}\s*(\d+(?:\.\d+)?)\s*分\s*{POINTS_CLOSE}")
_BONUS_IN_TEXT = re.compile(
    rf"{POINTS_OPEN}\s*(?:加|奖|奖励)\s*(\d+(?:\.\d+)?)\s*分\s*{POINTS_CLOSE}"
)
_CODES = (
    re.compile(
        r"^[★☆▲△◆※*]?\s*(\d{1,2}(?:\s*[-.．]\s*\d{1,2}){1,3})(?![\d.．])\s*[、.．]?\s*"
    ),  # 1-1-1, 1.1.1.1
    re.compile(r"^(\d{1,3})\s*[、.．]\s*(?!\d)"),  # 1、 1.
    re.compile(rf"^[（(]\s*({CN_NUMBER}|\d{{1,2}})\s*[)）]\s*[、.]?\s*"),  # （一） (1)
    re.compile(rf"^({CN_NUMBER})\s*[、.．]\s*"),  # 一、
)
_GRADE = re.compile(r"【\s*[A-Ea-eＡ-Ｅ][^】]{0,3}】")
_TRAILING_POINTS = re.compile(r"[（(]?\s*\d+(?:\.\d+)?\s*分\s*[)）]?\s*$")


def leading_code(text: str) -> tuple[str | None, str]:
    """An item code at the start of a cell, as written (1-1-1, 1.1, （一）, 一), and the rest."""
    text = text.strip()
    for pattern in _CODES:
        match = pattern.match(text)
        if match:
            code = re.sub(r"\s+", "", match.group(1)).replace("．", ".")
            if pattern is _CODES[2]:
                code = f"（{code}）"
            return code, text[match.end() :].strip()
    return None, text


def code_cell(text: str) -> str | None:
    """The code a 序号 / 编号 cell holds: 1, 1.1.1, 一 (punctuation after it and a core item's
    mark before it, ★3.1.3.1, dropped)."""
    text = squeeze(text).rstrip("、.．").lstrip("★☆▲△◆※*")
    return text or None


def label(text: str) -> str | None:
    """A category or requirement as a name: numbering and points dropped (1、管理 20分 → 管理)."""
    _, rest = leading_code(text)
    rest = _TRAILING_POINTS.sub("", rest)
    return squeeze(rest) or None


def points_of(raw: str | None) -> float | None:
    """6分 → 6.0, "4分 3分" → 7.0 (one row holding two questions), a bare 6 or 6.5 → itself."""
    if not raw:
        return None
    values = [float(v) for v in _POINT_VALUE.findall(raw)]
    if values:
        return sum(values)
    bare = raw.strip().lstrip("+＋")
    return float(bare) if re.fullmatch(r"\d+(?:\.\d+)?", bare) else None


def is_number_cell(text: str) -> bool:
    return bool(_NUMBER_CELL.match(text.strip()))


def points_in_text(text: str) -> str | None:
    """Points written into the item's own text: …制度健全（2分）."""
    if _BONUS_IN_TEXT.search(text):
        return None
    found = _POINTS_IN_TEXT.findall(text)
    return f"{found[-1]}分" if len(found) == 1 else None


def bonus_in_text(text: str) -> str | None:
    """Bonus points written into the text: （加1分）, （奖励2分）."""
    found = _BONUS_IN_TEXT.findall(text)
    return f"{found[0]}分" if len(found) == 1 else None


def split_criteria(text: str) -> tuple[str, tuple[str, ...]]:
    """The text before the first grade mark, and one criterion per 【C】/【B】/【A】 mark."""
    marks = list(_GRADE.finditer(text))
    if not marks:
        return text, ()
    head = text[: marks[0].start()].strip()
    pieces = [
        " ".join(
            text[m.start() : (marks[i + 1].start() if i + 1 < len(marks) else len(text))].split()
        )
        for i, m in enumerate(marks)
    ]
    return head, tuple(pieces)


def has_grade(text: str) -> bool:
    return bool(_GRADE.search(text))


# --- rows ----------------------------------------------------------------------------------


@dataclass(slots=True)
class ScoredRow:
    """One row of a table as read, before it becomes a ROW clause and (if scored) an item."""

    table: int
    code: str
    section: str | None
    requirement: str | None
    content: str
    points_raw: str | None
    start: int
    end: int
    path: str = ""  # the clause path, filled in when markers are made
    criteria: list[str] = field(default_factory=list)  # 【C】…, or the 评分标准 cell
    bonus_raw: str | None = None
    basis: str | None = None
    method: str | None = None
    scored: bool = True  # a checklist row, to become an inspection item

    @property
    def points(self) -> float | None:
        return points_of(self.points_raw)

    @property
    def bonus(self) -> float | None:
        return points_of(self.bonus_raw)


# --- rows that are not items -----------------------------------------------------------------

_TOTAL = re.compile(r"^(合计|总计|总分|小计|累计|得分合计|总得分|实得分)")
_NOTE = re.compile(r"^(备注|说明|注)\s*(\d|[：:、.]|$)")
# A place to sign (检查人签字：, （盖章）), not a row that speaks of signing (知情同意书签字不全).
_SIGNATURE = re.compile(
    r"(签字|签名|签章|盖章)\s*[)）]?\s*(?:[：:]|$)|^(检查|评审|考核|考评|评价|督查|填表|审核|复核)(人|者|人员|组长|组)|"
    r"^(被检查|受检|被评|被考核)(单位|机构)|^(检查|评审|考核|填表|评价)?(日期|时间)[：:]|"
    r"^日期|年\s+月\s+日"
)


_CLAUSE_PUNCT = re.compile(r"[，,。;；]")


def non_item_kind(cells: list[str]) -> str | None:
    """ "total", "note" or "signature" when the row is one of those; None for a row of content."""
    filled = [squeeze(c) for c in cells if c.strip()]
    if not filled:
        return "empty"
    first = filled[0]
    if _TOTAL.match(first) or (len(filled) > 1 and _TOTAL.match(filled[1]) and len(first) <= 3):
        return "total"
    if _NOTE.match(first):
        return "note"
    # a sentence ending in 签字 (实施三方核查，并签字) is a requirement, not a place to sign
    if any(_SIGNATURE.search(c) and len(c) <= 30 and not _CLAUSE_PUNCT.search(c) for c in filled):
        return "signature"
    return None
