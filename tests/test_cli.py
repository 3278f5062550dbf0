"""The `regkg` command line end to end on a real home: ingest the seeds, then search in batch."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.cli import main
from graph import stop_server
from tests.api_support import free_port

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("cli")
    assert main(["--home", str(home), "ingest", str(SEEDS), "--json"]) == 0
    yield home
    stop_server(home / "graph")


@pytest.mark.slow
def test_ingest_reports_every_seed(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(home), "ingest", str(SEEDS), "--json"]) == 0  # again: idempotent
    summary = json.loads(capsys.readouterr().out)
    assert summary["loaded"] == 5 and summary["failed"] == 0
    counts = {Path(d["source"]).name[:3]: d["counts"] for d in summary["documents"]}
    assert counts["003"]["inspection_items"] == 235
    assert counts["002"]["inspection_items"] == 10


@pytest.mark.slow
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
    assert [line["query"] for line in lines] == asked
    # The same shape as GET /api/search: answers in hits, or closest when nothing answers.
    assert {"query", "answered", "hits", "closest", "note"} <= set(lines[0])
    assert lines[1]["hits"] == lines[1]["closest"] == []
    first = lines[0]["hits"] + lines[0]["closest"]
    assert {"document_title", "locator", "text", "score", "relevance"} <= set(first[0])
    assert "整治内容（六）" in [hit["locator"] for hit in first]
    third = lines[2]["hits"] + lines[2]["closest"]
    assert "表1 1-1-1" in [hit["locator"] for hit in third]


@pytest.mark.slow
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


@pytest.mark.slow
def test_cited_by_kind_returns_items_with_code_points_and_standard(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    base = ["--home", str(home), "cited-by", "医疗废物管理条例", "--json"]
    assert main(base) == 0
    every = json.loads(capsys.readouterr().out)["items"]
    assert main([*base, "--kind", "item"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    assert items and items == [r for r in every if r["kind"] == "item"]
    for row in items:
        assert row["item"]["code"] and row["item"]["table"] and row["item"]["points"] > 0
        assert row["item"]["requirement"] and "医疗废物管理条例" in row["raw"]
    assert main([*base, "--kind", "report,notice", "--kind", "plan"]) == 0
    others = json.loads(capsys.readouterr().out)["items"]
    assert others == [r for r in every if r["kind"] in {"report", "notice", "plan"}]
    assert main([*base[:-1], "--kind", "item"]) == 0  # the table names the item's code
    assert "3-3-2" in capsys.readouterr().out


@pytest.mark.slow
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


# -- names, pages and the server (issue 15) ---------------------------------------------------
@pytest.mark.slow
def test_an_unknown_name_is_exit_3_with_the_closest_names(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["--home", str(home), "obligations", "--body", "医生们的协会"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("regkg: 没有找到名为“医生们的协会”的机构；您是否要找：")
    assert err.count("\n") == 1
    assert main(["--home", str(home), "cited-by", "医疗机构管里办法条例"]) == 3
    err = capsys.readouterr().err
    assert "的法规；您是否要找：" in err and "医疗机构管理条例" in err
    # a filter that names nothing is bad input (2), not an unknown thing (3)
    args = ["--home", str(home), "obligations", "--body", "医疗机构", "--modality", "perhaps"]
    assert main(args) == 2


@pytest.mark.slow
def test_none_found_is_exit_0_with_0_rows(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from graph import connect, ensure_server

    with connect(ensure_server(home / "graph")) as store:
        idle = next(b for b in _every_body(store.bodies()) if not _bound(b))
    capsys.readouterr()
    assert main(["--home", str(home), "obligations", "--body", idle.key]) == 0
    out = capsys.readouterr().out
    assert "0 obligations" in out and "含下级机构 0 项，本机构 0 项" in out


def _every_body(roots: list) -> Iterator:
    for node in roots:
        yield node
        yield from _every_body(node.children)


def _bound(node: object) -> int:
    children = getattr(node, "children", [])
    return int(getattr(node, "obligation_count", 0)) + sum(_bound(c) for c in children)


@pytest.mark.slow
def test_obligations_say_which_rows_of_how_many_in_lines_that_do_not_wrap(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--home", str(home), "obligations", "--body", "县卫健局"]
    capsys.readouterr()
    assert main([*base, "--json"]) == 0
    page = json.loads(capsys.readouterr().out)
    assert page["body"]["key"] == "health_administration/county" and page["total"] > 3
    assert set(page) >= {"total", "offset", "limit", "items", "own_total", "scope"}
    assert main([*base, "--limit", "3", "--offset", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # not a terminal: a header and one tab-separated line per row, however long the action
    assert lines[0].split("\t")[:3] == ["body", "modality", "action"]
    rows = lines[1:4]
    assert all(len(r.split("\t")) == len(lines[0].split("\t")) for r in rows)
    assert [r.split("\t")[2] for r in rows] == [
        " ".join((o["action"] or o["text"]).split()) for o in page["items"][1:4]
    ]
    assert lines[4] == f"rows 2–4 of {page['total']} obligations"
    assert lines[5].startswith(f"含下级机构 {page['with_sub_bodies_total']} 项，")


@pytest.mark.slow
def test_read_commands_go_through_a_running_server(home: Path) -> None:
    """With `regkg serve` up, `regkg search` answers from it: proven by a model path that the
    command itself could not load; the JSON is the API's own. Stopped, the record is gone."""
    import os
    import signal
    import subprocess
    import sys
    import time
    import urllib.request
    from urllib.parse import quote

    env = {**os.environ, "REGKG_HOME": str(home), "REGKG_REFINE": "false"}
    env |= {"REGKG_QUERY_MODEL": "self", "HF_HUB_OFFLINE": "1"}
    env.pop("REGKG_NO_SERVER", None)
    port = free_port()
    cli = [sys.executable, "-m", "api.cli"]
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                with urllib.request.urlopen(f"{url}/livez", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
            time.sleep(1)
        assert json.loads((home / "serve.json").read_text())["url"] == url
        unloadable = {**env, "REGKG_MODEL": str(home / "no-such-model")}
        question = "院长是不是法人代表"
        done = subprocess.run(
            [*cli, "search", question, "--top-k", "3", "--json"],
            env=unloadable,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        with urllib.request.urlopen(
            f"{url}/api/search?q={quote(question)}&top_k=3", timeout=60
        ) as answer:
            assert json.loads(done.stdout) == json.load(answer)
        done = subprocess.run(
            [*cli, "cited-by", "医疗机构管里办法条例"],
            env=unloadable,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 3 and "您是否要找：" in done.stderr
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)
    assert not (home / "serve.json").exists()
    done = subprocess.run(
        [*cli, "search", "院长是不是法人代表"], env=unloadable, capture_output=True, text=True
    )
    assert done.returncode != 0  # no server: the command loads the (missing) model itself


def test_tables_fit_an_80_column_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from rich.cells import cell_len
    from rich.console import Console

    from api import output

    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=80, color_system=None)
    monkeypatch.setattr(output, "console", terminal)
    duty = {"body": "县级卫生健康行政部门", "modality": "must", "deadline": "6月12日前"}
    duty |= {"action": "对本行政区域内的医疗机构资质、医疗卫生人员资质、医疗技术临床应用管理" * 2}
    duty |= {
        "document_title": "关于进一步规范我区医疗卫生监督执法工作的通知",
        "locator": "四、（三）",
    }
    page = {"total": 125, "offset": 0, "limit": 1, "items": [duty], "scope": "含下级机构 125 项"}
    output.print_obligations(page | {"body": {"name": "县级卫生健康行政部门"}})
    lines = screen.getvalue().splitlines()
    assert lines and max(cell_len(line) for line in lines) <= 80
    folded = "".join(line.strip(" │") for line in lines)
    assert "医疗技术临床应用管理" in folded  # the action folds inside its cell, not cut to "…"
    assert capsys.readouterr().out.splitlines()[0] == "rows 1–1 of 125 obligations"


def test_the_ingest_table_names_every_document_whole(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two titles that share their first ten characters stay apart on an 80-column terminal, and
    in a pipe every row is one tab-separated line: a bad file with what was wrong with it."""
    import io

    from rich.console import Console

    from api import output

    ok = {"error": None, "counts": {"clauses": 239, "obligations": 161}, "problems": ["x"]}
    summary = {
        "documents": [
            ok | {"title": "中华人民共和国传染病防治法", "source": "a.md"},
            ok | {"title": "中华人民共和国传染病防治法实施办法", "source": "b.md"},
            {"error": "not UTF-8, GBK or Big5: re-save it as UTF-8", "source": "c.txt"},
        ],
        "loaded": 2,
        "failed": 1,
        "indexed_units": 400,
    }
    output.print_ingest(summary)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t") == [
        "document",
        "clauses",
        "citations",
        "obligations",
        "items",
        "problems",
    ]
    assert lines[2].split("\t") == [
        "中华人民共和国传染病防治法实施办法",
        "239",
        "0",
        "161",
        "0",
        "1",
    ]
    assert lines[3].split("\t")[0] == "c.txt" and "re-save it as UTF-8" in lines[3]
    assert lines[-1] == "loaded 2 documents, 1 failed, 400 search units indexed"

    screen = io.StringIO()
    monkeypatch.setattr(
        output, "console", Console(file=screen, force_terminal=True, width=80, color_system=None)
    )
    output.print_ingest(summary)
    folded = "".join(line.strip(" │") for line in screen.getvalue().splitlines())
    assert "实施办法" in folded and "…" not in folded
