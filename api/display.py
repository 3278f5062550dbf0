"""Display in simplified Chinese: sources in traditional characters (web scrapes, 港澳台 texts)
are shown converted for readers of 简体, the original kept beside the conversion.

The conversion is ingest's own fold (ingest/reading.py, OpenCC t2s, length kept) without its
full-width → half-width step: a reader expects Chinese punctuation as written. Keeping the length
keeps every highlight span and character offset valid on the converted text too.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel, Field, model_validator

# Fields of an answer that carry source text worth converting (others are keys, codes, dates).
DISPLAY_FIELDS = ("text", "title", "document_title", "heading", "content", "requirement")

# What ingest's fold maps to half width and a reader should see as written.
_FULL_WIDTH = {chr(c) for c in range(0xFF01, 0xFF5F)} | {"\u3000"}


@lru_cache(maxsize=4096)
def simplified(text: str) -> str:
    """``text`` in simplified characters, the same length, punctuation as written."""
    if _simplified_already(text):
        return text
    from ingest.reading import fold

    folded = fold(text)
    if len(folded) != len(text):  # fold promises the length; never show a shifted text
        return text
    return "".join(o if o in _FULL_WIDTH else f for o, f in zip(text, folded, strict=True))


def _simplified_already(text: str) -> bool:
    """GB 2312 holds simplified characters only: a text it encodes needs no conversion. The check
    is ~100 times cheaper than OpenCC, and answers carry hundreds of texts (cited-by pages)."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def simplified_fields(values: dict[str, Any] | BaseModel) -> dict[str, str]:
    """The display fields whose simplified form differs from what is stored: field → simplified."""
    found: dict[str, str] = {}
    for name in DISPLAY_FIELDS:
        value = values.get(name) if isinstance(values, dict) else getattr(values, name, None)
        if isinstance(value, str) and value:
            converted = simplified(value)
            if converted != value:
                found[name] = converted
    return found


class SimplifiedDisplay(BaseModel):
    """Mixin for API answers: ``simplified`` holds the traditional-character fields converted;
    the fields themselves stay as the source wrote them (the original a click away on the page)."""

    simplified: dict[str, str] = Field(
        default_factory=dict,
        description="Fields whose source is in traditional characters, in simplified Chinese "
        "(field → text, same length); the fields themselves keep the original.",
        examples=[{"text": "医疗机构应当…"}],
    )

    @model_validator(mode="after")
    def _convert(self) -> SimplifiedDisplay:
        if not self.simplified:
            self.simplified = simplified_fields(self)
        return self
