"""Pydantic models of what the HTTP API answers, with OpenAPI examples in the domain's language.

Graph and search return dicts or dataclasses; these models validate them at the boundary and
drop whatever the client should not see.
"""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, AliasPath, BaseModel, ConfigDict, Field

from api.display import SimplifiedDisplay


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True, extra="ignore")


class ErrorDetail(_Out):
    code: str = Field(
        examples=["unknown_body"],
        description="Stable machine code: unknown_body, unknown_regulation, unknown_document, "
        "unknown_kind, unknown_level, not_found, invalid_request, graph_unavailable …",
    )
    message: str = Field(examples=["没有找到名为“医生”的机构；您是否要找：医师、医务人员"])
    suggestions: list[str] = Field(
        default_factory=list,
        description="The closest names when a name matched nothing, best first.",
        examples=[["医师", "医务人员"]],
    )


class ErrorBody(_Out):
    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Not found"},
    422: {"model": ErrorBody, "description": "Invalid input"},
}
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    401: {"model": ErrorBody, "description": "X-API-Key header missing"},
    403: {"model": ErrorBody, "description": "Wrong API key, or writes disabled"},
    413: {"model": ErrorBody, "description": "Upload too large"},
}


class ClauseRef(SimplifiedDisplay, _Out):
    """A clause as a link: enough to show a line and open it."""

    clause_id: str = Field(examples=["d41c…#ch_2/art_20"])
    document_id: str | None = None
    document_title: str | None = Field(default=None, examples=["医疗机构管理条例"])
    locator: str | None = Field(default=None, examples=["第二十条"])
    text: str | None = Field(
        default=None, examples=["医疗机构必须将《医疗机构执业许可证》…悬挂于明显处所。"]
    )


class CitationOut(_Out):
    """One citation from a clause to a regulation (and an article of it, when named)."""

    raw: str = Field(examples=["《医疗机构管理条例》第二十条"])
    target_title: str | None = Field(default=None, examples=["医疗机构管理条例"])
    article: str | None = Field(default=None, examples=["第二十条"])
    target_clause_id: str | None = None
    target_document_id: str | None = None
    resolution: str | None = Field(default=None, examples=["exact"])
    held: bool | None = None


class FoldedUnitOut(_Out):
    """Another version of a hit's article, or the same text in another work, folded under it."""

    clause_id: str
    document_id: str
    document_title: str
    locator: str
    version_date: str | None = None
    status: str | None = None
    relation: str = Field(examples=["version"], description="version or duplicate")
    same_text: bool
    note: str = Field(examples=["历史版本：2016-02-06 第三十条，文字相同"])


class SearchHitOut(SimplifiedDisplay, _Out):
    clause_id: str
    document_id: str | None = None
    document_title: str | None = Field(default=None, examples=["医疗机构管理条例"])
    locator: str | None = Field(default=None, examples=["第二十条"])
    text: str = Field(
        examples=[
            "医疗机构必须将《医疗机构执业许可证》、诊疗科目、诊疗时间和收费标准悬挂于明显处所。"
        ]
    )
    highlights: list[tuple[int, int]] = Field(
        default_factory=list, description="Matched spans as [start, end) into text."
    )
    score: float = Field(examples=[0.87])
    scores: dict[str, float] = Field(default_factory=dict, examples=[{"bm25": 0.9, "dense": 0.7}])
    path: list[str] = Field(default_factory=list, description="Headings from the document down.")
    cites: list[str] = Field(default_factory=list, examples=[["医疗机构管理条例实施细则"]])
    cited_by: list[str] = Field(default_factory=list)
    status: str | None = Field(default=None, examples=["in_force"])
    reason: str | None = Field(
        default=None, description="Why this hit: matched, or via a citation."
    )
    document_kind: str | None = Field(default=None, examples=["administrative_regulation"])
    code: str | None = Field(default=None, description="Inspection item code, for scored rows.")
    version_date: str | None = None
    is_current: bool | None = None
    superseded_by: str | None = Field(
        default=None, description="Version date of the current version, when this is older."
    )
    relevance: int | None = Field(
        default=None,
        ge=0,
        le=100,
        description="How likely this clause answers the question, 0–100 (search/relevance.py).",
    )
    relevance_label: str | None = Field(
        default=None, examples=["高"], description="高 (≥85), 中 (≥ the answer threshold, 28), 低"
    )
    explanation: str | None = Field(
        default=None,
        examples=["相关度 82（高）：问题中的“执业许可证”“悬挂”见于条文"],
        description="Which words of the question met which words of the clause, in Chinese.",
    )
    versions: list[FoldedUnitOut] = Field(
        default_factory=list,
        description="Other versions of this article and the same text in other works, folded.",
    )
    penalty: str | None = Field(
        default=None,
        validation_alias=AliasChoices("penalty", AliasPath("extra", "penalty")),
        examples=["责令改正，警告；罚款5000元以上3万元以下（县级以上地方卫生健康行政部门）"],
        description="违反后果: the sanctions of the penalty clause (罚则) for breaching it.",
    )
    document_facts: dict[str, Any] | None = Field(
        default=None,
        validation_alias=AliasChoices("document_facts", AliasPath("extra", "document_facts")),
        examples=[
            {
                "kind": "administrative_regulation",
                "level": "national",
                "number": "国务院令第149号",
                "effective": "1994-09-01",
                "issuers": ["国务院"],
            }
        ],
        description="Its document's 效力级别 (kind, level), 文号, 施行日期, 发布机关 (graph).",
    )


