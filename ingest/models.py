"""Frozen, typed records that ingest produces from the bytes of one source document.

Every record keeps its document id and a character span into ``Document.text`` (the
normalised original text), so any answer downstream can be shown in context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class DocumentKind(StrEnum):
    """What sort of source a document is (法律, 行政法规, 通知, 评分标准, …)."""

    LAW = "law"  # 法律
    ADMINISTRATIVE_REGULATION = "administrative_regulation"  # 行政法规
    DEPARTMENTAL_RULE = "departmental_rule"  # 部门规章
    LOCAL_REGULATION = "local_regulation"  # 地方性法规 / 地方政府规章
    JUDICIAL_INTERPRETATION = "judicial_interpretation"  # 司法解释
    NOTICE = "notice"  # 通知
    PLAN = "plan"  # 方案 / 计划
    SCORING_STANDARD = "scoring_standard"  # 评分标准 / 评审标准
    REPORT = "report"  # 自查报告 / 总结
    OTHER = "other"


class Level(StrEnum):
    """Administrative level of a document's jurisdiction or of a responsible body."""

    NATIONAL = "national"  # 国家
    PROVINCIAL = "provincial"  # 省 / 自治区 / 直辖市
    PREFECTURAL = "prefectural"  # 地级市 / 州 / 地区
    COUNTY = "county"  # 县 / 区 / 县级市
    INSTITUTION = "institution"  # 医疗机构及其内部
    UNKNOWN = "unknown"


class Status(StrEnum):
    IN_FORCE = "in_force"
    DRAFT = "draft"  # 征求意见稿
    SUPERSEDED = "superseded"  # a newer version of the same work is held
    REPEALED = "repealed"  # 废止 / 失效
    NOT_YET_IN_FORCE = "not_yet_in_force"  # 尚未施行: its effective date is after today
    UNKNOWN = "unknown"


class ClauseKind(StrEnum):
    """Unit of the clause tree.

    Statutes use 编/章/节/条/款/项/目; notices use 一、（一）1.（1）①.
    """

    PREAMBLE = "preamble"  # text before the first numbered unit
    PART = "part"  # 编
    CHAPTER = "chapter"  # 章
    SECTION = "section"  # 节
    ARTICLE = "article"  # 条
    PARAGRAPH = "paragraph"  # 款
    ITEM = "item"  # 项 （一）
    SUBITEM = "subitem"  # 目 1.
    HEADING = "heading"  # numbered or unnumbered heading of a notice / plan / report
    TABLE = "table"  # one table of a scoring standard
    ROW = "row"  # one scored row of a table
    TEXT = "text"  # an unnumbered block


class Modality(StrEnum):
    MUST = "must"  # 应当 / 必须 / 要 / 须
    MUST_NOT = "must_not"  # 不得 / 严禁 / 禁止
    MAY = "may"  # 可以


class BodyKind(StrEnum):
    GOVERNMENT = "government"  # 人民政府, 国务院
    HEALTH_ADMINISTRATION = "health_administration"  # 卫生健康委 / 卫生健康局 / 卫生健康行政部门
    OTHER_ADMINISTRATION = "other_administration"  # 中医药局, 疾控局, 医保局, 药监局 …
    SUPERVISION_AGENCY = "supervision_agency"  # 卫生监督机构 / 卫生监督所
    QUALITY_CONTROL_CENTRE = "quality_control_centre"  # 质控中心
    INSTITUTION = "institution"  # 医疗机构, 医院
    INTERNAL_ROLE = "internal_role"  # 院长, 科主任, 医务人员
    COMMITTEE = "committee"  # 医疗质量管理委员会
    OTHER = "other"


class CitationKind(StrEnum):
    TITLE = "title"  # 《医疗机构管理条例》第二十条
    DOCUMENT_NUMBER = "document_number"  # 国卫监督发〔2020〕18号
    SHORT_FORM = "short_form"  # 《工作规范》 defined by （以下简称《工作规范》）
    SELF = "self"  # 本法, 本条例, 本办法
    INTERNAL = "internal"  # 本条, 前款, 第三十条 (an article of the same document)


