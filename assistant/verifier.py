"""The verifier: the one place that picks an answer or decides "not in the documents".

Each candidate's final support is its answerer's support, checked against the question:
how much of the question's weighted concepts its own cited evidence covers. The best
candidate wins if its support reaches the threshold (fitted on labelled questions by
`python -m assistant.eval.calibrate`, recorded in core/settings.py); otherwise the
answer is an abstention that lists the closest passages as related reading only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from assistant.question import JA_COUNTER
from assistant.terms import Concept, Coverage, coverage, normalised_forms
from ingest.normalize import nfkc
from core.types import Answer, Candidate

NOT_FOUND = {"ja": "文書にはこの質問に答える記載が見つかりませんでした。推測での回答は控えます。",
             "en": "The documents do not answer this question, so no answer is given rather than a guess."}
RELATED = {"ja": "関連しそうな箇所(回答ではありません):", "en": "Related passages (not an answer):"}

# answerers whose support is already the coverage of their own evidence
_COVERAGE_BASED = {"passage", "table", "table_filter"}


@dataclass
class Scored:
    candidate: Candidate
    final: float
    coverage: float


@dataclass
class Verdict:
    chosen: Optional[Scored]
    ranked: list[Scored] = field(default_factory=list)
    threshold: float = 0.0

    @property
    def abstained(self) -> bool:
        return self.chosen is None


# what leaving a slot of the question unanswered costs a candidate (multiplier on support)
SLOT_PENALTY = {"status": 0.5, "opinion": 0.6, "response": 0.6, "number": 0.8, "count": 0.7, "which_article": 0.5,
                "items": 0.6, "projects": 0.75, "budget": 0.25, "years": 0.6, "articles": 0.7, "article_text": 0.8,
                "trend": 0.8, "when": 0.6, "where": 0.35, "who": 0.6, "why": 0.2, "quantity": 0.35, "changes": 0.5,
                "share": 0.5, "which_ones": 0.6}
# a question that asks for a figure (how many, いくら, what was the total)
_ASKS_QUANTITY = re.compile(r"何\s*" + JA_COUNTER + r"|いくつ|いくら|how many|how much|(?:総額|金額|件数|人数|合計)は|"
                            r"(?:どれ|どの)\s*(?:くらい|ぐらい|程度|位)の\s*(?:人|数|件数|金額|額|規模)|"
                            r"what (?:was|is|were|are) the (?:total |overall )?(?:amount|number|count|sum|value)", re.I)
_ASKS_WHICH = re.compile(r"\bwhich\b|\bwhat (?:indicators?|kpis?|programs?|programmes?|measures?|targets?|projects?)\b|"
                         r"どの(?!くらい|ぐらい|程度|位|よう)|どれ(?!くらい|ぐらい|だけ|程)|何が|どんな(?:指標|事業|施策)", re.I)
# a question that asks for a share or a rate is not answered by a count or an amount
_ASKS_SHARE = re.compile(r"何\s*(?:%|％|パーセント|割)|割合|比率|シェア|率\s*(?:は|を|って|が)|"
                         r"\b(?:percent(?:age)?|share|ratio|proportion|rate)\b|%", re.I)
_SHARE_FIGURE = re.compile(r"\d\s*(?:%|％|パーセント|ポイント|割|percent|per\s?cent|points?\b)", re.I)
# what a question may ask that no KPI figure gives: a KPI table's silence on a year does not
# answer it (the names of those certified, what the council said)
_NOT_A_FIGURE = {"who", "where", "why", "opinion", "response", "items", "projects"}
ABSENT_FIGURE = 0.5
NOT_FROM_FIGURES = 0.5
STATED_FIGURE_MISSING = 0.6  # the evidence lacks the figure the question refers to
MISSING_NAME = 0.35  # the question names a place/person/organisation the evidence never mentions
YEAR_CONFLICT = 0.4  # the evidence gives other years than the one asked


def required_slots(q) -> set[str]:
    """What a complete answer to the question must address."""
    need = set()
    if q.status:
        need.add("status")
    if q.response:
        need.add("response")
    elif q.opinion and not q.ordinance:
        need.add("opinion")
    asks_quantity = bool(_ASKS_QUANTITY.search(q.text))
    for op in ("number", "count", "which_article", "items", "projects", "when", "where", "who", "why", "changes"):
        if q.op(op) > 0:
            need.add(op)
    if (q.opinion or q.response) and not asks_quantity:
        # what was said about a target asks for what was said: a figure word there is its topic
        need.discard("number")
    # "how much was the budget", not a topic that merely mentions costs
    if q.budget and (q.op("number") > 0 or re.search(r"予算|事業費|決算|budget|expenditure|in yen|(?<![\d,.万億千百])円", q.text, re.I)):
        need.add("budget")
    if asks_quantity:
        need.add("quantity")  # the question asks for a figure: an answer without one is no answer
    if _ASKS_SHARE.search(q.text) and not (q.opinion or q.response):
        need.add("share")  # (what the council said about interest rates asks for what was said, not a rate)
    if (q.op("missed") > 0 or q.op("met") > 0) and _ASKS_WHICH.search(q.text):
        need.add("which_ones")  # which indicators missed: a count of how many did names none of them
    if q.years:
        need.add("years")
    if q.articles:
        need.add("articles")
        if q.op("article_text") > 0:
            need.add("article_text")
    elif q.ordinance and q.op("article_text") > 0 and not (q.opinion or q.response or asks_quantity):
        need.add("article_text")  # what the ordinance says of a topic, under whichever article
    if q.trend:
        need.add("trend")
    return need


def final_support(c: Candidate, concepts: list[Concept], need: set[str] = frozenset(),
                  named: dict[str, frozenset[str]] = None, q=None) -> Scored:
    cov = coverage(concepts, c.evidence_text) if c.evidence_text else None
    score = cov.score if cov else 0.0
    slot = 1.0
    answered = set(c.answers)
    if "share" in need and _share_on_topic(concepts, c):
        answered.add("share")  # a percentage (or 割, points) is in what the candidate quotes on the topic
    for s in need - answered:
        slot *= SLOT_PENALTY.get(s, 1.0)
    if c.why.get("years_conflict") or _other_numbered(q, concepts, c.evidence_text) or \
            _other_edition(q, concepts, c.evidence_text):
        slot *= YEAR_CONFLICT  # (another year, another 政策/施策/表 number, another 第N回 than the one asked)
    if not c.answer.grounded:  # a finding of absence ("no FY2019 figure", "no Article 25") rests on the store
        if c.answerer.startswith("kpi") and need & _NOT_A_FIGURE:
            slot *= ABSENT_FIGURE  # no figure for the year is no answer to who, why or what was said
        return Scored(c, c.support * slot, score)
    if c.answerer.startswith("kpi") and (need - answered) & {"opinion", "who", "where"}:
        # an indicator's figures never say what the council said, by whom, or where (what the city
        # will do may be in the program text quoted with them)
        slot *= NOT_FROM_FIGURES
    if cov and cov.missing_names:
        slot *= MISSING_NAME
    elif _only_names_shared(concepts, cov):
        slot *= MISSING_NAME  # 「横浜市」 alone: a passage that names the place says nothing of its population
    elif _asked_thing_missing(concepts, c.evidence_text):
        slot *= MISSING_NAME  # evidence about the topic that never names what is asked (任期)
    elif named and _other_documents(c, named):
        slot *= MISSING_NAME  # the question names a place that only other documents mention
    if q is not None and _stated_figure_missing(q.text, c.evidence_text + "\n" + c.answer.answer):
        slot *= STATED_FIGURE_MISSING
    if c.answerer in _COVERAGE_BASED:
        return Scored(c, c.support * slot, score)
    return Scored(c, c.support * (0.75 + 0.25 * score) * slot, score)


# a numbered part of a document a question names: 政策7, 施策2, 表2-5, 基本目標3, "measure 5", "Table 2"
# (a chapter, 第4章, puts its number first and is read as the chapter slot)
_NUMBERED_JA = re.compile(r"(政策|施策|基本目標|基本方針|方針|成果指標|指標|表|課題|重点|戦略|柱)\s*([0-9]{1,2}(?:[-‐－.][0-9]{1,2})?)(?![0-9年条])")
_NUMBERED_EN = re.compile(r"\b(polic(?:y|ies)|measures?|goals?|objectives?|indicators?|KPIs?|tables?|chapters?|priorit(?:y|ies)|"
                          r"pillars?|actions?|strands?|themes?)\s+(?:no\.?\s*)?([0-9]{1,2}(?:\.[0-9]{1,2})?)\b(?![.,]?[0-9])", re.I)


def _other_numbered(q, concepts: list[Concept], evidence: str) -> bool:
    """The question names a numbered part (政策7, "measure 5") and the evidence names that kind of
    part only with other numbers: it is about 政策4 or 施策1, not what was asked."""
    if q is None or not evidence:
        return False
    asked = [(m.group(1), m.group(2)) for m in _NUMBERED_JA.finditer(q.text)]
    for m in _NUMBERED_EN.finditer(q.text):
        word = m.group(1).lower().rstrip("s")
        forms = [f for c in concepts if c.label.lower().rstrip("s") == word for f in c.forms if re.search(r"[一-龥]", f)]
        asked += [(f, m.group(2)) for f in forms] + [(m.group(1), m.group(2))]
    if not asked:
        return False
    ev = nfkc(evidence)
    by_kind: dict[str, set[str]] = {}
    for kind, number in asked:
        by_kind.setdefault(kind.lower(), set()).add(number)
    for kind, numbers in by_kind.items():
        found = set(re.findall(rf"(?i)(?<![一-龥]){re.escape(kind)}s?\s*(?:no\.?\s*)?([0-9]{{1,2}}(?:[-‐－.][0-9]{{1,2}})?)(?![0-9年条])", ev))
        if found and not found & numbers:
            return True
    return False


# an event's edition: 第17回, "the 17th" (not a date: "13th November", "November 13th", "on the 2nd")
_EDITION = re.compile(r"第\s*(\d+)\s*回|\b(\d+)(?:st|nd|rd|th)\b", re.I)
_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$", re.I)
_NOT_AN_EVENT = re.compile(r"\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\s+centur|\s*(?:[-–~〜]|and|to)\s*\d", re.I)


def editions(text: str, followed_by: list[str] = ()) -> list[str]:
    """The editions a text names; with `followed_by`, only those a word of it follows closely
    (第17回川崎国際環境技術展, not 第2回専門部会)."""
    out = []
    for m in _EDITION.finditer(text):
        if m.group(2) and (_MONTH.search(text[max(0, m.start() - 12):m.start()].rstrip())
                           or _NOT_AN_EVENT.match(text[m.end():m.end() + 12])):
            continue  # a date
        # what the edition is of: the word right after 第N回, or the next three English words
        after = text[m.end():m.end() + 24]
        after = " ".join(after.split()[:3]) if m.group(2) else re.split(r"[\s。、,.;|()（）›]|第\s*\d", after)[0]
        if followed_by and not any(f in after for f in followed_by):
            continue
        out.append(m.group(1) or m.group(2))
    return out


def _other_edition(q, concepts: list[Concept], evidence: str) -> bool:
    """The question names an event's edition (第16回, "the 39th") and the evidence states that
    event only in other editions."""
    if q is None or not evidence:
        return False
    asked = set(editions(nfkc(q.text)))
    if not asked:
        return False
    forms = [f.lower() for c in concepts for f in c.forms if len(f) >= 2]
    found = set(editions(nfkc(evidence).lower(), forms))
    return bool(found) and not found & asked


def _only_names_shared(concepts: list[Concept], cov: Optional[Coverage]) -> bool:
    """The evidence shares only proper names with the question, and misses every other word it asks."""
    if cov is None or not cov.covered or not cov.missing:
        return False
    names = {c.label for c in concepts if c.name}
    return set(cov.covered) <= names and any(m not in names for m in cov.missing)


def _asked_thing_missing(concepts: list[Concept], evidence: str) -> bool:
    """The word heading what the question asks for is nowhere in the evidence: a passage about
    the committee that never says 任期 does not say until when members serve."""
    head = next((c for c in concepts if c.asked), None)
    if head is None or head.known or not evidence:
        return False  # (a word the documents use may name a category the evidence lists members of)
    ev, spaced = normalised_forms(evidence)
    return not (head.in_text(ev) or head.in_text(spaced))


# a figure the question states as what it knows (「市内中小企業が受けた144件は」, "the 4,330 m²"):
# exact (three digits or more), not a year, a date or a round number of 万/千
# (nor a code: 事業番号0417, No. 123, 第123号)
_STATED_FIGURE = re.compile(r"(?<![\d,.])(?<!番号)(?<!番号\s)(?<!No\.)(?<!No\.\s)(?<!No\s)(?<!#)(?<!第)(?!0)(\d{1,3}(?:,\d{3})+|\d{3,})(?:\.\d+)?(?![\d,.])"
                            r"(?!\s*(?:年|万|千|億|号|番))", re.I)


def _stated_figure_missing(question: str, evidence: str) -> bool:
    """The question states a figure it refers to, and the evidence never gives it: the evidence is
    about something else than what the question points at."""
    stated = [f.replace(",", "") for f in _STATED_FIGURE.findall(nfkc(question))
              if not (1900 <= int(f.replace(",", "")) <= 2100)]
    if not stated:
        return False
    ev = re.sub(r"(?<=\d),(?=\d{3})", "", nfkc(evidence))
    return not any(re.search(rf"(?<![\d.]){f}(?![\d])", ev) for f in stated)


def _share_on_topic(concepts: list[Concept], c: Candidate) -> bool:
    """A percentage in a quote about what is asked: of several quotes, one that covers at least half
    of what the best one covers (a contract table's 91.96% quoted below a passage on youth jobs
    gives no unemployment rate)."""
    lines = [l for l in c.evidence_text.split("\n") if l.strip()]
    if not concepts or len(lines) < 2 or c.answerer not in _COVERAGE_BASED:
        return bool(_SHARE_FIGURE.search(c.evidence_text + "\n" + c.answer.answer))
    covs = [coverage(concepts, l).score for l in lines]
    return any(_SHARE_FIGURE.search(l) for l, v in zip(lines, covs) if v >= 0.5 * max(covs))


def _other_documents(c: Candidate, named: dict[str, frozenset[str]]) -> bool:
    """Every document the candidate cites lacks a name of the question that some documents have."""
    cited = {x.source for x in c.answer.citations}
    return bool(cited) and any(not cited & docs for docs in named.values())


def verify(candidates: list[Candidate], concepts: list[Concept], threshold: float, q=None,
           named: dict[str, frozenset[str]] = None) -> Verdict:
    need = required_slots(q) if q is not None else set()
    ranked = sorted((final_support(c, concepts, need, named, q) for c in candidates), key=lambda s: s.final, reverse=True)
    best = ranked[0] if ranked else None
    if best is None or best.final < threshold:
        return Verdict(None, ranked, threshold)
    return Verdict(best, ranked, threshold)


def abstention(question: str, lang: str, ranked: list[Scored]) -> Answer:
    """Not in the documents; the closest passages are offered as related reading, marked so."""
    text = NOT_FOUND["ja" if lang == "ja" else "en"]
    cites = []
    for s in ranked:
        if s.candidate.answerer in _COVERAGE_BASED and s.candidate.answer.citations:
            # two quotes of one section and page read as the same place twice: offered once
            for c in s.candidate.answer.citations:
                if len(cites) < 2 and all(c.label() != x.label() for x in cites):
                    cites.append(c)
            break
    if cites:
        text += "\n" + RELATED["ja" if lang == "ja" else "en"] + " " + " ".join(
            f"[{i}] {c.label()}" for i, c in enumerate(cites, 1))
    return Answer(question, text, False, cites, [], "none", lang)
