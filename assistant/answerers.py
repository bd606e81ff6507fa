"""Answerers: each reads the question's slots and proposes candidates with their support.

An answerer never decides alone that it is the answer: it proposes a Candidate (answer
text with a direct first line, citations, KPI records, the evidence text it rests on and a
support score in 0..1). The verifier (verifier.py) compares them and picks one or abstains.
A new kind of question is one new function in ANSWERERS.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable, Optional

from assistant.citations import from_article, from_chunk, from_kpi
from assistant.editions import compare_editions, document_editions, edition_label, edition_of, revision_note, series_of
from assistant.kpi_answer import answer_lookup, answer_status, notes_text, reason_text, record_dict, status_label, target_year_note, wareki
from assistant.knowledge_answer import (ambiguity_offer, answer_article_projects, answer_everything, answer_links,
                                        answer_projects, answer_which_article, match_item)
from assistant.linking import Link, linked_records
from assistant.question import JA_COUNTER, Query
from assistant.terms import (FIGURE_ATTRIBUTE, Concept, coverage, has_person_name, lexical_share, normalised_forms,
                             spelled_out_numbers)
from core.types import Answer, Candidate, Chunk, Citation, KpiRecord
from ingest.kpi_values import year_of
from ingest.normalize import nfkc, split_sentences


@dataclass
class Context:
    q: Query
    concepts: list[Concept]
    store: object
    retriever: object
    embedder: object
    links: list[Link] = field(default_factory=list)
    top_k: int = 6
    tables: list[Chunk] = field(default_factory=list)  # every table passage of the index
    table_index: Optional[object] = None  # terms.EvidenceIndex over `tables` (same order), when built
    pairs: list = field(default_factory=list)  # every OpinionPair of the index
    evidence_fusion: Optional[str] = None  # how the supporting passages' search fuses dense and keyword ranks
    _titled: Optional[list[int]] = None

    def titled_articles(self) -> list[int]:
        """Articles the question names by title instead of number ("the article on collaboration",
        「人材の確保及び育成」): the one article whose title holds clearly more of the question's
        words than any other. Only when no number is given and the question speaks of articles."""
        if self._titled is None:
            self._titled = []
            if not self.q.articles and re.search(r"条|article|ordinance|provision", self.q.text, re.I):
                titles = {a.number: a.title for a in self.store.articles() if 0 < a.number < 99 and a.title}
                titles.update({r.article: r.article_title for r in self.store.kpis() if r.article and r.article_title})
                scored = sorted(((sum(c.weight for c in self.concepts if c.in_text(t)), n) for n, t in titles.items()),
                                reverse=True)
                if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] >= 1.5 * scored[1][0] + 0.5):
                    self._titled = [scored[0][1]]
        return self._titled

    def article_scope(self) -> list[int]:
        return self.q.articles or self.titled_articles()
    _hits: dict = field(default_factory=dict)
    _editions: Optional[dict] = None
    # documents of other editions when the question names one ("according to the 令和6年度 report")
    exclude_sources: frozenset = frozenset()

    def search(self, k: int = 8, **filters) -> list[tuple[Chunk, float]]:
        key = (k, tuple(sorted(filters.items())))
        if key not in self._hits:
            self._hits[key] = self.retriever.search(self.q.text, k=k, exclude_sources=self.exclude_sources,
                                                    years=tuple(self.q.years), **filters)
        return self._hits[key]

    def edition_years(self, c: Chunk) -> list[int]:
        """The year a passage reports when it prints none: its edition's, where the index holds
        several editions of a report (each edition's untitled tables are that year's)."""
        if self._editions is None:  # source → edition, for reports the index holds several editions of
            docs = self.store.documents()
            eds = document_editions(docs)
            series: dict[str, set] = {}
            for d in docs:
                series.setdefault(series_of(d.get("title") or ""), set()).add(eds.get(d["source"]))
            self._editions = {d["source"]: eds[d["source"]] for d in docs
                              if eds.get(d["source"]) and len(series[series_of(d.get("title") or "")] - {None}) > 1}
        e = self._editions.get(c.source)
        return [e] if e else []


def _ja(q: Query) -> bool:
    return q.lang == "ja"


def _evidence_of(ans: Answer) -> str:
    return "\n".join(f"{c.section} {c.quote}" for c in ans.citations)


# --- KPI: one indicator --------------------------------------------------------------------

def _fy_label(fy: Optional[int], r: KpiRecord, lang: str) -> str:
    if fy is None or re.search(r"\d[/／\-–]\d", r.year):  # 2023/24: as the publisher prints it
        return r.year
    return wareki(fy) if lang == "ja" else f"FY{fy}"


_ASKS_ATTRIBUTE = re.compile(r"目標|実績|達成|\b(?:target|goal|actual)s?\b", re.I)  # of a named indicator


def _names_counted_thing(q: Query, concepts: list[Concept], indicator: str) -> bool:
    """What a "how many" question counts is named by the indicator (its name, program or unit),
    not only by the passage around its table: 「夜市の来場者は何人」 is not a festival's visitor
    count. The counted phrase's most distinctive word must be there; a figure's own attributes
    (目標値, 累計) name no thing, and a question that asks an indicator's target or actual, or
    whose phrase ends in an attribute (「稼働率の目標値は」), asks of a named indicator."""
    focus = [c for c in concepts if c.focus]
    if not focus or _ASKS_ATTRIBUTE.search(q.text):
        return True
    head = max(focus, key=lambda c: q.text.rfind(c.label))
    things = sorted((c for c in focus if not FIGURE_ATTRIBUTE.fullmatch(c.label)), key=lambda c: -c.weight)
    if not things or FIGURE_ATTRIBUTE.fullmatch(head.label):
        return True
    named = normalised_forms(indicator)[1]
    if _SUBSET.search(q.text):
        # a part of a whole (「そのうち外国人の参加者は」, "how many of them were women"): the
        # whole's count is no count of the part, so every word of the counted phrase is named
        return all(c.known and c.in_text(named) for c in things)
    return things[0].known and things[0].in_text(named)


# a question that counts a part of a whole it has named
_SUBSET = re.compile(r"(?:その|この|そのうち|の)?うち[、,]?|how many of|of (?:them|those|these|whom|which)", re.I)


def kpi_indicator(ctx: Context) -> list[Candidate]:
    """The indicator the question names: its figures for the years asked (one, a list, a
    range), every year for trends and "when did it miss", else the latest year."""
    q = ctx.q
    if not ctx.links:
        return []
    link = ctx.links[0]
    kpis = ctx.store.kpis()
    # the same indicator in the plan and in the report: a question about the plan's goals
    # (第3期, phase 3, 計画, 成果指標) reads the plan's row
    twins = [l for l in ctx.links[1:] if l.name == link.name]
    if twins:
        plan_words = re.search(r"第\s*\d\s*期|phase|計画|プラン|成果指標|\bplan\b|outcome indicator", q.text, re.I)
        first = linked_records(kpis, link)
        if first and (first[0].status == "plan") != bool(plan_words):
            link = twins[0]
    rows = linked_records(kpis, link)
    if not rows:
        return []
    why = {"link": link.name, "program": link.program, "link_score": round(link.score, 3), **link.evidence}
    support = link.score
    mismatch = measure_mismatch(q, ctx.concepts, rows[0].unit or "", link.name)
    if mismatch:
        support *= 0.6  # 何人 asked, an indicator counted in 件 (or a sum asked, a count linked): another thing
        why["unit_mismatch"] = mismatch
    names_it = _names_counted_thing(q, ctx.concepts, f"{link.name} {link.program} {rows[0].unit or ''}")
    money = _money(q, rows, f"{link.name} {link.program}")
    if not names_it:
        why["counts_other"] = True
    if rows[0].status == "plan":  # a program outcome indicator: baseline, current, targets
        a = answer_lookup(q, rows, link.name)
        got = {"number", "quantity", "years", "trend", "articles"} | money
        if q.years and a and not any(str(y) in a.answer or wareki(y)[:4] in a.answer for y in q.years):
            a = _no_year(q, rows, link.name)
            got |= {"status"} | _rate_absent(ctx, rows, link.name)  # no figure of the year: no verdict either
        return [Candidate("kpi_indicator", a, support, _evidence_of(a), why,
                          got if names_it else got - {"number", "quantity"})] if a else []
    have = sorted({r.fiscal_year for r in rows if r.fiscal_year})
    if q.years:
        want = [y for y in q.years if y in have]
        if not want:
            if _table_has_year(ctx, link.name, q.years):
                return []  # another table of the documents gives the indicator for that year: no absence to report
            a = _no_year(q, rows, link.name)
            # (no figure of the year: neither a count, nor a rate, nor a verdict; but only of the
            # thing asked: a count the question does not name says nothing of the share it asks)
            said = {"number", "quantity"} if names_it and not mismatch else set()
            return [Candidate("kpi_indicator", a, support, f"{link.name} {link.program}", why | {"years_missing": q.years},
                              said | {"years", "status", "trend"} | _rate_absent(ctx, rows, link.name) | _arts(q, rows) | money)]
    elif q.trend or q.status or q.op("when"):
        want = have
    else:  # the latest year with a result (a target set for a later year is not one)
        reported = sorted({r.fiscal_year for r in rows if r.fiscal_year and r.actual})
        want = (reported or have)[-1:]
    sel = sorted((r for r in rows if r.fiscal_year in want), key=lambda r: r.fiscal_year or 0)
    ja = _ja(q)
    cites, recs, lines = [], [], []
    for r in sel:
        cites.append(from_kpi(r))
        recs.append(record_dict(r, len(cites)))
    unit = sel[0].unit or "" if sel else ""

    def fig(r: KpiRecord) -> str:
        t = f"{r.actual or '—'}{r.unit or ''}"
        ty = target_year_note(r, "ja" if ja else "en")
        return (f"{_fy_label(r.fiscal_year, r, q.lang)}: 実績 {t}(目標 {r.target or '—'}{r.unit or ''}{ty}、"
                f"{status_label(r.status, 'ja')}{notes_text(r, 'ja')})" if ja else
                f"{_fy_label(r.fiscal_year, r, q.lang)}: actual {t} (target {r.target or '—'}{r.unit or ''}{ty}, "
                f"{r.status}{notes_text(r, 'en')})") \
            + revision_note(r, q.lang)

    if q.status and len(sel) > 1:
        want_status = "met" if q.met else "missed"
        hit = [r for r in sel if r.status == want_status]
        years = "、".join(_fy_label(r.fiscal_year, r, q.lang) for r in hit) if ja else \
            ", ".join(_fy_label(r.fiscal_year, r, q.lang) for r in hit)
        if ja:
            verb = "目標を達成した" if want_status == "met" else "目標に届かなかった"
            lines.append(f"「{link.name}」が{verb}のは{years}です。" if hit else f"「{link.name}」が{verb}年度はありません。")
        else:
            verb = "met its target" if want_status == "met" else "missed its target"
            lines.append(f"「{link.name}」 {verb} in {years}." if hit else f"「{link.name}」 never {verb} in the years reported.")
    elif len(sel) == 1:
        r = sel[0]
        lines.append(f"「{link.name}」の{fig(r)} [1]" if ja else f"「{link.name}」 — {fig(r)} [1]")
    else:
        lines.append(f"「{link.name}」の推移:" if ja else f"「{link.name}」 by year:")
    if len(sel) > 1 or q.status:
        for i, r in enumerate(sel, 1):
            lines.append(f"- {fig(r)} [{i}]" + (f"({reason_text(r.reason, q.lang)})" if r.reason else ""))
    prog = f"({link.program})" if link.program else ""
    lines.append((f"事業: {link.program}" if ja else f"Program: {link.program}") if prog else "")
    missing = [y for y in q.years if y not in have]
    if missing:
        lines.append(("表に記載のない年度: " if ja else "Years not in the table: ")
                     + ", ".join(wareki(y) if ja else f"FY{y}" for y in missing))
    a = Answer(q.text, "\n".join(l for l in lines if l), True, cites, recs, "kpi", q.lang)
    answers = {"number", "quantity", "status", "when", "which_ones"} | _arts(q, rows) | money
    if mismatch or not names_it:
        answers -= {"number", "quantity"}  # a figure, but not of what is asked
    if sel and not any(re.search(r"\d", f"{r.actual or ''}{r.target or ''}") for r in sel):
        answers -= {"number", "quantity", "status"}  # 「—」 in every cell asked: no figure, no verdict
    stated = set(re.findall(r"\d[\d,.]*", q.text))
    actuals = [r.actual.replace(" ", "") for r in sel if r.actual]
    if actuals and all(a in stated for a in actuals):
        # the question already gives this figure (「援農ボランティア172人の内訳」): it asks for more
        answers -= {"number", "quantity"}
        support *= 0.6
        why["figure_in_question"] = True
    if not missing or want:
        answers.add("years")
    if len(sel) > 1:
        answers.add("trend")
    # the prose introducing the table is evidence of what the indicator measures (the linker read it)
    return [Candidate("kpi_indicator", a, support, f"{link.name} {link.program} {unit} {link.intro}", why, answers)]


NAMES_THE_INDICATOR = 0.5  # the indicator's name holds most of the question's weighted words


def _rate_absent(ctx: Context, rows: list[KpiRecord], name: str) -> set[str]:
    """The absence of a rate for a year answers a question of a share; so does the absence of the
    very indicator the question names (「見本市来場者数の割合」), but not that of a count the
    question does not name (participants of some event, for a survey's share of firms)."""
    rate = re.search(r"[%％率割]|比率|シェア|\b(?:rate|share|ratio|percent)", f"{rows[0].unit or ''} {name}", re.I)
    return {"share"} if rate or coverage(ctx.concepts, name).score >= NAMES_THE_INDICATOR else set()


def _table_has_year(ctx: Context, name: str, years: list[int]) -> bool:
    """Some table of the index names the indicator and gives data for a year asked (a table of
    years as rows, one column per indicator, that the KPI reader does not read as targets)."""
    key = re.sub(r"\s", "", nfkc(name))
    return any(key in re.sub(r"\s", "", nfkc(c.text)) and set(data_years(c.text)) & set(years) for c in ctx.tables or [])


def _arts(q: Query, rows: list[KpiRecord]) -> set[str]:
    return {"articles"} if q.articles and any(r.article in q.articles for r in rows) else set()


_MONEY_ASKED = re.compile(r"いくら|金額|総額|費用|支出|交付額|執行額|決算額|予算額|how much (?:money|was (?:spent|paid|granted|awarded)|"
                          r"did .{0,40}\b(?:cost|spend|pay|receive))|\b(?:amount|sum) (?:of money|paid|spent|granted|awarded)|"
                          r"\btotal (?:amount|cost|spend(?:ing)?|value)\b|in yen\b", re.I)
_MONEY_UNIT = re.compile(r"円|ドル|[£$€¥]|額|費|予算|決算|\b(?:yen|dollars?|pounds?|euros?)\b", re.I)


def measure_mismatch(q: Query, concepts: list[Concept], unit: str, name: str) -> str:
    """Why an indicator's figures measure something else than the question asks, or "": a
    count of people (何人) against one of 件 or of organisations (支援機関数), a count against a
    percentage, a sum of money against a count. (Japanese counters only: an English "how many
    times" may well count 件.)"""
    counter = _counter(q, concepts) if re.search(r"何\s*" + JA_COUNTER, q.text) else None
    if counter and not re.search(counter, unit + name):
        if unit:
            return f"{unit} ≠ {counter}"
        # a count of people asked, an unlabelled indicator that counts something else (支援機関数)
        head = re.search(r"([一-龥ァ-ヶ]{1,3})数[^数]{0,8}$", name)
        if counter == _COUNTER_SYNONYMS["人"] and head and not re.search(r"[人名者員客生家手師]", head.group(1)):
            return f"{head.group(1)} ≠ {counter}"
    if unit in ("%", "％") and re.search(r"how many|何\s*(?:人|名|件|社|回|団体)|いくつ", q.text, re.I):
        return f"{unit} for a count"
    if _MONEY_ASKED.search(q.text) and not _MONEY_UNIT.search(unit + name):
        return f"{unit or 'a count'} for a sum of money"
    return ""


def _money(q: Query, rows: list[KpiRecord], name: str = "") -> set[str]:
    """An indicator counted in yen answers a question of money; one that asks for a budget or
    spending asks an indicator of one too (観光消費額, visitors' spending in 円, is no budget)."""
    money = any("円" in (r.unit or "") for r in rows)
    return {"budget"} if money and names_the_money_kind(q.text, name) else set()


# the kinds of money a budget states: what was set aside, what was spent, and words for either
_ALLOCATED = re.compile(r"予算|当初|補正|計上|\b(?:budget(?:ed|s)?|allocat(?:ed|ions?)|planned)\b", re.I)
_SPENT = re.compile(r"決算|執行|支出(?!先)|\b(?:spen[dt]|spending|outturn|expenditures?|execut(?:ed|ion))\b", re.I)
_ACTUAL = re.compile(r"実績|\bactuals?\b", re.I)
_EITHER = re.compile(r"事業費|経費|費用|交付額|補助額|\b(?:costs?|funding)\b", re.I)
_MONEY_KIND = re.compile("|".join(k.pattern for k in (_ALLOCATED, _SPENT, _ACTUAL, _EITHER)), re.I)


def names_the_money_kind(question: str, evidence: str) -> bool:
    """A question naming a kind of money is answered by evidence naming that kind: a budget by
    予算額 or "budget", what was spent by 決算 or "outturn" (an initial budget says nothing of
    what was spent), a cost by either; a question asking only "how much" by any sum."""
    asked = [k for k in (_ALLOCATED, _SPENT) if k.search(question)]
    if asked:  # (a sum's "Actual" column beside its budget is what was spent)
        found = [k for k in (_ALLOCATED, _SPENT) if k.search(evidence)] + ([_SPENT] if _ACTUAL.search(evidence) else [])
        # (a kind named decides: 「事業費補助金」 beside a 当初予算 column is no sum spent)
        return any(k in found for k in asked) if found else bool(_EITHER.search(evidence))
    if _EITHER.search(question):
        return any(k.search(evidence) for k in (_ALLOCATED, _SPENT, _EITHER))
    return True


def _no_year(q: Query, rows: list[KpiRecord], name: str) -> Answer:
    have = "、".join(dict.fromkeys(r.year for r in rows if r.year))
    ys = "・".join(wareki(y) for y in q.years) if _ja(q) else ", ".join(f"FY{y}" for y in q.years)
    msg = (f"文書には「{name}」の{ys}の数値の記載がありません(掲載は {have})。" if _ja(q)
           else f"The documents do not give 「{name}」 for {ys} (they give {have}).")
    return Answer(q.text, msg, False, [from_kpi(rows[0])], [], "none", q.lang)


# --- KPI: which programs missed/met, by article and year -----------------------------------

def kpi_scope(ctx: Context) -> list[Candidate]:
    q = ctx.q
    if not q.status:
        return []
    kpis = ctx.store.kpis()
    if not any(r.status != "plan" for r in kpis):
        return []
    named = _named_documents(ctx, kpis)
    # a verdict needs reported rows: a document "named" by a common word of its title
    # (プログラム for "programs") that holds only plan targets was not what the question named
    kpis = named if any(r.status != "plan" for r in named) else kpis
    years = q.years or [None]
    parts: list[Answer] = []
    arts = ctx.article_scope()
    if arts and not q.articles and not any(r.article in arts for r in kpis):
        arts = []  # the article named by its title has no KPI table
    for y in years[:6]:
        sub = replace(q, years=[y] if y else [], articles=arts)
        a = answer_status(sub, kpis)
        if a:
            parts.append(a)
    if not parts:
        return []
    a = _join(q, parts)
    # scope questions name an article, a year or "programs/indicators", not one indicator
    plural = re.search(r"事業|指標|もの|programs?|indicators?|どれ|\bany\b|ある", q.text, re.I)
    support = 0.5 + 0.2 * bool(arts) + 0.1 * bool(q.years) + 0.1 * bool(plural)
    if not (arts or plural) and ctx.links:
        # the more surely the question names one indicator, the less a list of all answers it
        support *= 1 - 0.5 * min(1.0, ctx.links[0].score)
    return [Candidate("kpi_scope", a, min(0.95, support), _evidence_of(a) + " 目標 実績 達成 " + q.text,
                      {"articles": q.articles, "years": q.years, "status": "met" if q.met else "missed"},
                      {"status", "years", "articles", "number", "quantity", "count", "trend", "which_ones"})]


def _named_documents(ctx: Context, kpis: list[KpiRecord]) -> list[KpiRecord]:
    """When the question names one document's publisher or title (みなと市, Kitahama), its rows only."""
    titles = {r.source: r.title for r in kpis}
    if len(titles) < 2:
        return kpis
    named = [c for c in ctx.concepts if c.forms]
    score = {s: sum(c.weight for c in named if c.as_word_in(t) or c.as_word_in(s)) for s, t in titles.items()}
    best = max(score.values())
    keep = {s for s, v in score.items() if v == best}
    return [r for r in kpis if r.source in keep] if best > 0 and len(keep) < len(titles) else kpis


def _join(q: Query, parts: list[Answer]) -> Answer:
    if len(parts) == 1:
        return parts[0]
    text, cites, recs = [], [], []
    for p in parts:
        off = len(cites)
        text.append(re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + off}]", p.answer))
        cites += p.citations
        recs += [r | {"citation": r["citation"] + off} if "citation" in r else r for r in p.records]
    return Answer(q.text, "\n\n".join(text), any(p.grounded for p in parts), cites, recs, "kpi", q.lang)