class Resolution(StrEnum):
    EXACT = "exact"  # the title as written is a known title
    ALIAS = "alias"  # a known short title or abbreviation (《医师法》)
    FUZZY = "fuzzy"  # a misspelling resolved by edit distance (《医疗机构管理调条例》)
    DEFINED = "defined"  # a short form defined in the same document
    SELF = "self"  # resolved to the citing document itself
    NUMBER = "number"  # resolved through the document number
    UNRESOLVED = "unresolved"  # no known document: the target keeps its title only


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range ``[start, end)`` into ``Document.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Document:
    """One ingested source (one version of a work).

    ``id`` is stable across runs: derived from the source name and content hash by ingest.
    ``text`` is the normalised original (decoded, newlines unified, boilerplate removed);
    ``folded`` has exactly the same length and is traditional→simplified, full→half width,
    for matching. All spans index both.
    """

    id: str
    source: str  # file name or path as given
    sha256: str  # of the original bytes
    encoding: str  # detected encoding of the bytes
    title: str
    kind: DocumentKind
    text: str
    folded: str
    number: str | None = None  # 文号, simplified and normalised: 国卫办医政函〔2025〕228号
    issuers: tuple[str, ...] = ()  # canonical body names
    issued: date | None = None
    effective: date | None = None
    version_date: date | None = None
    level: Level = Level.UNKNOWN
    jurisdiction: str | None = None  # 全国, 新疆维吾尔自治区, 中卫市 …
    status: Status = Status.UNKNOWN
    work_title: str | None = None  # canonical title of the work this is a version of
    metadata: tuple[tuple[str, str], ...] = ()  # extra front-matter fields, as strings
    format: str = "text"  # text, markdown, html, pdf, docx, xlsx, xls, xlsb, ods, csv, json


@dataclass(frozen=True, slots=True)
class Clause:
    """One node of a document's clause tree.

    ``id`` is ``f"{document_id}#{path}"``; ``path`` is stable and machine-friendly
    (``ch_2/art_20/para_2``, ``t_2/r_3-3-6``, ``h_4/h_2``); ``locator`` is what a person
    writes (``第二十条第二款``, ``表2 3-3-6``, ``四、（二）``).
    """

    id: str
    document_id: str
    kind: ClauseKind
    path: str
    locator: str
    text: str  # the clause's own full text including its children's text
    span: Span
    parent_id: str | None  # None for top-level clauses (children of the document)
    order: int  # position among siblings, from 0
    number: int | None = None  # 第二十条 → 20, （三） → 3
    heading: str | None = None  # 第二章 总则 → "总则"; 一、行动目标 → "行动目标"
    origin: str | None = None  # where in a binary source it came from: 第3页, Sheet1 第5行, 段落12


@dataclass(frozen=True, slots=True)
class Citation:
    """A mention of another (or the same) document, resolved as far as the text allows."""

    id: str
    document_id: str
    clause_id: str | None  # innermost clause containing the mention
    kind: CitationKind
    raw: str  # exactly as written, e.g. 《医疗机构管理调条例》第二十条
    span: Span
    title: str | None  # the title as written, without 《》
    number: str | None  # a cited document number, normalised
    article: str | None  # locator of the cited part as written: 第十九条, 第二十条第二款
    article_path: str | None  # the same as a clause path suffix: art_19, art_20/para_2
    target_title: str | None  # canonical title of the cited work; None only for INTERNAL
    target_document_id: str | None  # a held document (best version) if resolved to one
    resolution: Resolution
    score: float = 1.0  # confidence of the resolution
    # For X cited through the notice that issues it (《关于印发X的通知》): that notice's title.
    issued_by: str | None = None


@dataclass(frozen=True, slots=True)
class Body:
    """A canonical responsible body with its aliases and administrative level."""

    key: str  # stable id, e.g. "health_administration/county"
    name: str  # canonical Chinese name, e.g. 县级卫生健康行政部门
    kind: BodyKind
    level: Level
    aliases: tuple[str, ...] = ()
    parent_key: str | None = None  # the body it is subordinate to (SUB_OF)


@dataclass(frozen=True, slots=True)
class BodyMention:
    document_id: str
    clause_id: str | None
    body_key: str
    raw: str
    span: Span


@dataclass(frozen=True, slots=True)
class Obligation:
    """A sentence that imposes a duty, prohibition or permission."""

    id: str
    document_id: str
    clause_id: str | None
    modality: Modality
    cue: str  # the modal word as written: 应当, 不得, 可以 …
    body_keys: tuple[str, ...]  # responsible bodies; empty when the text names none
    action: str  # what must / must not / may be done
    text: str  # the whole sentence
    span: Span  # of the sentence
    deadline: str | None = None  # 6月12日前, 三十日内
    frequency: str | None = None  # 每季度, 每月至少一次, 每年不少于2次
    threshold: str | None = None  # ≥95%, 100%


