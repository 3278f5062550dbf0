"""Extraction quality against hand-made gold: inspection items, citations and obligations.

Usage: ``python -m benchmarks.extraction FOLDER [FOLDER …] [--corpus data/corpus] [--json]``.
Each FOLDER holds ``<document>.gold.json`` files (format: the ``source`` document, ``complete``
flags and ``items`` / ``citations`` / ``obligations``, each located by a ``text`` copied from the
document and an ``occurrence``). A gold file's document is looked for beside it, then in
``data/<folder name>`` (so ``benchmarks/gold/seeds`` scores ``data/seeds``). The documents are
ingested in one batch with the corpus, so a cited regulation resolves as it does in the pipeline,
and only the gold documents are scored.

Matching rules (recall over gold entries; precision only over documents whose list is complete):
- items: a gold item is found when an extracted item's span contains the gold text's location (the
  innermost such item is compared for code and points); item-cites: a gold ``cites`` entry is met
  when a work citation inside the item's span has a target with the same ``title_key``.
- citations: found when a work citation (title, document number, short form) overlaps the gold
  location and its target has the gold target's ``title_key`` (a gold 关于印发X的通知 is also met
  by a citation resolved to X, the document it issues). Place precision counts extracted
  work citations that overlap some gold location; target precision also needs the same key.
- obligations: found when an extracted obligation overlaps the gold location (the one with the
  largest overlap is compared). Body: the gold body names parties separated by 、 (outside
  brackets); each party is read with ``ingest.bodies.find_body_mentions`` and is met when one
  of its keys is among the obligation's ``body_keys`` (a key of level ``any``, read from an
  unqualified 卫生健康行政部门, is met by its family at any level), or when the party is
  written as the name or an alias of one of them. The body is right when every party is met;
  null gold bodies are not scored; parties the finder cannot read count as ``body_unread``.
  Body family: the same test on the key's family (the part before ``/``), any level.
  Deadline: the extracted deadline contains the gold one; frequency: the gold frequency is a
  subsequence of the extracted one (每2个月一次 in 每2个月开展一次); whitespace ignored in both.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest import fold, ingest_paths
from ingest.bodies import body, find_body_mentions
from ingest.models import (
    Citation,
    CitationKind,
    Document,
    DocumentKind,
    InspectionItem,
    Obligation,
    ParsedDocument,
    Span,
)
from ingest.resolve import title_key

WORK_KINDS = frozenset({CitationKind.TITLE, CitationKind.DOCUMENT_NUMBER, CitationKind.SHORT_FORM})
GOLD_SUFFIX = ".gold.json"


@dataclass(frozen=True)
class Gold:
    """One gold file: the document it describes and its hand-made lists."""

    path: Path
    source: str
    complete: dict[str, bool]
    items: tuple[dict[str, Any], ...]
    citations: tuple[dict[str, Any], ...]
    obligations: tuple[dict[str, Any], ...]

    @classmethod
    def load(cls, path: Path) -> Gold:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            path=path,
            source=raw["source"],
            complete={k: bool(v) for k, v in raw.get("complete", {}).items()},
            items=tuple(raw.get("items", ())),
            citations=tuple(raw.get("citations", ())),
            obligations=tuple(raw.get("obligations", ())),
        )


@dataclass
class Score:
    """Counts for one document (or a sum of documents); figures are ratios of these."""

    counts: Counter[str] = field(default_factory=Counter)
    unlocated: list[str] = field(default_factory=list)
    missed: list[str] = field(
        default_factory=list
    )  # gold entries not found, as a reader names them

    def add(self, other: Score) -> None:
        self.counts.update(other.counts)
        self.unlocated.extend(other.unlocated)
        self.missed.extend(other.missed)


class Locator:
    """Finds a gold text in a document's folded text, ignoring whitespace on both sides."""

    def __init__(self, folded: str) -> None:
        self._keep = [i for i, ch in enumerate(folded) if not ch.isspace()]
        self._squashed = "".join(folded[i] for i in self._keep)

    def find(self, text: str, occurrence: int = 1) -> Span | None:
        needle = "".join(fold(text).split())
        if not needle:
            return None
        at = -1
        for _ in range(max(occurrence, 1)):
            at = self._squashed.find(needle, at + 1)
            if at < 0:
                return None
        return Span(self._keep[at], self._keep[at + len(needle) - 1] + 1)


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _inside(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _squash(text: str | None) -> str:
    return "".join(fold(text or "").split())


_ISSUING_NOTICE = re.compile(r"关于印发[《〈]?(.+?)[》〉]?的通知$")


def _same_work(target: str | None, gold_target: str) -> bool:
    """Same work by ``title_key``; a notice that issues X (关于印发X的通知) is also traced by a
    citation resolved to X, the document it issues."""
    if target is None:
        return False
    wanted = {title_key(gold_target)}
    issued = _ISSUING_NOTICE.search(gold_target)
    if issued:
        wanted.add(title_key(issued.group(1)))
    return title_key(target) in wanted


def _subsequence(needle: str, hay: str) -> bool:
    rest = iter(hay)
    return all(ch in rest for ch in needle)


def _party_keys(party: str) -> set[str]:
    """Body keys the body finder reads in a gold party (县（区）卫生健康局 → county health)."""
    folded = fold(party)
    probe = Document(
        id="gold", source="gold", sha256="", encoding="utf-8", title=party,
        kind=DocumentKind.OTHER, text=party, folded=folded,
    )  # fmt: skip
    return {m.body_key for m in find_body_mentions(probe, ())}


def _names(key: str) -> set[str]:
    try:
        known = body(key)
    except KeyError:
        return set()
    return {_squash(known.name), *(_squash(a) for a in known.aliases)}


def parties(gold_body: str) -> list[str]:
    """The parties of a gold body: split at 、 outside brackets (地（州、市）级… stays whole)."""
    out, depth, current = [], 0, ""
    for ch in gold_body:
        depth += ch in "（("
        depth -= ch in "）)"
        if ch == "、" and depth <= 0:
            out.append(current)
            current = ""
        else:
            current += ch
    return [p.strip() for p in (*out, current) if p.strip()]


def _key_met(gold_key: str, body_keys: Sequence[str], family_only: bool) -> bool:
    family, _, level = gold_key.partition("/")
    return any(
        key == gold_key or (key.partition("/")[0] == family and (family_only or level == "any"))
        for key in body_keys
    )


def body_matches(gold_body: str, body_keys: Sequence[str], *, family_only: bool = False) -> bool:
    """Whether every party named in ``gold_body`` is among the obligation's ``body_keys``."""
    for party in parties(gold_body):
        met = any(_key_met(k, body_keys, family_only) for k in _party_keys(party))
        if not met and not any(_squash(party) in _names(k) for k in body_keys):
            return False
    return True


def _score_items(parsed: ParsedDocument, gold: Gold, where: Locator, score: Score) -> None:
    c = score.counts
    works = [x for x in parsed.citations if x.kind in WORK_KINDS]
    places: list[Span] = []
    for entry in gold.items:
        c["items.gold"] += 1
        cites = list(entry.get("cites") or [])
        c["items.cites"] += len(cites)
        c["items.with_cites"] += bool(cites)
        place = where.find(entry["text"], entry.get("occurrence", 1))
        if place is None:
            score.unlocated.append(f"item: {entry['text']}")
            continue
        places.append(place)
        holders = [i for i in parsed.inspection_items if _inside(place, i.span)]
        if not holders:
            continue
        item = min(holders, key=lambda i: i.span.end - i.span.start)
        c["items.found"] += 1
        if entry.get("code") is not None:
            c["items.code_n"] += 1
            c["items.code_ok"] += item.code == entry["code"]
        if entry.get("points") is not None:
            c["items.points_n"] += 1
            c["items.points_ok"] += item.points == float(entry["points"])
        met = sum(
            any(_inside(x.span, item.span) and _same_work(x.target_title, t) for x in works)
            for t in cites
        )
        c["items.cites_met"] += met
        c["items.fully_cited"] += bool(cites) and met == len(cites)
    if gold.complete.get("items"):
        extracted: Sequence[InspectionItem] = parsed.inspection_items
        c["items.extracted"] += len(extracted)
        c["items.extracted_ok"] += sum(any(_inside(p, i.span) for p in places) for i in extracted)


def _score_citations(parsed: ParsedDocument, gold: Gold, where: Locator, score: Score) -> None:
    c = score.counts
    works: list[Citation] = [x for x in parsed.citations if x.kind in WORK_KINDS]
    located: list[tuple[Span, str]] = []
    for entry in gold.citations:
        c["citations.gold"] += 1
        place = where.find(entry["text"], entry.get("occurrence", 1))
        if place is None:
            score.unlocated.append(f"citation: {entry['text']}")
            continue
        located.append((place, entry["target"]))
        hits = [
            x
            for x in works
            if _overlap(x.span, place) and _same_work(x.target_title, entry["target"])
        ]
        if not hits:
            near = [x.target_title for x in works if _overlap(x.span, place)]
            score.missed.append(f"citation {entry['text']} → {entry['target']} (got {near})")
            continue
        c["citations.found"] += 1
        if entry.get("article"):
            c["citations.article_n"] += 1
            c["citations.article_ok"] += any(
                _squash(x.article) == _squash(entry["article"]) for x in hits
            )
    if gold.complete.get("citations"):
        c["citations.extracted"] += len(works)
        c["citations.extracted_place_ok"] += sum(
            any(_overlap(x.span, p) for p, _ in located) for x in works
        )
        c["citations.extracted_ok"] += sum(
            any(_overlap(x.span, p) and _same_work(x.target_title, t) for p, t in located)
            for x in works
        )


def _score_obligations(parsed: ParsedDocument, gold: Gold, where: Locator, score: Score) -> None:
    c = score.counts
    places: list[Span] = []
    for entry in gold.obligations:
        c["obligations.gold"] += 1
        place = where.find(entry["text"], entry.get("occurrence", 1))
        if place is None:
            score.unlocated.append(f"obligation: {entry['text']}")
            continue
        places.append(place)
        hits = [o for o in parsed.obligations if _overlap(o.span, place)]
        if not hits:
            score.missed.append(f"obligation {entry['text']}")
            continue
        duty: Obligation = max(hits, key=lambda o: _overlap(o.span, place))
        c["obligations.found"] += 1
        c["obligations.modality_ok"] += duty.modality == entry.get("modality", "must")
        if entry.get("body"):
            c["obligations.body_n"] += 1
            c["obligations.body_unread"] += sum(not _party_keys(p) for p in parties(entry["body"]))
            right = body_matches(entry["body"], duty.body_keys)
            c["obligations.body_ok"] += right
            if not right:
                score.missed.append(
                    f"obligation body {entry['body']} (got {list(duty.body_keys)}): {entry['text']}"
                )
            c["obligations.family_ok"] += body_matches(
                entry["body"], duty.body_keys, family_only=True
            )
        if entry.get("deadline"):
            c["obligations.deadline_n"] += 1
            right = bool(duty.deadline) and _squash(entry["deadline"]) in _squash(duty.deadline)
            c["obligations.deadline_ok"] += right
            if not right:
                wanted, got = entry["deadline"], duty.deadline
                score.missed.append(f"obligation deadline {wanted} (got {got}): {entry['text']}")
        if entry.get("frequency"):
            c["obligations.frequency_n"] += 1
            c["obligations.frequency_ok"] += _subsequence(
                _squash(entry["frequency"]), _squash(duty.frequency)
            )
    if gold.complete.get("obligations"):
        c["obligations.extracted"] += len(parsed.obligations)
        for o in parsed.obligations:
            right = any(_overlap(o.span, p) for p in places)
            c["obligations.extracted_ok"] += right
            if not right:
                text = parsed.document.text[o.span.start : o.span.end]
                score.missed.append(f"obligation extra (no gold): {' '.join(text.split())}")


def score_document(parsed: ParsedDocument, gold: Gold) -> Score:
    """Compare one ingested document with its gold; pure (no I/O)."""
    score = Score()
    where = Locator(parsed.document.folded)
    _score_items(parsed, gold, where, score)
    _score_citations(parsed, gold, where, score)
    _score_obligations(parsed, gold, where, score)
    return score


# (figure name, numerator count, denominator count) per kind, in table order.
FIGURES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "items": (
        ("recall", "found", "gold"),
        ("precision", "extracted_ok", "extracted"),
        ("code", "code_ok", "code_n"),
        ("points", "points_ok", "points_n"),
        ("cites_recall", "cites_met", "cites"),
        ("items_fully_cited", "fully_cited", "with_cites"),
    ),
    "citations": (
        ("recall", "found", "gold"),
        ("precision_place", "extracted_place_ok", "extracted"),
        ("precision", "extracted_ok", "extracted"),
        ("article", "article_ok", "article_n"),
    ),
    "obligations": (
        ("recall", "found", "gold"),
        ("precision", "extracted_ok", "extracted"),
        ("modality", "modality_ok", "found"),
        ("body", "body_ok", "body_n"),
        ("body_family", "family_ok", "body_n"),
        ("body_unread", "body_unread", "body_n"),  # gold parties the body finder cannot read
        ("deadline", "deadline_ok", "deadline_n"),
        ("frequency", "frequency_ok", "frequency_n"),
    ),
}