# --- the ordinance ------------------------------------------------------------------------

MAX_ARTICLES = 8  # articles quoted in one answer (a range like 第12条から第19条)
# how much of an article's similarity to the other articles is taken off its similarity to the
# question (fitted on the diagnosis sets' article questions: top-1 the same from 0.3 to 1.0)
ARTICLE_HUBNESS = 0.5


_DEFINITIONS = re.compile(r"定義|用語の意義|\bdefinitions?\b|\binterpretation\b", re.I)


def ordinance(ctx: Context) -> list[Candidate]:
    q = ctx.q
    articles = ctx.store.articles()
    if not articles:
        return []
    numbered = [a for a in articles if 0 < a.number < 99]
    says = q.op("article_text") > 0 or q.ordinance
    out = []
    if q.articles:
        found = [a for n in q.articles for a in articles if a.number == n]
        if len(found) >= 2 and len(found) == len(q.articles) and says:
            # several articles asked together (第15条から第17条, "Articles 9 and 24"): one answer quotes them all
            found = found[:MAX_ARTICLES]
            cites = [from_article(a) for a in found]
            parts = [(f"第{a.number}条({a.title})" if _ja(q) else f"Article {a.number} ({a.title})") + f" [{i}]\n「{a.text}」"
                     for i, a in enumerate(found, 1)]
            head = "条例の各条は次のとおり定めています。" if _ja(q) else "The ordinance's articles read:"
            out.append(Candidate("ordinance", Answer(q.text, "\n".join([head] + parts), True, cites, [], "article", q.lang),
                                 0.9 if q.ordinance else 0.7, " ".join(f"第{a.number}条 {a.title} {a.text}" for a in found),
                                 {"articles": [a.number for a in found]}, {"articles", "article_text"}))
        for n in q.articles[:3]:
            art = next((a for a in articles if a.number == n), None)
            if art is None:
                if says and numbered:
                    last = max(a.number for a in numbered)
                    msg = (f"条例に第{n}条はありません(第1条〜第{last}条と附則)。" if _ja(q)
                           else f"The ordinance has no Article {n} (it has Articles 1–{last} and supplementary provisions).")
                    c = from_article(max(numbered, key=lambda a: a.number))
                    out.append(Candidate("ordinance", Answer(q.text, msg, False, [c], [], "none", q.lang),
                                         0.8 if q.ordinance else 0.5, "", {"article": n, "exists": False},
                                         {"articles", "article_text"}))
                continue
            head = f"第{n}条({art.title})" if art.title else f"第{n}条"
            text = (f"条例{head}は次のとおり定めています。\n「{art.text}」 [1]" if _ja(q)
                    else f"Article {n} of the ordinance ({art.title}) reads:\n「{art.text}」 [1]")
            if not q.ordinance:  # "Article N" without a document: offer the report's reading too
                text += ambiguity_offer(q, n, "ordinance")
            support = 0.9 if q.ordinance else (0.7 if says and not (q.status or q.opinion) else 0.3)
            out.append(Candidate("ordinance", Answer(q.text, text, True, [from_article(art)], [], "article", q.lang),
                                 support, f"第{n}条 {art.title} {art.text}", {"article": n}, {"articles", "article_text"}))
        return out
    if q.ordinance or q.op("which_article"):
        # the ordinance is short: every article is compared with the question, not only the
        # few that retrieval returns
        # the article whose title names the topic ranks above one that mentions it in passing
        named_extra = re.search(r"前文|附則|preamble|supplementary|施行|effective|come into force", q.text, re.I)
        # a long text (the preamble) covers many words in passing: its coverage counts for less
        # a question of what a term means is answered by the article that defines terms
        defines = 0.5 if q.op("definition") > 0 else 0.0
        # the definitions article names every term the ordinance uses: for any other question its
        # words are met in passing, and only its title counts in full
        glossary = {id(a): (0.5 if not defines and _DEFINITIONS.search(a.title or "") else 1.0) for a in articles}
        lexical = [coverage(ctx.concepts, f"{a.title} {a.text}").score * glossary[id(a)]
                   * (1.0 if len(a.text) <= 300 else 1.0 - 0.15 * math.log2(len(a.text) / 300))
                   + 0.5 * coverage(ctx.concepts, a.title).score * bool(a.title)
                   + defines * bool(_DEFINITIONS.search(a.title or "")) for a in articles]
        lexical = [min(1.0, c / 1.5 if c > 1.0 else c) for c in lexical]
        # the embedding meets a paraphrase ("publish every year" → 毎年度…公表) that the dictionary's
        # words miss; weighed as in passage scoring, more for English questions
        share = lexical_share(q.lang)
        sims = relative_similarity(ctx, [f"{a.title} {a.text}" for a in articles], hubness=ARTICLE_HUBNESS)
        scored = sorted(((share * lex + (1 - share) * sim, a) for lex, sim, a in zip(lexical, sims, articles)),
                        key=lambda t: t[0] * (1.0 if 0 < t[1].number < 99 or named_extra else 0.7), reverse=True)
        if scored:
            cov, art = scored[0]
            margin = cov - (scored[1][0] if len(scored) > 1 else 0.0)
            head = art.label + (f"({art.title})" if art.title and art.label.startswith("第") else "")
            if _ja(q):
                text = f"条例{head}です。\n「{art.text}」 [1]"
            else:
                text = f"Article {art.number} of the ordinance ({art.title}):\n「{art.text}」 [1]" if 0 < art.number < 99 \
                    else f"The ordinance, {head}:\n「{art.text}」 [1]"
            support = (0.45 + 0.45 * cov) * (1.0 if margin > 0.05 else 0.85)
            out.append(Candidate("ordinance", Answer(q.text, text, True, [from_article(art)], [], "article", q.lang),
                                 support, f"{head} {art.text}", {"article": art.number, "margin": round(margin, 3)},
                                 {"article_text", "which_article"}))
    return out


