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