@dataclass(frozen=True, slots=True)
class InspectionItem:
    """A scored row of a scoring table, or an enumerated item of a notice (整治内容（三）)."""

    id: str
    document_id: str
    clause_id: str
    code: str  # 3-3-6, or the locator of a notice item such as 三、（三）
    table: str | None  # 表2
    section: str | None  # the enclosing 项目 / heading text
    requirement: str | None  # 基本要求
    content: str  # 主要内容 / the item text
    points: float | None  # 标准分
    points_raw: str | None  # 6分, 4分 3分
    span: Span
    criteria: tuple[str, ...] = ()  # graded criteria of one item: 【C】…, 【B】…, 【A】…
    bonus: float | None = None  # 奖分 / 加分, kept apart from the standard points
    basis: str | None = None  # the 评价依据 / 检查依据 cell or text, as written
    method: str | None = None  # the 检查方法 / 评价方法 cell: how the item is checked


class RepealKind(StrEnum):
    REPEALS = "repeals"  # 《X》同时废止: X is no longer in force
    REPLACES = "replaces"  # this document is the new text of X's work (X废止 in a new version)


@dataclass(frozen=True, slots=True)
class Repeal:
    """A clause that repeals or replaces another work, e.g. 医师法 第六十七条:
    "…《中华人民共和国执业医师法》同时废止"."""

    id: str
    document_id: str  # the repealing document
    clause_id: str | None  # the clause that says so
    kind: RepealKind
    raw: str  # the sentence part as written
    span: Span
    target_title: str  # canonical title of the repealed or replaced work
    target_document_id: str | None = None  # a held version of it, when one is held


@dataclass(frozen=True, slots=True)
class Sanction:
    """One sanction of a penalty clause (罚则), as written and read out.

    ``kind`` is a key of ``ingest.sanctions.SANCTION_LABELS`` (warning, fine, revocation …); a
    fine keeps its amounts (元, or multiples of ``basis`` such as 违法所得 / 货值金额)."""

    kind: str
    raw: str  # as written
    span: Span
    min_amount: float | None = None
    max_amount: float | None = None
    unit: str | None = None  # "元" (fixed amounts) or "倍" (multiples of ``basis``)
    basis: str | None = None  # 违法所得, 货值金额 … for multiples
    duration: str | None = None  # 六个月以上一年以下, 五年内, 终身
    object: str | None = None  # what is revoked or confiscated: 执业许可证, 违法所得
    condition: str | None = None  # 情节严重的, 逾期不改正的; None: the act's own sanction


@dataclass(frozen=True, slots=True)
class PenaltyLink:
    """A duty clause a penalty clause sanctions: named (本条例第X条) or matched by its act."""

    duty_clause_id: str
    how: str  # "article": the clause names it; "act": the described act restates the duty
    raw: str  # the reference or the act as written
    span: Span  # of ``raw`` in the penalty clause
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Penalty:
    """A penalty clause (罚则): what it sanctions, the sanctions, and who imposes them."""

    id: str
    document_id: str
    clause_id: str  # the penalty article, or its paragraph when the article has several
    text: str
    span: Span
    sanctions: tuple[Sanction, ...]
    duties: tuple[PenaltyLink, ...]
    imposed_by: tuple[str, ...] = ()  # body keys (ingest.bodies) of who imposes it
    imposed_by_raw: str | None = None  # 县级以上人民政府卫生健康主管部门, as written
    summary: str = ""  # 责令改正，警告；罚款5000元以上3万元以下（卫生健康主管部门）


@dataclass(frozen=True, slots=True)
class Problem:
    """Something ingest noticed and worked around: a malformed row, an unknown citation …"""

    document_id: str | None
    code: str  # short machine code: malformed_row, unresolved_citation, encoding_guess …
    message: str  # one line a person can act on
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """Everything extracted from one source document."""

    document: Document
    clauses: tuple[Clause, ...]
    citations: tuple[Citation, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    body_mentions: tuple[BodyMention, ...] = ()
    inspection_items: tuple[InspectionItem, ...] = ()
    problems: tuple[Problem, ...] = ()
    repeals: tuple[Repeal, ...] = ()
    penalties: tuple[Penalty, ...] = ()  # 罚则 clauses with the duties they sanction


@dataclass(frozen=True, slots=True)
class Failure:
    """A source that could not be ingested, with a one-line reason."""

    source: str
    message: str


@dataclass(frozen=True, slots=True)
class IngestBatch:
    """The result of ingesting several sources together (citations resolved across them)."""

    documents: tuple[ParsedDocument, ...]
    bodies: tuple[Body, ...]  # every canonical body mentioned, with ancestors
    failures: tuple[Failure, ...] = ()
    known_titles: tuple[str, ...] = field(default=())  # canonical titles of all held works