# --- the program's structure ----------------------------------------------------------------

def program_links(ctx: Context) -> list[Candidate]:
    q, store = ctx.q, ctx.store
    out = []
    arts = ctx.article_scope()
    if q.op("items") and arts and store.article_items():
        a = answer_links(q, store.article_items(), arts[0])
        if a:
            out.append(Candidate("program_links", a, 0.85, _evidence_of(a) + " 取組項目", {"article": arts[0]},
                                 {"items", "articles", "count", "quantity"}))
    if q.op("projects") and arts and store.article_items() and store.policy_items():
        # an article's projects: through the items it maps to (article → item → project)
        a = answer_article_projects(q, store.article_items(), store.policy_items(), arts[:MAX_ARTICLES])
        if a:
            out.append(Candidate("program_links", a, 0.85, _evidence_of(a) + " 事務事業", {"articles": arts[:MAX_ARTICLES]},
                                 {"projects", "items", "articles", "count", "quantity"}))
    if store.policy_items():
        item = match_item(q, store.policy_items())
        if item:
            a = answer_projects(q, store.policy_items(), item)
            out.append(Candidate("program_links", a, 0.8 if q.op("projects") else 0.45, _evidence_of(a) + " 事務事業",
                                 {"item": item}, {"projects", "items", "count", "quantity"}))
    return out


_LEVELS = ("policy", "strategy", "item", "project")
_LEVEL_CUES = {"strategy": r"基本戦略|戦略|strateg", "item": r"取組項目|取り組み項目|items?\b", "project": r"事務事業|projects?\b"}
_LEVEL_NAMES = {"ja": {"policy": "政策", "strategy": "基本戦略", "item": "取組項目", "project": "事務事業"},
                "en": {"policy": "policy", "strategy": "strategies", "item": "program items", "project": "projects"}}


def policy_tree(ctx: Context) -> list[Candidate]:
    """The program's policy system (政策 → 基本戦略 → 取組項目 → 事務事業): the children, at the
    level the question asks for, of the node it names (「政策7」, a strategy's or item's name)."""
    q, policy = ctx.q, ctx.store.policy_items()
    if not policy:
        return []
    text = nfkc(q.text).replace(" ", "")
    named: Optional[tuple[str, str]] = None
    m = re.search(r"政策\s*(\d+)|\bpolicy\s*(\d+)", q.text, re.I)
    if m:
        n = m.group(1) or m.group(2)
        hit = next((p.policy for p in policy if re.match(rf"政策\s*{n}(?!\d)", p.policy)), None)
        named = ("policy", hit) if hit else None
    if named is None:
        for level in ("item", "strategy", "policy"):
            names = sorted({getattr(p, level) for p in policy}, key=len, reverse=True)
            hit = next((n for n in names if len(n) >= 4 and re.sub(r"^政策\d+\s*", "", n).replace(" ", "") in text), None)
            if hit:
                named = (level, hit)
                break
    if named is None:
        return []
    level, name = named
    asked = next((lv for lv, rx in _LEVEL_CUES.items() if re.search(rx, q.text, re.I)
                  and _LEVELS.index(lv) > _LEVELS.index(level)), None)
    if asked is None:
        asked = _LEVELS[min(_LEVELS.index(level) + 1, 3)]
    rows = [p for p in policy if getattr(p, level) == name]
    children = list(dict.fromkeys(getattr(p, asked) for p in rows))
    lang = "ja" if _ja(q) else "en"
    cites = []
    for p in rows:
        last = (cites[-1].lines[-1] or cites[-1].lines[0]) if cites and cites[-1].lines else None
        if not cites or (last and p.loc.line_start and p.loc.line_start > last + 3):
            cites.append(Citation(source=p.source, title=p.doc_title, page=p.loc.page_start,
                                  lines=[p.loc.line_start, p.loc.line_end] if p.loc.line_start else None,
                                  section=f"施策体系 › {p.policy}", quote=f"{p.strategy} › {p.item} › {p.project}", kind="policy"))
    cites = cites[:3]
    marks = " ".join(f"[{i}]" for i in range(1, len(cites) + 1))
    if lang == "ja":
        body = f"{name}の{_LEVEL_NAMES['ja'][asked]}は{len(children)}つです: " + "、".join(children) + f" {marks}"
    else:
        body = f"{name} has {len(children)} {_LEVEL_NAMES['en'][asked]}: " + ", ".join(children) + f" {marks}"
    support = 0.92 if re.search(_LEVEL_CUES.get(asked, "$^"), q.text, re.I) else 0.6
    return [Candidate("policy_tree", Answer(q.text, body, True, cites,
                                            [{"level": asked, "parent": name, "name": c} for c in children], "mapping", q.lang),
                      support, f"{_LEVEL_NAMES['ja'][level]} {name} {_LEVEL_NAMES['ja'][asked]} " + " ".join(children)
                      + " 施策体系 " + " ".join(c.quote for c in cites), {"node": named, "level": asked},
                      {"items", "projects", "count", "quantity", "which_article"})]


def which_article(ctx: Context) -> list[Candidate]:
    q = ctx.q
    if not q.op("which_article") or q.articles:
        return []
    a = answer_which_article(q, ctx.retriever, ctx.embedder, ctx.store)
    # the report's articles; a question that names the ordinance is the ordinance answerer's
    return [Candidate("which_article", a, 0.5 if q.ordinance else 0.9, _evidence_of(a) + " " + a.answer, {}, {"which_article", "projects"})] if a else []


def everything(ctx: Context) -> list[Candidate]:
    q = ctx.q
    if not (q.op("everything") and q.articles):
        return []
    a = answer_everything(q, q.articles[0], ctx.store, ctx.retriever)
    return [Candidate("everything", a, 0.85, _evidence_of(a), {"article": q.articles[0]},
                      {"articles", "opinion", "status", "items", "projects", "article_text", "years"})] if a else []


# --- passages and table rows ------------------------------------------------------------------

_ITEM_SPLIT = re.compile(r"(?=[①-⑳])")
_TRAILING_MARK = re.compile(r"[\s\-・*]+$")
PASSAGE_CONTEXT_CHARS = 600


