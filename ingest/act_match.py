"""How closely a penalty clause's described act (未建立…制度的) restates a duty clause of the same
statute (应当建立…制度): idf-weighted bigram overlap after the framing words are dropped, with a
lead over the other articles, ties for an act restated word for word, and a long verbatim run.

Split from ``ingest.penalties``, which finds the penalty clauses and their acts; this module only
scores text against text.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher

from ingest.models import Clause

_NON_HAN = re.compile(r"[^\u4e00-\u9fff]")
# A described act's link needs this share of its (idf-weighted) bigrams in the duty clause,
# and a lead of ``_MARGIN`` over the best clause of another article: the act must restate one
# duty, not echo many. Tuned on the tune / measure / holdout splits of benchmarks/penalties.py
# (issue 14); the holdout2 split was judged before and only scored after.
MIN_SCORE = 0.5
_MARGIN = 0.12
MIN_ACT_CHARS = 6
TIE_SCORE = 0.75
_TIE_GAP = 0.05
_MAX_TIED = 2
RUN_MIN = 10  # a verbatim run (after ``normal``) this long may name the duty on its own
_RUN_SHARE = 0.25
_RUN_GAP = 3
_RUN_CANDIDATES = 8
_RUN_FLOOR = 0.3
UNSEEN = 0.5  # weight of a bigram no duty holds, as a share of the rarest one's
TASKED_MAX_ARTICLES = 4  # a task (监督检查) imposed by more articles names no one duty


# Words that frame a duty or its breach rather than say what it is: the modal of the duty
# (应当建立), the negation or licence of the act (未建立, 擅自变更, 未经批准), the reference back
# (未依照本条例的规定). Dropped from both sides so that "未建立…制度" meets "应当建立…制度" and
# "不得采购不符合…" meets "采购不符合…".
_FRAMING = re.compile(
    # 在履行监督检查职责时，有权…: when a power applies, not a duty an act breaches
    r"在?履行[\u4e00-\u9fff]{0,20}?职责(?:时|中)"
    r"|(?:违反|未依照|未按照|不按照|不依照|未遵守|不遵守|依照|按照|依据|根据)?"
    r"本(?:法|条例|办法|规定|细则|实施细则|实施办法)(?:的)?(?:有关)?(?:规定)?"
    r"|(?:未|不)?(?:依照|按照|依据)(?:国家)?(?:有关)?(?:的)?规定"
    r"|应当|必须|不得|禁止|严禁|不准|未依法|依法|擅自|未经|拒不|没有|仍然|继续|而|[未不]"
)


# The law's own pairs of a duty and the words its breach is written in, folded to one word on
# both sides: a refusal (拒绝、推诿、拖延救治; 拒绝或者妨碍…监督) breaches a duty to give or to
# cooperate (应当给予救治; 应当予以配合; 不得拒绝); a falsehood (提供虚假资料) breaches a duty of
# truth (如实提供; 确保资料真实、准确、完整).
_SYNONYMS = (
    (re.compile(r"拒绝|推诿|推脱|拖延|妨碍|阻碍|阻挠|给予|予以|配合"), "配合"),
    (re.compile(r"虚假|如实|真实"), "真实"),
)
_REPEATED = re.compile(r"(配合)(?:(?:或者|或|和|及)?配合)+")


def normal(text: str) -> str:
    """Han characters of ``text`` without the words that frame a duty or its breach, the
    paired words of ``_SYNONYMS`` written alike."""
    han = _NON_HAN.sub("", text)
    for pattern, word in _SYNONYMS:
        han = pattern.sub(word, han)
    return _FRAMING.sub("", _REPEATED.sub(r"\1", han))


def _bigrams(text: str) -> set[str]:
    han = normal(text)
    return {han[i : i + 2] for i in range(len(han) - 1)}


class DutyIndex:
    """The document's duty clauses outside its penalty chapter, with idf weights over them and
    an inverted index (bigram → the duties holding it), so an act is scored against the duties
    it shares words with only. ``plain`` (by position) are the duty texts without the parties
    they name, cut into the duty sentences ``restated`` looks for."""

    def __init__(
        self,
        duties: Sequence[Clause],
        folded: str,
        article_of: Sequence[str],
        plain: Sequence[str] | None = None,
    ) -> None:
        self.duties = list(duties)
        self.article_of = list(article_of)
        self.postings: defaultdict[str, list[int]] = defaultdict(list)
        self.normals = [normal(folded[d.span.start : d.span.end]) for d in self.duties]
        for i, han in enumerate(self.normals):
            for gram in {han[k : k + 2] for k in range(len(han) - 1)}:
                self.postings[gram].append(i)
        n = len(self.duties) + 1
        log_n = math.log(n)
        self.idf = {g: log_n - math.log(len(holders)) for g, holders in self.postings.items()}
        # A bigram no duty clause holds (的培, 四十) says nothing about which one the act restates.
        self.unseen = math.log(n) * UNSEEN
        self._plain = plain or ()
        self._sentences: DutySentences | None = None

    @property
    def sentences(self) -> DutySentences:
        """The duty sentences, cut on first use: a statute whose penalties all name their
        articles never needs them."""
        if self._sentences is None:
            self._sentences = DutySentences(self._plain, self.idf)
        return self._sentences

    def match(self, act: str, allowed: Sequence[bool] | None = None) -> list[tuple[Clause, float]]:
        """The duty clauses an act restates, with their scores: the leading article's clauses,
        the few articles that restate it word for word, or the one sharing a long verbatim run;
        none when no article clearly leads. ``allowed`` (by position) keeps only the duties of
        the offender's side and kind."""
        grams = _bigrams(act)
        weights = {g: self.idf.get(g, self.unseen) for g in grams}
        total = sum(weights.values())
        if total <= 0 or len(_NON_HAN.sub("", act)) < MIN_ACT_CHARS:
            return []
        led = self.sentences.led(normal(act)) if _LEADING.search(act) else set()
        if led:  # the act leads another into the breach of these duties: not theirs
            allowed = [
                (allowed is None or allowed[i]) and i not in led for i in range(len(self.duties))
            ]
        shared: dict[int, float] = {}
        for gram, weight in weights.items():
            for i in self.postings.get(gram, ()):
                shared[i] = shared.get(i, 0.0) + weight
        scored = sorted(
            ((w / total, i) for i, w in shared.items() if allowed is None or allowed[i]),
            reverse=True,
        )
        if not scored:
            return []
        if scored[0][0] < MIN_SCORE:
            return self._by_run(act, scored)
        best, i = scored[0]
        # The lead is over the best clause of another article: two paragraphs of one article
        # restating the act are one duty, not a doubt.
        article = self.article_of[i]
        runner_up = next((w for w, j in scored[1:] if self.article_of[j] != article), 0.0)
        if best - runner_up >= _MARGIN:
            return [
                (self.duties[j], w)
                for w, j in scored
                if self.article_of[j] == article and w >= max(MIN_SCORE, best - _MARGIN)
            ]
        if best < TIE_SCORE:
            return self._by_run(act, scored)
        # No clause leads. An act restated almost word for word by a few articles (投保疫苗责任
        # 强制保险 in the duty and again in the insurer's chapter) breaches each of them.
        tied = [(w, j) for w, j in scored if w >= max(TIE_SCORE, best - _TIE_GAP)]
        rest = next((w for w, _ in scored[len(tied) :]), 0.0)
        articles = {self.article_of[j] for _, j in tied}
        if best < TIE_SCORE or len(articles) > _MAX_TIED or best - rest < _MARGIN:
            return []
        return [(self.duties[j], w) for w, j in tied]

    def restated(
        self, act: str, allowed: Sequence[bool] | None = None
    ) -> list[tuple[Clause, float]]:
        """The duty clauses one of whose duty sentences the act restates almost whole (see
        ``DutySentences``), kept to the offender's side and kind by ``allowed``."""
        found = [
            (self.duties[i], w)
            for i, w in self.sentences.restated(act)
            if allowed is None or allowed[i]
        ]
        articles = {self.article_of[self.duties.index(d)] for d, _ in found}
        return found if len(articles) <= SENTENCE_MAX_ARTICLES else []

    def tasked(self, task: str, allowed: Sequence[bool] | None = None) -> list[Clause]:
        """The duty clauses that impose a task an act says was not done (未履行监督检查职责 →
        应当…进行监督检查): those of the offender's side whose duty sentence (from a modal to
        its 。；) holds the task; none when more than ``TASKED_MAX_ARTICLES`` articles do, as
        the act then names a kind of duty rather than one."""
        # …督促有关部门依法履行监督检查职责: another's task, named as theirs
        pattern = re.compile(rf"(?:应当|必须|负责|履行下列)[^。；;]*?{re.escape(task)}(?!职责)")
        found = [
            i
            for i, text in enumerate(self._plain)
            if (allowed is None or allowed[i]) and pattern.search(text)
        ]
        if len({self.article_of[i] for i in found}) > TASKED_MAX_ARTICLES:
            return []
        return [self.duties[i] for i in found]

    def _by_run(self, act: str, scored: Sequence[tuple[float, int]]) -> list[tuple[Clause, float]]:
        """The duty sharing a long verbatim run with the act, when no other article comes near:
        "医疗器械经营许可证有效期届满" or "母婴保健技术考核合格证书" names one duty even when the
        rest of the act is paraphrased. Only the best-scoring candidates are compared."""
        core = normal(act)
        runs: dict[str, tuple[int, int, float]] = {}
        for w, j in scored[:_RUN_CANDIDATES]:
            if w < _RUN_FLOOR:
                break
            text = self.normals[j]
            matcher = SequenceMatcher(None, core, text, autojunk=False)
            size = matcher.find_longest_match(0, len(core), 0, len(text)).size
            article = self.article_of[j]
            if size > runs.get(article, (0, 0, 0.0))[0]:
                runs[article] = (size, j, w)
        ranked = sorted(runs.values(), reverse=True)
        if not ranked:
            return []
        size, j, w = ranked[0]
        second = ranked[1][0] if len(ranked) > 1 else 0
        if size < RUN_MIN or size < _RUN_SHARE * len(core) or second > size - _RUN_GAP:
            return []
        return [(self.duties[j], w)]


