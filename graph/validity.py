"""The one rule for a document's validity (效力状态) and the reason the store gives for it.

现行有效, 已被修订 (with the version that replaced it), 已废止 (with the clause that repealed it),
尚未施行 (effective after today), 征求意见稿 — each says where it came from: the source's
metadata, a newer version held, a repeal clause, the effective date, or "据本库所知" when
nothing in the store says otherwise. ``graph.store`` writes what this decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any


class Validity(StrEnum):
    IN_FORCE = "in_force"  # 现行有效
    SUPERSEDED = "superseded"  # 已被修订: a newer version replaced it
    REPEALED = "repealed"  # 已废止
    NOT_YET_IN_FORCE = "not_yet_in_force"  # 尚未施行
    DRAFT = "draft"  # 征求意见稿
    UNKNOWN = "unknown"


class Basis(StrEnum):
    """Where a status came from, strongest first."""

    METADATA = "metadata"  # the source says so (征求意见稿 in its header, a crawl's verdict)
    REPEAL_CLAUSE = "repeal_clause"  # a held document's 废止 clause
    NEWER_VERSION = "newer_version"  # a newer version of the work is held
    EFFECTIVE_DATE = "effective_date"  # its 施行日期 is after today
    STORE = "store"  # 据本库所知: nothing held says otherwise


LABELS = {
    Validity.IN_FORCE: "现行有效",
    Validity.SUPERSEDED: "已被修订",
    Validity.REPEALED: "已废止",
    Validity.NOT_YET_IN_FORCE: "尚未施行",
    Validity.DRAFT: "征求意见稿",
    Validity.UNKNOWN: "状态未知",
}


@dataclass(frozen=True, slots=True)
class RepealFact:
    """A held document's clause that repeals (废止) or replaces the work, as of its date."""

    kind: str  # ingest.models.RepealKind: repeals, replaces
    date: str | None
    document_id: str | None = None
    document_title: str | None = None
    clause_id: str | None = None
    raw: str | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    status: Validity
    basis: Basis
    reason: str  # one Chinese sentence a reader can check
    replaced_by: str | None = None  # document id of the version or text that replaced it
    repealed_by: str | None = None  # clause id (else document id) of the repeal clause


def _dated(version: Mapping[str, Any]) -> str | None:
    value = version.get("version_date") or version.get("effective") or version.get("issued")
    return str(value) if value else None


def _applies(fact: RepealFact, version: Mapping[str, Any] | None) -> bool:
    """A repeal ends what came before it, never a later version (a work enacted again)."""
    dated = _dated(version) if version is not None else None
    return not (dated and fact.date and dated > fact.date)


def decide(
    version: Mapping[str, Any],
    current: Mapping[str, Any] | None,
    repeals: Sequence[RepealFact],
    today: date,
) -> Verdict:
    """The status of one held version of a work, given the work's current version (None when
    only drafts are held) and the repeal clauses of other held documents naming the work."""
    own = version.get("own_status")
    if own == "draft":
        return Verdict(Validity.DRAFT, Basis.METADATA, "来源标注为征求意见稿，不具法律效力")
    ending = [f for f in repeals if _applies(f, version)]
    repeal = next((f for f in ending if f.kind == "repeals"), None)
    if repeal is not None:
        where = f"《{repeal.document_title}》" if repeal.document_title else "本库所收文件"
        said = f"：{repeal.raw}" if repeal.raw else ""
        return Verdict(
            Validity.REPEALED,
            Basis.REPEAL_CLAUSE,
            f"{where}的废止条款{said}",
            repealed_by=repeal.clause_id or repeal.document_id,
        )
    if own == "repealed":
        return Verdict(Validity.REPEALED, Basis.METADATA, "来源标注为已废止或失效")
    is_current = current is not None and current.get("id") == version.get("id")
    replacing = next((f for f in ending if f.kind == "replaces"), None)
    if replacing is not None:  # another work's text replaces this one (执业医师法 → 医师法)
        where = f"《{replacing.document_title}》" if replacing.document_title else "新文本"
        return Verdict(
            Validity.SUPERSEDED,
            Basis.REPEAL_CLAUSE,
            f"已被{where}取代：{replacing.raw or '其施行条款废止本件'}",
            replaced_by=replacing.document_id,
            repealed_by=replacing.clause_id,
        )
    if current is not None and not is_current:
        when = current.get("version_date") or current.get("effective") or "更新"
        return Verdict(
            Validity.SUPERSEDED,
            Basis.NEWER_VERSION,
            f"本库收有 {when} 的新版本《{current.get('title') or ''}》",
            replaced_by=str(current["id"]),
        )
    effective = version.get("effective")
    if effective and str(effective) > today.isoformat():
        return Verdict(
            Validity.NOT_YET_IN_FORCE, Basis.EFFECTIVE_DATE, f"施行日期 {effective} 尚未到来"
        )
    if own == "in_force":
        return Verdict(Validity.IN_FORCE, Basis.METADATA, "来源元数据标注为现行有效")
    return Verdict(
        Validity.IN_FORCE,
        Basis.STORE,
        "据本库所知现行有效：本库未收更新版本，也无废止它的条款",
    )


def work_verdict(repeals: Sequence[RepealFact]) -> Verdict | None:
    """The status of a work not held (only cited), when a held document ends it."""
    repeal = next((f for f in repeals if f.kind == "repeals"), None)
    replacing = next((f for f in repeals if f.kind == "replaces"), None)
    fact = repeal or replacing
    if fact is None:
        return None
    status = Validity.REPEALED if repeal else Validity.SUPERSEDED
    where = f"《{fact.document_title}》" if fact.document_title else "本库所收文件"
    return Verdict(
        status,
        Basis.REPEAL_CLAUSE,
        f"{where}：{fact.raw or '废止本件'}",
        replaced_by=fact.document_id if status is Validity.SUPERSEDED else None,
        repealed_by=fact.clause_id or fact.document_id,
    )