def _units(c: Chunk) -> list[str]:
    """What a passage can be quoted by: table rows, numbered opinion items, sentences."""
    if c.kind in ("table", "kpi"):
        out = []
        lines = c.text.split("\n")
        for i, l in enumerate(lines):
            if not l.strip() or all(year_of(x.strip()) for x in l.split("|") if x.strip()):
                continue  # a header row of years alone answers nothing
            if len(l) > 300:  # a cell of numbered paragraphs (an overview of opinions): its items
                out += _cell_items(l)
            elif i + 1 < len(lines) and _names_the_figures_below(l, lines[i + 1]):
                out.append(f"{l} / {lines[i + 1]}")  # a row of names over a row of their figures: one statement
            else:
                out.append(l)
        return out
    out = []
    for part in _ITEM_SPLIT.split(c.text):
        # a numbered item is quoted whole; prose sentence by sentence
        # (without the list marker of the next line: 「…必要だ。\n- ②」 splits before ②)
        out += [_TRAILING_MARK.sub("", part)] if _ITEM_SPLIT.match(part) and len(part) <= 160 else split_sentences(part)
    # a heading or a title line says where, not what: it is never the quote
    return [u for u in out if len(re.sub(r"[\s\-・*]", "", u)) >= 2
            and not (re.match(r"^\s*#{1,6}\s", u) and len(u) <= 60) and u.strip(" *#") not in (c.title, c.section)
            and not (c.title and c.title.replace(" ", "") in u.replace(" ", "") and len(u) <= len(c.title) + 40)]


def _cell_items(row: str) -> list[str]:
    """A row whose longest cell holds numbered paragraphs (「16条 | 地域の活性化 | ① … ⑫ … |
    商業力強化事業 … | 68-86」): each item under the row's leading cells, which name what it
    belongs to, and the other cells as one more unit. The cells after the list are no part of
    its last item (a program named there is not what ⑫ says)."""
    cells = [x.strip() for x in re.sub(r"<[^>]+>", " ", row).split("|")]
    k = max(range(len(cells)), key=lambda i: len(cells[i]))
    lead = " | ".join(x for x in cells[:k] if x)
    rest = " | ".join(x for x in cells[k + 1:] if x)
    items = [p.strip(" |") for p in _ITEM_SPLIT.split(cells[k]) if len(p.strip(" |")) >= 10]
    # (an item is prose under its row's label, not a row of cells whose header gives its units)
    out = [f"{lead.replace(' | ', ' ')} › {p}" if lead else p for p in items]
    if rest:
        out.append(f"{lead} | {rest}" if lead else rest)
    return out


def _names_the_figures_below(row: str, below: str) -> bool:
    """「常設労働相談 | 街頭労働相談」 over 「551件 | 381件」: a row of words heading as many cells of
    figures (with their counters) and nothing else, the shape of a small table laid out sideways."""
    names = [x.strip() for x in row.split("|")]
    figures = [x.strip() for x in below.split("|")]
    return (len(names) == len(figures) and not re.search(r"\d", row)
            and all(_FIGURE_WITH_COUNTER.fullmatch(x) for x in figures))


_FIGURE_WITH_COUNTER = re.compile(r"[-+△▲]?[\d,.]+\s*(?:%|％|[^\d\s|]{1,3})?")


_ASIDE = re.compile(r"[(（][^\n]*[)）]\s*$")


def _with_next_sentence(c: Chunk, text: str, limit: int = 160) -> str:
    """A short quoted sentence keeps the sentence after it (what it says often follows: the
    figure, the reason), as long as the two stay short."""
    if c.kind in ("table", "kpi") or len(text) >= limit:
        return text
    i = c.text.find(text)
    if i < 0:
        return text
    rest = split_sentences(c.text[i + len(text):])
    nxt = rest[0] if rest else ""
    # a bracketed aside (the figure: 「(参加店舗数132店舗)」) does not count against the limit
    # the next numbered item (「- ② …」) is another statement, not this one's sequel
    if nxt and not _ITEM_SPLIT.match(nxt.lstrip(" -・*\n")) and len(text) + len(_ASIDE.sub("", nxt)) <= limit:
        if _LIST_LINE.match(nxt) and not _LIST_LINE.match(text) and not re.search(r"[。．.!?！？]\s*$", text) \
                and c.text[i + len(text):].lstrip(" \t").startswith("\n"):
            return f"{text}: {_LIST_LINE.sub('', nxt)}"  # a heading line over its list's first item
        return text + nxt
    return text


_LIST_LINE = re.compile(r"^\s*(?:[-・*●○]|\d+[.)）])\s*")


def _with_list_that_follows(c: Chunk, text: str, limit: int = 400) -> str:
    """A quote that names one person of a list (「- 遠藤豪人氏(…)」 under 「…認定者」) goes on
    over the list's other lines: a "who" question asks for all of them."""
    lines = c.text.split("\n")
    last = re.split(r"- |: ", text)[-1].strip()  # the list line the quote ends with
    i = next((n for n, l in enumerate(lines) if last and last in l), None)
    if i is None:
        return text
    items = []
    for l in lines[i + 1:]:
        if not _LIST_LINE.match(l) or len(text) + sum(len(x) + 3 for x in items) + len(l) > limit:
            break
        items.append(_LIST_LINE.sub("", l).strip())
    return " / ".join([text] + items) if items else text


@lru_cache(maxsize=1024)
def _header_lines(text: str) -> int:
    """How many of a table's first lines head its rows (read once per table, not per row)."""
    heads = _column_header_lines(text)[2:4]
    return 2 + next((i for i, h in enumerate(heads) if h.count("|") < 2), len(heads))


def _table_context(c: Chunk, line: str) -> str:
    """A table row with the lines that head it (caption, header rows) and the group label
    a merged cell carries on an earlier row (a row with fewer cells than the one above it
    continues that row's group: 「令和6年度 | 市内 | 大企業 …」 then 「中小企業 | …」)."""
    lines = [l for l in c.text.split("\n") if l.strip()]
    if line not in lines:
        return line
    i = lines.index(line)
    # the caption and every header row (a header of two or three rows: 物品 | 工事 over
    # 契約件数 | 契約金額 over 割合), else the first two lines
    # (a row below the first two heads only as a header row of three cells or more: 「事業名 |
    # 地域…事業」 above a key–value table's first figure is its first row, not a header)
    n_head = _header_lines(c.text)
    head = [l for l in lines[:n_head] if l != line and i >= n_head]
    cells = line.count("|")
    group = ""
    for prev in reversed(lines[n_head:i]):
        if prev.count("|") > cells + 1:
            group = " | ".join(x.strip() for x in prev.split("|")[:prev.count("|") - cells])
            break
    return " / ".join(head + ([f"{group} ›"] if group else []) + [line])


def passages(ctx: Context) -> list[Candidate]:
    """Quote the sentences or table rows that cover the question best, from the passages
    retrieval finds (article/kind filters from the slots)."""
    q = ctx.q
    filters: dict = {}
    if len(q.articles) == 1 and not q.ordinance:
        # one article: its own passages (several, 第12条から第18条, are often the whole report's scope)
        filters["article"] = q.articles[0]
    if q.response and not q.ordinance:
        filters["kind"] = "response"
    elif q.opinion and not q.ordinance:
        filters["kind"] = "opinion"
    if q.chapter is not None:
        filters["section_contains"] = f"第{q.chapter}章"
    hits = ctx.search(k=ctx.top_k, **filters) if filters else []
    if not hits and "kind" in filters and "article" in filters:  # the kind asked for, in any article
        hits = ctx.search(k=ctx.top_k, kind=filters["kind"])
    if filters.get("kind") == "opinion":  # opinions also stand in overview tables
        if not hits:  # a document whose opinions no heading marks as such: they are prose
            hits = ctx.search(k=ctx.top_k, **{k: v for k, v in filters.items() if k != "kind"})
        word = "意見"
        extra = [h for h in ctx.search(k=3, kind="table") if word in h[0].text[:400]
                 and (not q.articles or h[0].article in (None, *q.articles))]
        hits = hits + [h for h in extra if h[0].id not in {x[0].id for x in hits}]
    if not hits:
        hits = ctx.search(k=ctx.top_k)
    return _quote(ctx, _one_edition_per_table(ctx, hits), filters)


@lru_cache(maxsize=8192)
def _longest_line(text: str) -> int:
    return max((len(line) for line in text.split("\n")), default=0)


def is_prose_table(c: Chunk) -> bool:
    """A table whose cells are paragraphs (an overview of opinions): prose, the passage answerer's."""
    return _longest_line(c.text) > 300


_NUMBERED = re.compile(r"^[\s\-・*]*([①-⑳]|[(（]\d{1,2}[)）])\s*")


def numbered_items(c: Chunk) -> dict[str, str]:
    """A block's numbered items by their number (①, (1)): an opinion list and the list of
    responses to it share the numbering."""
    items: dict[str, str] = {}
    for line in c.text.split("\n"):
        m = _NUMBERED.match(line)
        if m:
            items[nfkc(m.group(1)).strip("()")] = line[m.end():].strip()
    return items


@dataclass
class OpinionPair:
    """A council opinion (item n of a 検証意見-style list) and the city's response to it (item n
    of the response list under the same heading)."""
    opinion: Chunk
    response: Chunk
    number: str
    said: str
    answer: str

    @property
    def text(self) -> str:
        return f"{self.said} {self.answer}"


def opinion_pairs(passages: list[Chunk]) -> list[OpinionPair]:
    """Every numbered opinion with its numbered response: a report prints the two lists under
    one parent heading (same document, same section path above them), item n answering item n.
    A long list may be split over several passages: the items of all of them count."""
    items: dict[tuple, dict[str, dict[str, tuple[Chunk, str]]]] = {}
    for c in passages:
        if c.kind in ("opinion", "response") and c.section_path:
            side = items.setdefault((c.source, tuple(c.section_path[:-1])), {}).setdefault(c.kind, {})
            for n, text in numbered_items(c).items():
                side.setdefault(n, (c, text))
    out = []
    for sides in items.values():
        answers = sides.get("response", {})
        for n, (op, said) in sides.get("opinion", {}).items():
            if n in answers:
                resp, answer = answers[n]
                out.append(OpinionPair(op, resp, n, said, answer))
    return out


def relative_similarity(ctx: Context, texts: list[str], hubness: float = 0.0) -> list[float]:
    """How far each text stands above the others in embedding similarity to the question
    (0..1): the multilingual embedding meets an English paraphrase of Japanese text where the
    dictionary's words do not. Relative, as the indicator linker's similarity is (e5's raw
    cosines sit in a narrow band). With hubness, each text's mean similarity to the others is
    taken off in that proportion: a short generic text (「必要な財政上の措置を講ずる」) is near
    every question of the topic and would otherwise win them all."""
    import numpy as np

    from vectorstore.embeddings import cached_passages

    if ctx.embedder is None or len(texts) < 3 or not hasattr(ctx.retriever, "query_vector"):
        return [0.0] * len(texts)
    P = cached_passages(ctx.embedder, texts)
    sims = P @ np.asarray(ctx.retriever.query_vector(ctx.q.text), dtype=np.float32)
    if hubness:
        sims = sims - hubness * ((P @ P.T).sum(axis=1) - 1.0) / (len(texts) - 1)
    mu, sd = float(np.mean(sims)), float(np.std(sims)) or 1.0
    return [min(1.0, max(0.0, ((float(x) - mu) / sd - 1.0) / 2.0)) for x in sims]  # z 1 → 0, z 3 → 1


