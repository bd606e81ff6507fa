"""AnswerService: the one entry point the CLI, the UI and the evaluator share.

A question is read into slots (question.py) and concepts (terms.py), linked to indicators
(linking.py); every answerer (answerers.py) proposes candidates, and the verifier
(verifier.py) picks one or answers "not in the documents". The trace of these steps goes
with the answer.
"""
from __future__ import annotations

import threading
from dataclasses import replace
from typing import Iterator, Optional

from assistant.answerers import ANSWERERS, Context, opinion_pairs, table_evidence
from assistant.doc_scope import document_texts, documents_naming, named_documents, names_everywhere
from assistant.evidence import with_supporting_passages
from assistant.editions import CurrentView, EditionView, document_editions, edition_label, latest_copies
from assistant.extractive import not_found
from assistant.knowledge_answer import article_labels
from assistant.linking import IndicatorLinker
from assistant.llm_service import LlmService
from assistant.question import Query, analyze
from assistant.terms import (EvidenceIndex, TermStats, QueryExpansion, question_concepts,
                             stats_from_keyword_index)
from assistant.verifier import abstention, required_slots, verify
from assistant.retrieval import Retriever
from assistant.table_filter import rows_with_label
from assistant.word_glosses import gloss_line
from core.settings import Settings, get_settings
from core.types import Answer, TraceStep
from vectorstore.index_service import IndexService

# every answerer proposes; the verifier picks one or abstains
_ANSWERERS = [*ANSWERERS, rows_with_label]


class AnswerService:
    def __init__(self, settings: Optional[Settings] = None, index: Optional[IndexService] = None,
                 llm: Optional[LlmService] = None) -> None:
        self.settings = settings or get_settings()
        self.index = index or IndexService(self.settings)
        self.retriever = Retriever(self.index, self.settings.fusion)
        self._cat_key: Optional[tuple] = None
        self._stats: Optional[TermStats] = None
        self._linker: Optional[IndicatorLinker] = None
        self._tables: list = []
        self._table_index: Optional[EvidenceIndex] = None
        self._pairs: list = []
        self._view: Optional[CurrentView] = None
        self._lock = threading.Lock()
        self.llm = llm or LlmService(self.settings)

    @property
    def store(self):
        """The structured store with KPI rows reconciled across editions of a report."""
        if self._view is None or self._view._store is not self.index.store:
            self._view = CurrentView(self.index.store)
        return self._view

    def warm(self) -> None:
        """Load what the first question would otherwise pay for: the models, the tokenizer,
        the stores' caches and the label vectors the structured answers compare with."""
        from vectorstore.embeddings import cached_passages

        kpis = self.store.kpis()
        self.store.articles()
        stats, linker = self._catalog()
        # what English questions and names need, built beside the start-up, not in its way
        threading.Thread(target=_warm_cross_language, args=(stats,), daemon=True, name="warm-terms").start()
        if kpis:
            cached_passages(self.index.embedder, linker.texts)
            cached_passages(self.index.embedder, list(article_labels(kpis).values()))
        if self._pairs:
            cached_passages(self.index.embedder, [p.text for p in self._pairs])
        self.retriever.search("warm-up", k=1)
        from assistant.terms import japanese_for, loanwords

        japanese_for("warm")  # opens the bilingual dictionary
        loanwords("warm")  # and reads its loanword glosses once

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

    def reopened(self) -> "AnswerService":
        """A service on the stores as another process left them (same settings and embedder)."""
        return AnswerService(self.settings, IndexService(self.settings, embedder=self.index.embedder), self.llm)

    def _catalog(self):
        """Term statistics and the indicator linker, rebuilt when the indexed documents change."""
        key = tuple((d["source"], d.get("sha256", "")) for d in self.store.documents())
        with self._lock:
            if self._cat_key != key:
                chunks = self.index.all_passages()
                raw = [c.text for c in chunks]
                # a table or passage every edition repeats is read once, from the latest edition
                self._tables = [c for _, c in latest_copies([c for c in chunks if c.kind == "table"])]
                self._table_index = EvidenceIndex([table_evidence(c) for c in self._tables])
                once = [c for _, c in latest_copies(chunks)]
                self._pairs = opinion_pairs(once)
                self._doc_texts = document_texts(chunks)
                self.retriever.repeats = len(chunks) / max(1, len(once))
                self._stats = stats_from_keyword_index(self.index.keywords, raw)
                self._stats.has_english()  # a scan of the whole corpus text: here, not in a question's time
                self._linker = IndicatorLinker(self.store.kpis(), self.index.embedder, once)
                self.retriever.expansion = QueryExpansion(self._stats)
                self._cat_key = key
            return self._stats, self._linker

    def _kpi_passages(self, text: str, linker: IndicatorLinker) -> list[tuple[str, str]]:
        """(indicator, program) of the KPI passages retrieval ranks first for the question."""
        if not linker.entries:
            return []
        out = []
        for c, _ in self.retriever.search(text, k=4, kind="kpi"):
            first = c.text.split("\n", 1)[0]
            hit = max((e for e in linker.entries if e[0] and first.startswith(e[0]) and (c.program or "") == e[1]),
                      key=lambda e: len(e[0]), default=None)
            if hit and hit not in out:
                out.append(hit)
        return out

    def _route(self, q: Query) -> Answer:
        trace: list[TraceStep] = []
        if not q.text:
            return not_found(q, "empty question")
        stats, linker = self._catalog()
        concepts = question_concepts(q, stats)
        # a name every document mentions (the city of the whole corpus) does not decide which passage is meant
        naming = documents_naming(concepts, self._doc_texts)  # each name's documents, read once
        setting = names_everywhere(concepts, self._doc_texts, naming)
        concepts = [replace(c, required=False) if c.label in setting else c for c in concepts]
        trace.append(TraceStep("read", "slots read from the question", q.to_dict() | {
            "concepts": [{"word": c.label, "forms": c.forms[:4], "weight": round(c.weight, 2), "in_corpus": c.known}
                         for c in concepts]}))
        links = linker.link(q, concepts, retrieved=self._kpi_passages(q.text, linker),
                            qvec=self.retriever.query_vector(q.text))
        trace.append(TraceStep("link", "indicators the question may name", {
            "candidates": [{"indicator": l.name, "program": l.program, "score": round(l.score, 3), **l.evidence}
                           for l in links]}))
        store, tables, table_index, excluded = self.store, self._tables, self._table_index, frozenset()
        if q.editions and not q.op("changes"):
            # "according to the 令和6年度 report": that edition's figures and passages only
            have = sorted({e for e in document_editions(self.store.documents()).values() if e is not None})
            asked = q.editions[0]
            if have and asked not in have:
                trace.append(TraceStep("edition", f"the question names the FY{asked} edition, which is not indexed",
                                       {"indexed": have}))
                ans = edition_not_indexed(q, asked, have)
                ans.trace = [t.to_dict() for t in trace]
                return ans
            if asked in have:
                store = EditionView(self.index.store, asked)
                excluded = store.excluded
                tables = [t for t in tables if t.source not in excluded]
                table_index = None
                trace.append(TraceStep("edition", f"answers from the FY{asked} edition only",
                                       {"excluded": sorted(excluded)}))
        ctx = Context(q, concepts, store, self.retriever, self.index.embedder, links, self.settings.top_k,
                      tables, table_index, pairs=self._pairs, exclude_sources=excluded,
                      evidence_fusion=self.settings.evidence_fusion)
        candidates = [c for answerer in _ANSWERERS for c in answerer(ctx)]
        named = named_documents(concepts, self._doc_texts, naming)
        verdict = verify(candidates, concepts, self.settings.abstain_threshold, q, named)
        trace.append(TraceStep("propose and verify", "candidates with their support (final = support checked "
                               "against the question's concepts in the cited evidence)", {
            "candidates": [{"answerer": s.candidate.answerer, "support": round(s.candidate.support, 3),
                            "coverage": round(s.coverage, 3), "final": round(s.final, 3),
                            "grounded": s.candidate.answer.grounded, "first_line": s.candidate.answer.answer.split("\n")[0][:120],
                            "answers": sorted(s.candidate.answers), "why": s.candidate.why} for s in verdict.ranked],
            "slots_needed": sorted(required_slots(q)),
            "named_documents": {k: sorted(v) for k, v in named.items()},
            "threshold": verdict.threshold}))
        if verdict.abstained:
            ans = abstention(q.text, q.lang, verdict.ranked)
            best = verdict.ranked[0].final if verdict.ranked else 0.0
            trace.append(TraceStep("chosen", f"none: the best support {best:.2f} is below {verdict.threshold:.2f}", {}))
            ans.support = round(best, 3)
        else:
            ans = verdict.chosen.candidate.answer
            ans.support = round(verdict.chosen.final, 3)
            if q.lang == "en":  # the Japanese the answer quotes, glossed word by word for its reader
                glosses = gloss_line(ans.answer, stats.form_weight)
                if glosses:
                    ans.answer = ans.answer.rstrip("\n") + "\n" + glosses
            n_cites = len(ans.citations)
            ans = with_supporting_passages(ans, scoped_search(ctx), concepts,
                                           self.settings.evidence_passages, self.settings.evidence_chars)
            # the supporting passages retrieval ranks highest are shown under the chosen answer
            trace.append(TraceStep("chosen", verdict.chosen.candidate.answerer, {
                "final": round(verdict.chosen.final, 3), "supporting_passages": len(ans.citations) - n_cites}))
        ans.trace = [t.to_dict() for t in trace]
        return ans