class SearchResponse(_Out):
    """One shape for `regkg search --json` and `GET /api/search`."""

    query: str = Field(examples=["执业许可证悬挂"])
    answered: bool = Field(
        default=True,
        description="False when nothing in the store answers the question: hits is empty and "
        "closest offers the nearest clauses, marked as such (未找到相关条款).",
    )
    top_k: int
    offset: int
    hits: list[SearchHitOut]
    closest: list[SearchHitOut] = Field(
        default_factory=list, description="When not answered: the closest matches, not answers."
    )
    note: str | None = Field(
        default=None,
        description="未找到相关条款 when not answered; or set when the answer is degraded, "
        "e.g. without graph expansion",
    )


class ClauseOut(SimplifiedDisplay, _Out):
    id: str
    document_id: str
    document_title: str | None = None
    kind: str = Field(examples=["article"])
    path: str = Field(examples=["ch_2/art_20"])
    locator: str = Field(examples=["第二十条"])
    heading: str | None = None
    text: str
    start: int | None = None
    end: int | None = None
    parent_id: str | None = None
    origin: str | None = Field(
        default=None,
        description="Where in a binary source the clause was read: page, sheet and row, paragraph.",
        examples=["Sheet1 第5行"],
    )


class PenaltyOut(_Out):
    """A penalty clause (罚则) sanctioning a duty clause, with its sanctions read out."""

    clause_id: str = Field(description="The penalty clause.")
    locator: str | None = Field(default=None, examples=["第四十五条"])
    document_id: str
    text: str | None = None
    duty_clause_id: str = Field(description="The duty clause the link starts at.")
    duty_locator: str | None = Field(default=None, examples=["第十二条"])
    how: str = Field(examples=["act"], description="article: named (第X条); act: restated")
    raw: str | None = Field(default=None, description="The reference or act as written.")
    summary: str = Field(examples=["责令限期改正，警告；罚款2000元以上5000元以下"])
    sanctions: list[dict[str, Any]] = Field(
        default_factory=list,
        description="kind (warning, fine, revocation …), raw, min_amount, max_amount, unit, "
        "basis, duration, object, condition.",
    )
    imposed_by: list[str] = Field(default_factory=list, description="Body keys.")
    imposed_by_raw: str | None = None


class ClauseContext(_Out):
    """A clause with what surrounds it: its parent, the clauses before and after, its children."""

    clause: ClauseOut
    parent: ClauseOut | None = None
    previous: list[ClauseOut] = Field(default_factory=list)
    following: list[ClauseOut] = Field(default_factory=list)
    children: list[ClauseOut] = Field(default_factory=list)
    cites: list[CitationOut] = Field(default_factory=list)
    cited_by: list[ClauseRef] = Field(default_factory=list)
    penalties: list[PenaltyOut] = Field(
        default_factory=list, description="违反后果: the penalty clauses (罚则) sanctioning it."
    )
    # Its document's 效力级别, 发布机关, 文号, 施行日期, status and reason; for a superseded
    # version ``current`` names the corresponding article now (graph.changes.clause_validity).
    validity: dict[str, Any] | None = None


class DocumentOut(SimplifiedDisplay, _Out):
    id: str
    title: str = Field(examples=["医疗机构管理条例"])
    kind: str | None = Field(default=None, examples=["administrative_regulation"])
    number: str | None = Field(default=None, examples=["国卫办医政函〔2025〕228号"])
    level: str | None = Field(default=None, examples=["national"])
    jurisdiction: str | None = Field(default=None, examples=["全国"])
    status: str | None = Field(default=None, examples=["in_force"])
    issued: str | None = None
    effective: str | None = None
    version_date: str | None = Field(default=None, examples=["2022-03-29"])
    work_key: str | None = None
    is_current: bool | None = None
    source: str | None = None
    format: str | None = Field(default=None, examples=["xlsx"])
    issuers: list[str] | None = Field(default=None, examples=[["国务院"]])  # 发布机关
    # graph.validity: where ``status`` came from (metadata, repeal_clause, newer_version,
    # effective_date, store = 据本库所知), in words, and what replaced or repealed it
    status_basis: str | None = Field(default=None, examples=["newer_version"])
    status_reason: str | None = Field(default=None, examples=["本库收有 2022-03-29 的新版本"])
    replaced_by: str | None = None
    repealed_by: str | None = None