def opinion_responses(ctx: Context) -> list[Candidate]:
    """What a council said, or how the city answers it (or which opinion a response answers):
    every opinion/response pair of the index is scored by the question's concepts in it (where
    each half sits counts, as it does for any quote) and by embedding similarity, which meets an
    English paraphrase of an opinion the dictionary's words miss; the best pair is quoted with
    both halves, the half asked about first. An opinion question is scored on the opinions alone."""
    q = ctx.q
    if not (q.response or q.opinion) or q.ordinance:
        return []
    pairs = [p for p in ctx.pairs if p.opinion.source not in ctx.exclude_sources
             and (not q.articles or p.opinion.article in q.articles)]
    if not pairs:
        return []
    asks_response = bool(q.response)
    if q.articles and not ctx.concepts:
        # 「第14条の意見は？」: the article is all the question names, so all its opinions answer it
        return [_all_opinions_of(q, pairs, asks_response)]
    sims = relative_similarity(ctx, [p.text if asks_response else p.said for p in pairs])
    share = lexical_share(q.lang)
    scored = []
    for p, emb in zip(pairs, sims):
        text = (f"{p.opinion.section} {p.response.section_path[-1]} {p.said} {p.answer}" if asks_response
                else f"{p.opinion.section} {p.said}")
        cov = coverage(ctx.concepts, text)
        scored.append((share * cov.score + (1 - share) * emb, cov, emb, p))
    scored.sort(key=lambda t: t[0], reverse=True)
    best, cov, emb, p = scored[0]
    if best <= 0:
        return []
    op, resp, n, said, answer_text = p.opinion, p.response, p.number, p.said, p.answer
    cites = [from_chunk(op, f"{n} {said}"), from_chunk(resp, f"{n} {answer_text}")]
    where = " › ".join(op.section_path[:-1]) or op.title
    opinion_line, response_line = f"{op.section_path[-1]} {n}: {said} [1]", f"{resp.section_path[-1]} {n}: {answer_text} [2]"
    first, second = (response_line, opinion_line) if asks_response else (opinion_line, response_line)
    body = f"{first}\n- {second}\n" + (f"(出典: {where})" if _ja(q) else f"(Source: {where})")
    a = Answer(q.text, body, True, cites, [], "extractive", q.lang)
    evidence = f"{op.section} {said}\n{resp.section} {answer_text}"
    answers = _passage_answers(q, [op, resp], evidence, ctx.concepts, f"{said} {answer_text}",
                               f"{op.section}\x00{said}\n{resp.section}\x00{answer_text}")
    conflict = years_conflict(q, evidence)
    return [Candidate("passage", a, 0.85 * best, evidence, {"covered": cov.covered, "missing": cov.missing, "pair": n,
                                                            "similarity": round(emb, 3), "years_conflict": conflict},
                      answers)]


MAX_LISTED_PAIRS = 12  # a readable answer; an article's opinions are rarely more


def _all_opinions_of(q: Query, pairs: list[OpinionPair], asks_response: bool) -> Candidate:
    """Every opinion of the articles asked (with the city's response to each, when the question
    asks for responses), in the report's order, each cited."""
    pairs = sorted(pairs, key=lambda p: (p.opinion.article or 0, nfkc(p.number)))[:MAX_LISTED_PAIRS]
    cites: list[Citation] = []
    lines: list[str] = []
    for p in pairs:
        # the half asked about first: a response question reads the city's answers, each with what it answers
        halves = ((p.response, p.answer), (p.opinion, p.said)) if asks_response else ((p.opinion, p.said),)
        for c, text in halves:
            cites.append(from_chunk(c, f"{p.number} {text}"))
            lines.append(f"{c.section_path[-1]} {p.number}: {text} [{len(cites)}]")
    heads = list(dict.fromkeys(" › ".join(p.opinion.section_path[:-1]) or p.opinion.title for p in pairs))
    where = "、".join(heads) if _ja(q) else "; ".join(heads)
    kind = pairs[0].response.section_path[-1] if asks_response else pairs[0].opinion.section_path[-1]
    lead = f"{where}: {kind} {len(pairs)}件" if _ja(q) else f"{where}: {len(pairs)} item(s) of {kind}"
    body = "\n".join([lead] + [f"- {l}" for l in lines] + [f"(出典: {where})" if _ja(q) else f"(Source: {where})"])
    evidence = "\n".join(f"{p.opinion.section} {p.said}\n{p.response.section} {p.answer}" for p in pairs)
    chunks = [c for p in pairs for c in (p.opinion, p.response)]
    answers = _passage_answers(q, chunks, evidence, [], " ".join(f"{p.said} {p.answer}" for p in pairs)) | {"opinion", "articles"}
    return Candidate("passage", Answer(q.text, body, True, cites, [], "extractive", q.lang), 0.85, evidence,
                     {"covered": [], "missing": [], "pairs": len(pairs), "years_conflict": years_conflict(q, evidence)},
                     answers)


def table_evidence(c: Chunk) -> str:
    return f"{c.title} {c.section} {c.text}"


def table_rows(ctx: Context) -> list[Candidate]:
    """Table-cell QA: every table of the index (not only those retrieval ranks high) is read
    row by row; the rows that cover the question best are quoted with their header."""
    q = ctx.q
    if not ctx.tables or not ctx.concepts or ((q.opinion or q.response) and not q.ordinance):
        return []  # opinions and responses are prose blocks; the passage answerer reads those
    tables = [c for c in ctx.tables if not q.articles or c.article in q.articles] or ctx.tables
    tables = [c for c in tables if not is_prose_table(c)]
    if ctx.table_index is not None:  # scored in one pass; a table where no concept occurs scores 0
        by_id = {id(ctx.tables[i]): sc for i, sc in ctx.table_index.scores(ctx.concepts).items()}
        ranked = sorted(((by_id[id(c)], c) for c in tables if id(c) in by_id), key=lambda t: t[0], reverse=True)
    else:
        ranked = sorted(((coverage(ctx.concepts, table_evidence(c)).score, c) for c in tables),
                        key=lambda t: t[0], reverse=True)
    hits = [(c, sc) for c, sc in _one_edition_per_table(ctx, [(c, sc) for sc, c in ranked])[:6] if sc > 0]
    if not hits:
        return []
    out = _quote(ctx, hits, {"tables": "all"})
    for cand in out:
        cand.answerer = "table"
    return out


def row_words(concepts: list[Concept], title: str, headers: str = "", rows: list[str] = ()) -> list[Concept]:
    """The question's words that can tell one row of a document from another: not those of the
    document's title that most rows repeat (「港北台市」 names the document, whichever row
    repeats it), nor those of the table's column headers (「契約金額」「合計」 pick a column
    of every row, not a row)."""
    t = nfkc(title).lower()
    h = normalised_forms(headers)[0] if headers else ""
    texts = [normalised_forms(r)[0] for r in rows]

    def names_the_document(k: Concept) -> bool:
        if not k.in_text(t):
            return False
        share = sum(k.in_text(x) for x in texts) / len(texts) if texts else 1.0
        return share == 0 or share > 0.5  # a title word only some rows have (中小企業) tells rows apart

    return [k for k in concepts if not names_the_document(k) and not (h and k.in_text(h))] or concepts


def column_headers(c: Chunk) -> str:
    """A table's lines before its first row of figures (its caption and column headers)."""
    return "\n".join(_column_header_lines(c.text))


