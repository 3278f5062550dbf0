"""Turn the bytes of one source into normalised text, and fold text for matching.

Decoding: byte-order marks, strict UTF-8, else GB18030 versus Big5 decided by the share of
common characters.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ingest.errors import IngestError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
READABLE = (
    "save it as PDF (with a text layer), Word .docx, Excel .xlsx/.xls, CSV, JSON, "
    "or text (.txt, .md, .html)"
)

# Order matters: UTF-32 LE's mark starts with UTF-16 LE's.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
# Legacy Chinese encodings worth telling apart; cp950 is Big5 with the common vendor extensions.
_LEGACY_CANDIDATES: tuple[str, ...] = ("gb18030", "cp950")
_ENCODING_NAMES = {"cp950": "big5", "utf-8-sig": "utf-8"}
_MIN_PRINTABLE_SHARE = 0.95
_MAX_REPLACEMENT_SHARE = 0.02


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded, newline-normalised text and how it was decoded."""

    text: str
    encoding: str  # utf-8, utf-16-le, gb18030, big5 …
    guessed: bool  # True when the encoding was chosen between candidates, not known


def decode(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, source: str = "input") -> Decoded:
    """Decode the bytes of a text document; ``IngestError`` for empty, binary or huge input."""
    if len(data) > max_bytes:
        raise IngestError(
            f"{source}: file is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit; "
            "split the document or raise max_bytes"
        )
    if not data.strip():
        raise IngestError(
            f"{source}: file is empty ({len(data)} bytes); supply the document's text"
        )
    text, encoding, guessed = _decode_bytes(data, source)
    text = normalise_newlines(text)
    if not text.strip():
        raise IngestError(f"{source}: file holds only whitespace; supply the document's text")
    if printable_share(text) < _MIN_PRINTABLE_SHARE:
        raise IngestError(
            f"{source}: looks like a binary file ({printable_share(text):.0%} printable "
            f"characters) of no format regkg reads; {READABLE}"
        )
    return Decoded(text=text, encoding=_ENCODING_NAMES.get(encoding, encoding), guessed=guessed)


def _decode_bytes(data: bytes, source: str) -> tuple[str, str, bool]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff"), encoding, False
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"{source}: starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} at byte {exc.start}; re-save the file as UTF-8"
                ) from None
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise IngestError(
            f"{source}: contains NUL bytes, so it is a binary file, not text, of no format "
            f"regkg reads; {READABLE}"
        )
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    return _best_legacy(data, source)


def _utf16_without_bom(data: bytes) -> tuple[str, str, bool] | None:
    """UTF-16 without a mark: its ASCII (newlines, digits) puts NULs on one side of byte pairs only,
    where binary files have them on both; the decoded text must then read as text."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    encoding = "utf-16-be" if even > odd else "utf-16-le"
    if len(data) % 2 or max(even, odd) < len(data) // 200 or min(even, odd) > max(even, odd) // 4:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    has_cjk = any("\u3400" <= ch <= "\u9fff" for ch in text[:5000])
    if printable_share(text) < _MIN_PRINTABLE_SHARE or (has_cjk and common_share(text) < 0.8):
        return None
    return text, encoding, True


def _best_legacy(data: bytes, source: str) -> tuple[str, str, bool]:
    """Pick GB18030 or Big5 by which decoding gives more common characters and fewer errors.

    Bytes of one encoding read as the other still decode, but into rare characters (GBK's
    extension area, Big5's second level), so the share of the 3755 first-level GB2312 characters
    (after folding to simplified) separates them by a wide margin.
    """
    scored: list[tuple[float, str, str]] = []
    for encoding in _LEGACY_CANDIDATES:
        text = data.decode(encoding, errors="replace")
        bad = text.count("\ufffd") / max(len(text), 1)
        scored.append((common_share(text) - 10 * bad, encoding, text))
    _, encoding, text = max(scored)
    if text.count("\ufffd") / max(len(text), 1) > _MAX_REPLACEMENT_SHARE:
        fallback = _charset_normalizer_guess(data)
        if fallback is None:
            raise IngestError(
                f"{source}: not valid UTF-8, GB18030 or Big5 text; re-save the file as UTF-8"
            )
        return fallback
    return text, encoding, True


def _charset_normalizer_guess(data: bytes) -> tuple[str, str, bool] | None:
    from charset_normalizer import from_bytes

    best: Any = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        return None
    return str(best), str(best.encoding), True


def common_share(text: str) -> float:
    """Share of CJK characters that are first-level GB2312 characters once simplified."""
    cjk = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    if not cjk:
        return 0.0
    return sum(_is_common_hanzi(ch) for ch in cjk) / len(cjk)


@lru_cache(maxsize=65536)
def _is_common_hanzi(ch: str) -> bool:
    simplified = _fold_char(ch)
    try:
        encoded = simplified.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return 0xB0 <= encoded[0] <= 0xD7


def printable_share(text: str) -> float:
    """Share of characters that are printable or ordinary whitespace."""
    if not text:
        return 1.0
    sample = text[:200_000]
    bad = sum(
        1
        for ch in sample
        if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in "\n\t")
    )
    return 1 - bad / len(sample)


def normalise_newlines(text: str) -> str:
    """Unify line ends (CRLF, CR, form feed, Unicode separators) to ``\\n``; drop stray BOMs."""
    return (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\f", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
        .replace("\ufeff", "")
    )


# Full-width ASCII → half-width, except the brackets Chinese uses as its own punctuation.
_KEPT_FULL_WIDTH = "（）"
_WIDTH_TABLE = {
    code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in _KEPT_FULL_WIDTH
}
_WIDTH_TABLE[0x3000] = 0x20


@lru_cache(maxsize=1)
def _converter() -> Any:
    try:
        import opencc
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise IngestError("opencc is missing; install it with `pip install opencc`") from exc
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    converted: str = _converter().convert(ch)
    return converted if len(converted) == 1 else ch


def fold(text: str) -> str:
    """Traditional → simplified and full-width → half-width, keeping the length exactly.

    Phrase-level conversion is used where it keeps the length (it chooses better characters
    for words like 乾隆); otherwise the line is converted character by character.
    """
    simplified: str = _converter().convert(text)
    if len(simplified) != len(text):
        simplified = "\n".join(_fold_line(line) for line in text.split("\n"))
    return simplified.translate(_WIDTH_TABLE)


def _fold_line(line: str) -> str:
    converted: str = _converter().convert(line)
    if len(converted) == len(line):
        return converted
    return "".join(_fold_char(ch) if ch >= "\u3400" else ch for ch in line)