class OutlineNode(_Out):
    id: str
    locator: str
    heading: str | None = None
    kind: str
    children: list[OutlineNode] = Field(default_factory=list)


class DocumentDetail(DocumentOut):
    outline: list[OutlineNode] = Field(default_factory=list)
    item_count: int = 0
    versions: list[VersionOut] = Field(
        default_factory=list,
        description="The held versions of its work (this one among them), oldest first; a "
        "新旧对照 needs two.",
    )


class InspectionItemOut(SimplifiedDisplay, _Out):
    id: str
    clause_id: str | None = None
    code: str = Field(examples=["3-3-6"])
    table: str | None = Field(default=None, examples=["表2"])
    section: str | None = None
    requirement: str | None = None
    content: str = Field(examples=["有医疗质量管理制度并落实"])
    points: float | None = Field(default=None, examples=[6.0])
    points_raw: str | None = Field(default=None, examples=["6分"])
    criteria: list[str] = Field(
        default_factory=list, description="Graded criteria of the item: 【C】…, 【B】…, 【A】…"
    )
    bonus: float | None = Field(default=None, description="奖分, apart from the standard points.")
    basis: str | None = Field(default=None, description="The 评价依据 cell as written.")
    cites: list[CitationOut] = Field(
        default_factory=list, description="The regulations (and articles) the item names."
    )


class RepealOut(_Out):
    """A held document that repeals or replaces the work, and the clause that says so."""

    document_id: str
    document_title: str | None = Field(default=None, examples=["中华人民共和国医师法"])
    kind: str = Field(examples=["repeals"], description="repeals (废止) or replaces")
    clause_id: str | None = None
    locator: str | None = Field(default=None, examples=["第六十七条"])
    raw: str | None = Field(default=None, examples=["《中华人民共和国执业医师法》同时废止"])


class RegulationOut(_Out):
    key: str = Field(examples=["医疗机构管理条例"])
    title: str = Field(examples=["医疗机构管理条例"])
    held: bool = True
    kind: str | None = None
    level: str | None = None
    current_document_id: str | None = None
    cited_by_count: int = Field(default=0, examples=[7])
    status: str | None = Field(default=None, examples=["repealed"])
    cited_by_kinds: dict[str, int] = Field(
        default_factory=dict,
        description="Citing places by kind (item, clause, plan, report, notice, standard, other).",
        examples=[{"clause": 30, "item": 1, "notice": 2}],
    )
    repealed_by: list[RepealOut] = Field(default_factory=list)


class CitingItemOut(_Out):
    """The inspection item a citing place belongs to."""

    id: str
    code: str | None = Field(default=None, examples=["3-3-2"])
    table: str | None = Field(default=None, examples=["表2"])
    section: str | None = None
    requirement: str | None = Field(default=None, description="基本要求 / the standard scored.")
    content: str | None = None
    points: float | None = Field(default=None, examples=[6.0])
    points_raw: str | None = Field(default=None, examples=["6分"])


class CitingRow(SimplifiedDisplay, _Out):
    """One place that cites the regulation: a clause or an inspection item, at some depth."""

    clause_id: str | None = None
    document_id: str | None = None
    document_title: str | None = None
    locator: str | None = None
    text: str | None = None
    raw: str | None = Field(default=None, examples=["《医疗机构管理调条例》"])
    article: str | None = None
    depth: int = 1
    via: str | None = Field(default=None, description="The regulation cited at depth > 1.")
    target_clause_id: str | None = None
    article_now: str | None = Field(
        default=None,
        examples=["第十八条"],
        description="Where the cited article of an older version is now, when a later version "
        'renumbered it; "" when it deleted it; null when the number as written holds.',
    )
    resolution: str | None = Field(default=None, examples=["fuzzy"])
    kind: str = Field(
        default="other",
        examples=["item"],
        description="item, clause, plan, report, notice, standard (a scoring standard's text) "
        "or other",
    )
    item: CitingItemOut | None = None


class GraphNode(_Out):
    id: str
    label: str = Field(examples=["Regulation"])
    title: str