def figures(score: Score) -> dict[str, dict[str, Any]]:
    """Ratios (None when nothing to measure) with their counts, per kind."""
    out: dict[str, dict[str, Any]] = {}
    for kind, rows in FIGURES.items():
        counts = {name: score.counts[f"{kind}.{name}"] for row in rows for name in row[1:]}
        ratios = {
            name: (counts[num] / counts[den] if counts[den] else None) for name, num, den in rows
        }
        out[kind] = {"figures": ratios, "counts": counts}
    return out


def find_gold(folder: Path) -> list[tuple[Gold, Path]]:
    """Gold files of ``folder`` with the document each describes (raise if one is missing)."""
    found = []
    for path in sorted(folder.glob(f"*{GOLD_SUFFIX}")):
        gold = Gold.load(path)
        places = (folder / gold.source, Path("data") / folder.name / gold.source)
        document = next((p for p in places if p.is_file()), None)
        if document is None:
            raise SystemExit(
                f"{path}: document {gold.source} not found beside it or in data/{folder.name}"
            )
        found.append((gold, document))
    return found


def run(folders: Iterable[Path], corpus: Path | None) -> dict[str, Any]:
    """Ingest every gold document with the corpus in one batch and score the gold documents."""
    pairs = [pair for folder in folders for pair in find_gold(folder)]
    sources = [str(doc) for _, doc in pairs]
    batch = ingest_paths([*sources, *([str(corpus)] if corpus else [])])
    by_source = {p.document.source: p for p in batch.documents}
    documents: dict[str, Any] = {}
    total = Score()
    for (gold, _), source in zip(pairs, sources, strict=True):
        parsed = by_source.get(source)
        if parsed is None:
            failure = next(
                (f.message for f in batch.failures if f.source == source), "not ingested"
            )
            documents[gold.source] = {"error": failure}
            continue
        score = score_document(parsed, gold)
        total.add(score)
        documents[gold.source] = {
            **figures(score),
            "unlocated": score.unlocated,
            "missed": score.missed,
        }
    total_figures = {**figures(total), "unlocated": total.unlocated, "missed": total.missed}
    return {"documents": documents, "total": total_figures}


