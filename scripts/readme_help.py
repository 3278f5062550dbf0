"""Regenerates the README's command reference from `regkg COMMAND --help`.

Run after changing an option: `python scripts/readme_help.py`; tests/test_docs.py checks it.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.cli import EXAMPLES, _parser  # noqa: E402

BEGIN, END = "<!-- CLI-HELP -->", "<!-- /CLI-HELP -->"


def help_text(command: str) -> str:
    os.environ["COLUMNS"] = "100"  # argparse wraps to the terminal: fix it so the README is stable
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        _parser().parse_args([command, "--help"])
    return out.getvalue().rstrip()


def reference() -> str:
    parts = [BEGIN, "## Command reference", ""]
    for command in EXAMPLES:
        parts += [f"### `regkg {command}`", "", "```text", help_text(command), "```", ""]
    parts.append(END)
    return "\n".join(parts)


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    block = reference()
    text = (
        pattern.sub(lambda _: block, text) if pattern.search(text) else text.replace(BEGIN, block)
    )
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
