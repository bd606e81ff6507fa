"""AnswerService: the one entry point the CLI, the UI and the evaluator share.

Order of answer paths: structured first (ordinance article, article↔item links, policy
system, KPI status and look-ups), then extractive retrieval. Each path answers only from
the stores; when none finds support, the answer says so and is marked grounded=false.
"""
from __future__ import annotations

import re
import threading
from typing import Iterator, Optional

from assistant.extractive import answer_extractive, not_found, supports_budget
from assistant.knowledge_answer import (ambiguity_offer, answer_article, answer_everything, answer_links,
                                        answer_projects, answer_which_article, article_labels, match_item)
from assistant.llm_service import LlmService
from assistant.kpi_answer import IndicatorMatcher, answer_lookup, answer_status
from assistant.query_expansion import count_pattern
from assistant.question import Query, analyze
from assistant.retrieval import Retriever
from core.settings import Settings, get_settings
from core.types import Answer
from ingest.normalize import nfkc
from vectorstore.index_service import IndexService


class AnswerService:
    def __init__(self, settings: Optional[Settings] = None, index: Optional[IndexService] = None,
                 llm: Optional[LlmService] = None) -> None:
        self.settings = settings or get_settings()
        self.index = index or IndexService(self.settings)
        self.retriever = Retriever(self.index, self.settings.fusion)
        self._matcher: Optional[IndicatorMatcher] = None
        self._lock = threading.Lock()
        self.llm = llm or LlmService(self.settings)

    @property
    def store(self):
        return self.index.store

    def matcher(self) -> IndicatorMatcher:
        with self._lock:
            if self._matcher is None or self._matcher.names != list(dict.fromkeys(r.indicator for r in self.store.kpis())):
                self._matcher = IndicatorMatcher(self.store.kpis(), self.index.embedder)
            return self._matcher

    def warm(self) -> None:
        """Load what the first question would otherwise pay for: the models, the tokenizer,
        the stores' caches and the label vectors the structured answers compare with."""
        from vectorstore.embeddings import cached_passages

        kpis = self.store.kpis()
        self.store.articles()
        if kpis:
            cached_passages(self.index.embedder, self.matcher().names)
            cached_passages(self.index.embedder, list(article_labels(kpis).values()))
        self.retriever.search("warm-up", k=1)

    def ask(self, question: str, previous: Optional[Query] = None) -> Answer:
        """The answer: structured or extractive, rewritten by the LLM when one is configured
        and its rewrite passes the checks."""
        answer = None
        for kind, value in self.ask_stream(question, previous):
            if kind == "answer":
                answer = value
        return answer

    def ask_offline(self, question: str, previous: Optional[Query] = None) -> Answer:
        q = analyze(question)
        if previous is not None:
            q = follow_up(q, previous)
        ans = self._route(q)
        ans.follow_up = {"query": q}
        return ans

    def ask_stream(self, question: str, previous: Optional[Query] = None) -> Iterator[tuple[str, object]]:
        """("text", piece)… then ("answer", Answer). Without an LLM the whole answer is one
        piece; with one, its words arrive as written and the final Answer is the checked one
        (which may replace the streamed text with the offline answer)."""
        base = self.ask_offline(question, previous)
        if not (self.llm.enabled and self.llm.applies(base)):
            yield "answer", base
            return
        text = ""
        try:
            for piece in self.llm.stream(base):
                text += piece
                yield "text", piece
        except Exception as exc:  # server down mid-way: the offline answer stands
            final = self.llm.unavailable(base, exc)
        else:
            final = self.llm.finish(base, text)
        yield "answer", final

    def _route(self, q: Query) -> Answer:
        store = self.store
        articles = store.articles()
        if not q.text:
            return not_found(q, "empty question")
        # 0) everything about one article, across both documents
        if q.everything and q.articles:
            a = answer_everything(q, q.articles[0], store, self.retriever)
            if a:
                return a
        # 1) ordinance text; "what does Article N say" without a document named reads as the
        # ordinance too, and the answer offers the report's reading
        if q.article_says and q.articles and not q.ordinance and articles and not (q.missed or q.met or q.opinion):
            a = answer_article(q, articles, q.articles[0])
            if a:
                a.answer += ambiguity_offer(q, q.articles[0], "ordinance")
                return a
        if q.ordinance and articles and not q.items and not q.projects and q.chapter is None:
            if q.articles:
                a = answer_article(q, articles, q.articles[0])
                if a:
                    return a
            hits = self.retriever.search(q.text, k=3, kind="article")
            if hits and hits[0][0].article is not None or hits and "附則" in hits[0][0].section:
                num = hits[0][0].article if hits[0][0].article is not None else 99
                if "附則" in hits[0][0].section:
                    num = 99
                a = answer_article(q, articles, num)
                if a:
                    return a
        # 2) article ↔ 取組項目 links, 取組項目 → 事務事業
        if q.items and q.articles and store.article_items() and (q.ordinance or "取組項目" in q.text or "item" in q.text.lower()):
            a = answer_links(q, store.article_items(), q.articles[0])
            if a:
                return a
        if q.projects and store.policy_items():
            item = match_item(q, store.policy_items())
            if item:
                return answer_projects(q, store.policy_items(), item)
        # 3) which article covers a topic
        if q.which_article and not q.articles:
            a = answer_which_article(q, self.retriever, self.index.embedder, store)
            if a:
                return a
        kpis = store.kpis()
        # 4) missed / met targets
        if (q.missed or q.met) and kpis and not q.opinion:
            a = answer_status(q, kpis)
            if a:
                return a
        # 5) a single indicator
        if kpis and q.number_q and not q.opinion and not q.budget and not q.structure_count:
            name, score = self.matcher().match(q)
            if name and (score >= 0.6 or (q.lang == "en" and score >= 0.84)):
                a = answer_lookup(q, kpis, name)
                if a:
                    return a
        # 6) retrieval
        filters = {}
        if q.articles and not q.ordinance:
            filters["article"] = q.articles[0]
            filters["doc_type"] = "report"
        if q.opinion and not q.ordinance:
            filters["kind"] = "response" if q.response else "opinion"
        if q.chapter is not None:
            filters["section_contains"] = f"第{q.chapter}章"
        focus = count_pattern(q.text) if q.structure_count else None
        # a count question looks deeper: the passage stating the count may rank below the top few
        hits = self.retriever.search(q.text, k=self.settings.top_k * (3 if focus else 1), **filters)
        if not hits and filters:
            hits = self.retriever.search(q.text, k=self.settings.top_k)
        if q.budget:
            names = [n for n in re.findall(r"[\w・「」]+事業", nfkc(q.text))]
            if not supports_budget(hits, names):
                return not_found(q, "予算・金額の記載なし" if q.lang == "ja" else "no budget figures in the documents")
        return answer_extractive(q, hits, focus=focus)


def follow_up(q: Query, prev: Query) -> Query:
    """「令和5年度は？」/ "and Article 15?" after a question re-runs it with the new slot."""
    short = len(q.text) <= 25 and not (q.missed or q.met or q.ordinance or q.opinion or q.number_q and len(q.text) > 12)
    if not short or not (q.articles or q.years):
        return q
    merged = Query(**{**prev.__dict__})
    merged.text = prev.text + " / " + q.text
    if q.articles:
        merged.articles = q.articles
    if q.years:
        merged.years = q.years
    merged.lang = q.lang
    return merged
