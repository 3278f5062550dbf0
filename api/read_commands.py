"""The CLI's read commands (cited-by, obligations, and search when a server is up), answered by a
running ``regkg serve`` when there is one (api/client.py), else by this process.

Either way the JSON is the API's (api/pages.py), so ``--json`` prints the same object as the API.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from api import output
from api.client import ServerClient, find_server
from api.settings import Settings

VIA_SERVER = {"search", "cited-by", "obligations"}


def normalise_filters(args: argparse.Namespace) -> None:
    """Search's ``--kind 法律`` / ``--level 省`` as the codes the searcher and the API take."""
    if args.command != "search" or not (args.kind or args.level):
        return  # no graph code to import: the fast path stays fast
    from graph import names

    if args.kind:
        args.kind = names.document_kind(args.kind)
    if args.level:
        args.level = names.level(args.level)


def run(args: argparse.Namespace, settings: Settings) -> int | None:
    """Answer a read command; None when this process should do it the usual way (search with
    no server up, or with options the API does not take)."""
    if args.command == "search":
        normalise_filters(args)
        if args.questions or getattr(args, "no_expand", False):
            return None
    client = find_server(settings)
    try:
        if args.command == "search":
            if client is None:
                return None
            return _search(client, args)
        body = _via(client, args) if client is not None else _local(args, settings)
    finally:
        if client is not None:
            client.close()
    if getattr(args, "json", False):
        print(json.dumps(body, ensure_ascii=False, indent=1))
    elif args.command == "cited-by":
        output.print_cited_by(body)
    else:
        output.print_obligations(body)
    return 0


def _cited_by_params(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "article": args.article,
        "depth": args.depth,
        "limit": args.limit,
        "offset": args.offset,
        "kind": args.kind,
    }


def _obligation_params(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "include_sub_bodies": str(not args.exact).lower(),
        "limit": args.limit,
        "offset": args.offset,
        "modality": args.modality,
        "document": args.document,
        "level": args.level,
    }


def _quoted(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


def _via(client: ServerClient, args: argparse.Namespace) -> Any:
    if args.command == "cited-by":
        params = {k: v for k, v in _cited_by_params(args).items() if v is not None}
        return client.get(f"/api/regulations/{_quoted(args.regulation)}/cited-by", params)
    params = {k: v for k, v in _obligation_params(args).items() if v is not None}
    return client.get(f"/api/bodies/{_quoted(args.body)}/obligations", params)


def _local(args: argparse.Namespace, settings: Settings) -> Any:
    from api import pages
    from api.services import Regkg

    app = Regkg(settings)
    try:
        if args.command == "cited-by":
            page: Any = pages.cited_by(
                app,
                args.regulation,
                args.article,
                args.depth,
                limit=args.limit,
                offset=args.offset,
                kinds=args.kind,
            )
        else:
            page = pages.obligations(
                app,
                args.body,
                not args.exact,
                limit=args.limit,
                offset=args.offset,
                modality=args.modality,
                document=args.document,
                level=args.level,
            )
        return page.model_dump(mode="json")
    finally:
        app.close()


def _search(client: ServerClient, args: argparse.Namespace) -> int:
    """One question through the server: the API's object with --json, else the hits printed as
    the local command prints them."""
    if not args.question:
        raise ValueError("give a QUESTION or --questions FILE")
    params: dict[str, Any] = {"q": args.question, "top_k": args.top_k}
    for name in ("kind", "level", "jurisdiction", "as_of"):
        if getattr(args, name, None):
            params[name] = getattr(args, name)
    for flag in ("current_only", "all_versions"):
        if getattr(args, flag, False):
            params[flag] = "true"
    body = client.get("/api/search", params)
    if args.json:
        print(json.dumps(body, ensure_ascii=False, indent=1))
        return 0
    # As api/output.py run_search prints the same object.
    if body.get("answered", True):
        output.print_hits(body["hits"])
        if body.get("note"):
            output.errors.print(body["note"], markup=False)
    else:
        output.console.print(f"[bold yellow]{body.get('note') or ''}[/bold yellow]")
        output.print_hits(body.get("closest") or [], closest=True)
    return 0
