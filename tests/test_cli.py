"""The `regkg` command line end to end on a real home: ingest the seeds, then search in batch."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.cli import main
from graph import stop_server

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("cli")
    assert main(["--home", str(home), "ingest", str(SEEDS), "--json"]) == 0
    yield home
    stop_server(home / "graph")


def test_ingest_reports_every_seed(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(home), "ingest", str(SEEDS), "--json"]) == 0  # again: idempotent
    summary = json.loads(capsys.readouterr().out)
    assert summary["loaded"] == 5 and summary["failed"] == 0
    counts = {Path(d["source"]).name[:3]: d["counts"] for d in summary["documents"]}
    assert counts["003"]["inspection_items"] == 235
    assert counts["002"]["inspection_items"] == 10


def test_batch_search_prints_one_line_per_question_in_order(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = tmp_path / "questions.txt"
    asked = ["電子病歷複製粘貼出錯算不算整治重點？", "", "院长是不是法人代表"]
    questions.write_text("\n".join(asked) + "\n", encoding="utf-8")
    capsys.readouterr()
    args = ["--home", str(home), "search", "--questions", str(questions), "--top-k", "3", "--json"]
    assert main(args) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["question"] for line in lines] == asked
    assert lines[1]["results"] == []
    first = lines[0]["results"]
    assert {"document_title", "locator", "text", "score"} <= set(first[0])
    assert "整治内容（六）" in [hit["locator"] for hit in first]
    assert "表1 1-1-1" in [hit["locator"] for hit in lines[2]["results"]]


def test_bad_input_is_one_line_and_exit_2(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(home), "search", "x" * 10_000]) == 2
    err = capsys.readouterr().err
    assert err.startswith("regkg: error:") and err.count("\n") == 1


def test_search_text_names_a_superseded_version(capsys: pytest.CaptureFixture[str]) -> None:
    from api.output import print_hits

    row = {"document_title": "医疗机构管理条例", "locator": "第三十条", "score": 0.891}
    row |= {"text": "第三十条 医疗机构工作人员上岗工作，必须佩带标牌。", "reason": None}
    current = row | {"locator": "第二十九条", "is_current": True, "status": "in_force"}
    old = row | {"is_current": False, "status": "superseded", "version_date": "2016-02-06"}
    print_hits([current, old | {"superseded_by": "2022-03-29"}])
    first, second = capsys.readouterr().out.split("\n2. ")
    assert "version" not in first
    assert "superseded version of 2016-02-06, current 2022-03-29" in " ".join(second.split())


def test_cited_by_kind_returns_items_with_code_points_and_standard(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    base = ["--home", str(home), "cited-by", "医疗废物管理条例", "--json"]
    assert main(base) == 0
    every = json.loads(capsys.readouterr().out)
    assert main([*base, "--kind", "item"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert items and items == [r for r in every if r["kind"] == "item"]
    for row in items:
        assert row["item"]["code"] and row["item"]["table"] and row["item"]["points"] > 0
        assert row["item"]["requirement"] and "医疗废物管理条例" in row["raw"]
    assert main([*base, "--kind", "report,notice", "--kind", "plan"]) == 0
    others = json.loads(capsys.readouterr().out)
    assert others == [r for r in every if r["kind"] in {"report", "notice", "plan"}]
    assert main([*base[:-1], "--kind", "item"]) == 0  # the table names the item's code
    assert "3-3-2" in capsys.readouterr().out


def test_cited_by_an_unknown_kind_is_one_line_and_exit_2(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--home", str(home), "cited-by", "医疗废物管理条例", "--kind", "statute"]) == 2
    err = capsys.readouterr().err
    assert "unknown citing kind 'statute'" in err and err.count("\n") == 1


def test_an_offset_past_the_bound_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["cited-by", "医疗机构管理条例", "--offset", str(2**31)])
    assert exited.value.code == 2
    assert "is not between 0 and 1000000" in capsys.readouterr().err
