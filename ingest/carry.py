"""Subjects a sentence inherits when it names none: the bodies of an enclosing heading
(三、医疗机构职责 → its items) and of a sentence announcing a list (各医疗机构要： → its items).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.models import BodyMention, Clause, Document, Modality
from ingest.subjects import subject_keys

# What may follow a body in a heading whose items are its duties (三、医疗机构职责).
_DUTY_HEADING_TAIL = re.compile(
    r"(?:的)?(?:主要|工作|具体|管理)?(?:职责|责任|任务|工作任务|工作|义务|要求)$"
)
_DUTIES = re.compile(r"(?:岗位|工作)?职责$")
_FILLER = set("各全市县区级所有本的和及与、()（） \t\n\u3000")


@dataclass(frozen=True, slots=True)
class Enumeration:
    """Items that follow a sentence announcing them (各医疗机构要：) share its subject."""

    keys: tuple[str, ...]
    modality: Modality
    clause_id: str | None
    start: int
    end: int


class Carrier:
    """Remembers headings' bodies and the last announced list while a document is read."""

    def __init__(
        self, document: Document, clauses: Sequence[Clause], mentions: Sequence[BodyMention]
    ) -> None:
        self.folded = document.folded
        self.clauses = {c.id: c for c in clauses}
        self.starts = sorted(c.span.start for c in clauses if c.parent_id is None)
        self.mentions = sorted(mentions, key=lambda m: m.span.start)
        self._mention_starts = [m.span.start for m in self.mentions]
        self.headings: dict[str, tuple[str, ...]] = {}
        self.enumeration: Enumeration | None = None

    def heading_keys(self, clause: Clause | None) -> tuple[str, ...]:
        """Bodies named by the nearest heading of ``clause`` or its ancestors (三、医疗机构职责)."""
        heading = self._naming_heading(clause)
        return self.headings[heading.id] if heading else ()

    def lists_duties_of(self, clause: Clause | None) -> bool:
        """Whether the nearest heading naming bodies is a list of their duties (科主任职责,
        护士长岗位职责): whatever its sentences say, they are that post's duties."""
        heading = self._naming_heading(clause)
        return bool(heading and heading.heading and _DUTIES.search(heading.heading))

    def _naming_heading(self, clause: Clause | None) -> Clause | None:
        """``clause`` or its nearest ancestor whose heading names bodies, or None."""
        while clause is not None:
            if clause.id not in self.headings:
                self.headings[clause.id] = self._own_heading(clause)
            if self.headings[clause.id]:
                return clause
            clause = self.clauses.get(clause.parent_id or "")
        return None

    def _own_heading(self, clause: Clause) -> tuple[str, ...]:
        """A heading's bodies when it is nothing but bodies and a word for duties."""
        if not clause.heading:
            return ()
        at = clause.span.start + max(clause.text.find(clause.heading), 0)
        tail = _DUTY_HEADING_TAIL.search(clause.heading)
        end = at + (tail.start() if tail else len(clause.heading))
        # Mentions by start: a heading looks at its own few, not at every mention (linear time).
        first = bisect_left(self._mention_starts, at)
        last = bisect_left(self._mention_starts, end)
        inside = [m for m in self.mentions[first:last] if m.span.end <= end]
        rest = self.folded[at:end]
        for m in inside:
            rest = rest.replace(self.folded[m.span.start : m.span.end], "")
        if inside and all(ch in _FILLER for ch in rest):
            return tuple(dict.fromkeys(m.body_key for m in inside))
        return subject_keys(self.folded[at:end]) if tail else ()

    def announce(
        self, keys: tuple[str, ...], modality: Modality, clause: Clause | None, hi: int
    ) -> None:
        """The sentence ending at ``hi`` announces a list: its items are in ``clause``."""
        if clause is not None:
            end = clause.span.end
        else:
            end = next((s for s in self.starts if s > hi), len(self.folded))
        self.enumeration = Enumeration(keys, modality, clause.id if clause else None, hi, end)

    def enumerated(self, lo: int, clause: Clause | None) -> Enumeration | None:
        """The announcement whose items include a numbered sentence at ``lo``, if any."""
        found = self.enumeration
        if found is None or not found.start <= lo < found.end:
            return None
        if clause is not None and clause.id == found.clause_id:
            return None  # more text of the announcing clause itself, not one of its items
        return found
