"""The ``regkg`` command line: every capability of regkg from the terminal.

Domain errors become a one-line message on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from api import output
from api.settings import MAX_DEPTH, MAX_OFFSET, Settings

NO_SUCH_NAME = 3  # exit code: a body, regulation or document name matched nothing

EXAMPLES = {
    "ingest": "  regkg ingest data/            # text, PDF, Word, Excel, CSV, JSON under data/\n"
    "  regkg ingest report.txt --json",
    "search": '  regkg search "退休医生返聘坐诊要办什么手续？" --top-k 5\n'
    '  regkg search "医疗机构执业许可证校验" --as-of 2020-01-01   # the text in force then\n'
    "  regkg search --questions questions.txt --top-k 10 --json   # one JSON line per question",
    "cited-by": '  regkg cited-by "医疗机构管理条例" --article 第二十四条 --depth 2 --json\n'
    "  regkg cited-by 医疗废物管理条例 --kind item      # the inspection items that cite it",
    "obligations": '  regkg obligations --body "县（区）卫生健康局" --json\n'
    "  regkg obligations --body 县卫健局 --modality must --level 国家 --exact\n"
    "  regkg obligations --body 医疗机构 --document 医疗机构管理条例 --offset 100",
    "export": "  regkg export --format turtle -o regkg.ttl\n"
    "  regkg export --schema-only --format jsonld",
    "serve": "  regkg serve --port 8000      # API + web page on http://127.0.0.1:8000/",
    "stats": "  regkg stats --json",
    "check": "  regkg check                  # exit code 1 while graph and index disagree\n"
    "  regkg check --repair --json  # after a crash: index what the graph committed",
    "refine": "  regkg refine                 # all units, ~13 min for the sample corpus\n"
    "  regkg refine --limit 500     # a part now, the rest on a later run",
    "migrate": "  NEO4J_PASSWORD=… regkg migrate --to bolt://db.example.org:7687  # to Neo4j\n"
    "  regkg migrate --to neo4j+s://xxxx.databases.neo4j.io --replace --json  # Aura",
    "server": "  regkg server status          # the embedded graph server under --home\n"
    "  regkg server stop",
    "checklist": "  regkg checklist --for 医疗机构 --topic 医疗废物 --format xlsx -o 废物.xlsx\n"
    "  regkg checklist --for 医院 --topic 传染病防治,护理 --format md",
    "coverage": "  regkg coverage 自查报告.txt --for 医疗机构 --topic 依法执业\n"
    "  regkg coverage 自查报告.txt --against checklist.json --json",
    "diff": "  regkg diff 医疗机构管理条例                       # previous version → current\n"
    "  regkg diff 传染病防治法 --from 2020-01-01 --to 2025-12-31 --json",
    "stale": "  regkg stale                  # every citation of an article a revision changed\n"
    "  regkg stale 医疗机构管理条例实施细则 --json",
}


class UsageError(Exception):
    """Bad input from the command line: reported in one line, exit code 2."""


def _bounded(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: an integer in [low, high], else a one-line usage error."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}")
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="regkg",
        description="Knowledge graph and semantic search over Chinese health-care regulations.",
        epilog="Run `regkg COMMAND --help` for each command's options and an example.",
    )
    top.add_argument(
        "--home",
        type=Path,
        help="where regkg keeps its data (default: $REGKG_HOME or ~/.regkg)",
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog="example:\n" + EXAMPLES[name],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument("--home", type=Path, default=argparse.SUPPRESS, help="as for regkg")
        return p

    def json_flag(p: argparse.ArgumentParser) -> None:
        p.add_argument("--json", action="store_true", help="print machine-readable JSON")

    def paging(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--limit", type=_bounded(1, 1000), default=100, help="rows per page (default 100)"
        )
        p.add_argument(
            "--offset", type=_bounded(0, MAX_OFFSET), default=0, help="rows to skip (default 0)"
        )

    p = command("ingest", "Parse documents and load them into the graph and the search index.")
    p.add_argument("paths", nargs="+", type=Path, help="files or folders (searched recursively)")
    json_flag(p)

    p = command("search", "Find the clauses that govern a question, best first, with reasons.")
    p.add_argument("question", nargs="?", help="the question in plain Chinese")
    p.add_argument("--questions", type=Path, help="answer one question per line of FILE")
    p.add_argument("--top-k", type=int, default=10, help="how many clauses (default 10)")
    p.add_argument("--kind", help="only documents of this kind, e.g. law, notice, scoring_standard")
    p.add_argument("--level", help="only this level: national, provincial, prefectural, county")
    p.add_argument(
        "--current-only",
        action="store_true",
        help="drop older versions entirely (by default they are folded under the current article)",
    )
    p.add_argument(
        "--all-versions", action="store_true", help="show every version of an article apart"
    )
    p.add_argument(
        "--as-of", metavar="DATE", help="the text in force on DATE (YYYY-MM-DD), e.g. 2020-01-01"
    )
    p.add_argument("--no-expand", action="store_true", help="skip graph expansion")
    json_flag(p)

    p = command("cited-by", "Trace which clauses, items, plans and reports cite a regulation.")
    p.add_argument("regulation", help="title, short title or misspelling of the regulation")
    p.add_argument("--article", help="only citations of this article, e.g. 第二十条")
    p.add_argument(
        "--depth", type=int, default=1, help=f"follow citations transitively (1-{MAX_DEPTH})"
    )
    p.add_argument(
        "--kind",
        action="append",
        metavar="KIND",
        help="only citing places of this kind: item, clause, plan, report, notice, standard, "
        "other, or 检查项, 条款, 方案, 报告, 通知, 标准, 法律 … (repeat it or give a comma list)",
    )
    paging(p)
    json_flag(p)

    p = command("obligations", "List what a responsible body must, must not or may do.")
    p.add_argument("--body", required=True, help="body name or alias, e.g. 县（区）卫生健康局")
    p.add_argument(
        "--exact",
        action="store_true",
        help="only the body's own obligations (default: with its sub-bodies'; the output says "
        "how many of each)",
    )
    p.add_argument("--modality", help="only must, must_not or may (or 应当, 不得, 可以)")
    p.add_argument("--document", help="only those stated in this document (title or id)")
    p.add_argument(
        "--level",
        help="only those stated in documents of this level: 国家, 省, 市, 县 (or national …)",
    )
    paging(p)
    json_flag(p)

    p = command("export", "Export the schema and the data as RDF on standard vocabularies.")
    p.add_argument(
        "--format",
        default="turtle",
        choices=["turtle", "jsonld", "nt", "xml"],
        help="RDF serialisation (default turtle)",
    )
    p.add_argument("--schema-only", action="store_true", help="only the OWL ontology")
    p.add_argument("-o", "--output", type=Path, help="write to FILE (default: stdout)")

    p = command("serve", "Serve the HTTP API and the web page.")
    p.add_argument("--host", help="interface to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default 8000)")

    p = command(
        "refine",
        "Re-embed the indexed clauses with the query model: best recall, about 10 clauses a "
        "second on 2 cores (`regkg serve` does it in the background). Resumable.",
    )
    p.add_argument("--limit", type=int, help="refine at most N units now (default: all)")
    json_flag(p)

    p = command("stats", "Count the nodes and relationships in the graph.")
    json_flag(p)

    p = command(
        "check",
        "Compare the graph with the search index; --repair brings the index in line "
        "(exit code 1 while they disagree).",
    )
    p.add_argument(
        "--repair",
        action="store_true",
        help="index what the graph holds but search misses, drop what the graph no longer "
        "holds, restate versions and status from the graph",
    )
    json_flag(p)

    p = command(
        "migrate",
        "Copy the graph (the embedded one, unless NEO4J_URI names another) into a Neo4j server, "
        "cluster or Aura database and check that every count arrived.",
    )
    p.add_argument("--to", required=True, metavar="URI", help="bolt://, neo4j:// or neo4j+s://")
    p.add_argument("--user", default="neo4j", help="user on the target (default neo4j)")
    p.add_argument("--database", help="database on the target (default: the server's default)")
    p.add_argument(
        "--password-env",
        default="NEO4J_PASSWORD",
        metavar="VAR",
        help="environment variable holding the target's password (default NEO4J_PASSWORD; "
        "asked for when unset and a terminal is attached)",
    )
    p.add_argument("--replace", action="store_true", help="delete what the target holds first")
    json_flag(p)

    p = command("server", "Start, stop or inspect the embedded graph server.")
    p.add_argument("action", choices=["start", "stop", "status"])
    json_flag(p)

    from api.cli_checklist import add_arguments

    add_arguments(
        command(
            "checklist",
            "A self-inspection checklist for a kind of institution: inspection items and the "
            "duties binding it on some topics or a scoring standard, each linked to its source.",
        ),
        command(
            "coverage",
            "Which requirements of a checklist a self-inspection report addresses (with its "
            "evidence) and which are gaps; the report's citations checked.",
        ),
    )
    from api.cli_changes import add_arguments as add_change_arguments

    add_change_arguments(
        command(
            "diff",
            "新旧对照: the articles of two versions of a work side by side — unchanged, "
            "changed (with a character diff), renumbered, added, deleted.",
        ),
        command(
            "stale",
            "Citations of an article that a later version changed, moved or dropped, each "
            "with the article it most likely is now.",
        ),
    )
    return top


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if getattr(args, "home", None):
        overrides["home"] = args.home
    for name in ("host", "port"):
        if getattr(args, name, None):
            overrides[name] = getattr(args, name)
    return Settings(**overrides)


def _emit(args: argparse.Namespace, rows: Any, render: Callable[[Any], None]) -> None:
    if getattr(args, "json", False):
        print(json.dumps(output.jsonable(rows), ensure_ascii=False, indent=1))
    else:
        render(rows)


def _run(args: argparse.Namespace) -> int:
    from api.services import Regkg

    settings = _settings(args)
    if args.command == "serve":
        from api.server import serve

        serve(settings)
        return 0
    if args.command == "server":
        return output.server_action(settings, args.action, args.json)

    from api import read_commands

    if args.command in read_commands.VIA_SERVER:  # a running `regkg serve` answers at API speed
        if args.command == "cited-by" and not 1 <= args.depth <= MAX_DEPTH:
            raise UsageError(f"--depth must be between 1 and {MAX_DEPTH}")
        answered = read_commands.run(args, settings)
        if answered is not None:
            return answered

    app = Regkg(settings)
    try:
        if args.command == "ingest":
            summary = output.run_ingest(app, args.paths)
            _emit(args, summary.as_json(), output.print_ingest)
            return 0 if summary.loaded or not summary.failed else 1
        if args.command == "search":
            return output.run_search(app, args)
        if args.command == "cited-by":
            if not 1 <= args.depth <= MAX_DEPTH:
                raise UsageError(f"--depth must be between 1 and {MAX_DEPTH}")
            rows = app.cited_by(
                args.regulation,
                article=args.article,
                depth=args.depth,
                limit=args.limit,
                offset=args.offset,
                kinds=args.kind,
            )
            _emit(args, rows, output.print_cited_by)
        elif args.command == "obligations":
            rows = app.obligations(
                args.body, include_sub_bodies=not args.exact, limit=args.limit, offset=args.offset
            )
            _emit(args, rows, output.print_obligations)
        elif args.command == "refine":
            if args.limit is not None and args.limit < 1:
                raise UsageError("--limit must be at least 1")
            _emit(args, output.run_refine(app, args.limit).as_json(), output.print_refine)
        elif args.command == "checklist":
            from api.cli_checklist import run_checklist

            return run_checklist(app, args)
        elif args.command == "coverage":
            from api.cli_checklist import run_coverage

            return run_coverage(app, args)
        elif args.command in ("diff", "stale"):
            from api import cli_changes

            run = cli_changes.run_diff if args.command == "diff" else cli_changes.run_stale
            return run(app, args)
        elif args.command == "migrate":
            from api import migrating

            moved = migrating.run_migrate(app, args)
            _emit(args, moved.as_json(), migrating.print_migration)
            return 0 if moved.complete else 1
        elif args.command == "stats":
            _emit(args, app.stats(), output.print_stats)
        elif args.command == "check":
            found = app.check(repair=args.repair)
            _emit(args, found.as_json(), _print_check)
            return 0 if found.agrees or found.repaired else 1
        elif args.command == "export":
            if args.output:
                with args.output.open("wb") as out:
                    app.export(out, args.format, args.schema_only)
            else:
                app.export(sys.stdout.buffer, args.format, args.schema_only)
        return 0
    finally:
        app.close()


def _print_check(found: dict[str, Any]) -> None:
    print(
        f"graph: {found['graph_documents']} documents; index: {found['index_documents']}; "
        + ("in agreement" if found["agrees"] else "NOT in agreement")
    )
    for key, label in (
        ("missing_from_index", "committed in the graph but not searchable"),
        ("ghosts_in_index", "searchable but not in the graph"),
        ("stale_in_index", "version or status behind the graph"),
        ("links_stale_in_index", "citing elsewhere than the graph links their citations"),
    ):
        if found[key]:
            print(f"  {len(found[key])} {label}: {', '.join(found[key][:10])}")
    if found["repaired"]:
        print("repaired: the index now follows the graph")
    elif not found["agrees"]:
        print("run `regkg check --repair` to bring the index in line with the graph")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("regkg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `regkg … | head`: the reader left; nothing more to say
        sys.stderr.close()
        return 0
    except Exception as exc:  # domain errors at the edge: one line, exit code 2
        from graph.names import UnknownName  # imported late: a fast CLI loads no graph code

        if isinstance(exc, UnknownName):  # a name that names nothing is not "none found" (0)
            print(f"regkg: {exc.message}", file=sys.stderr)
            return 2 if exc.in_filter else NO_SUCH_NAME
        if not output.is_user_error(exc):
            raise
        print(f"regkg: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
