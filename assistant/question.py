"""Question analysis: language, article numbers, fiscal years and intent, in JA and EN."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ingest.normalize import has_japanese, nfkc

_ART = [re.compile(p, re.I) for p in (r"第\s*(\d{1,2})\s*条", r"(?<![\d第])(\d{1,2})\s*条", r"\bart(?:icle|\.)\s*(\d{1,2})\b")]
_YEAR = [(re.compile(r"令和\s*(\d{1,2})\s*年"), lambda n: 2018 + n), (re.compile(r"(?<![A-Za-z0-9])R\s*(\d{1,2})(?!\d)", re.I), lambda n: 2018 + n),
         (re.compile(r"(?<![A-Za-z])FY\s*(20\d\d)(?!\d)", re.I), lambda n: n), (re.compile(r"(20\d\d)\s*年度"), lambda n: n)]
MISSED = re.compile(r"未達|達成できなかった|達成していない|達成しなかった|下回|届かなかった|missed|miss\b|fell short|fall short|not (?:meet|met|achieve)|below (?:the )?target|fail", re.I)
MET = re.compile(r"達成した|達成できた|上回|(?<!not )\bmet\b|achieved|exceeded|reached", re.I)
LATEST = re.compile(r"last year|latest|most recent|昨年度|最新|直近", re.I)
ORDINANCE = re.compile(r"条例|ordinance", re.I)
OPINION = re.compile(r"意見|council|協議会|committee|opinion|said|say about|commented", re.I)
RESPONSE = re.compile(r"対応|respond|response|action|以降", re.I)
BUDGET = re.compile(r"予算|事業費|決算|budget|cost|expenditure|yen|円", re.I)
ITEMS = re.compile(r"取組項目|program items?|items?\b", re.I)
PROJECTS = re.compile(r"事務事業|projects?|programs? implement", re.I)
CHAPTER = re.compile(r"第\s*(\d{1,2})\s*章|\bchapter\s*(\d{1,2})\b", re.I)
# "how many programs were verified" counts the document's own structure, not an indicator value
STRUCTURE_COUNT = re.compile(r"how many (?:programs|projects|articles|measures|items)|いくつの(?:事業|条|施策)|何事業|事業数", re.I)
TREND = re.compile(r"推移|毎年|各年度|経年|年度ごと|every year|each year|over the years|trend|all years|year by year", re.I)
EVERYTHING = re.compile(r"everything|all about|overview of|全体像|すべて|全て|まとめて|総まとめ|関連する情報|に関する情報", re.I)
# "what does Article 16 say" without naming a document: most likely the ordinance's text
ARTICLE_SAYS = re.compile(r"what does (?:art(?:icle|\.)\s*\d+) (?:say|provide|stipulate)|は何を定め|の内容は|は何と(?:書|規定)|を定めて", re.I)
WHICH_ARTICLE = re.compile(r"第何条|何条|どの条|which article|what article", re.I)
NUMBER_Q = re.compile(r"実績|目標|いくつ|何人|何件|何社|何回|how many|how much|what (?:was|is) the|target|value|率|数は|面積", re.I)


@dataclass
class Query:
    text: str
    lang: str
    articles: list[int] = field(default_factory=list)
    years: list[int] = field(default_factory=list)  # fiscal years, e.g. 2024
    latest: bool = False
    ordinance: bool = False
    missed: bool = False
    met: bool = False
    opinion: bool = False
    response: bool = False
    budget: bool = False
    items: bool = False
    projects: bool = False
    which_article: bool = False
    number_q: bool = False
    quoted: list[str] = field(default_factory=list)  # 「…」 names
    chapter: Optional[int] = None  # 第5章 / chapter 5 of the execution program
    everything: bool = False
    trend: bool = False  # every year / 推移: all fiscal years, not the latest
    article_says: bool = False
    structure_count: bool = False

    @property
    def year(self) -> Optional[int]:
        return self.years[0] if self.years else None


def analyze(question: str) -> Query:
    q = nfkc(question).strip()
    arts: list[int] = []
    for rx in _ART:
        for m in rx.finditer(q):
            n = int(m.group(1))
            if 1 <= n <= 24 and n not in arts:
                arts.append(n)
    years: list[int] = []
    for rx, conv in _YEAR:
        for m in rx.finditer(q):
            fy = conv(int(m.group(1)))
            if 2000 < fy < 2100 and fy not in years:
                years.append(fy)
    ch = CHAPTER.search(q)
    return Query(
        chapter=int(ch.group(1) or ch.group(2)) if ch else None, everything=bool(EVERYTHING.search(q)), trend=bool(TREND.search(q)),
        article_says=bool(ARTICLE_SAYS.search(q)), structure_count=bool(STRUCTURE_COUNT.search(q)),
        text=q, lang="ja" if has_japanese(re.sub(r"[「『(（].*?[」』)）]", "", q)) else "en",
        articles=arts, years=years, latest=bool(LATEST.search(q)), ordinance=bool(ORDINANCE.search(q)),
        missed=bool(MISSED.search(q)), met=bool(MET.search(q)) and not MISSED.search(q),
        opinion=bool(OPINION.search(q)), response=bool(RESPONSE.search(q)) and bool(re.search(r"対応|respond|response", q, re.I)),
        budget=bool(BUDGET.search(q)), items=bool(ITEMS.search(q)), projects=bool(PROJECTS.search(q)),
        which_article=bool(WHICH_ARTICLE.search(q)), number_q=bool(NUMBER_Q.search(q)),
        quoted=re.findall(r"[「『]([^」』]+)[」』]", q))