# A duty sentence an act restates: its modal part (…应当/不得…, cut at ，；。) has this many Han
# characters after ``normal`` at least, and this share of its idf-weighted bigrams is in the act.
SENTENCE_MIN = 8
SENTENCE_COVER = 0.8
SENTENCE_MAX = 48  # a longer sentence is never held whole by one act: not indexed
PREDICATE_MIN = 6  # what the modal imposes (after 应当/不得) has this many Han characters
SENTENCE_MAX_ARTICLES = 3  # an act restating more duty sentences than this restates none
# Verbs by which one leads another into a breach (组织、强迫、欺骗运动员使用兴奋剂), and the
# help given to it (为参保人员…提供便利): the act is the instigator's, the duty the other's.
_INSTIGATE = re.compile(r"(?:组织|强迫|欺骗|教唆|引诱|胁迫|协助|指使|纵容|容留).{0,4}$")
_ABETTED = re.compile(r"提供(?:便利|方便|条件|帮助)")
_LEADING = re.compile(r"组织|强迫|欺骗|教唆|引诱|胁迫|协助|指使|纵容|容留|为")
_SENTENCE_END = re.compile(r"[。；;]")
_SEGMENT_END = re.compile(r"[，,：:]")
# The modal words of a duty (must / must not).
MODAL = re.compile(r"应当|必须|不得|禁止|严禁|不准")
_LOCATOR_LEAD = re.compile(
    r"^\s*第[零〇一二两三四五六七八九十百千\d]+条(?:之[一二三四五六七八九十\d]+)?\s*"
)


