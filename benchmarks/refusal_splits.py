"""Which questions the "nothing found" benchmark runs, and which of them may be fitted or shown.

benchmarks/relevance.py reads its questions and its table's columns from here, so a new split is
one line. Splits of the off-topic file (benchmarks/offtopic.jsonl): ``calibration`` and
``measure`` (odd / even lines of the first 76), ``measure2``, ``measure3`` (written blind, seen
since), ``train`` (breadth for the probe only: hospital finance, procurement, pay, logistics,
fire safety, IT, canteen, parking, union, tax, insurance, everyday life; never reported as a
figure) and ``measure4`` (blind). Dev questions: the parity halves of benchmarks/devset.jsonl and
``dev_blind`` (benchmarks/devset_blind.jsonl, blind: answerable questions no fit has seen, so
"no dev recall lost" is measured on questions the probe never saw).
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.devset import DevQuestion, load_devset

DEV_BLIND = Path(__file__).resolve().parent / "devset_blind.jsonl"
# Written before the model they measure was frozen: out of every fit, table and list until
# ``--show-blind``.
BLIND = ("measure4", "dev_blind")
# Off-topic splits that are reported; ``train`` only teaches.
SEEN_OFFTOPIC = ("calibration", "measure", "measure2", "measure3")
TRAIN = "train"


def dev_questions(blind_path: Path = DEV_BLIND) -> list[tuple[str, DevQuestion, str]]:
    """(question, gold, split) of every dev question: odd lines of the dev set calibrate, even
    lines measure, and the blind file's questions are ``dev_blind``."""
    rows = [
        (q.question, q, "calibration" if i % 2 == 0 else "measure")
        for i, q in enumerate(load_devset())
    ]
    if blind_path.is_file():
        rows += [(q.question, q, "dev_blind") for q in load_devset(blind_path)]
    return rows


def halves(blind: bool) -> list[tuple[str, tuple[str, ...]]]:
    """The report's columns: a name and the splits it pools; the blind ones only with ``blind``."""
    out: list[tuple[str, tuple[str, ...]]] = [
        ("calibration", ("calibration",)),
        ("measure-only", ("measure",)),
        ("all", ("calibration", "measure")),
        ("measure2", ("measure2",)),
        ("measure3", ("measure3",)),
        ("seen non-calibration", ("measure", "measure2", "measure3")),
    ]
    if blind:
        out += [
            ("measure4 (blind)", ("measure4",)),
            ("dev_blind (blind)", ("dev_blind",)),
            ("non-calibration", ("measure", "measure2", "measure3", "measure4")),
        ]
    return out
