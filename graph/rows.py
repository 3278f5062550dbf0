"""The small records the graph store's queries answer with.

Plain dataclasses, so the API can validate them and the CLI can print them without the driver.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class CitingRow:
    """One place that cites a regulation (or one of its articles), found at ``depth``."""

    clause_id: str | None  # the citing clause, or None for a document-level mention
    document_id: str
    document_title: str | None
    locator: str | None
    text: str | None
    raw: str | None  # the citation as written: 《医疗机构管理调条例》第二十条
    article: str | None
    article_path: str | None
    target_key: str  # the cited regulation
    target_clause_id: str | None  # the cited article when it resolved in the current version
    # Where an older version's article cited here is now, when a revision renumbered it
    # (第十八条), "" when the revision deleted it; None: the number as written holds.
    article_now: str | None = None
    depth: int = 1
    via: str | None = None  # at depth > 1: the regulation this row cites
    resolution: str | None = None
    kind: str = "other"  # graph.schema.CitingKind: item, clause, plan, report, notice, …
    item: CitingItem | None = None  # the inspection item whose row holds the citation


@dataclass(frozen=True, slots=True)
class CitingItem:
    """The inspection item a citing row belongs to: what a supervisor checks and scores."""

    id: str
    code: str | None
    table: str | None
    section: str | None
    requirement: str | None  # 基本要求 / the standard the item scores against
    content: str | None
    points: float | None
    points_raw: str | None


@dataclass(frozen=True, slots=True)
class CitationRow:
    """One citation made by a clause, item or document."""

    raw: str | None
    target_title: str | None
    article: str | None
    target_clause_id: str | None
    target_document_id: str | None
    resolution: str | None
    held: bool | None


@dataclass(frozen=True, slots=True)
class ObligationRow:
    id: str
    body: str  # name of the body it binds (the asked body or one of its sub-bodies)
    body_key: str
    document_id: str
    document_title: str | None
    clause_id: str | None
    locator: str | None
    modality: str
    cue: str | None
    body_keys: list[str]
    action: str | None
    text: str
    deadline: str | None
    frequency: str | None
    threshold: str | None
    # 违反后果: the summary of the penalty clause sanctioning the duty's clause (graph/queries.py)
    penalty: str | None = None
    penalty_clause_id: str | None = None


@dataclass(frozen=True, slots=True)
class ItemRow:
    """An inspection item (scored row or notice item) that cites a regulation."""

    id: str
    document_id: str
    document_title: str | None
    clause_id: str | None
    code: str
    table: str | None
    section: str | None
    requirement: str | None
    content: str
    points: float | None
    points_raw: str | None
    raw: str | None


@dataclass(frozen=True, slots=True)
class DocumentItemRow:
    """An inspection item of a document, with what it cites."""

    id: str
    document_id: str
    code: str
    content: str
    clause_id: str | None = None
    table: str | None = None
    section: str | None = None
    requirement: str | None = None
    points: float | None = None
    points_raw: str | None = None
    start: int | None = None
    end: int | None = None
    criteria: list[str] = field(default_factory=list)
    bonus: float | None = None
    basis: str | None = None
    cites: list[CitationRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RepealRow:
    """A held document that repeals (废止) or replaces a work, and the clause saying so."""

    document_id: str
    document_title: str | None
    kind: str  # ingest.models.RepealKind: repeals, replaces
    clause_id: str | None
    locator: str | None
    raw: str | None


@dataclass(frozen=True, slots=True)
class VersionRow:
    document_id: str
    title: str
    version_date: str | None
    status: str | None
    is_current: bool


@dataclass(frozen=True, slots=True)
class RegulationRow:
    key: str
    title: str
    held: bool
    kind: str | None
    level: str | None
    current_document_id: str | None
    cited_by_count: int = 0
    status: str | None = None  # the current version's, or repealed / superseded by a repeal
    cited_by_kinds: dict[str, int] = field(default_factory=dict)  # citing places by CitingKind
    repealed_by: list[RepealRow] = field(default_factory=list)


@dataclass(slots=True)
class BodyRow:
    key: str
    name: str
    kind: str | None
    level: str | None
    parent_key: str | None
    obligation_count: int = 0
    children: list[BodyRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: str
    title: str
    kind: str | None
    number: str | None
    level: str | None
    jurisdiction: str | None
    status: str | None
    issued: str | None
    effective: str | None
    version_date: str | None
    work_key: str | None
    is_current: bool | None
    source: str | None
    format: str | None = None
    issuers: list[str] | None = None  # 发布机关
    status_basis: str | None = None  # graph.validity.Basis: where ``status`` came from
    status_reason: str | None = None
    replaced_by: str | None = None
    repealed_by: str | None = None


@dataclass(frozen=True, slots=True)
class CitedTarget:
    """What a clause cites: an article (``clause_id``) or only a regulation."""

    clause_id: str | None
    document_id: str | None
    regulation: str | None
    article: str | None
    raw: str | None


class ClauseLinks(list[CitedTarget]):
    """The targets a clause cites (a list, as search's expansion reads it), plus how often the
    clause itself is cited and whether its document is the current version."""

    def __init__(
        self,
        targets: list[CitedTarget],
        cited_by_count: int,
        is_current: bool | None,
        status: str | None,
        document_title: str | None,
    ) -> None:
        super().__init__(targets)
        self.cited_by_count = cited_by_count
        self.is_current = is_current
        self.status = status
        self.document_title = document_title


@dataclass(frozen=True, slots=True)
class PenaltyRow:
    """A penalty clause (罚则) that sanctions a duty clause, with the sanctions read out of it
    (ingest/penalties.py): what 违反后果 a duty carries."""

    clause_id: str  # the penalty clause
    locator: str | None
    document_id: str
    text: str | None
    duty_clause_id: str  # the duty clause (the asked clause, one of its parts or its holder)
    duty_locator: str | None
    how: str  # "article": the penalty names the duty; "act": its act restates the duty
    raw: str | None  # the reference or the act as written in the penalty clause
    start: int | None  # span of ``raw`` in the document's text
    end: int | None
    score: float | None
    summary: str  # 责令改正，警告；罚款5000元以上3万元以下（卫生健康主管部门）
    sanctions: list[dict[str, object]] = field(default_factory=list)
    imposed_by: list[str] = field(default_factory=list)  # body keys
    imposed_by_raw: str | None = None
