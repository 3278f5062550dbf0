"""Names people type → what the graph calls them: bodies, regulations, documents, kinds, levels.

The one resolver behind every route and command that takes a name. A name that matches nothing
raises ``UnknownName`` with the closest names, so "no such name" never looks like "none found".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.queries import Queries

SUGGESTIONS = 3  # closest names offered when a name matches nothing

_WHAT = {
    "body": "机构",
    "regulation": "法规",
    "document": "文件",
    "kind": "类型",
    "level": "层级",
    "modality": "情态",
}


class UnknownName(LookupError):
    """A name that denotes nothing the graph holds: ``code`` is ``unknown_<what>`` (the API's
    error code), ``suggestions`` the closest names, best first."""

    def __init__(self, what: str, name: str, suggestions: Sequence[str] = ()) -> None:
        self.what = what
        self.code = f"unknown_{what}"
        self.name = name
        self.suggestions = list(suggestions)
        message = f"没有找到名为“{name}”的{_WHAT.get(what, what)}"
        if self.suggestions:
            message += "；您是否要找：" + "、".join(self.suggestions)
        self.message = message
        super().__init__(message)

    @property
    def in_filter(self) -> bool:
        """A kind, level or modality names a filter (bad input: 422, exit 2); a body,
        regulation or document names the thing asked about (404, exit 3)."""
        return self.what in ("kind", "level", "modality")


# -- kinds and levels --------------------------------------------------------------------------
# Chinese names of ingest.models.DocumentKind (what a document is).
DOCUMENT_KINDS: Mapping[str, str] = {
    "法律": "law",
    "行政法规": "administrative_regulation",
    "部门规章": "departmental_rule",
    "规章": "departmental_rule",
    "地方性法规": "local_regulation",
    "地方政府规章": "local_regulation",
    "地方法规": "local_regulation",
    "司法解释": "judicial_interpretation",
    "通知": "notice",
    "规范性文件": "notice",
    "方案": "plan",
    "计划": "plan",
    "实施方案": "plan",
    "评分标准": "scoring_standard",
    "评审标准": "scoring_standard",
    "考评表": "scoring_standard",
    "报告": "report",
    "自查报告": "report",
    "其他": "other",
}
# Chinese names of graph.schema.CitingKind (what sort of place cites a work).
CITING_KINDS: Mapping[str, str] = {
    "检查项": "item",
    "评分项": "item",
    "考核项": "item",
    "条目": "item",
    "条款": "clause",
    "法条": "clause",
    "方案": "plan",
    "计划": "plan",
    "报告": "report",
    "自查报告": "report",
    "通知": "notice",
    "规范性文件": "notice",
    "标准": "standard",
    "评分标准": "standard",
    "评审标准": "standard",
    "其他": "other",
}
LEVELS: Mapping[str, str] = {
    "国家": "national",
    "全国": "national",
    "中央": "national",
    "国家级": "national",
    "省": "provincial",
    "省级": "provincial",
    "自治区": "provincial",
    "直辖市": "provincial",
    "市": "prefectural",
    "市级": "prefectural",
    "地市": "prefectural",
    "地级": "prefectural",
    "州": "prefectural",
    "县": "county",
    "县级": "county",
    "区": "county",
    "县（区）": "county",
    "县(区)": "county",
    "机构": "institution",
}


MODALITIES: Mapping[str, str] = {
    "应当": "must",
    "应": "must",
    "必须": "must",
    "须": "must",
    "不得": "must_not",
    "禁止": "must_not",
    "严禁": "must_not",
    "可以": "may",
    "可": "may",
}


def _code(what: str, name: str, codes: Iterable[str], chinese: Mapping[str, str]) -> str:
    """``name`` as an English code: the code itself (any case) or one of its Chinese names."""
    known = list(dict.fromkeys(codes))
    written = name.strip()
    if written.lower() in known:
        return written.lower()
    if written in chinese:
        return chinese[written]
    offered = [f"{zh}（{code}）" for zh, code in chinese.items() if zh in written or written in zh]
    raise UnknownName(what, name, offered[:SUGGESTIONS] or known)


def document_kind(name: str) -> str:
    """法律 / 评分标准 / law … → the DocumentKind value."""
    from ingest.models import DocumentKind

    return _code("kind", name, (k.value for k in DocumentKind), DOCUMENT_KINDS)


def level(name: str) -> str:
    """国家 / 省 / 市 / 县 / national … → the Level value."""
    from ingest.models import Level

    return _code("level", name, (v.value for v in Level), LEVELS)


def modality(name: str) -> str:
    """应当 / 不得 / 可以 / must … → the Modality value."""
    from ingest.models import Modality

    return _code("modality", name, (m.value for m in Modality), MODALITIES)


def citing_kinds(names: Sequence[str] | None) -> list[str] | None:
    """``item,条款`` or ``["检查项", "plan"]`` → the CitingKind values asked for (None: all).
    A document kind's Chinese name (法律, 行政法规 …) means the places such documents hold,
    by the rule that gives each citing place its kind (法律 → clause)."""
    if not names:
        return None
    from graph.schema import CitingKind, citing_kind

    known = [k.value for k in CitingKind]
    asked = [k.strip() for part in names for k in part.replace("，", ",").split(",") if k.strip()]
    found: set[str] = set()
    for name in asked:
        if name.lower() in known:
            found.add(name.lower())
        elif name in CITING_KINDS:
            found.add(CITING_KINDS[name])
        elif name in DOCUMENT_KINDS:
            found.add(str(citing_kind(DOCUMENT_KINDS[name], False)))
        else:
            raise ValueError(
                f"unknown citing kind {name!r}; use one of {', '.join(known)} "
                f"(or 检查项, 条款, 方案, 报告, 通知, 标准, 法律 …)"
            )
    return sorted(found) or None


# -- bodies ------------------------------------------------------------------------------------
def body_key(rows: Sequence[Mapping[str, Any]], name: str) -> str | None:
    """The key of the body ``name`` denotes among the graph's bodies (``rows`` of key, name,
    aliases): its key, canonical name or an alias (各/各级 dropped); else what the ingest rules
    make of the name (县卫健局, 质控中心, 医师), going up to the nearest body the graph holds;
    else the one body whose name contains it."""
    written = name.strip()
    if not written:
        return None
    for form in dict.fromkeys((written, written.removeprefix("各级"), written.removeprefix("各"))):
        for r in rows:
            if form in (r["key"], r["name"]) or form in (r.get("aliases") or []):
                return str(r["key"])
    held = {str(r["key"]) for r in rows}
    for key in _ruled_keys(written):
        found = _nearest_held(key, held)
        if found:
            return found
    partial = [r["key"] for r in rows if written in (r["name"] or "")]
    return str(partial[0]) if len(partial) == 1 else None


def _ruled_keys(name: str) -> list[str]:
    try:
        from ingest.bodies import keys_named
    except ImportError:  # pragma: no cover - ingest ships with graph
        return []
    return keys_named(name)


_LEVEL_ORDER = ("national", "provincial", "prefectural", "county", "local")


def _nearest_held(key: str, held: set[str]) -> str | None:
    """``key`` if the graph holds it; a family named without a level (质控中心) → its highest
    held level, whose sub-bodies are the lower ones; else the nearest held parent (医师 →
    医疗机构 when no 医师 is held)."""
    from ingest.bodies import body

    if key in held:
        return key
    family, _, lvl = key.partition("/")
    if lvl == "any":
        for upper in _LEVEL_ORDER:
            if f"{family}/{upper}" in held:
                return f"{family}/{upper}"
    try:
        parent = body(key).parent_key
    except KeyError:
        return None
    return _nearest_held(str(parent), held) if parent else None


def similar(name: str, choices: Mapping[str, str], limit: int = SUGGESTIONS) -> list[str]:
    """The ``limit`` choices closest to ``name``: ``choices`` maps each written form (name,
    alias, title) to the name to offer; forms sharing more characters with ``name`` first."""
    from rapidfuzz import fuzz, process

    written = name.strip()
    if not written or not choices:
        return []
    ranked = process.extract(written, list(choices), scorer=fuzz.WRatio, limit=limit * 8)
    offered: list[str] = []
    for form, score, _ in ranked:
        if score < 30:
            break
        if choices[form] not in offered:
            offered.append(choices[form])
        if len(offered) == limit:
            break
    return offered


def resolve_body(store: Queries, name: str) -> str:
    """The key of the body ``name`` denotes, or ``UnknownName`` with the closest body names."""
    rows = store.read(_cypher().BODY_NAMES)
    key = body_key(rows, name)
    if key is not None:
        return key
    choices: dict[str, str] = {}
    for r in rows:
        for form in (r["name"], *(r.get("aliases") or [])):
            if form:
                choices.setdefault(str(form), str(r["name"]))
    raise UnknownName("body", name, similar(name, choices))


# -- regulations and documents -----------------------------------------------------------------
def resolve_regulation(store: Queries, name: str) -> str:
    """The key of the regulation ``name`` names (title, short title, misspelling, 文号), or
    ``UnknownName`` with the closest titles."""
    key = store.resolve_regulation(name)
    if key is not None:
        return key
    choices: dict[str, str] = {}
    for r in store.read(_cypher().REGULATION_NAMES):
        choices.setdefault(str(r["key"]), str(r["key"]))
        for alias in r.get("aliases") or []:
            choices.setdefault(str(alias), str(r["key"]))
    raise UnknownName("regulation", name, similar(name.strip().strip("《》"), choices))


def resolve_documents(store: Queries, name: str) -> list[str]:
    """The ids of the documents ``name`` denotes: one document by id or exact title, every held
    version of a regulation, or the one document whose title contains it."""
    written = name.strip().strip("《》")
    rows = store.documents()
    exact = [r.id for r in rows if written in (r.id, r.title)]
    if exact:
        return exact
    key = store.resolve_regulation(written)
    versions = [r.id for r in rows if key and r.work_key == key]
    if versions:
        return versions
    partial = [r.id for r in rows if written and written in (r.title or "")]
    if len(partial) == 1:
        return partial
    titles = {str(r.title): str(r.title) for r in rows if r.title}
    if partial:
        offered = list(dict.fromkeys(str(r.title) for r in rows if r.id in partial))
        raise UnknownName("document", name, offered[:SUGGESTIONS])
    raise UnknownName("document", name, similar(written, titles))


def _cypher() -> Any:
    from graph import cypher

    return cypher
