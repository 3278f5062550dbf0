"""Terminal rendering for the ``regkg`` command line: progress bars, tables and JSON rows.

Kept apart from ``cli.py`` so the argument parsing reads in one screen.
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api import tables
from api.settings import Settings

if TYPE_CHECKING:
    from api.services import IngestSummary, Regkg
    from search.refine import RefineStatus

# In a pipe or a file, lines are not wrapped at 80 columns: a reader greps whole lines.
console = Console(stderr=False, soft_wrap=not sys.stdout.isatty())
errors = Console(stderr=True)

USER_ERROR_NAMES = {
    "IngestError",
    "SearchError",
    "GraphError",
    "ServerError",
    "NotFoundError",
    "ExportError",
    "UsageError",
    "EncoderError",
    "ServiceUnavailable",
    "AuthError",
}


def is_user_error(exc: BaseException) -> bool:
    """Errors of regkg's own types (and bad input) are shown in one line, not as a traceback."""
    return any(cls.__name__ in USER_ERROR_NAMES for cls in type(exc).__mro__) or isinstance(
        exc, (FileNotFoundError, PermissionError, ValueError)
    )


def jsonable(value: Any) -> Any:
    """Dataclasses, enums, dates and tuples as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (date, Path)):
        return str(value)
    if hasattr(value, "model_dump"):
        return jsonable(value.model_dump())
    return value


def _files(paths: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"{path} does not exist: give files or folders to ingest")
        found.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    return found


def _progress(label: str) -> Progress:
    """A bar on stderr: label, bar, done/total, elapsed, then the task's description."""
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=errors,
        transient=False,
    )


def run_ingest(app: Regkg, paths: Sequence[Path]) -> IngestSummary:
    files = _files(paths)
    with _progress("ingest") as progress:
        task = progress.add_task("", total=len(files))

        def step(done: int, total: int, source: str) -> None:
            progress.update(task, completed=done, total=total, description=Path(source).name[:40])

        return app.ingest(paths, progress=step)


# The counts an ingest reports per document: column name → the summary's key.
INGEST_COUNTS = {
    "clauses": "clauses",
    "citations": "citations",
    "obligations": "obligations",
    "items": "inspection_items",
}


def print_ingest(summary: dict[str, Any]) -> None:
    cols = [
        tables.Col("document", ratio=4, fold=True),
        *(tables.Col(name, width=len(name) + 1) for name in INGEST_COUNTS),
        tables.Col("problems", ratio=2, fold=True),
    ]
    rows = []
    for row in summary["documents"]:
        if row["error"]:  # the file, and what was wrong with it, in the problems column
            rows.append([row["source"], *("" for _ in INGEST_COUNTS), row["error"]])
            continue
        c = row["counts"]
        counts = [str(c.get(key, 0)) for key in INGEST_COUNTS.values()]
        rows.append([row["title"] or row["source"], *counts, str(len(row["problems"]))])
    tables.show(console, "ingested documents", cols, rows)
    console.print(
        f"loaded {summary['loaded']} documents, {summary['failed']} failed, "
        f"{summary['indexed_units']} search units indexed"
    )


def run_search(app: Regkg, args: argparse.Namespace) -> int:
    from api.search_view import search_response

    filters: dict[str, Any] = {"kind": args.kind, "level": args.level}
    filters = {k: v for k, v in filters.items() if v}
    if args.current_only:
        filters["current_only"] = True
    if getattr(args, "all_versions", False):
        filters["all_versions"] = True
    if getattr(args, "as_of", None):
        filters["as_of"] = args.as_of
    expand = not args.no_expand

    def answer(question: str) -> dict[str, Any]:
        found = app.search_answer(question, args.top_k, expand=expand, **filters)
        return search_response(question, found, args.top_k).model_dump(mode="json")

    if args.questions:
        questions = args.questions.read_text(encoding="utf-8").splitlines()
        for question in questions:
            if not question.strip():
                empty = {"query": question, "answered": False, "top_k": args.top_k, "offset": 0}
                empty |= {"hits": [], "closest": [], "note": "空问题"}
                print(json.dumps(empty, ensure_ascii=False))
                continue
            print(json.dumps(answer(question), ensure_ascii=False))
        return 0
    if not args.question:
        raise ValueError("give a QUESTION or --questions FILE")
    shaped = answer(args.question)
    if args.json:
        print(json.dumps(shaped, ensure_ascii=False, indent=1))
    elif shaped["answered"]:
        print_hits(shaped["hits"])
    else:
        console.print(f"[bold yellow]{shaped['note']}[/bold yellow]")
        print_hits(shaped["closest"], closest=True)
    return 0


def print_hits(hits: Sequence[Any], *, closest: bool = False) -> None:
    for rank, hit in enumerate(hits, 1):
        h = jsonable(hit)
        version = ""
        if not h.get("is_current", True):
            # An older version shown apart (--all-versions, --as-of); say which is which.
            version = f"  [yellow]{h.get('status')} version of {h.get('version_date')}"
            version += f", current {h['superseded_by']}" if h.get("superseded_by") else ""
            version += "[/yellow]"
        if h.get("relevance") is not None:
            shown = f"相关度 {h['relevance']}（{h.get('relevance_label') or ''}）"
        else:
            shown = f"score {h['score']:.3f}"
        mark = "[dim]最接近[/dim] " if closest else ""
        console.print(
            f"{mark}[bold]{rank}. {h['document_title']} {h['locator']}[/bold]  {shown}" + version
        )
        text = " ".join(h["text"].split())
        # CJK characters are two columns wide: 90 of them fill about two terminal lines
        console.print("   " + (text[:90] + "…" if len(text) > 90 else text), markup=False)
        for folded in h.get("versions") or ():
            console.print(f"   [dim]{folded['note']}[/dim]", markup=True)
        why = h.get("explanation") or h.get("reason")
        if why:
            console.print(f"   [dim]{why}[/dim]")
        if h.get("explanation") and (h.get("reason") or "").startswith(("cited by", "matched its")):
            console.print(f"   [dim]{h['reason']}[/dim]")


