"""The extraction scorer (benchmarks/extraction.py): its matching rules on a small hand example,
and a run over the seed gold with the sample corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.extraction import (
    Gold,
    Locator,
    body_matches,
    figures,
    main,
    parties,
    run,
    score_document,
)
from ingest import fold
from ingest.models import (
    Citation,
    CitationKind,
    Document,
    DocumentKind,
    InspectionItem,
    Modality,
    Obligation,
    ParsedDocument,
    Resolution,
    Span,
)

ROOT = Path(__file__).resolve().parents[1]
SEED_GOLD = ROOT / "benchmarks" / "gold" / "seeds"

TEXT = (
    "一、各医疗机构应当建立制度。依据《医疗机构管理条例》和《医师法》（国卫发〔2020〕1号）办理。"
    "县级卫生健康行政部门要每月检查一次。\n| 3-3-1 执行《传染病防治法》 | 4分 |"
)


def _span(part: str, occurrence: int = 1) -> Span:
    at = -1
    for _ in range(occurrence):
        at = TEXT.index(part, at + 1)
    return Span(at, at + len(part))


def _citation(raw: str, kind: CitationKind, target: str | None) -> Citation:
    return Citation(
        id=raw, document_id="d", clause_id=None, kind=kind, raw=raw, span=_span(raw), title=raw,
        number=None, article=None, article_path=None, target_title=target, target_document_id=None,
        resolution=Resolution.EXACT,
    )  # fmt: skip


def _obligation(sentence: str, keys: tuple[str, ...], frequency: str | None = None) -> Obligation:
    return Obligation(
        id=sentence, document_id="d", clause_id=None, modality=Modality.MUST, cue="应当",
        body_keys=keys, action=sentence, text=sentence, span=_span(sentence), frequency=frequency,
    )  # fmt: skip


def _example() -> tuple[ParsedDocument, Gold]:
    document = Document(
        id="d", source="example.txt", sha256="", encoding="utf-8", title="示例",
        kind=DocumentKind.NOTICE, text=TEXT, folded=fold(TEXT),
    )  # fmt: skip
    row = "| 3-3-1 执行《传染病防治法》 | 4分 |"
    parsed = ParsedDocument(
        document=document,
        clauses=(),
        citations=(
            _citation("《医疗机构管理条例》", CitationKind.TITLE, "医疗机构管理条例"),
            # A full title with 中华人民共和国 has the same title_key as the gold 医师法.
            _citation("《医师法》", CitationKind.TITLE, "中华人民共和国医师法"),
            _citation("国卫发〔2020〕1号", CitationKind.DOCUMENT_NUMBER, "某通知"),
            _citation("《传染病防治法》", CitationKind.TITLE, "传染病防治法实施办法"),
        ),
        obligations=(
            _obligation("各医疗机构应当建立制度。", ("institution/medical_institution",)),
            _obligation(
                "县级卫生健康行政部门要每月检查一次。",
                ("health_administration/prefectural",),
                frequency="每月检查一次",
            ),
            _obligation("依据《医疗机构管理条例》和《医师法》（国卫发〔2020〕1号）办理。", ()),
        ),
        inspection_items=(
            InspectionItem(
                id="i",
                document_id="d",
                clause_id="c",
                code="3-3-1",
                table="表1",
                section=None,
                requirement=None,
                content="执行《传染病防治法》",
                points=4.0,
                points_raw="4分",
                span=_span(row),
            ),
        ),
    )
    gold = Gold(
        path=Path("example.txt.gold.json"),
        source="example.txt",
        complete={"items": True, "citations": True, "obligations": True},
        items=(
            {
                "text": "执行《传染病防治法》",
                "code": "3-3-1",
                "points": 4,
                "cites": ["传染病防治法"],
            },
        ),
        citations=(
            {"text": "《医疗机构管理条例》", "target": "医疗机构管理条例"},
            {"text": "《医师法》", "target": "医师法"},
            {"text": "《傳染病防治法》", "target": "传染病防治法"},  # traditional: folded to match
        ),
        obligations=(
            {"text": "各医疗机构应当建立制度", "modality": "must", "body": "医疗机构"},
            {
                "text": "县级卫生健康行政部门要每月 检查一次",
                "modality": "must",
                "body": "县（区）卫生健康局",
                "frequency": "每月一次",
            },
        ),
    )
    return parsed, gold


def test_three_citations_two_traced_gives_recall_two_thirds() -> None:
    parsed, gold = _example()
    result = figures(score_document(parsed, gold))["citations"]
    assert result["counts"]["gold"] == 3
    assert result["counts"]["found"] == 2  # 《传染病防治法》 resolved to the wrong work
    assert result["figures"]["recall"] == pytest.approx(2 / 3)
    # Four work citations: three sit on gold places, two also name the gold work.
    assert result["figures"]["precision_place"] == pytest.approx(3 / 4)
    assert result["figures"]["precision"] == pytest.approx(2 / 4)
    assert result["figures"]["article"] is None


def test_obligation_body_level_and_frequency_rules() -> None:
    parsed, gold = _example()
    result = figures(score_document(parsed, gold))["obligations"]
    assert result["counts"]["found"] == 2
    assert result["figures"]["precision"] == pytest.approx(2 / 3)
    assert result["figures"]["modality"] == 1.0
    # The county duty was given to the prefectural level: wrong body, right family.
    assert result["figures"]["body"] == pytest.approx(1 / 2)
    assert result["figures"]["body_family"] == 1.0
    assert result["figures"]["frequency"] == 1.0  # 每月一次 is a subsequence of 每月检查一次
    assert result["figures"]["deadline"] is None


def test_item_found_with_code_points_but_cite_missed() -> None:
    parsed, gold = _example()
    result = figures(score_document(parsed, gold))["items"]
    assert result["figures"]["recall"] == 1.0
    assert result["figures"]["precision"] == 1.0
    assert result["figures"]["code"] == 1.0
    assert result["figures"]["points"] == 1.0
    assert result["figures"]["cites_recall"] == 0.0
    assert result["figures"]["items_fully_cited"] == 0.0


def test_locator_folds_and_ignores_whitespace() -> None:
    folded = fold("依据《醫療機構\n管理條例》办理")
    where = Locator(folded)
    span = where.find("《医疗机构管理 条例》")
    assert span == Span(2, 13)
    assert where.find("《医疗机构管理条例》", occurrence=2) is None


@pytest.mark.parametrize(
    ("gold_body", "keys", "family_only", "expected"),
    [
        ("卫生健康行政部门", ("health_administration/county",), False, True),  # 各级: any level
        ("县（区）卫生健康局", ("health_administration/prefectural",), False, False),
        ("县（区）卫生健康局", ("health_administration/prefectural",), True, True),
        ("医疗机构、卫生监督机构", ("institution/medical_institution",), False, False),
        ("地（州、市）级卫生健康行政部门", ("health_administration/prefectural",), False, True),
    ],
)
def test_body_matches(
    gold_body: str, keys: tuple[str, ...], family_only: bool, expected: bool
) -> None:
    assert body_matches(gold_body, keys, family_only=family_only) is expected


def test_parties_split_outside_brackets() -> None:
    assert parties("地（州、市）级卫生健康行政部门、卫生监督机构") == [
        "地（州、市）级卫生健康行政部门",
        "卫生监督机构",
    ]


@pytest.fixture(scope="module")
def seed_report() -> dict[str, Any]:
    return run([SEED_GOLD], ROOT / "data" / "corpus")


@pytest.mark.slow
def test_seed_gold_is_located_and_counted(seed_report: dict[str, Any]) -> None:
    golds = {g.source: g for g in map(Gold.load, sorted(SEED_GOLD.glob("*.gold.json")))}
    assert len(golds) == 5 and set(seed_report["documents"]) == set(golds)
    assert seed_report["total"]["unlocated"] == []  # every gold text is found in the ingested text
    for source, gold in golds.items():
        result = seed_report["documents"][source]
        assert result["citations"]["counts"]["gold"] == len(gold.citations)
        assert result["obligations"]["counts"]["gold"] == len(gold.obligations)
        assert result["items"]["counts"]["gold"] == len(gold.items)
    total = seed_report["total"]
    for kind in ("items", "citations", "obligations"):
        counts, recall = total[kind]["counts"], total[kind]["figures"]["recall"]
        assert 0 <= counts["found"] <= counts["gold"]
        assert recall == pytest.approx(counts["found"] / counts["gold"])
    # Seed 003's items are located by their row text; at least one such row is a scored item.
    assert total["items"]["counts"]["found"] >= 1
    assert 0.0 <= total["citations"]["figures"]["recall"] <= 1.0


def test_cli_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # One seed copied with its gold: the scorer finds the document beside the gold file.
    source = "002_b1b565328e64de7c.txt"
    (tmp_path / source).write_bytes((ROOT / "data" / "seeds" / source).read_bytes())
    gold_name = f"{source}.gold.json"
    (tmp_path / gold_name).write_text(
        (SEED_GOLD / gold_name).read_text(encoding="utf-8"), encoding="utf-8"
    )
    # No corpus (a folder that does not exist): the notice is scored on its own, quickly.
    assert main([str(tmp_path), "--corpus", str(tmp_path / "no_corpus"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    citations = report["documents"][source]["citations"]
    assert citations["counts"]["gold"] == 8
    assert 0.0 <= citations["figures"]["recall"] <= 1.0
