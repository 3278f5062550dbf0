"""Write a stream of triples as N-Triples, Turtle, RDF/XML or JSON-LD, one subject at a time.

rdflib's serialisers need the whole graph in memory (and its Turtle writer manages ~4k triples/s);
these writers hold only the current subject's triples. The exporter emits each entity's triples
together; a subject that recurs later simply gets a second block, which all four syntaxes allow.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import BinaryIO

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from ontology.errors import OntologyError
from ontology.vocab import PREFIXES

Triple = tuple[URIRef, URIRef, URIRef | Literal]
Writer = Callable[[Iterable[Triple], BinaryIO, dict[str, str]], int]

FORMATS = ("turtle", "nt", "xml", "jsonld")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")  # a local name every syntax takes as is
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FLUSH_BYTES = 1 << 16


def prefix_map(base: str | None) -> dict[str, str]:
    """Every prefix the writers use, ``data:`` being the instance base."""
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    if base is not None:
        prefixes["data"] = base + "/"
    return prefixes


class _Names:
    """Shortens IRIs to ``prefix:local`` where the local part is a plain name."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self._prefix_of = {ns: prefix for prefix, ns in prefixes.items()}

    def qname(self, iri: str) -> str | None:
        # Every namespace ends in "#" or "/" and a plain local name holds neither, so the
        # namespace can only be the IRI up to its last "#" or "/": one dict look-up.
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        prefix = self._prefix_of.get(iri[:cut])
        if prefix is not None and _NAME.fullmatch(local := iri[cut:]):
            return f"{prefix}:{local}"
        return None


def _subjects(triples: Iterable[Triple]) -> Iterator[tuple[URIRef, list[Triple]]]:
    for subject, group in groupby(triples, key=itemgetter(0)):
        yield subject, list(group)


def _check_iri(iri: str) -> str:
    if _IRI_FORBIDDEN.search(iri):
        raise OntologyError(f"cannot write IRI {iri!r}: it holds a character RDF forbids in IRIs")
    return iri


def _quoted(text: str) -> str:
    """A Turtle / N-Triples string: escapes for quote, backslash and every control character."""
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"' + _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04X}", text) + '"'


class _Buffered:
    """Collects encoded text and writes it to ``out`` in blocks."""

    def __init__(self, out: BinaryIO) -> None:
        self.out, self.parts, self.size = out, list[str](), 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= _FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.parts).encode("utf-8"))
        self.parts.clear()
        self.size = 0


def write_ntriples(triples: Iterable[Triple], out: BinaryIO, prefixes: dict[str, str]) -> int:
    """One line per triple, UTF-8."""

    def term(o: URIRef | Literal) -> str:
        if isinstance(o, Literal):
            if o.language:
                return f"{_quoted(str(o))}@{o.language}"
            if o.datatype is not None:
                return f"{_quoted(str(o))}^^<{o.datatype}>"
            return _quoted(str(o))
        return f"<{_check_iri(o)}>"

    buffer, count = _Buffered(out), 0
    for s, p, o in triples:
        buffer.write(f"<{_check_iri(s)}> <{_check_iri(p)}> {term(o)} .\n")
        count += 1
    buffer.flush()
    return count


def write_turtle(triples: Iterable[Triple], out: BinaryIO, prefixes: dict[str, str]) -> int:
    """``@prefix`` lines, then one ``subject p o ; p o .`` block per run of a subject."""
    names = _Names(prefixes)

    def iri(value: str) -> str:
        if value == RDF.type:
            return "a"
        return names.qname(value) or f"<{_check_iri(value)}>"

    def term(o: URIRef | Literal) -> str:
        if isinstance(o, Literal):
            if o.language:
                return f"{_quoted(str(o))}@{o.language}"
            if o.datatype is not None:
                return f"{_quoted(str(o))}^^{names.qname(o.datatype) or f'<{o.datatype}>'}"
            return _quoted(str(o))
        return names.qname(o) or f"<{_check_iri(o)}>"

    buffer, count = _Buffered(out), 0
    for prefix, ns in prefixes.items():
        buffer.write(f"@prefix {prefix}: <{_check_iri(ns)}> .\n")
    for subject, group in _subjects(triples):
        body = " ;\n    ".join(f"{iri(p)} {term(o)}" for _, p, o in group)
        buffer.write(f"\n{names.qname(subject) or f'<{_check_iri(subject)}>'}\n    {body} .\n")
        count += len(group)
    buffer.flush()
    return count


