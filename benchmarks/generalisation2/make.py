"""Builds the binary documents of the second generalisation set (XLSX, DOCX, PDF) from specs.

Each ``specs/<document file name>.yaml`` says what a person sees in the file, in the spec shape of
``benchmarks/generalisation/make.py`` (cells ``^`` merged with the cell above, ``<`` with the cell
to the left); run ``python -m benchmarks.generalisation2.make`` to regenerate the files next to
this module. The text formats (md, txt, html, csv, json) are written by hand and kept as they are.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.generalisation.make import build_all

HERE = Path(__file__).resolve().parent
SPECS = HERE / "specs"


def main() -> None:
    build_all(SPECS, HERE)


if __name__ == "__main__":
    main()
