"""``regkg migrate``: the target's credentials from the command line and environment, a
progress bar while pages are copied, and the count check printed at the end."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn

if TYPE_CHECKING:
    from api.services import Regkg
    from graph.migrate import MigrationReport

console = Console(stderr=True)


def run_migrate(app: Regkg, args: argparse.Namespace) -> MigrationReport:
    from graph import BoltConfig

    password = os.environ.get(args.password_env)
    if password is None:
        if not sys.stdin.isatty():
            raise ValueError(
                f"no password for {args.to}: set {args.password_env} (or --password-env VAR)"
            )
        password = getpass.getpass(f"password of {args.user} on {args.to}: ")
    target = BoltConfig(args.to, args.user, password, args.database)
    copied: dict[str, int] = {}
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console) as bar:
        task = bar.add_task("connecting")

        def step(what: str, n: int) -> None:
            copied[what] = copied.get(what, 0) + n
            bar.update(task, description=f"copied {copied[what]:,} {what}")

        return app.migrate(target, replace=args.replace, progress=step)


def print_migration(found: dict[str, Any]) -> None:
    nodes = sum(found["target"]["nodes"].values())
    rels = sum(found["target"]["relationships"].values())
    print(f"target {found['target_server']}: {nodes:,} nodes, {rels:,} relationships")
    if found["complete"]:
        print("every label and relationship type arrived with the source's count")
    for line in found["mismatches"]:
        print(f"  MISMATCH {line}")
