"""A data team's afternoon with the RDF: export in every syntax the CLI offers, load each with
rdflib (and pyoxigraph when installed), check every syntax holds the same triples, the counts
against the graph, IRIs (absolute, stable over two exports, no blank nodes, odd titles encoded),
literals (language tags, date and number datatypes), the SHACL shapes, and the shipped SPARQL.

    python -m benchmarks.data_team --home HOME [--out DIR] [--shacl]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF, RDFS, SKOS, XSD

from ontology import run_query, shapes_graph
from ontology.sparql import query_names
from ontology.vocab import CITO, DPV, ELI, OA, REGKG

FORMATS = {"turtle": "turtle", "nt": "nt", "xml": "xml", "jsonld": "json-ld"}
BASE = "https://regkg.example.org"
CLI = str(Path(sys.executable).parent / "regkg")
# An instance IRI as segment() writes it: ASCII unreserved, %XX, and the path's / and :.
_IRI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/%]*$")

# What each node label and relationship type becomes, to count against the graph.
CLASS_OF_LABEL = {
    "Document": [ELI.LegalExpression],
    "Clause": [ELI.LegalResourceSubdivision],
    "InspectionItem": [REGKG.InspectionItem],
    "Obligation": [DPV.Obligation, DPV.Prohibition, DPV.Permission, DPV.Rule],
    "Body": [ORG.Organization, ORG.Role],
}
PREDICATE_OF_REL = {
    "VERSION_OF": [ELI.realizes],
    "PART_OF": [ELI.is_part_of],
    "ITEM_OF": [],  # skos:inScheme is shared with other concepts: counted by subject type
    "STATED_IN": [REGKG.statedIn],
    "BINDS": [DPV.hasResponsibleEntity],
    "SUB_OF": [ORG.subOrganizationOf, REGKG.subordinateTo],
    "ISSUED_BY": [ELI.passed_by],
    "REPEALS": [ELI.repeals],
    "PENALISED_BY": [REGKG.penalisedBy],
}


def export_all(home: Path, out: Path) -> dict[str, tuple[Path, float]]:
    """Every syntax through the CLI, as a data team runs it; turtle twice for stability."""
    files = {}
    for fmt in [*FORMATS, "turtle-again"]:
        path = out / f"regkg.{fmt}"
        command = [CLI, "--home", str(home), "export", "--format", fmt.removesuffix("-again")]
        started = time.perf_counter()
        subprocess.run([*command, "-o", str(path)], check=True)
        files[fmt] = (path, time.perf_counter() - started)
    return files


def graph_counts(home: Path) -> dict[str, int]:
    from api.services import Regkg
    from api.settings import Settings

    store = Regkg(Settings(home=home)).store
    counts = {
        r["label"]: r["n"]
        for r in store.read("MATCH (n) RETURN labels(n)[0] AS label, count(n) AS n")
    }
    for r in store.read("MATCH ()-[e]->() RETURN type(e) AS type, count(e) AS n"):
        counts[r["type"]] = r["n"]
    return counts


def rdf_counts(g: Graph) -> dict[str, int]:
    counts = {
        label: len({s for c in classes for s in g.subjects(RDF.type, c)})
        for label, classes in CLASS_OF_LABEL.items()
    }
    counts["Regulation"] = len(set(g.subjects(REGKG.held, None)))
    counts["CITES"] = len(set(g.subjects(RDF.type, CITO.Citation)))
    counts["ITEM_OF"] = sum(
        1 for s in g.subjects(RDF.type, REGKG.InspectionItem) for _ in g.objects(s, SKOS.inScheme)
    )
    for rel, predicates in PREDICATE_OF_REL.items():
        if predicates:
            counts[rel] = sum(1 for p in predicates for _ in g.subject_objects(p))
    counts["PenaltyLink"] = len(set(g.subjects(RDF.type, REGKG.PenaltyLink)))
    return counts


def iri_problems(g: Graph) -> Counter[str]:
    """Blank nodes, relative or oddly written instance IRIs, encodings that do not decode."""
    found: Counter[str] = Counter()
    for term in {t for triple in g for t in triple}:
        if isinstance(term, BNode):
            found["blank node"] += 1
        elif isinstance(term, URIRef):
            text = str(term)
            if not re.match(r"^[a-z][a-z0-9+.-]*:", text):
                found["relative IRI"] += 1
            if text.startswith(BASE):
                if not _IRI_CHARS.match(text):
                    found["unencoded character in an instance IRI"] += 1
                try:
                    unquote(text, errors="strict")
                except UnicodeDecodeError:
                    found["percent-encoding that is not UTF-8"] += 1
                if "//" in text[len("https://") :]:
                    found["empty path segment"] += 1
    return found


def odd_titles(g: Graph) -> list[tuple[str, str]]:
    """Works and versions whose title has 《》, blanks, or full-width or traditional characters
    (as ingest folds them): the title and the IRI's path decoded, to see they survive."""
    from ingest.reading import fold  # the one folding rule (traditional → simplified …)

    rows = []
    for subject, title in g.subject_objects(ELI.title):
        text = str(title)
        if not isinstance(subject, URIRef) or "/eli/" not in str(subject):
            continue
        odd = any(c in text for c in "《》 \u3000") or fold(text) != unicodedata.normalize(
            "NFC", text
        )
        if odd:
            rows.append((text, unquote(str(subject).split("/eli/", 1)[1])))
    return sorted(set(rows))