def _cell(value: float | None, num: int, den: int) -> str:
    return "—" if value is None else f"{value:.2f} ({num}/{den})"


def render(report: dict[str, Any]) -> str:
    """Plain-text tables, one per kind: a row per document and a total row."""
    lines: list[str] = []
    rows = [*report["documents"].items(), ("TOTAL", report["total"])]
    for kind, spec in FIGURES.items():
        header = ["document", *(name for name, _, _ in spec)]
        table = [header]
        for name, result in rows:
            if "error" in result:
                table.append([name, result["error"]])
                continue
            figs, counts = result[kind]["figures"], result[kind]["counts"]
            table.append([name, *(_cell(figs[f], counts[n], counts[d]) for f, n, d in spec)])
        widths = [max(len(r[i]) for r in table if i < len(r)) for i in range(len(header))]
        lines.append(f"## {kind}")
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) for r in table]
        lines.append("")
    for line in report["total"]["unlocated"]:
        lines.append(f"gold text not found in its document: {line}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path, help="folders of *.gold.json files")
    parser.add_argument(
        "--corpus", type=Path, default=Path("data/corpus"), help="held statutes for resolving"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--misses",
        action="store_true",
        help="list the gold entries not found, wrong bodies and duties no gold names",
    )
    args = parser.parse_args(argv)
    report = run(args.folders, args.corpus if args.corpus.exists() else None)
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(render(report))
    if args.misses and not args.json:
        for name, result in report["documents"].items():
            for line in result.get("missed", []):
                print(f"missed in {name}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
