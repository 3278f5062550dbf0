"""The qualified links of the export: a PENALISED_BY edge as a ``regkg:PenaltyLink`` carrying
what the penalty clause says (违反后果), so a data team reads the sanction, not just the clause.

The plain ``regkg:penalisedBy`` triple stays beside it for the simple join; the link node adds
the summary, the sanction kinds, who imposes them and where the penalty clause names the duty.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from graph.schema import RelRow
from ontology.iris import Iris, segment
from ontology.values import as_list, as_text
from ontology.vocab import REGKG

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def penalty_link_iri(rel: RelRow, duty: URIRef) -> URIRef:
    """``{duty clause}/penalty/{penalty clause path}``: stable across exports, readable, and
    unique per (duty, penalty) pair as PENALISED_BY is; the whole id when the penalty clause is
    in another document."""
    duty_doc = rel.start_key.partition("#")[0]
    penalty_doc, _, path = rel.end_key.partition("#")
    local = path if penalty_doc == duty_doc and path else rel.end_key
    return URIRef(f"{duty}/penalty/{segment(local.replace('/', '__'))}")


def sanction_kinds(raw: object) -> list[str]:
    """The distinct sanction kinds of the edge's ``sanctions`` (a JSON list of
    ingest.models.Sanction fields), in their order; [] when absent or unreadable."""
    if not isinstance(raw, str) or not raw:
        return []
    try:
        sanctions = json.loads(raw)
    except ValueError:
        return []
    kinds: list[str] = []
    for sanction in sanctions if isinstance(sanctions, list) else []:
        kind = sanction.get("kind") if isinstance(sanction, dict) else None
        if isinstance(kind, str) and kind and kind not in kinds:
            kinds.append(kind)
    return kinds


def penalty_triples(
    iris: Iris, rel: RelRow, duty: URIRef, penalty: URIRef, link: URIRef
) -> Iterator[Triple]:
    """The plain link and its qualified node ``link`` (``penalty_link_iri``); the caller adds
    the score and the span of the words in the penalty clause that name the duty (``raw``)."""
    props = rel.properties
    yield duty, REGKG.penalisedBy, penalty
    yield link, RDF.type, REGKG.PenaltyLink
    yield link, REGKG.dutyClause, duty
    yield link, REGKG.penaltyClause, penalty
    how = as_text(props.get("how"))
    if how:
        yield link, REGKG.linkedBy, Literal(how)
    summary = as_text(props.get("summary"))
    if summary:
        yield link, REGKG.sanctionSummary, Literal(summary, lang="zh")
    for kind in sanction_kinds(props.get("sanctions")):
        yield link, REGKG.sanctionKind, Literal(kind)
    for body_key in as_list(props.get("imposed_by")):
        yield link, REGKG.imposedBy, iris.body(body_key)
    imposed_raw = as_text(props.get("imposed_by_raw"))
    if imposed_raw:
        yield link, REGKG.imposedByText, Literal(imposed_raw, lang="zh")