def _column_header_lines(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        cells = [x.strip() for x in line.split("|")[1:]]  # the first cell names the row
        if any(re.fullmatch(r"[△▲-]?\d[\d,.]*\s*%?", x) for x in cells):
            break
        out.append(line)
    return out if len(out) < len(text.split("\n")) else []


def _one_edition_per_table(ctx: Context, ranked: list[tuple[Chunk, float]]) -> list[tuple[Chunk, float]]:
    """A table that every edition of a report prints (each with its own years) is read from one
    edition: the latest one reporting a year the question asks about, else the best scoring copy. Ten
    editions' copies of one table would otherwise crowd out every other table."""
    groups: dict[tuple, list[Chunk]] = {}
    for c, _ in ranked:
        if c.kind in ("table", "kpi") and ctx.edition_years(c):
            groups.setdefault((series_of(c.title), c.section), []).append(c)
    chosen: dict[tuple, str] = {}
    for key, tables in groups.items():
        # the latest copy printing a year asked about (a later edition may revise that year's
        # figure), else the copy of the edition of that year, else the best matching copy
        asked = [c for c in tables if set(data_years(c.text)) & set(ctx.q.years)] or \
            [c for c in tables if set(ctx.edition_years(c)) & set(ctx.q.years)]
        chosen[key] = (max(asked, key=lambda c: ctx.edition_years(c)) if asked else tables[0]).source
    return [(c, sc) for c, sc in ranked if (series_of(c.title), c.section) not in chosen
            or chosen[(series_of(c.title), c.section)] == c.source]


def table_cells(q: Query, concepts: list[Concept], c: Chunk, quote: str) -> str:
    """The cells of a quoted row that the question asks for: the columns whose heading holds the
    year asked or a word of the question (「令和5年度 決算額」), each with its heading, after the
    row's own label (「お試し住宅整備事業 — 令和5年度 決算額: 12,655」); "" when the row's columns
    cannot be told (no heading of as many cells) or every column would be named."""
    from assistant.question import read_years

    cells, names = _row_and_heading(c, quote)
    if not names:
        return ""
    worded = [_names_a_word(concepts, n) for n in names]
    picked = []
    for i, (name, value) in enumerate(zip(names, cells)):
        if i == 0 or not value or not re.search(r"\d", value):
            continue
        years = read_years(name)[0]
        by_year = bool(set(years) & set(q.years))
        # the year's columns, narrowed to the word asked when a heading names it (令和5年度 決算額);
        # a word's columns where no year is asked or the heading names none
        if (by_year and (worded[i] or not any(worded[1:]))) or (worded[i] and (not q.years or not years)):
            picked.append(f"{name}: {value}")
    if not picked or len(picked) >= len(cells) - 1:
        return ""
    return f"{cells[0]} — " + "; ".join(picked)


# a cell of figures: 1,204 / 58.3% / a target over an actual (95/96.8, 12/—)
_FIGURE_CELL = re.compile(r"[-+△▲]?[\d,.]+\s*%?(?:\s*[/／]\s*(?:[-+△▲]?[\d,.]+\s*%?|[-－—―ー–]))?")


# a cell that gives no figure: blank, a dash, or a figure still to come (集計中)
_NO_FIGURE = re.compile(r"[-－—―ー–‐…]*|集計中|未集計|未確定|調査中|n/?a|tbc|tbd|not (?:yet )?available", re.I)


def _quoted_row(quote: str) -> tuple[str, list[str]]:
    """A quoted table row ("caption / header / row": the last part) and its cells."""
    row = quote.split(" / ")[-1]
    return row, [x.strip() for x in row.split("|")]


def _row_and_heading(c: Chunk, quote: str) -> tuple[list[str], list[str]]:
    """A quoted table row's cells and the names of its columns: the last row above it with as
    many cells and no figure (「令和5年度 決算額」 holds a year); no names when none is found."""
    row, cells = _quoted_row(quote)
    lines = [l for l in c.text.split("\n") if l.strip()]
    if len(cells) < 3 or row not in lines:
        return cells, []
    heads = [l for l in lines[:lines.index(row)] if l.count("|") == row.count("|")
             and not any(_FIGURE_CELL.fullmatch(x.strip()) for x in l.split("|")[1:])]
    return cells, ([x.strip() for x in heads[-1].split("|")] if heads else [])


def asked_cells_empty(q: Query, c: Chunk, quote: str) -> bool:
    """The quoted row gives no figure for the year asked: its columns for that year hold none
    (「－」, blank, 集計中), or its columns are years and none is the one asked (a table of
    令和4〜6年度 budgets says nothing of 令和7年度, whatever a passage beside it says of that
    year). A row that names its own year (years as rows) is read by its label instead."""
    from assistant.question import read_years

    if not q.years or c.kind not in ("table", "kpi"):
        return False
    if _year_columns_miss(q, c, quote):
        return True
    cells, names = _row_and_heading(c, quote)
    asked = [i for i, n in enumerate(names) if i and set(read_years(n)[0]) & set(q.years)]
    targets = re.search(r"目標|target|goal", q.text, re.I)

    def empty(cell: str) -> bool:  # a target over an actual (25/—) gives no actual
        parts = re.split(r"\s*[/／]\s*", cell)
        return bool(_NO_FIGURE.fullmatch(cell)) or (len(parts) == 2 and not targets and bool(_NO_FIGURE.fullmatch(parts[1])))
    return bool(asked) and all(i < len(cells) and empty(cells[i]) for i in asked)


def _year_columns_miss(q: Query, c: Chunk, quote: str) -> bool:
    """The table's columns are years (its first line of as many cells as the quoted row) and
    none is a year asked, nor does its caption name one ("FY22 to FY24" over 2021-22 columns)."""
    from assistant.question import read_years

    row, cells = _quoted_row(quote)
    if len(cells) < 3 or read_years(cells[0])[0]:
        return False  # years as rows: the row's own label says its year
    lines = [l for l in c.text.split("\n") if l.strip()]
    at = next((i for i, l in enumerate(lines) if l.count("|") == row.count("|")), None)
    if at is None or lines[at] == row:
        return False
    columns = set().union(*(read_years(x)[0] for x in lines[at].split("|")[1:]))
    caption = set(read_years(" ".join([c.section] + lines[:at]))[0])
    return bool(columns) and not (columns | caption) & set(q.years)


def _heading_of(c: Chunk) -> str:
    """Where a quote sits: its section, and for a table row also the table's column headers,
    which name what the row's figures count (契約金額 over a row of 市内中小企業's sums)."""
    if c.kind in ("table", "kpi"):
        heads = column_headers(c).replace("\n", " ")
        return f"{c.section} {heads}" if heads else c.section
    return c.section


def _names_a_word(concepts: list[Concept], name: str) -> bool:
    low = normalised_forms(name)
    return any(k.in_text(low[0]) or k.in_text(low[1]) for k in concepts if len(k.label) >= 2)


def _quote(ctx: Context, hits: list[tuple[Chunk, float]], filters: dict) -> list[Candidate]:
    q = ctx.q
    if not hits:
        return []
    from assistant.question import read_years

    want_number = q.op("number") > 0 or q.op("count") > 0 or q.budget
    scored = []
    for rank, (c, s) in enumerate(hits):
        own = row_words(ctx.concepts, c.title, column_headers(c), c.text.split("\n")) if c.kind in ("table", "kpi") \
            else ctx.concepts
        for u in _units(c):
            text = _table_context(c, u) if c.kind in ("table", "kpi") else u
            # a passage is read with its document's title and section: a page of 「…計画」 or of
            # Harwick's report is about that plan or place without repeating its name
            cov = coverage(ctx.concepts, f"{c.title} {c.section} {text}")
            bonus = 0.05 if want_number and re.search(r"\d", u) else 0.0
            if text != u:  # a table row: what the row itself says decides among rows of one table
                bonus += 0.3 * coverage(own, u).score
            # a row under a header of what is asked (予算額/決算額 for a budget question, 評価 for
            # "did it reach its target") beats a row of the same words under another header
            if (q.budget and _BUDGET_WORDS.search(text)) or (q.status and _STATUS_HEAD.search(text)):
                bonus += 0.1
            if q.years:  # a row or sentence of the year asked beats one of another year
                ys = read_years(text)[0] or ctx.edition_years(c)
                bonus += 0.15 if set(ys) & set(q.years) else (-0.1 if ys else 0.0)
            scored.append((cov.score + bonus - 0.01 * rank, rank, c, text, cov))
    scored.sort(key=lambda t: t[0], reverse=True)
    picked, used = [], set()
    best = scored[0][0] if scored else 0.0
    for sc, rank, c, text, cov in scored:
        if text in used or text.split(" / ")[-1] in used or any(text in t for cc, t, _ in picked if cc.id == c.id):
            continue  # already quoted, alone or as the sequel of the sentence before it
        if picked and sc < 0.5 * best:
            break  # a far weaker passage is no support: it is not quoted, nor cited
        raw, text = text, _with_next_sentence(c, text)
        if text != raw and text[len(raw):] in used:
            text = raw  # its sequel is quoted already
        if text in used:
            continue  # another edition's copy of a sentence already quoted with its sequel
        picked.append((c, text, cov))
        used.update((raw, text, text.split(" / ")[-1]))
        if len(picked) >= 3:
            break
    if not picked:
        return []
    if q.op("who"):
        # the first line answers: for "who", the quote that names people leads (a table row of
        # counts may cover the question's words better, but it names nobody), with its whole list
        lead = next((p for p in picked if has_person_name(p[1])), None)
        if lead:
            picked = [(lead[0], _with_list_that_follows(lead[0], lead[1]), lead[2])] + [p for p in picked if p is not lead]
    cites, lines = [], []
    for c, text, cov in picked:
        # one citation per passage, however many of its sentences are quoted
        idx = next((i for i, x in enumerate(cites, 1) if x.chunk_id == c.id), None)
        if idx is None:
            cites.append(from_chunk(c, text))
            idx = len(cites)
        else:
            cites[idx - 1].quote += " … " + text
        lines.append(f"{text} [{idx}]")
    where = picked[0][0].section or picked[0][0].title
    cell = table_cells(q, ctx.concepts, picked[0][0], picked[0][1]) if picked[0][0].kind in ("table", "kpi") else ""
    head = f"{cell} [1]\n- {lines[0]}" if cell else lines[0]
    rest = [f"- {l}" for l in lines[1:]]
    body = "\n".join([head] + rest + [(f"(出典: {where})" if _ja(q) else f"(Source: {where})")])
    # the cited passages in full under the quoted lines: the reader sees each quote in context
    full = []
    for i, c in enumerate({c.id: c for c, _, _ in picked}.values()):
        if i >= 2:
            break
        if c.kind in ("opinion", "response"):
            continue  # numbered items stand alone: the matching ones are quoted, not the whole block
        idx = next(j for j, x in enumerate(cites, 1) if x.chunk_id == c.id)
        # (a table row is quoted under its header: what counts is the text of the rows said)
        quoted = [t.split(" / ")[-1] for cc, t, _ in picked if cc.id == c.id]
        if len(c.text) > sum(len(t) for t in quoted) + 20:
            full.append(f"[{idx}] {c.text[:PASSAGE_CONTEXT_CHARS]}{'…' if len(c.text) > PASSAGE_CONTEXT_CHARS else ''}")
    if full:
        body += "\n\n" + ("― 出典の該当箇所 ―\n" if _ja(q) else "― The cited passages ―\n") + "\n".join(full)
    a = Answer(q.text, body, True, cites, [], "extractive", q.lang)
    evidence = "\n".join(f"{c.section} {t}" for c, t, _ in picked)
    # what the quotes cover of the question, each read with its document's title (which says
    # nothing of years, sums or verdicts: the slots are read from the quotes and sections)
    titled_quotes = [f"{c.title} {c.section} {t}" for c, t, _ in picked]
    titled = "\n".join(titled_quotes)
    cov_all = coverage(ctx.concepts, titled)
    # the question's words should meet in one quote, not be gathered from several
    # (「横浜市」 in one sentence and 「人口」 in another answer nothing)
    best_one = max(coverage(ctx.concepts, x).score for x in titled_quotes)
    # quoting is the fallback: a structured answer with the same support wins
    support = 0.85 * (0.5 * cov_all.score + 0.5 * best_one)
    kind = "table" if picked[0][0].kind in ("table", "kpi") else "passage"
    # quotes that state no year of their own report on their edition's year: a page of the
    # 令和6年度 report says what was done in FY2024
    edition = [] if data_years(evidence) else sorted({edition_of(c.title) for c, _, _ in picked} - {None})
    answers = _passage_answers(q, [c for c, _, _ in picked], evidence, ctx.concepts,
                               " ".join(t.split(" / ")[-1] for _, t, _ in picked),
                               "\n".join(f"{_heading_of(c)}\x00{t}" for c, t, _ in picked), edition)
    # the year's cells of the best row are empty: the table has no figure for that year
    conflict = years_conflict(q, evidence, edition) or asked_cells_empty(q, picked[0][0], picked[0][1])
    return [Candidate(kind, a, support, titled, {"covered": cov_all.covered, "missing": cov_all.missing,
                                                   "filters": {k: v for k, v in filters.items()},
                                                   "years_conflict": conflict}, answers)]


_YEARISH = re.compile(r"(令和|平成)\s*(\d{1,2}|元)|\bR\s*\d{1,2}|FY\s*\d{4}|(?:19|20)\d\d")


_DATE = re.compile(r"((?:令和|平成)\s*(?:\d{1,2}|元)|(?:19|20)\d\d)\s*年\s*\d{1,2}\s*月")


def years_conflict(q: Query, evidence: str, default_years: list[int] = ()) -> bool:
    """The question asks about years and the evidence gives data for other years only (its
    default years when it states none)."""
    ev_years = data_years(evidence) or list(default_years)
    return bool(q.years and ev_years and not set(q.years) & set(ev_years))


def data_years(text: str) -> list[int]:
    """The years a passage gives data for: 「令和3年12月策定」 is a date, not a year of data."""
    from assistant.question import read_years

    return read_years(_DATE.sub(" ", text))[0]


# dates, years and ordinals carry digits but count nothing
_NOT_A_QUANTITY = re.compile(r"(令和|平成|昭和)\s*(\d{1,2}|元)\s*(\(\d{4}\))?\s*年度?|(?:19|20)\d\d\s*年?度?|\d{1,2}\s*月\s*\d{1,2}\s*日|"
                             r"\d{1,2}\s*月|第\s*\d+\s*[回条章号期]|(?<![\d,.])\d{1,2}\s*条(?!例)|\bR\s*\d{1,2}|FY\s*\d{4}|[①-⑳]|\(\d\)|p\.\s*\d+")
_COUNTER_SYNONYMS = {"人": "人|名", "名": "人|名", "件": "件", "社": "社|者|事業者", "回": "回", "か所": "か所|箇所|ヶ所"}


# the counter word a 何 question asks by (何人, 何機関, 何事業)
_ASKED_COUNTER = re.compile(r"何\s*(" + JA_COUNTER + r"|事業|項目|条|指標)")


def _counter(q: Query, concepts: list[Concept]) -> Optional[str]:
    """What a "how many" question counts, as a pattern that follows the figure in the text:
    the counter word (何人 → 人|名) or the counted thing (いくつの事業 / how many projects → 事業)."""
    asked = _ASKED_COUNTER.findall(q.text)
    if asked:  # a question of two counts (「何社を対象に、有効回答は何件」) is answered by either
        return "|".join(dict.fromkeys(_COUNTER_SYNONYMS.get(a, a) for a in asked))
    m = re.search(r"いくつの\s*([一-龥ァ-ヶ]+)", q.text)
    if m:
        return re.escape(m.group(1))
    if re.search(r"いくら|(?<!by )how much|金額|総額|売上|予算額|in yen", q.text, re.I):  # ("fell by how much": a change)
        return r"円|ドル|yen"
    m = re.search(r"how many\s*([一-龥ァ-ヶー]{2,})", q.text, re.I)  # "how many 外国人観光客": the documents' own word
    if m:
        return re.escape(m.group(1))
    m = re.search(r"how many (?:[a-z-]+ ){0,2}?([a-z]+)", q.text, re.I)
    if m:
        forms = [f for c in concepts if c.label.lower().startswith(m.group(1).lower()[:4]) for f in c.forms]
        forms = [f for f in forms if re.search(r"[一-龥ァ-ヶ]", f)]
        # the counter Japanese counts such a noun with (32社 counts companies, 18人 people)
        counters = [c for f in forms for suffix, c in _NOUN_COUNTER if re.search(suffix, f)]
        return "|".join(dict.fromkeys([re.escape(f) for f in forms] + counters)) or None
    return None


# the counter Japanese grammar counts a noun with, by how the noun ends: firms in 社 (32社),
# people in 人 or 名 (参加者 18人, 学生 23名), shops in 店舗
_NOUN_COUNTER = [(r"(?:企業|会社|事業者|法人)$", "社"), (r"(?:者|生|員|人|手|家|士|民)$", "人|名"), (r"(?:店|店舗)$", "店舗|店")]


# a unit a table row states for its figures (「参加者数(人)」, 「予算額（千円）」)
_ROW_UNIT = re.compile(r"[（(]\s*(人|名|件|社|回|か所|箇所|ヶ所|店舗|団体|事業者|円|千円|百万円|億円|万円|%|％)\s*[)）]")
_UNIT_WORDS = {"人", "名", "件", "社", "者", "事業者", "回", "か所", "箇所", "ヶ所", "店舗", "団体", "円", "ドル", "yen"}


def _row_unit_differs(counter: str, row: str) -> bool:
    """The row states units for its figures and none is the one a counter-word question asks
    (何人 against 「相談件数(件)」, or against 機関 in the row's 単位 column); a counted noun
    ("how many exhibitors") is no unit."""
    asked = counter.split("|")
    if not all(a in _UNIT_WORDS for a in asked):
        return False
    units = _ROW_UNIT.findall(row) + _unit_column(row)
    return bool(units) and not any(a in u for u in units for a in asked)


def _unit_column(quote: str) -> list[str]:
    """The row's cell under a column headed 単位 or "unit", in a quoted row ("header / row")."""
    _, cells = _quoted_row(quote)
    for head in quote.split(" / ")[:-1]:
        names = [x.strip() for x in head.split("|")]
        if len(names) == len(cells):
            # (a Japanese counter or unit: an English unit, "businesses", "£000", is not compared
            # with the counters a question asks by)
            return [cells[i] for i, n in enumerate(names) if re.fullmatch(r"単位|units?", n, re.I)
                    and re.fullmatch(r"[一-龥ぁ-んァ-ヶ/]{1,6}", cells[i])]
    return []


def _sentence_before(texts: list[str], quote: str) -> str:
    """The sentence just before a quote in its passage (where a figure's topic is often named:
    「町は見本市を開催した。来場者は延べ500人だった。」)."""
    for t in texts:
        i = t.find(quote[:40])
        if i > 0:
            before = split_sentences(t[:i])
            return before[-1] if before else ""
    return ""


_HEADING_LINE = re.compile(r"[【■●◆□◇].{1,40}|.{1,40}[】]")


def _focus_head(focus: list[Concept], question: str) -> Concept:
    """The head noun of what is asked: its phrase's last word (出展者 in 「海外からの出展者」)."""
    return max(focus, key=lambda c: question.rfind(c.label))


def _names_what_is_counted(focus: list[Concept], near: str, question: str, said: str = "", heading: str = "") -> bool:
    """The counted thing is named at the figure: its head noun (the phrase's last word, 出展者 in
    「海外からの出展者」), and most of what qualifies it (a clause that places it, 「検証の対象に
    なった事業」, may be worded otherwise at the figure)."""
    head = _focus_head(focus, question)
    rest = [c for c in focus if c is not head]
    # a table's heading may name what its rows count; what qualifies it must be at the row
    if not (head.in_text(near) or heading and head.in_text(heading)):
        return False
    # the figure's own sentence names another thing of the kind (「…設備補助金」 where the question
    # asks of another 補助金): the figure is that one's
    other = [n for n in re.findall(r"「([^」]{2,60})」", said) if head.in_text(n) and rest and not any(c.in_text(n) for c in rest)]
    if other:
        return False
    total = sum(c.weight for c in rest)
    # a scope (「第17回の技術展には何団体が出展」) is what a table's heading is about: the heading
    # names it for every row below
    if heading and _SCOPE_ASKED.search(question):
        near = near + " " + heading
    return not rest or sum(c.weight for c in rest if c.in_text(near)) >= 0.5 * total


# the counting done within a scope the question names before its question word
_SCOPE_ASKED = re.compile(r"(?:には|では|において|における)\s*(?:何|いくつ|いくら|どれ|どの)")


def _names_the_person_asked(q: Query, evidence: str, concepts: list[Concept]) -> bool:
    """A quote names a person in the role asked (「協議会の会長は誰」): the role's holder is named in
    the quote that names the role and most of whose it is; a 会長 of another body listed in the
    same table answers nothing."""
    focus = [c for c in concepts if c.focus]
    head = _focus_head(focus, q.text) if focus else None
    ev = normalised_forms(evidence.replace("\x00", " "))[1]
    if head is None or not head.in_text(ev):
        return has_person_name(evidence)  # (a role the evidence words in another language: no line to hold it)
    for line in evidence.split("\n"):
        if has_person_name(line.split("\x00", 1)[-1]) and \
                _names_what_is_counted(focus, normalised_forms(line.replace("\x00", " "))[1], q.text):
            return True
    return False


SAME_TOPIC = 0.5


# a cell that is a bare range of numbers (pages 「68-86」, items 1-3) names where, not how many
_RANGE_CELL = re.compile(r"(?:^|(?<=\|))\s*\d{1,4}\s*[-‐－–~〜～]\s*\d{1,4}\s*(?=\||$)")


def _number_near_topic(q: Query, evidence: str, concepts: list[Concept], passages: list[str] = ()) -> bool:
    """A number answers a "how many" question only next to what is counted: some line of the
    evidence holds a quantity (not a date or an ordinal), the question's weightiest concept,
    and, when the question names what it counts, that counter after the figure."""
    known = sorted((c for c in concepts if c.known and c.forms and len(c.label) >= 2), key=lambda c: -c.weight)
    if q.lang != "ja":
        # an English word's rare dictionary sense (grant → 給与) weighs most and is in no evidence:
        # the anchor is the heaviest word the evidence has
        ev = normalised_forms(evidence)[1]
        known = [c for c in known if c.in_text(ev)] or known
    # the heaviest word, and the next one too unless the first clearly dominates
    # (Japanese only: an English word may be a homonym of a rare corpus word, "award")
    dominant = q.lang == "ja" and len(known) >= 2 and known[0].weight >= 1.5 * known[1].weight
    tops = known[:1] if dominant or len(known) < 2 else known[:2]
    counter = _counter(q, concepts)
    # a counter word (何人 → 人|名) follows the figure; a counted noun ("how many users" → 利用者) may head it
    noun_counter = bool(counter) and not _ASKED_COUNTER.search(q.text)
    # a figure the question itself states (「123団体のうち…」) is what it knows, not what it asks
    known_figures = set(re.findall(r"\d[\d,.]*", _NOT_A_QUANTITY.sub(" ", q.text)))
    # what is counted (「海外からの出展者は何団体」): a word the documents never use cannot be
    # counted in them
    focus = [c for c in concepts if c.focus]
    if any(not c.known for c in focus):
        return False
    lines = evidence.split("\n")
    # a heading just above a quote belongs to it (【施策検証の対象事業】 over its ①)
    aboves = [""] + [l.split("\x00", 1)[-1].strip() for l in lines[:-1]]
    aboves = [a if _HEADING_LINE.fullmatch(a) else "" for a in aboves]
    # a quote about something else (another subsidy's 交付実績7件 quoted below the one asked
    # about) states no figure of what is asked: a figure counts in a quote that holds at least
    # SAME_TOPIC of what the best quote holds of the question
    on_topic = [coverage(concepts, a + " " + l.replace("\x00", " ")).score for a, l in zip(aboves, lines)]
    floor = SAME_TOPIC * max(on_topic)
    for i, line in enumerate(lines):  # each quote: a sentence with the one after it that says its figure
        if on_topic[i] < floor:
            continue
        said = spelled_out_numbers(line.split("\x00", 1)[-1])  # the quote, without the section path it sits under
        above = aboves[i]
        # a row's number, or a cell of a page range, counts nothing
        qty = _NOT_A_QUANTITY.sub(" ", _RANGE_CELL.sub(" ", re.sub(r"(^|/ )\s*\d{1,3}\s*\|", " ", said)))
        for fig in known_figures:
            qty = re.sub(rf"(?<![\d,.]){re.escape(fig)}(?![\d,.])", " ", qty)
        if not re.search(r"\d", qty):
            continue
        # the same normalisation as coverage (NFKC, lower case: 'hub' is in "Growth Hub enquiries")
        forms = normalised_forms(line)
        if tops and not any(t.in_text(forms[0]) or t.in_text(forms[1]) for t in tops):
            continue
        # what is counted is named at the figure or in the sentence before it, not elsewhere in the
        # passage (a whole passage about 海外 does not make 123 exhibitors foreign ones)
        table_row = "|" in line  # a table states its unit in the header or caption, not after each figure
        # a table's rows count what its heading names (「受注機会の増大」 over rows of contract sums)
        heading = line.split("\x00", 1)[0] if table_row and "\x00" in line else ""
        near = normalised_forms(" ".join((above, said,
                                          _sentence_before(list(passages), said.lstrip("- ")))))[1] if focus else ""
        if focus and not _names_what_is_counted(focus, near, q.text, normalised_forms(said)[1],
                                                normalised_forms(heading)[1]):
            continue
        if table_row and counter and _row_unit_differs(counter, said):
            continue  # 「…件数(件)」 counts no people
        if counter and not table_row and not re.search(r"\d[\d,.]*\s*[万千百億]{0,2}\s*(?:人|件)?\s*(?:の|つの|か所の)?\s*(?:" + counter + ")", qty) \
                and not (noun_counter and re.search(r"(?:" + counter + r")[^\d。、]{0,8}\d", qty)):
            continue  # what is counted follows its figure (5社), or, a noun, heads it (利用者数延べ5,441名)
        return True
    return False


# what a quote must say to address a slot, in the languages documents are written in
_OPINION_WORDS = re.compile(r"所見|意見|指摘|提言|評価|\b(?:recommend(?:s|ed|ations?)?|comments?|opinions?|observations?|"
                            r"concerns?|noted|advised|urged)\b", re.I)
_RESPONSE_WORDS = re.compile(r"今後|予定|していく|図る|取り組む|目指す|方針|来年度|次年度|拡充|延長|見直す|実施する|進める|検討する|"
                             r"強化する|令和\s*\d+\s*年度(?:から|以降)|\b(?:will|plans? to|intends? to|going forward|"
                             r"in response|accepted|agreed to|next year|from (?:april|20\d\d))\b", re.I)
_WHEN_WORDS = re.compile(r"(令和|平成)\s*(\d{1,2}|元)|\d{4}\s*年|\d{1,2}\s*月|(?<![\d,.])(?:19|20)\d\d(?![\d,.])|"
                         r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")
_DAY_OR_MONTH = re.compile(r"\d{1,2}\s*月|\d{1,2}\s*日|\b(?:January|February|March|April|May|June|July|August|September|"
                           r"October|November|December)\b", re.I)


# a place stated: where something was held (「川崎駅東口周辺で開催」「会場:」), a hall, a park,
# a ward, an address; "at/in" before a capitalised place
_PLACE = re.compile(r"会場|開催地|場所\s*[:：は]|[一-龥ァ-ヶー]{2,}(?:で|にて)(?:開催|実施|行われ|行い|行っ|開か)|"
                    r"[A-Za-z0-9ぁ-ん一-龥ァ-ヶー]*[A-Za-zぁ-ん一-龥ァ-ヶー](?:公園|広場|ホール|会館|スタジアム|ドーム|駅|役所|庁舎|"
                    r"プラザ|アリーナ|案内所|会議室|図書館|美術館|博物館|大学|テラス|モール|タワー)|"
                    r"\b(?:held|hosted|took place|located|based|venue)\b[^.\n]{0,40}\b(?:at|in)\s+(?:the\s+)?[A-Z]|"
                    r"\b(?:Park|Hall|Centre|Center|Station|Plaza|Arena|Square|Street)\b")


def _states_when(q: Query, evidence: str) -> bool:
    """The evidence says when: a month or a day, or a year other than those the question
    gives itself (「令和6年度はいつ開かれた」 is not answered by 「令和6年度は…」)."""
    from assistant.question import read_years

    if not re.search(_WHEN_WORDS, evidence):
        return False
    if not q.years or _DAY_OR_MONTH.search(evidence):
        return True
    return bool(set(read_years(evidence)[0]) - set(q.years))


_COUNT_WORDS = re.compile(r"\d+\s*(?:つ|件|事業|人|名|社|項目|条|指標|回|か所|箇所)|\d[\d,]*\s+(?:[a-z\-]+\s)?[a-z\-]+s\b")
_BUDGET_WORDS = re.compile(r"円|予算|決算|事業費|執行|[£$€¥]|\b(?:budgets?|outturn|spend|spent|expenditure|funding|allocations?|"
                           r"costs?)\b", re.I)
# a verdict given as a count of what met or missed, naming none of them
_COUNT_OF_VERDICTS = re.compile(r"\d+\s*(?:指標|項目|事業|施策|KPIs?|indicators?|measures?|targets?|programmes?|programs?)\s*"
                                r"(?:の?うち|中|で|が|を|は|of\b|were\b|have\b|met\b|missed\b|achieved\b)", re.I)
_STATUS_HEAD = re.compile(r"評価|達成状況|達成度|判定|\b(?:status|rating|grade|assessment)\b", re.I)
_STATUS_WORDS = re.compile(r"達成(?!状況)(?:し|でき|さ|率|度)|未達|下回|上回|\b(?:met|missed|fell short|achieved|exceeded|"
                           r"not met|below target|above target|on track|off track|short of)\b", re.I)


def _passage_answers(q: Query, chunks: list[Chunk], evidence: str, concepts: list[Concept] = (),
                     quoted: str = "", located: str = "", default_years: list[int] = ()) -> set[str]:
    """The slots quoted passages address, read off the passages themselves (the years of data
    from `default_years` when they state none)."""

    kinds = {c.kind for c in chunks}
    prose = " ".join(c.text for c in chunks if c.kind not in ("table", "kpi"))
    out = set()
    if q.op("who") and _names_the_person_asked(q, evidence, concepts):
        out.add("who")
    # (a table of opinions answers with a numbered item it quotes, not with its other cells)
    if "opinion" in kinds or re.search(_OPINION_WORDS, prose) or (any(
            c.kind == "table" and "意見" in c.text[:400] for c in chunks) and re.search(r"[①-⑳]", quoted or evidence)):
        out.add("opinion")
    if "response" in kinds or re.search(_RESPONSE_WORDS, prose):
        out.add("response")
    if "article" in kinds:
        out.add("article_text")
    figures = spelled_out_numbers(evidence)  # "six forums" states a figure too
    if re.search(r"\d", figures) and _number_near_topic(q, located or evidence, concepts, [c.text for c in chunks]):
        out.update(("number", "quantity"))
    if re.search(r"ため|により|によって|による|理由|要因|原因|背景|踏まえ|受け|伴い|影響|because|due to|owing to|as a result", evidence):
        out.add("why")
    if _states_when(q, evidence):
        out.add("when")
    if _PLACE.search(evidence):
        out.add("where")
    if re.search(_COUNT_WORDS, figures):
        out.add("count")
    # the kind of money is that of the first quote naming one, read with its column headers (a
    # section titled 「予算額・執行額」 over a row of 当初予算 gives no sum spent)
    quotes = [x.split("\x00")[-1] for x in (located or evidence).split("\n")]
    lead = next((x for x in quotes if _MONEY_KIND.search(x)), evidence)
    if re.search(_BUDGET_WORDS, evidence) and names_the_money_kind(q.text, lead):
        out.add("budget")
    if re.search(r"取組項目", evidence):
        out.add("items")
    if re.search(r"事務事業|事業|\b(?:programmes?|programs?|projects?|schemes?|strands?|initiatives?)\b", evidence, re.I):
        out.add("projects")
    # "which article" is answered by a quote that states one, not by the section it sits in
    if re.search(r"第\s*\d+\s*条", quoted or evidence):
        out.add("which_article")
    # a verdict stated in the quote (not 「達成状況」, the name of a table or a chapter)
    if re.search(_STATUS_WORDS, quoted or evidence):
        out.add("status")
        if not _COUNT_OF_VERDICTS.search(quoted or evidence):
            out.add("which_ones")  # (「6指標のうち3指標が未達成」 counts them and names none)
    ys = data_years(evidence) or list(default_years)
    if q.years and any(y in ys for y in q.years):
        out.add("years")
    if len(ys) >= 2:
        out.add("trend")
    if q.articles and (any(c.article in q.articles for c in chunks) or
                       any(re.search(rf"第\s*{n}\s*条|\bArticles?\s*{n}\b", evidence) for n in q.articles)):
        out.add("articles")
    return out


# --- editions: what changed between two editions of a report -------------------------------
def edition_changes(ctx: Context) -> list[Candidate]:
    """The newer of two editions against the older (the two the question names, or the latest
    two): revised figures, programs added, removed or renamed, years newly reported."""
    q = ctx.q
    if q.op("changes") <= 0:
        return []
    docs = ctx.store.documents()
    eds = sorted({e for e in document_editions(docs).values() if e is not None})
    ja = _ja(q)
    if len(eds) < 2:
        have = "、".join(edition_label(e, "ja") for e in eds) if ja else ", ".join(edition_label(e, "en") for e in eds)
        msg = (f"比べられる版がありません: 索引にある報告書は{have or '版の分からない文書'}だけです。" if ja else
               f"There is nothing to compare: the index holds only {have or 'undated documents'}.")
        return [Candidate("edition_changes", Answer(q.text, msg, False, [], [], "none", q.lang), 0.45, "",
                          {"editions": eds}, {"changes", "years"})]
    asked = [e for e in q.editions if e in eds]
    older, newer = (sorted(asked)[-2:] if len(asked) >= 2 else eds[-2:])
    records = getattr(ctx.store, "all_kpis", ctx.store.kpis)()
    ch = compare_editions(records, older, newer)
    cites: list[Citation] = []

    def cite(r: KpiRecord) -> str:
        c = from_kpi(r)
        if c not in cites:
            cites.append(c)
        return f"[{cites.index(c) + 1}]"

    L = lambda e: edition_label(e, q.lang)  # noqa: E731
    lines = [f"{L(newer)}と{L(older)}の違い（KPI表の比較）:" if ja else f"{L(newer)} against {L(older)} (KPI tables compared):"]
    if ch.revised:
        lines.append(f"- 数値が改訂された指標 {len(ch.revised)}件:" if ja else f"- {len(ch.revised)} figure(s) revised:")
        for o, r in ch.revised[:12]:
            before = f"{o.target or '—'} / {o.actual or '—'}"
            after = f"{r.target or '—'} / {r.actual or '—'}"
            lines.append(f"  - {r.indicator}（{r.program}）{r.year}: 目標/実績 {before} → {after} {cite(r)}" if ja else
                         f"  - {r.indicator} ({r.program}) {r.year}: target/actual {before} → {after} {cite(r)}")
    for label_ja, label_en, names in (("追加された事業", "Programs added", ch.added),
                                      ("なくなった事業", "Programs no longer reported", ch.removed)):
        if names:
            lines.append(f"- {label_ja if ja else label_en}: " + "、".join(f"{n} {cite(ch.rows[n])}" for n in names))
    if ch.renamed:
        lines.append(("- 名称が変わった事業: " if ja else "- Programs renamed: ")
                     + "、".join(f"{a} → {b} {cite(ch.rows[b])}" for a, b in ch.renamed))
    if ch.moved:
        lines.append(("- 条が変わった事業: " if ja else "- Programs moved to another article: ")
                     + "、".join((f"{n}（第{a}条 → 第{b}条）" if ja else f"{n} (Article {a} → {b})") + f" {cite(ch.rows[n])}"
                                for n, a, b in ch.moved))
    new_years = sorted({r.fiscal_year for r in records if edition_of(r.title) == newer and r.fiscal_year}
                       - {r.fiscal_year for r in records if edition_of(r.title) == older and r.fiscal_year})
    if new_years:
        lines.append(("- 新たに載った年度: " if ja else "- Years newly reported: ")
                     + "、".join(wareki(y) if ja else f"FY{y}" for y in new_years))
    if len(lines) == 1:
        lines.append("- KPI表の数値・事業に違いはありません。" if ja else "- No figure or program differs.")
    support = 0.85 if (ch.revised or ch.added or ch.removed or ch.renamed or ch.moved or new_years) else 0.6
    records_out = [record_dict(r, cites.index(from_kpi(r)) + 1) for _, r in ch.revised[:12]]
    ans = Answer(q.text, "\n".join(lines), True, cites, records_out, "kpi", q.lang)
    return [Candidate("edition_changes", ans, support, "\n".join(lines),
                      {"older": older, "newer": newer, "revised": len(ch.revised)}, {"changes", "years"})]


ANSWERERS: list[Callable[[Context], list[Candidate]]] = [
    kpi_indicator, kpi_scope, ordinance, program_links, policy_tree, which_article, everything, passages,
    opinion_responses, table_rows,
    edition_changes,
]