def _xml_text(text: str, attribute: bool = False) -> str:
    # XML 1.0 cannot carry most C0 controls even as references: they become U+FFFD here.
    text = _XML_ILLEGAL.sub("\ufffd", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\r", "&#13;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return text


def write_xml(triples: Iterable[Triple], out: BinaryIO, prefixes: dict[str, str]) -> int:
    """One ``rdf:RDF`` root declaring every prefix; one ``rdf:Description`` per subject run."""
    names = _Names(prefixes)
    buffer, count = _Buffered(out), 0
    declarations = "".join(f'\n    xmlns:{p}="{_xml_text(ns, True)}"' for p, ns in prefixes.items())
    buffer.write(f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF{declarations}>\n')
    for subject, group in _subjects(triples):
        buffer.write(f'  <rdf:Description rdf:about="{_xml_text(_check_iri(subject), True)}">\n')
        for _, p, o in group:
            tag = names.qname(p)
            if tag is None:
                raise OntologyError(f"cannot write predicate {p} in RDF/XML: no prefix covers it")
            if not isinstance(o, Literal):
                buffer.write(f'    <{tag} rdf:resource="{_xml_text(_check_iri(o), True)}"/>\n')
                continue
            if o.language:
                attr = f' xml:lang="{o.language}"'
            elif o.datatype is not None:
                attr = f' rdf:datatype="{_xml_text(o.datatype, True)}"'
            else:
                attr = ""
            buffer.write(f"    <{tag}{attr}>{_xml_text(str(o))}</{tag}>\n")
        buffer.write("  </rdf:Description>\n")
        count += len(group)
    buffer.write("</rdf:RDF>\n")
    buffer.flush()
    return count


def write_jsonld(triples: Iterable[Triple], out: BinaryIO, prefixes: dict[str, str]) -> int:
    """``{"@context": {prefixes}, "@graph": [node, …]}``; a subject that recurs gets a second
    node object with the same ``@id``, which JSON-LD merges."""
    names = _Names(prefixes)
    buffer, count = _Buffered(out), 0
    buffer.write('{"@context": ' + json.dumps(prefixes, ensure_ascii=False) + ',\n"@graph": [')
    first = True
    for subject, group in _subjects(triples):
        node: dict[str, list[object]] = {}
        types: list[str] = []
        for _, p, o in group:
            if p == RDF.type:
                types.append(names.qname(o) or str(o))
                continue
            value: dict[str, str]
            if not isinstance(o, Literal):
                value = {"@id": str(o)}
            elif o.language:
                value = {"@value": str(o), "@language": o.language}
            elif o.datatype is not None:
                value = {"@value": str(o), "@type": names.qname(o.datatype) or str(o.datatype)}
            else:
                value = {"@value": str(o)}
            node.setdefault(names.qname(p) or str(p), []).append(value)
        head: dict[str, object] = (
            {"@id": str(subject), "@type": types} if types else {"@id": str(subject)}
        )
        text = json.dumps(head | node, ensure_ascii=False)
        buffer.write(("\n" if first else ",\n") + text)
        first = False
        count += len(group)
    buffer.write("\n]}\n")
    buffer.flush()
    return count


WRITERS: dict[str, Writer] = {
    "nt": write_ntriples,
    "turtle": write_turtle,
    "xml": write_xml,
    "jsonld": write_jsonld,
}


def write_triples(triples: Iterable[Triple], out: BinaryIO, fmt: str, base: str | None) -> int:
    """Dispatch on the format name; returns the number of triples written."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise OntologyError(f"unknown RDF format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writer(triples, out, prefix_map(base))
