"""Who a duty clause or a penalty clause (罚则) binds: the parties named as its subject, each read
as an administration or not and, when not, by its family (医疗机构 for 医务人员), so that a
penalty on 医疗机构 is matched only with the duties of 医疗机构.

Split from ``ingest.penalties``. A subject may list several parties (政府部门、医疗机构和…应当依法
保护患者的隐私): the clause binds each of them, so a penalty on any one of them may sanction it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.act_match import MODAL
from ingest.bodies import body
from ingest.models import BodyKind, BodyMention

ADMINISTRATIONS = frozenset(
    {
        BodyKind.GOVERNMENT,
        BodyKind.HEALTH_ADMINISTRATION,
        BodyKind.OTHER_ADMINISTRATION,
        BodyKind.SUPERVISION_AGENCY,
    }
)
SUBJECT_REACH = 40  # the subject of a clause is named within its first characters
# What may stand between two parties of one subject (政府部门、医疗机构和其他单位).
# The first may end in words the mention does not hold (政府 of 政府部门、医疗机构).
_LIST_GAP = re.compile(r"\s*(?:[，,]|[\u4e00-\u9fff]{0,4}?(?:、|和|及其|及|与|以及|或者|或))?\s*")
# A person (患者, 公民) named first is the subject only when a modal follows it closely (患者及其
# 家属应当…); else it is whom the duty is owed to (未经精神疾病患者同意，不得对该患者录音).
_PERSONS = "party/"
_MODAL_NEAR = re.compile(rf"[^，。；,;：:]{{0,6}}?(?:{MODAL.pattern}|须)")


@dataclass(frozen=True, slots=True)
class Parties:
    """The sides (True: an administration) and the families of a subject's parties; empty when
    the clause names none in its subject."""

    sides: frozenset[bool] = frozenset()
    families: frozenset[str] = frozenset()

    def admits(self, offender: Parties) -> bool:
        """Whether an offender may have breached this duty: some side in common and, when both
        name institutions, some family in common (a penalty on 血站 does not sanction a duty of
        医疗机构 that happens to restate its words)."""
        if offender.sides and self.sides and not offender.sides & self.sides:
            return False
        return not (offender.families and self.families) or bool(offender.families & self.families)


NOBODY = Parties()


def _family(key: str) -> str | None:
    """The top of a body's SUB_OF chain when it is no administration; None otherwise."""
    seen: set[str] = set()
    current: str | None = key
    try:
        while current is not None and current not in seen:
            seen.add(current)
            found = body(current)
            if found.kind in ADMINISTRATIONS:
                return None
            if not found.parent_key:
                return current
            current = found.parent_key
    except (KeyError, ValueError):
        return None
    return None


def subject(
    folded: str,
    lo: int,
    hi: int,
    mentions: Sequence[BodyMention],
    starts: Sequence[int],
    first_only: bool = False,
) -> Parties:
    """The parties named as the subject of ``folded[lo:hi]``: the first party named within its
    first ``SUBJECT_REACH`` characters and the parties listed right after it (joined by 、 和 或者
    …). ``mentions`` are sorted by start and ``starts`` are their starts; ``first_only`` reads
    the first party alone."""
    i = bisect_left(starts, lo)
    reach = min(hi, lo + SUBJECT_REACH)
    while (
        not first_only
        and i < len(mentions)
        and mentions[i].span.start < reach
        and mentions[i].body_key.startswith(_PERSONS)
        and not _MODAL_NEAR.match(folded, mentions[i].span.end)
    ):
        i += 1  # a person the duty is owed to, not its subject
    if i == len(mentions) or mentions[i].span.start >= reach:
        return NOBODY
    chain = [mentions[i]]
    j = i + 1
    while not first_only and j < len(mentions) and mentions[j].span.start < hi:
        gap = folded[chain[-1].span.end : mentions[j].span.start]
        if mentions[j].span.start < chain[-1].span.end:  # nested mention: skip it
            j += 1
            continue
        if not _LIST_GAP.fullmatch(gap):
            break
        chain.append(mentions[j])
        j += 1
    sides: set[bool] = set()
    families: set[str] = set()
    for mention in chain:
        try:
            kind = body(mention.body_key).kind
        except (KeyError, ValueError):
            continue
        sides.add(kind in ADMINISTRATIONS)
        family = _family(mention.body_key)
        if family:
            families.add(family)
    return Parties(frozenset(sides), frozenset(families))
