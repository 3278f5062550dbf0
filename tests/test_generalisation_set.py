"""The measure-only generalisation sets are well formed: valid gold, every gold text in its
document. The second set (benchmarks/generalisation2/) was written after the rules of 2026-12-07's
evening froze, by someone who had not read them, to measure them once more; the third
(benchmarks/generalisation3/) the same way, with kinds of document the first two lack (an
internal rule, a 监督意见书, a 行政处罚决定书, minutes, post duties, a Big5 traditional page).

Documents are read as regkg reads them (``parse_document``); a binary format with no reader yet is
checked against the text its spec shows (``benchmarks.generalisation.make.visible_text``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from benchmarks.generalisation.make import SPECS, load_spec, visible_text
from ingest import fold, parse_document
from ingest.readers import read_layout

SET = Path(__file__).resolve().parent.parent / "benchmarks" / "generalisation"
SET2 = SET.parent / "generalisation2"
SET3 = SET.parent / "generalisation3"
GOLD_SUFFIX = ".gold.json"
GOLDS = sorted(SET.glob(f"*{GOLD_SUFFIX}"))
ALL_GOLDS = GOLDS + sorted(SET2.glob(f"*{GOLD_SUFFIX}")) + sorted(SET3.glob(f"*{GOLD_SUFFIX}"))
MODALITIES = {"must", "must_not", "may"}
KINDS = ("items", "citations", "obligations")
BINARY = {".pdf", ".docx", ".xlsx", ".xls"}


def _gold(path: Path) -> dict[str, Any]:
    gold: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return gold


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


@cache
def _document_text(folder: Path, name: str) -> str:
    """The folded text of a document as regkg reads it, or as its spec shows it."""
    path = folder / name
    data = path.read_bytes()
    spec = folder / SPECS.name / f"{name}.yaml"
    if path.suffix.lower() in BINARY and read_layout(data, name) is None and spec.exists():
        return fold(visible_text(load_spec(spec)))
    return parse_document(data, name).document.folded


def test_the_set_is_large_and_varied() -> None:
    sources = [_gold(p)["source"] for p in GOLDS]
    formats = Counter(Path(s).suffix.lower().lstrip(".") for s in sources)
    assert len(sources) >= 15
    assert len(formats) >= 6
    assert all(formats[f] >= 2 for f in ("pdf", "docx", "xlsx")), formats


def test_the_second_set_is_varied_too() -> None:
    formats = Counter(Path(_gold(p)["source"]).suffix for p in ALL_GOLDS if p.parent == SET2)
    assert sum(formats.values()) >= 10 and len(formats) >= 5, formats


def test_the_third_set_is_varied_too() -> None:
    formats = Counter(Path(_gold(p)["source"]).suffix for p in ALL_GOLDS if p.parent == SET3)
    assert sum(formats.values()) >= 12 and len(formats) >= 8, formats
    assert all(formats[f] >= 2 for f in (".pdf", ".docx", ".xlsx")), formats


@pytest.mark.parametrize("folder", [SET, SET2, SET3], ids=["first", "second", "third"])
def test_every_spec_has_its_built_document(folder: Path) -> None:
    for spec in (folder / SPECS.name).glob("*.yaml"):
        built = folder / spec.name.removesuffix(".yaml")
        assert built.exists(), f"run python -m benchmarks.generalisation.make to build {built.name}"
        assert built.suffix.lstrip(".") == load_spec(spec)["format"]


@pytest.mark.parametrize("folder", [SET, SET2, SET3], ids=["first", "second", "third"])
def test_the_readme_names_every_document(folder: Path) -> None:
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "measure-only" in readme
    for path in folder.glob(f"*{GOLD_SUFFIX}"):
        assert _gold(path)["source"] in readme


@pytest.mark.parametrize("path", ALL_GOLDS, ids=lambda p: f"{p.parent.name}-{p.name[:2]}")
def test_gold_file_is_valid(path: Path) -> None:
    gold = _gold(path)
    assert path.name == gold["source"] + GOLD_SUFFIX
    assert (path.parent / gold["source"]).is_file()
    assert set(gold["complete"]) == set(KINDS)
    assert all(isinstance(v, bool) for v in gold["complete"].values())
    for item in gold["items"]:
        assert item["text"].strip()
        assert item.get("code") is None or isinstance(item["code"], str)
        assert item.get("points") is None or isinstance(item["points"], float)
        assert all(isinstance(c, str) and "《" not in c for c in item.get("cites", []))
    targets = {c["target"] for c in gold["citations"]}
    for citation in gold["citations"]:
        assert citation["target"] and "《" not in citation["target"]
        assert not citation["target"].startswith("中华人民共和国")
        assert citation.get("article") is None or citation["article"].startswith("第")
        assert citation.get("occurrence", 1) >= 1
    # An item can only cite a work the document's citation list names.
    assert {c for item in gold["items"] for c in item.get("cites", [])} <= targets
    for duty in gold["obligations"]:
        assert duty["modality"] in MODALITIES
        assert duty.get("occurrence", 1) >= 1
    if not gold["complete"]["obligations"]:
        assert gold["notes"], "say why a list is incomplete"


@pytest.mark.parametrize("path", ALL_GOLDS, ids=lambda p: f"{p.parent.name}-{p.name[:2]}")
def test_every_gold_text_is_in_its_document(path: Path) -> None:
    gold = _gold(path)
    text = _squash(_document_text(path.parent, gold["source"]))
    missing = [
        (kind, entry["text"])
        for kind in KINDS
        for entry in gold[kind]
        if text.count(_squash(entry["text"])) < entry.get("occurrence", 1)
    ]
    assert not missing, missing
