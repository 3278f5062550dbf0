"""A schema.org ``Legislation`` JSON-LD view of one regulation, for the web page's <script>.

It uses the same IRIs as the RDF export, so a crawler's view and the triple store agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ingest.models import Status
from ontology.iris import DEFAULT_BASE, DocumentIdentity, Iris
from ontology.schema import SCHEMES
from ontology.values import as_bool, as_date, as_list, as_text

Row = Mapping[str, object]
_SCHEMA = "https://schema.org/"


def _legal_force(status: object) -> str | None:
    if status == Status.IN_FORCE:
        return _SCHEMA + "InForce"
    if status in {Status.DRAFT, Status.SUPERSEDED, Status.REPEALED}:
        return _SCHEMA + "NotInForce"
    return None


def _label(scheme: str, value: object) -> str | None:
    text = as_text(value)
    return SCHEMES[scheme][1].get(text, text) if text else None


def _current(regulation: Row, versions: list[Row]) -> Row | None:
    wanted = as_text(regulation.get("current_document_id"))
    for version in versions:
        if wanted and version.get("id") == wanted:
            return version
    flagged = [v for v in versions if as_bool(v.get("is_current"))]
    pool = flagged or versions
    dated = sorted(
        pool,
        key=lambda v: as_date(v.get("version_date")) or as_date(v.get("issued")) or date.min,
    )
    return dated[-1] if dated else None


def _compact(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if v not in (None, [], "")}


def _version_node(iris: Iris, version: Row) -> dict[str, Any]:
    when = as_date(version.get("version_date"))
    issued = as_date(version.get("issued"))
    return _compact(
        {
            "@type": "Legislation",
            "@id": str(iris.document(str(version["id"]))),
            "name": as_text(version.get("title")),
            "legislationIdentifier": as_text(version.get("number")),
            "legislationDate": issued.isoformat() if issued else None,
            "legislationDateVersion": when.isoformat() if when else None,
            "legislationJurisdiction": as_text(version.get("jurisdiction")),
            "legislationLegalForce": _legal_force(version.get("status")),
            "creativeWorkStatus": _label("status", version.get("status")),
            "legislationPassedBy": [
                {"@type": "GovernmentOrganization", "name": name}
                for name in as_list(version.get("issuers"))
            ],
        }
    )


def legislation_jsonld(
    regulation: Row,
    versions: Iterable[Row] = (),
    *,
    parts: Iterable[Row] = (),
    base: str = DEFAULT_BASE,
) -> dict[str, Any]:
    """schema.org ``Legislation`` for a Regulation row (graph/schema.py properties).

    ``versions`` are its Document rows (every held version, drafts and superseded ones too);
    ``parts`` are Clause rows of the current version to list as ``hasPart`` (say, its 条).
    A work known only by citation (``held`` false) still gets a node, marked as not held.
    """
    versions = list(versions)
    iris = Iris(base, (DocumentIdentity.from_row(v) for v in versions))
    current = _current(regulation, versions)
    node: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "@id": str(iris.work(str(regulation["key"]))),
        "name": as_text(regulation.get("title")),
        "alternateName": as_list(regulation.get("aliases")),
        "inLanguage": "zh",
        "legislationType": _label("document-kind", regulation.get("kind")),
    }
    if not as_bool(regulation.get("held")):
        node["creativeWorkStatus"] = "未收录全文"  # known only because another text cites it
    if current is not None:
        head = _version_node(iris, current)
        for key in (
            "legislationIdentifier",
            "legislationDate",
            "legislationDateVersion",
            "legislationJurisdiction",
            "legislationLegalForce",
            "legislationPassedBy",
        ):
            node[key] = head.get(key)
    node["workExample"] = [_version_node(iris, v) for v in versions]
    node["hasPart"] = [
        _compact(
            {
                "@type": "Legislation",
                "@id": str(iris.clause(str(part["id"]))),
                "name": " ".join(
                    filter(None, (as_text(part.get("locator")), as_text(part.get("heading"))))
                ),
                "legislationIdentifier": as_text(part.get("locator")),
            }
        )
        for part in parts
    ]
    return _compact(node)