class DutySentences:
    """The duty sentences (应当建立…制度, 不得采购不符合…的原料) of a document's duty clauses.

    The act of a penalty clause is often the negation of one sentence of a long duty clause
    ("生产经营不符合强制性国家标准…的化妆品" against "化妆品应当符合强制性国家标准" inside an
    article on who drafts the standards): measured against the whole clause the act shares too
    little, measured against the sentence it holds it almost whole. Direction matters: here the
    sentence must be covered by the act, not the act by the sentence."""

    def __init__(self, plain: Sequence[str], idf: dict[str, float]) -> None:
        self.owner: list[int] = []
        self.texts: list[str] = []  # each sentence after ``normal``, to show why a link was made
        # What precedes the modal of each sentence: its subject when that is no party (运动员).
        self.subjects: list[str] = []
        self.with_subject: list[int] = []
        self.totals: list[float] = []  # each sentence's summed bigram weight
        self.postings: defaultdict[str, list[int]] = defaultdict(list)
        # A bigram's weight is its idf over the duty clauses (never below 0.1: a bigram every
        # clause holds still has to be in the act).
        floor = max(min(idf.values(), default=0.0), 0.1)
        self.weight: dict[str, float] = {}
        weight, postings = self.weight, self.postings  # the loop below runs over every bigram
        for i, text in enumerate(plain):
            for han, subject in _duty_sentences(_LOCATOR_LEAD.sub("", text)):
                grams = {han[k : k + 2] for k in range(len(han) - 1)}
                j = len(self.owner)
                self.owner.append(i)
                self.texts.append(han)
                self.subjects.append(subject)
                if len(subject) >= 2:
                    self.with_subject.append(j)
                for gram in grams:
                    if gram not in weight:
                        weight[gram] = max(idf.get(gram, floor), 0.1)
                    postings[gram].append(j)
                self.totals.append(sum(weight[g] for g in grams))

    def led(self, act: str) -> set[int]:
        """The duties (by position) one of whose sentence subjects the act leads into the
        breach (组织、强迫…运动员使用兴奋剂 against 运动员不得使用兴奋剂)."""
        if not _LEADING.search(act):
            return set()  # most acts name no instigating verb: spare them the subjects
        return {self.owner[j] for j in self.with_subject if _led(act, self.subjects[j])}

    def restated(self, act: str) -> list[tuple[int, float]]:
        """(duty position, cover) of each duty whose sentence the act covers, best first; none
        when the act covers sentences of too many articles to be about one duty."""
        grams = _bigrams(act)
        shared: dict[int, float] = {}
        for gram in grams:
            holders = self.postings.get(gram)
            if holders:
                weight = self.weight[gram]
                for j in holders:
                    shared[j] = shared.get(j, 0.0) + weight
        best: dict[int, float] = {}
        han = ""
        for j, w in shared.items():
            cover = w / self.totals[j]
            if cover < SENTENCE_COVER or cover <= best.get(self.owner[j], 0.0):
                continue
            han = han or normal(act)
            if _LEADING.search(han) and _led(han, self.subjects[j]):
                continue  # the act leads another into the breach: that one's duty, not this
            best[self.owner[j]] = cover
        return sorted(best.items(), key=lambda x: -x[1])