def print_cited_by(page: dict[str, Any]) -> None:
    """A page of cited-by rows (api/pages.py's shape) and which rows of how many they are."""
    rows = []
    for r in page["items"]:
        target = r.get("article") or ""
        if r.get("article_now") is not None:  # an older version's number; where it is now
            target += f"（现{r['article_now']}）" if r["article_now"] else "（已删去）"
        if r.get("via"):
            target += f" (via {r['via']})"
        rows.append(
            [
                str(r["depth"]),
                r.get("kind") or "",
                r.get("document_title") or r.get("document_id") or "",
                _citing_place(r),
                r.get("raw") or "",
                target.strip(),
            ]
        )
    work = page["regulation"]["title"] + (f" {page['article']}" if page.get("article") else "")
    cols = [
        tables.Col("depth", width=5),
        tables.Col("kind", width=8),
        tables.Col("citing document", ratio=3, fold=True),
        tables.Col("locator", ratio=2, fold=True),
        tables.Col("citation", ratio=2, fold=True),
        tables.Col("cited", ratio=2, fold=True),  # the article, or the work in between
    ]
    tables.show(console, f"cited by: {work}", cols, rows)
    kinds = "，".join(f"{k} {n}" for k, n in page.get("by_kind", {}).items())
    print(tables.page_line(page, "citations") + (f" ({kinds})" if kinds else ""))


def _citing_place(r: dict[str, Any]) -> str:
    """The clause's locator, or an item's table, code, points and standard."""
    item = r.get("item")
    if not item:
        return r.get("locator") or "(document)"
    code = " ".join(x for x in (item.get("table"), item.get("code")) if x)
    points = item.get("points_raw") or (f"{item['points']:g}分" if item.get("points") else "")
    standard = item.get("requirement") or ""
    return "\n".join(x for x in (f"{code} {points}".strip(), standard) if x)


def print_obligations(page: dict[str, Any]) -> None:
    """A page of obligations (api/pages.py's shape), the totals with and without sub-bodies."""
    rows = []
    for r in page["items"]:
        when = " / ".join(x for x in (r.get("deadline"), r.get("frequency")) if x)
        rows.append(
            [
                str(r.get("body") or ""),
                str(r.get("modality") or ""),
                str(r.get("action") or r.get("text") or ""),
                when,
                f"{r.get('document_title') or ''} {r.get('locator') or ''}".strip(),
                str(r.get("penalty") or ""),  # 违反后果 (graph PENALISED_BY)
            ]
        )
    cols = [
        tables.Col("body", ratio=2, fold=True),
        tables.Col("modality", width=8),
        tables.Col("action", ratio=4, fold=True),
        tables.Col("when", ratio=1, fold=True),  # deadline / frequency
        tables.Col("source", ratio=3, fold=True),
        tables.Col("违反后果", ratio=3, fold=True),
    ]
    tables.show(console, f"obligations: {page['body']['name']}", cols, rows)
    print(tables.page_line(page, "obligations"))
    # The scope is in words (the web page shows it too); the terminal names its flag.
    hint = "（只看本机构：--exact）" if page.get("include_sub_bodies") else ""
    print(page["scope"] + hint)


def run_refine(app: Regkg, limit: int | None) -> RefineStatus:
    before = app.refine_status()
    if before.model is None:
        raise ValueError(
            "nothing to refine with: the encoder names no query model (REGKG_QUERY_MODEL=self?)"
        )
    todo = before.total - before.refined
    todo = min(todo, limit) if limit is not None else todo
    with _progress(f"refine with {before.model}") as progress:
        task = progress.add_task("", total=todo)

        def step(state: RefineStatus) -> None:
            progress.update(task, completed=state.done_now, description=f"{state.rate:.1f}/s")

        return app.refine(limit, on_progress=step)


def print_refine(state: dict[str, Any]) -> None:
    console.print(
        f"{state['refined']} of {state['units']} search units carry {state['model']}'s vectors"
        + ("" if state["refined"] == state["units"] else " (rerun `regkg refine` to go on)")
    )


def print_stats(stats: dict[str, Any]) -> None:
    table = Table(title="graph")
    table.add_column("what")
    table.add_column("count", justify="right")
    for group in ("nodes", "relationships"):
        for name, count in sorted(stats.get(group, {}).items()):
            table.add_row(name, str(count))
    console.print(table)


def server_action(settings: Settings, action: str, as_json: bool) -> int:
    from graph import ensure_server, server_status, stop_server

    if action == "start":
        config = ensure_server(settings.graph_home)
        state: dict[str, Any] = {"running": True, "uri": config.uri}
    elif action == "stop":
        state = {"stopped": stop_server(settings.graph_home)}
    else:
        state = server_status(settings.graph_home)
    if as_json:
        print(json.dumps(state, ensure_ascii=False))
    else:
        for key, value in state.items():
            print(f"{key}: {value}", file=sys.stdout)
    return 0