def literal_problems(g: Graph) -> Counter[str]:
    expected = {
        ELI.date_document: XSD.date,
        ELI.first_date_entry_in_force: XSD.date,
        ELI.version_date: XSD.date,
        REGKG.points: XSD.decimal,
        REGKG.bonusPoints: XSD.decimal,
        REGKG.score: XSD.decimal,
        OA.start: XSD.integer,
        OA.end: XSD.integer,
        REGKG.ordinal: XSD.integer,
        REGKG.order: XSD.integer,
        REGKG.held: XSD.boolean,
        REGKG.isCurrent: XSD.boolean,
    }
    found: Counter[str] = Counter()
    for predicate, datatype in expected.items():
        for value in g.objects(None, predicate):
            if not isinstance(value, Literal) or value.datatype != datatype:
                found[f"{g.qname(predicate)} not {g.qname(datatype)}"] += 1
            elif value.ill_typed:
                found[f"{g.qname(predicate)} ill-typed"] += 1
    for predicate in (ELI.title, SKOS.prefLabel, ELI.title_alternative, SKOS.altLabel):
        for subject, value in g.subject_objects(predicate):
            if str(subject).startswith(BASE) and (
                not isinstance(value, Literal) or value.language != "zh"
            ):
                found[f"{g.qname(predicate)} without @zh"] += 1
    for predicate in (RDFS.label, RDFS.comment):
        for value in g.objects(None, predicate):
            if isinstance(value, Literal) and value.language is None:
                found[f"{g.qname(predicate)} without a language"] += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("/tmp/regkg-data-team"))
    parser.add_argument("--shacl", action="store_true", help="validate with pyshacl (minutes)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    files = export_all(args.home, args.out)
    digests = {
        fmt: hashlib.sha256(path.read_bytes()).hexdigest() for fmt, (path, _) in files.items()
    }
    print(f"{'syntax':<8} {'MB':>6} {'export s':>8} {'parse s':>8} {'triples':>9} same as nt")
    reference: set[int] | None = None
    nt_graph: Graph | None = None
    for fmt in ["nt", "turtle", "xml", "jsonld"]:
        path, seconds = files[fmt]
        started = time.perf_counter()
        g = Graph().parse(path, format=FORMATS[fmt])
        parsed = time.perf_counter() - started
        hashes = {hash(t) for t in g}
        if reference is None:
            reference, nt_graph = hashes, g
        same = "yes" if hashes == reference else f"NO ({len(hashes ^ reference)} differ)"
        print(
            f"{fmt:<8} {path.stat().st_size / 1e6:>6.1f} {seconds:>8.1f} {parsed:>8.1f} "
            f"{len(g):>9} {same}"
        )
        if g is not nt_graph:
            del g
    assert nt_graph is not None
    g = nt_graph
    print(f"\ntwo turtle exports byte-identical: {digests['turtle'] == digests['turtle-again']}")
    try:
        import pyoxigraph  # noqa: F401
    except ImportError:
        print("pyoxigraph: not installed (skipped)")
    graph, rdf = graph_counts(args.home), rdf_counts(g)
    print(f"\n{'what':<16} {'graph':>7} {'RDF':>7}")
    for key in [*CLASS_OF_LABEL, "Regulation", "CITES", *PREDICATE_OF_REL]:
        mark = "" if graph.get(key, 0) == rdf.get(key) else "  <- differs"
        print(f"{key:<16} {graph.get(key, 0):>7} {rdf.get(key, '-'):>7}{mark}")
    print(f"{'PenaltyLink':<16} {'':>7} {rdf['PenaltyLink']:>7}  (one per PENALISED_BY)")
    print("\nIRI problems:", dict(iri_problems(g)) or "none")
    print("literal problems:", dict(literal_problems(g)) or "none")
    odd = odd_titles(g)
    print(f"titles with 《》, blanks, full-width or traditional characters: {len(odd)}")
    for title, decoded in odd[:8]:
        print(f"  {title}  ->  /eli/{decoded}")
    print(f"\n{'shipped query':<32} {'rows':>6} {'s':>6}")
    for name in query_names():
        started = time.perf_counter()
        rows = run_query(g, name)
        print(f"{name:<32} {len(rows):>6} {time.perf_counter() - started:>6.1f}")
    if args.shacl:
        from pyshacl import validate

        started = time.perf_counter()
        conforms, _, text = validate(g, shacl_graph=shapes_graph(), inference="none")
        print(f"\nSHACL: conforms={conforms} in {time.perf_counter() - started:.0f} s")
        if not conforms:
            print(str(text)[:3000])


if __name__ == "__main__":
    main()