def _warm_cross_language(stats: TermStats) -> None:
    """The corpus's words by their English glosses, its names by their readings, and the
    English word list that tells a person's name from a thing's (each about a second)."""
    from assistant.terms import _english_words

    stats.glossary()
    stats.build_readings()
    _english_words()


def scoped_search(ctx: Context) -> list:
    """The passages for the question within the scope it names (a chapter; one article of a
    report, not of the ordinance), else over the whole index."""
    q, filters = ctx.q, {}
    if q.chapter is not None:
        filters["section_contains"] = f"第{q.chapter}章"
    if len(q.articles) == 1 and not q.ordinance:
        filters["article"] = q.articles[0]
    how, k = ctx.evidence_fusion, ctx.top_k + 4  # some of the first are shown already or repeat a place
    return (ctx.search(k=k, fusion=how, **filters) if filters else []) or ctx.search(k=k, fusion=how)


def edition_not_indexed(q: Query, asked: int, have: list[int]) -> Answer:
    """The question names a report edition that is not in the index: said, not guessed."""
    if q.lang == "ja":
        text = (f"{edition_label(asked, 'ja')}の報告書は索引にありません（索引にある版: "
                + "、".join(edition_label(e, "ja") for e in have) + "）。")
    else:
        text = (f"The {edition_label(asked, 'en')} of the report is not in the index (indexed: "
                + ", ".join(edition_label(e, "en") for e in have) + ").")
    return Answer(q.text, text, False, [], [], "none", q.lang, support=0.0)


def follow_up(q: Query, prev: Query) -> Query:
    """「令和5年度は？」/ "and Article 15?" after a question re-runs it with the new slot."""
    short = len(q.text) <= 25 and not (q.missed or q.met or q.ordinance or q.opinion or q.op("number") > 0 and len(q.text) > 12)
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