def _duty_sentences(text: str) -> list[tuple[str, str]]:
    """The duty sentences of a text, after ``normal``: each segment (cut at ，：) holding a modal
    word, with what precedes the modal in it; a segment opening with the modal takes the one
    before it in its sentence as its subject or occasion, when that one is no duty itself
    (临床用血的包装、储存、运输，必须符合国家规定的卫生标准和要求). Each with its subject: what
    precedes the modal."""
    out = []
    for sentence in _SENTENCE_END.split(text):
        previous = ""
        for part in _SEGMENT_END.split(sentence):
            before, previous = previous, part
            modal = MODAL.search(part)
            if not modal:
                continue
            predicate = normal(part[modal.start() :])
            if len(predicate) < PREDICATE_MIN:
                continue
            lead = normal(part[: modal.start()])
            if not lead and not MODAL.search(before):
                lead = normal(before)
            if SENTENCE_MIN <= len(lead) + len(predicate) <= SENTENCE_MAX:
                out.append((lead + predicate, lead))
    return out


def _led(act: str, subject: str) -> bool:
    """Whether the act names the duty's subject (运动员) right after an instigating verb:
    组织、强迫、欺骗运动员使用兴奋剂 breaches the instigator's duty, not the athlete's."""
    if len(subject) < 2:
        return False
    at = act.find(subject)
    while at >= 0:
        before = act[max(0, at - 8) : at]
        if _INSTIGATE.search(before):
            return True
        if before.endswith("为") and _ABETTED.search(act, at):  # 为参保人员…提供便利
            return True
        at = act.find(subject, at + 1)
    return False
