"""The docs are tested: the README's commands are what CI runs.

And its command reference is the current `--help` of every command.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
sys.path.insert(0, str(ROOT / "scripts"))

from readme_help import EXAMPLES, help_text  # noqa: E402


def first_screen_commands() -> list[str]:
    block = re.search(r"```bash\n(.*?)```", README, re.S)
    assert block, "the README's first screen must hold a ```bash block with the two commands"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_commands() -> None:
    commands = first_screen_commands()
    assert commands == ["bash scripts/demo.sh", "bash scripts/test.sh"]
    assert README.index("```bash") < 1200, "the two commands must be on the first screen"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    executable = [ln for ln in ci.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert any(first_screen_commands()[1] in line for line in executable)


def test_demo_command_ingests_the_sample_and_serves() -> None:
    demo = (ROOT / "scripts" / "demo.sh").read_text(encoding="utf-8")
    assert "regkg ingest data/" in demo and "regkg serve" in demo


@pytest.mark.parametrize("command", list(EXAMPLES))
def test_every_command_is_in_the_readme_with_its_help(command: str) -> None:
    text = help_text(command)
    assert f"regkg {command}" in README
    assert text in README, (
        f"README's help of `regkg {command}` is stale: run scripts/readme_help.py"
    )
    assert "example:" in text


@pytest.mark.parametrize("command", list(EXAMPLES))
def test_every_option_has_help(command: str) -> None:
    lines = help_text(command).splitlines()
    options = [i for i, ln in enumerate(lines) if re.match(r"^  -", ln)]
    assert options
    for i in options:
        same_line = re.match(r"^  \S.*?\s{2,}\S", lines[i])
        next_line = i + 1 < len(lines) and lines[i + 1].startswith(" " * 10)
        assert same_line or next_line, f"option without help: {lines[i]!r}"


def test_bad_input_exits_2_with_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "api.cli", "cited-by", "医疗机构管理条例", "--depth", "x"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "invalid int value" in result.stderr