class GraphEdge(_Out):
    source: str
    target: str
    type: str = Field(examples=["CITES"])


class GraphOut(_Out):
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class Page(_Out):
    """A page of a long list: ``items[offset : offset + limit]`` of ``total``."""

    total: int = Field(examples=[926], description="How many rows there are in all.")
    offset: int = Field(examples=[0])
    limit: int = Field(examples=[100])


class CitedByOut(Page):
    regulation: RegulationOut
    article: str | None = None
    kinds: list[str] | None = Field(default=None, description="The kinds asked for; null: all.")
    depth: int
    by_kind: dict[str, int] = Field(
        default_factory=dict,
        description="All the rows (not only this page) counted by citing kind.",
        examples=[{"clause": 30, "item": 4}],
    )
    items: list[CitingRow]
    graph: GraphOut = Field(description="The citing documents of this page as a picture.")


class VersionOut(_Out):
    document_id: str
    title: str
    version_date: str | None = Field(default=None, examples=["2022-03-29"])
    status: str | None = None
    is_current: bool = False


class BodyNode(_Out):
    key: str = Field(examples=["health_administration/county"])
    name: str = Field(examples=["县级卫生健康行政部门"])
    kind: str | None = None
    level: str | None = None
    parent_key: str | None = None
    obligation_count: int = 0
    children: list[BodyNode] = Field(default_factory=list)


class ObligationOut(_Out):
    id: str
    body: str | None = Field(default=None, description="Name of the body it binds.")
    body_key: str | None = None
    document_id: str | None = None
    document_title: str | None = None
    clause_id: str | None = None
    locator: str | None = None
    modality: str = Field(examples=["must"])
    cue: str | None = Field(default=None, examples=["应当"])
    body_keys: list[str] = Field(default_factory=list)
    action: str | None = None
    text: str
    deadline: str | None = Field(default=None, examples=["6月12日前"])
    frequency: str | None = Field(default=None, examples=["每年不少于2次"])
    threshold: str | None = None
    penalty: str | None = Field(
        default=None,
        examples=["责令限期改正，警告；罚款2000元以上5000元以下（县级以上地方卫生健康行政部门）"],
        description="违反后果: the sanctions of the penalty clause for breaching the duty.",
    )
    penalty_clause_id: str | None = Field(default=None, description="The penalty clause (罚则).")


class BodyObligations(Page):
    body: BodyNode
    asked: str = Field(examples=["县卫健局"], description="The name as it was given.")
    include_sub_bodies: bool = Field(
        description="Whether the sub-bodies' obligations are listed too (the default)."
    )
    own_total: int = Field(examples=[84], description="The body's own, under the same filters.")
    with_sub_bodies_total: int = Field(
        examples=[358], description="The body's and its sub-bodies', under the same filters."
    )
    modality: str | None = Field(default=None, examples=["must"])
    documents: list[str] | None = Field(
        default=None, description="Only obligations stated in these documents (ids)."
    )
    level: str | None = Field(default=None, examples=["national"])
    scope: str = Field(
        examples=["含下级机构 358 项，本机构 84 项；列出含下级机构的"],
        description="What the list holds, in a line for people.",
    )
    items: list[ObligationOut]


class BodiesPage(Page):
    """Root bodies of the tree (``total`` counts roots), each with its sub-bodies nested."""

    items: list[BodyNode]


class RegulationsPage(Page):
    items: list[RegulationOut]


class DocumentsPage(Page):
    items: list[DocumentOut]


class ItemsPage(Page):
    items: list[InspectionItemOut]


class IngestedDocument(_Out):
    source: str
    document_id: str | None = None
    title: str | None = None
    counts: dict[str, int] = Field(default_factory=dict)
    problems: list[str] = Field(default_factory=list)
    error: str | None = None
    replaced: list[str] = Field(
        default_factory=list, description="ids of the older versions of this source it replaced"
    )


class IngestOut(_Out):
    loaded: int
    failed: int
    indexed_units: int
    documents: list[IngestedDocument]


class DeletedOut(_Out):
    document_id: str
    deleted: bool


class HealthOut(_Out):
    status: str = Field(examples=["ok"])
    graph: bool
    search: bool
    writes_enabled: bool
    counts: dict[str, int] = Field(default_factory=dict)
    refinement: dict[str, Any] | None = Field(
        default=None,
        description="how many search units carry the query model's document vectors "
        "(best recall) and whether the background refinement is running.",
        examples=[
            {
                "model": "embeddinggemma-300m",
                "units": 7815,
                "refined": 2400,
                "running": True,
                "units_per_second": 9.8,
                "eta_seconds": 552,
                "error": None,
            }
        ],
    )
