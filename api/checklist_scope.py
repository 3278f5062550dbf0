"""Which duty sentences a running institution can be checked against: not a rule for someone
applying (申请…应当具备下列条件, 不予登记的情形, how one qualifies), not a call to promote
(应当加大…力度, 鼓励, 支持).

Ingest reads 应当 as a duty wherever it stands and has no cue for 鼓励 or 支持 (a 国家鼓励… sentence
is no obligation there); a checklist asks what an institution in business must do and can show it
did. So the checklist leaves out, by the sentence's own words, (a) the conditions and steps of an
application — set before anyone is licensed or registered, checked by the authority that grants
it — and (b) duties whose act is to encourage, support or step up an effort, which name no result
an inspector could find. Whose duty it is at all is api/checklist_party.py.
"""

from __future__ import annotations

import re

from api.checklist_party import subject_of

# The conditions of an application and the grounds of refusing it: 申请护士执业注册，应当具备下列
# 条件；申请执业登记，有下列情形之一的，不予登记；单位或者个人设置医疗机构，应当…提出设置申请：
_APPLICATION = re.compile(
    r"申请[^。；;]{0,40}?(?:具备|具有|符合)[^。；;]{0,40}?条件"
    r"|不予(?:登记|注册|批准|受理|许可|校验|备案|发放|颁发)"
    r"|提出[^，,。；;：:]{0,8}申请\s*[：:]"
)
# The application itself as the subject: 护士执业注册申请，应当自…3年内提出.
_APPLICATION_SUBJECT = re.compile(r"申请\s*[，,]?\s*$")
# How a person comes to be qualified, stated with no duty word (…考核合格后，取得中医（专长）医师
# 资格；按照考核内容进行执业注册后，即可开展执业活动): a route for the applicant.
_QUALIFYING = re.compile(r"取得[^。；;，,]{0,16}资格|即可")
# An act of encouraging or stepping up an effort, right after the duty word.
_PROMOTION = re.compile(
    r"\s*(?:积极|大力|进一步)?(?:鼓励|支持|提倡|倡导|扶持|加大[^，,。；;]{0,24}?(?:力度|投入))"
)
_DUTY_WORD = re.compile(r"应当|必须|须")


def is_application_rule(sentence: str, lead: str = "") -> bool:
    """A condition or step of applying for a licence, a registration or an approval: the
    sentence says so, its subject is an application, or the list it is an item of says so."""
    if _APPLICATION.search(sentence) or (lead and _APPLICATION.search(lead)):
        return True
    subject = subject_of(sentence)
    if subject is None:
        return bool(_QUALIFYING.search(sentence))
    return bool(_APPLICATION_SUBJECT.search(subject))


def is_promotion(sentence: str) -> bool:
    """A duty to encourage, support or step up an effort (应当加大中药新药研究开发力度)."""
    cue = _DUTY_WORD.search(sentence)
    return cue is not None and bool(_PROMOTION.match(sentence, cue.end()))


def not_checkable(duties: list[str], lead: str = "") -> bool:
    """Every duty sentence of a row is an application's rule or a promotion: nothing a
    running institution is checked on."""
    found = [d for d in duties if d.strip()]
    return bool(found) and all(is_application_rule(d, lead) or is_promotion(d) for d in found)


def list_lead(parent_text: str) -> str:
    """The sentence announcing a list (申请护士执业注册，应当具备下列条件：), from the text of
    the clause the list items belong to."""
    head = re.split(r"\n|[（(][一二三四五六七八九十]+[)）]", parent_text, maxsplit=1)[0]
    return head.strip()
