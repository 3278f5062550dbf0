"""Fit the static student to what its teacher says of whole passages (the Tokenlearn recipe).

`search.distill build` gives each token the vector the teacher gives that token alone; averaged,
those lose the teacher's sense of a sentence. Here the teacher embeds every passage of the corpus
(its document prompt), and the student — its token table plus a linear head into the teacher's
768-d space — learns to reproduce those vectors. The fitted student names the teacher as its query
model (`regkg.json`): documents are embedded by the fast student, questions by the teacher, in
one space, so a colloquial question is understood as well as the teacher understands it.

Usage::

    python -m search.distill build        # the distilled base (see search/distill.py)
    python -m search.tokenlearn targets   # teacher embeds the corpus units (~40 CPU-min, resumable)
    python -m search.tokenlearn fit       # a few CPU-minutes -> search/data/regkg-static-zh/
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from search.distill import DEFAULT_OUTPUT as DISTILLED_BASE
from search.distill import REPO_ROOT, TEACHER_CACHE, DistillError
from search.encoder import DATA_DIR, DEFAULT_MODEL, PAIRING_FILE, Encoder, load_encoder
from search.model_cache import MODEL_CACHE

TARGETS_DIR = MODEL_CACHE / "teacher-targets"
CHUNK = 250  # units per checkpoint file, so an interrupted run resumes where it stopped
TEACHER_MAX_TOKENS = 256  # longer passages are cut; 90 % of units are under 280 characters


@dataclass(frozen=True)
class FitReport:
    train: int
    validation: int
    epochs: int
    start_cosine: float
    best_cosine: float
    best_epoch: int


def corpus_passages(data_dir: Path) -> list[tuple[str, str]]:
    """(unit id, text the encoder sees) for every search unit of the corpus under ``data_dir``."""
    from ingest import ingest_paths
    from search.units import dense_text, units_from_documents

    batch = ingest_paths([p for p in (data_dir / "seeds", data_dir / "corpus") if p.exists()])
    return [(u.id, dense_text(u)) for u in units_from_documents(batch.documents)]


def write_targets(
    passages: Sequence[tuple[str, str]], teacher_path: Path, out: Path, seed: int = 0
) -> int:
    """Teacher embeddings of ``passages`` in random order, ``CHUNK`` to a file; returns how many
    files were written (existing ones are kept, so a rerun resumes without loading the teacher)."""
    from tqdm import tqdm

    if not (teacher_path / "modules.json").exists():
        raise DistillError(
            f"no teacher at {teacher_path}: run `python -m search.distill fetch-teacher`"
        )
    teacher: Encoder | None = None
    out.mkdir(parents=True, exist_ok=True)
    order = np.random.default_rng(seed).permutation(len(passages))
    written = 0
    with tqdm(total=len(order), unit="passage", desc="teacher") as bar:
        for number, start in enumerate(range(0, len(order), CHUNK)):
            chosen = [passages[i] for i in order[start : start + CHUNK]]
            path = out / f"chunk_{number:04d}.npz"
            if not path.exists():
                if teacher is None:  # the teacher's own document prompt, as search uses it
                    teacher = load_encoder(str(teacher_path))
                    teacher.model.max_seq_length = TEACHER_MAX_TOKENS
                vectors = teacher.encode_documents([t for _, t in chosen], batch_size=16)
                tmp = path.with_suffix(".tmp.npz")
                np.savez(
                    tmp,
                    ids=np.array([i for i, _ in chosen]),
                    texts=np.array([t for _, t in chosen]),
                    vecs=vectors,
                )
                tmp.replace(path)  # a chunk file is whole or absent
                written += 1
            bar.update(len(chosen))
    return written


def read_targets(directory: Path) -> tuple[list[str], list[str], np.ndarray]:
    """(unit ids, texts, teacher vectors) of every chunk file in ``directory``."""
    ids: list[str] = []
    texts: list[str] = []
    vectors: list[np.ndarray] = []
    for path in sorted(directory.glob("chunk_*.npz")):
        if path.name.endswith(".tmp.npz"):
            continue
        with np.load(path) as chunk:
            ids += [str(i) for i in chunk["ids"]]
            texts += [str(t) for t in chunk["texts"]]
            vectors.append(chunk["vecs"])
    if not vectors:
        raise DistillError(
            f"no teacher targets in {directory}: run `python -m search.tokenlearn targets`"
        )
    return ids, texts, np.concatenate(vectors)


def held_out(unit_id: str, share: float) -> bool:
    """Whole documents (by a hash of their id) are held out, so validation is on unseen text."""
    document = unit_id.split("#", 1)[0]
    return zlib.crc32(document.encode("utf-8")) % 1000 < share * 1000


def fit(
    base: Path,
    output: Path,
    targets: Path,
    *,
    validation_share: float = 0.1,
    epochs: int = 25,
    table_lr: float = 0.001,
    head_lr: float = 0.0005,
    batch_size: int = 64,
    seed: int = 0,
    query_model: str = "embeddinggemma-300m",
    bias: bool = False,
) -> FitReport:
    """Train ``base``'s token table and a linear head on the targets; save the best epoch (by
    cosine to the teacher on held-out documents) to ``output``, paired with ``query_model``."""
    import torch
    from safetensors.torch import load_file
    from tokenizers import Tokenizer

    if (base / PAIRING_FILE).exists():
        raise DistillError(
            f"{base} is already fitted: pass the distilled model "
            "(`python -m search.distill build --output DIR`) as --base"
        )
    ids, texts, vectors = read_targets(targets)
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    table = load_file(str(base / "model.safetensors"))["embedding.weight"].float()
    token_ids = [e.ids or [0] for e in tokenizer.encode_batch(texts, add_special_tokens=False)]
    validation = np.array([held_out(i, validation_share) for i in ids])
    train_rows = np.flatnonzero(~validation)
    val_rows = np.flatnonzero(validation)
    if not len(train_rows) or not len(val_rows):
        raise DistillError(
            f"validation share {validation_share} leaves {len(train_rows)} passages to train on "
            f"and {len(val_rows)} to validate on: both need some (more documents, another share)"
        )
    goal = torch.from_numpy(vectors)

    def bag(rows: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        lists = [token_ids[r] for r in rows]
        offsets = np.cumsum([0] + [len(t) for t in lists[:-1]])
        return torch.tensor([t for ts in lists for t in ts]), torch.from_numpy(offsets)

    torch.manual_seed(seed)
    embedding = torch.nn.EmbeddingBag.from_pretrained(table.clone(), freeze=False, mode="mean")
    head = torch.nn.Linear(table.shape[1], goal.shape[1], bias=bias)
    with torch.no_grad():  # start from the least-squares map of the distilled vectors
        design = embedding(*bag(train_rows))
        if bias:
            design = torch.cat([design, torch.ones(len(design), 1)], dim=1)
        solution = torch.linalg.lstsq(design, goal[train_rows]).solution
        head.weight.copy_(solution[: table.shape[1]].T)
        if bias:
            head.bias.copy_(solution[-1])
    optimiser = torch.optim.Adam(
        [
            {"params": embedding.parameters(), "lr": table_lr},
            {"params": head.parameters(), "lr": head_lr},
        ]
    )
    val_bag = bag(val_rows)

    def val_cosine() -> float:
        with torch.no_grad():
            out = head(embedding(*val_bag))
            return float(torch.nn.functional.cosine_similarity(out, goal[val_rows]).mean())

    start = best = val_cosine()
    best_epoch, best_state = 0, (embedding.weight.detach().clone(), head.state_dict())
    rng = np.random.default_rng(seed)
    for epoch in range(1, epochs + 1):
        order = rng.permutation(train_rows)
        for first in range(0, len(order), batch_size):
            rows = order[first : first + batch_size]
            out = head(embedding(*bag(rows)))
            loss = 1 - torch.nn.functional.cosine_similarity(out, goal[rows]).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            with torch.no_grad():  # the unknown token stays zero: no known token, no vector
                embedding.weight[0].zero_()
        score = val_cosine()
        print(f"epoch {epoch:2d}: held-out cosine to the teacher {score:.4f}", file=sys.stderr)
        if score > best:
            best, best_epoch = score, epoch
            best_state = (
                embedding.weight.detach().clone(),
                {k: v.clone() for k, v in head.state_dict().items()},
            )
    _save_student(output, tokenizer, best_state, query_model)
    return FitReport(len(train_rows), len(val_rows), epochs, start, best, best_epoch)


def _save_student(
    output: Path, tokenizer: Any, state: tuple[Any, dict[str, Any]], query_model: str
) -> None:
    """Save a SentenceTransformer dir: StaticEmbedding → Dense head → Normalize, + regkg.json."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Dense, Normalize, StaticEmbedding

    table, head = state
    static = StaticEmbedding(tokenizer, embedding_weights=table.half())
    dense = Dense(
        head["weight"].shape[1],
        head["weight"].shape[0],
        bias="bias" in head,
        activation_function=torch.nn.Identity(),
    )
    dense.linear.load_state_dict(head)
    model = SentenceTransformer(modules=[static, dense, Normalize()], device="cpu")
    staging = output.with_name(output.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    model.save(str(staging))
    (staging / "README.md").unlink(missing_ok=True)
    (staging / PAIRING_FILE).write_text(
        json.dumps({"query_model": query_model}, indent=1) + "\n", encoding="utf-8"
    )
    shutil.copy(DATA_DIR / "NOTICE", staging / "NOTICE")
    if output.exists():
        shutil.rmtree(output)
    staging.rename(output)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search.tokenlearn", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    make_targets = sub.add_parser("targets", help="embed the corpus units with the teacher")
    make_targets.add_argument("--teacher", type=Path, default=TEACHER_CACHE)
    make_targets.add_argument("--data", type=Path, default=REPO_ROOT / "data")
    make_targets.add_argument("--out", type=Path, default=TARGETS_DIR)
    make_fit = sub.add_parser("fit", help="fit the student to the targets")
    make_fit.add_argument(
        "--base", type=Path, default=DISTILLED_BASE, help="the model `search.distill build` made"
    )
    make_fit.add_argument("--targets", type=Path, default=TARGETS_DIR)
    make_fit.add_argument("--output", type=Path, default=DATA_DIR / DEFAULT_MODEL)
    make_fit.add_argument("--epochs", type=int, default=25)
    args = parser.parse_args(argv)
    try:
        if args.command == "targets":
            files = write_targets(corpus_passages(args.data), args.teacher, args.out)
            print(f"{files} new target files in {args.out}")
        else:
            report = fit(args.base, args.output, args.targets, epochs=args.epochs)
            print(report)
    except DistillError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
