"""The API as a data team scripts it: page through every document, regulation and obligation
(totals add up, no row twice, nothing missed against the graph's counts) and send bad input
(each answer a JSON body with a stable ``code`` and a ``message``).

    regkg serve --home HOME --port 8131 &
    python -m benchmarks.data_team_api --url http://127.0.0.1:8131 --home HOME
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx


def pages(client: httpx.Client, path: str, limit: int, **params: Any) -> Iterator[dict[str, Any]]:
    """Every page of a paged list, ``limit`` rows at a time, until ``total`` is reached."""
    offset = 0
    while True:
        answer = client.get(path, params={**params, "limit": limit, "offset": offset})
        answer.raise_for_status()
        page = answer.json()
        yield page
        offset += limit
        if offset >= page["total"] or not page["items"]:
            return


def walk(client: httpx.Client, path: str, key: str, limit: int, **params: Any) -> dict[str, Any]:
    """Page through one list: the totals each page gave, rows seen, duplicates."""
    totals: set[int] = set()
    seen: Counter[str] = Counter()
    requests = 0
    for page in pages(client, path, limit, **params):
        requests += 1
        totals.add(page["total"])
        seen.update(str(item[key]) for item in page["items"])
    total = next(iter(totals)) if len(totals) == 1 else None
    return {
        "requests": requests,
        "total": total,
        "totals_seen": sorted(totals),
        "rows": sum(seen.values()),
        "distinct": len(seen),
        "duplicates": sum(n - 1 for n in seen.values() if n > 1),
        "ids": set(seen),
    }


def flatten(bodies: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for body in bodies:
        yield body
        yield from flatten(body.get("children") or [])


def graph_counts(home: Path) -> dict[str, int]:
    """Nodes per label and obligations with a BINDS edge, from the graph itself."""
    from api.services import Regkg
    from api.settings import Settings

    store = Regkg(Settings(home=home)).store
    counts = {
        r["label"]: r["n"]
        for r in store.read("MATCH (n) RETURN labels(n)[0] AS label, count(n) AS n")
    }
    bound = store.read("MATCH (o:Obligation)-[:BINDS]->() RETURN count(DISTINCT o) AS n")
    counts["bound obligations"] = bound[0]["n"]
    return counts


BAD_INPUT: list[tuple[str, str, dict[str, Any] | None]] = [
    # (method, path, JSON body or None)
    ("GET", "/api/documents?limit=0", None),
    ("GET", "/api/documents?limit=100000", None),
    ("GET", "/api/documents?offset=-1", None),
    ("GET", "/api/documents?limit=abc", None),
    ("GET", "/api/documents?offset=99999999999", None),
    ("GET", "/api/documents/no-such-document", None),
    ("GET", "/api/regulations/" + quote("没有这部条例") + "/cited-by", None),
    ("GET", "/api/regulations/" + quote("医疗机构管理条例") + "/cited-by?depth=99", None),
    ("GET", "/api/bodies/" + quote("医生") + "/obligations", None),
    ("GET", "/api/bodies/" + quote("医疗机构") + "/obligations?modality=sometimes", None),
    ("GET", "/api/bodies/" + quote("医疗机构") + "/obligations?level=galactic", None),
    ("GET", "/api/search", None),
    ("GET", "/api/search?q=", None),
    ("GET", "/api/search?q=" + quote("胸牌") + "&top_k=0", None),
    ("GET", "/export?format=pdf", None),
    ("GET", "/api/no-such-route", None),
    ("GET", "/api/diff?title=" + quote("没有这部条例"), None),
    ("POST", "/api/coverage", {"report": 5}),
    ("POST", "/api/checklist/export", {"rows": "not a list"}),
]


def check_errors(client: httpx.Client) -> list[dict[str, Any]]:
    """Each bad request: its status, and whether the body is {error: {code, message}}."""
    rows = []
    for method, path, body in BAD_INPUT:
        answer = client.request(method, path, json=body)
        try:
            payload = answer.json()
        except ValueError:
            payload = None
        error = payload.get("error") if isinstance(payload, dict) else None
        shaped = isinstance(error, dict) and bool(error.get("code")) and bool(error.get("message"))
        rows.append(
            {
                "request": f"{method} {path}",
                "status": answer.status_code,
                "code": error.get("code") if isinstance(error, dict) else None,
                "shaped": shaped,
                "message": (error or {}).get("message", "")[:60] if shaped else answer.text[:60],
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8131")
    parser.add_argument("--home", type=Path, help="compare with this home's graph")
    parser.add_argument("--limit", type=int, default=37, help="page size (odd on purpose)")
    args = parser.parse_args()
    started = time.perf_counter()
    with httpx.Client(base_url=args.url, timeout=60) as client:
        documents = walk(client, "/api/documents", "id", args.limit)
        regulations = walk(client, "/api/regulations", "key", args.limit)
        roots = [b for page in pages(client, "/api/bodies", 100) for b in page["items"]]
        bodies = list(flatten(roots))
        own: Counter[str] = Counter()
        obligation_requests = 0
        problems: list[str] = []
        for body in bodies:
            if not body.get("obligation_count"):
                continue
            path = "/api/bodies/" + quote(body["key"], safe="") + "/obligations"
            walked = walk(client, path, "id", 100, include_sub_bodies="false")
            obligation_requests += walked["requests"]
            if walked["duplicates"] or walked["distinct"] != walked["total"]:
                problems.append(f"{body['key']}: {walked['distinct']} of {walked['total']}")
            if walked["total"] != body["obligation_count"]:
                problems.append(
                    f"{body['key']}: tree says {body['obligation_count']}, list {walked['total']}"
                )
            own.update(walked["ids"])
        institution = walk(client, "/api/bodies/" + quote("医疗机构") + "/obligations", "id", 100)
        errors = check_errors(client)
    elapsed = time.perf_counter() - started
    counts = graph_counts(args.home) if args.home else {}
    print(f"{'list':<34} {'requests':>8} {'total':>7} {'rows':>7} {'distinct':>8} {'dup':>4} graph")
    for name, walked, graph in (
        ("documents", documents, counts.get("Document")),
        ("regulations", regulations, counts.get("Regulation")),
        ("医疗机构 obligations (with sub-bodies)", institution, None),
    ):
        print(
            f"{name:<34} {walked['requests']:>8} {walked['total']!s:>7} {walked['rows']:>7} "
            f"{walked['distinct']:>8} {walked['duplicates']:>4} {'-' if graph is None else graph}"
        )
    print(
        f"{'obligations, every body (own)':<34} {obligation_requests:>8} {'-':>7} "
        f"{sum(own.values()):>7} {len(own):>8} {'-':>4} {counts.get('bound obligations', '-')}"
        " (distinct vs obligations with a BINDS edge; rows count one per body bound)"
    )
    print(f"bodies in the tree: {len(bodies)} (graph Body: {counts.get('Body', '-')})")
    print("problems:", problems or "none")
    print()
    print(f"{'bad request':<70} {'status':>6} {'code':<22} shaped  message")
    for row in errors:
        print(
            f"{row['request'][:70]:<70} {row['status']:>6} {row['code']!s:<22} "
            f"{'yes' if row['shaped'] else 'NO':<6}  {row['message']}"
        )
    print(
        f"\n{len(errors)} bad requests, {sum(r['shaped'] for r in errors)} with a JSON error body"
    )
    print(f"elapsed {elapsed:.1f} s")


if __name__ == "__main__":
    main()
