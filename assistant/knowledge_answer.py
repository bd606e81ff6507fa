"""Answers from the ordinance and the policy system: article text, article ↔ 取組項目,
取組項目 → 事務事業, and which article covers a topic."""
from __future__ import annotations

from typing import Optional

import numpy as np

from assistant.citations import from_article, from_chunk, from_kpi
from assistant.kpi_answer import status_label
from assistant.question import Query
from core.types import Answer, ArticleItemLink, Citation, PolicyItem
from ingest.normalize import nfkc
from vectorstore.embeddings import cached_passages


def article_labels(kpis) -> dict[int, str]:
    """「第N条 title」 per report article: what "which article covers X" is compared with."""
    titles = {r.article: r.article_title for r in kpis if r.article}
    return {n: f"第{n}条 {titles[n]}" for n in sorted(titles)}


def mapping_citation(links: list[ArticleItemLink]) -> Citation:
    """The article ↔ 取組項目 table rows of one article, as one citation."""
    first = links[0]
    return Citation(source=first.source, title=first.doc_title, page=first.loc.page_start,
                    lines=[first.loc.line_start, first.loc.line_end] if first.loc.line_start else None,
                    section="第5章 › 条例の施策と取組項目の対応", quote="; ".join(l.item or l.note for l in links),
                    kind="mapping")


def answer_links(q: Query, links: list[ArticleItemLink], number: int) -> Optional[Answer]:
    ls = [l for l in links if l.article == number]
    if not ls:
        return None
    c = mapping_citation(ls)
    items = [l.item for l in ls if l.item]
    if not items:
        txt = (f"条例第{number}条({ls[0].article_title})には個別の取組項目は対応しません: {ls[0].note} [1]" if q.lang == "ja"
               else f"No single program item corresponds to Article {number} ({ls[0].article_title}): {ls[0].note} [1]")
    elif q.lang == "ja":
        txt = f"条例第{number}条({ls[0].article_title})に対応する第3期実行プログラムの取組項目は{len(items)}項目です: " + "、".join(items) + " [1]"
    else:
        txt = f"{len(items)} program items (取組項目) correspond to Article {number} ({ls[0].article_title}): " + ", ".join(items) + " [1]"
    return Answer(q.text, txt, True, [c], [{"article": number, "item": l.item, "note": l.note} for l in ls], "mapping", q.lang)


def policy_citation(p: PolicyItem) -> Citation:
    """A row of the program's policy system (施策体系): item and project."""
    return Citation(source=p.source, title=p.doc_title, page=p.loc.page_start,
                    lines=[p.loc.line_start, p.loc.line_end] if p.loc.line_start else None,
                    section=f"参考資料 › 施策体系 › {p.policy} › {p.item}", quote=f"{p.item} {p.project}", kind="policy")


def answer_article_projects(q: Query, links: list[ArticleItemLink], policy: list[PolicyItem],
                            numbers: list[int]) -> Optional[Answer]:
    """The projects (事務事業) that carry out one or more articles: the program items each article
    maps to, each with the projects the policy system lists under it."""
    cites: list[Citation] = []
    lines: list[str] = []
    records: list[dict] = []

    def cite(c: Citation) -> int:
        if c not in cites:
            cites.append(c)
        return cites.index(c) + 1

    for number in numbers:
        ls = [l for l in links if l.article == number and l.item]
        rows = [(l.item, [p for p in policy if p.item == l.item]) for l in ls]
        rows = [(item, ps) for item, ps in rows if ps]
        if not rows:
            continue
        m = cite(mapping_citation(ls))
        projects = list(dict.fromkeys(p.project for _, ps in rows for p in ps))
        title = ls[0].article_title
        lines.append(f"条例第{number}条({title})に対応する事務事業は{len(projects)}事業です(取組項目ごと、対応表 [{m}] と施策体系による):"
                     if q.lang == "ja" else
                     f"{len(projects)} projects (事務事業) carry out Article {number} ({title}), by program item "
                     f"(mapping [{m}] and the policy system):")
        for item, ps in rows:
            n = cite(policy_citation(ps[0]))
            lines.append(f"- {item}: " + "、".join(p.project for p in ps) + f" [{n}]")
            records += [{"article": number, "item": item, "project": p.project} for p in ps]
    if not lines:
        return None
    return Answer(q.text, "\n".join(lines), True, cites, records, "mapping", q.lang)


def match_item(q: Query, policy: list[PolicyItem]) -> Optional[str]:
    names = list(dict.fromkeys(p.item for p in policy))
    text = nfkc(q.text).replace(" ", "")
    for quoted in q.quoted:
        for n in names:
            if quoted.replace(" ", "") == n.replace(" ", ""):
                return n
    hits = [n for n in names if n.replace(" ", "") in text]
    return max(hits, key=len) if hits else None


def answer_projects(q: Query, policy: list[PolicyItem], item: str) -> Answer:
    ps = [p for p in policy if p.item == item]
    cites = []
    for p in ps:
        if not cites or cites[-1].page != p.loc.page_start:
            cites.append(policy_citation(p))
    projects = "、".join(p.project + (f"[{p.bureau}]" if p.bureau != "経済労働局" else "") for p in ps)
    p0 = ps[0]
    if q.lang == "ja":
        txt = f"取組項目「{item}」を実施する事務事業は{len(ps)}事業です: {projects} [1](施策体系: {p0.policy}・基本戦略「{p0.strategy}」)"
    else:
        txt = f"{len(ps)} projects (事務事業) implement 「{item}」: {projects} [1] (policy system: {p0.policy}, strategy 「{p0.strategy}」)"
    return Answer(q.text, txt, True, cites, [{"policy": p.policy, "strategy": p.strategy, "item": p.item,
                                              "project": p.project, "bureau": p.bureau} for p in ps], "mapping", q.lang)


def answer_which_article(q: Query, retriever, embedder, store) -> Optional[Answer]:
    """Which report article covers a topic. An article named by its title wins; otherwise the
    report passages about the topic vote for their article (weighted by retrieval score), so
    a topic that only appears in a program's text ("fireworks" → 第16条) is still placed;
    the article titles decide only when no passage carries an article."""
    kpis = store.kpis()
    titles = {r.article: r.article_title for r in kpis if r.article}
    if not titles:
        return None
    text = nfkc(q.text)
    best = next((n for n, t in titles.items() if t and t in text), None)
    evidence = None
    if best is None:
        votes: dict[int, float] = {}
        first: dict[int, object] = {}
        for c, score in retriever.search(q.text, k=8, doc_type="report"):
            if c.article in titles:
                votes[c.article] = votes.get(c.article, 0.0) + score
                first.setdefault(c.article, c)
        if votes:
            best = max(votes, key=votes.get)
            evidence = first[best]
        else:
            labels = article_labels(kpis)
            sims = cached_passages(embedder, list(labels.values())) @ np.asarray(retriever.query_vector(q.text), dtype=np.float32)
            best = list(labels)[int(np.argmax(sims))]
    if evidence is not None:
        cite = from_chunk(evidence)
    else:
        hits = retriever.search(f"第{best}条 {titles[best]}", k=1, article=best, doc_type="report")
        cite = from_chunk(hits[0][0]) if hits else from_kpi(next(r for r in kpis if r.article == best))
    programs = list(dict.fromkeys(r.program for r in kpis if r.article == best and r.program))
    if q.lang == "ja":
        txt = f"第{best}条「{titles[best]}」です。報告書で検証している主な事務事業: " + "、".join(programs) + " [1]"
    else:
        txt = f"Article {best} (第{best}条 {titles[best]}). Its verified programs: " + ", ".join(programs) + " [1]"
    return Answer(q.text, txt, True, [cite], [], "mapping", q.lang)


def answer_everything(q: Query, number: int, store, retriever) -> Optional[Answer]:
    """Everything the documents hold about one article, across both documents: the ordinance
    text, its 取組項目 and their 事務事業, the report's programs with their latest KPI results,
    and the council's opinions. Each part is cited; parts the documents lack are left out."""
    ja = q.lang == "ja"
    cites: list[Citation] = []
    lines: list[str] = []

    def cite(c: Citation) -> int:
        cites.append(c)
        return len(cites)

    art = next((a for a in store.articles() if a.number == number), None)
    if art:
        lines.append((f"■ 条例第{number}条({art.title})" if ja else f"■ Ordinance, Article {number} ({art.title})")
                     + f"\n「{art.text[:300]}{'…' if len(art.text) > 300 else ''}」 [{cite(from_article(art))}]")
    links = [l for l in store.article_items() if l.article == number]
    if links:
        items = [l.item for l in links if l.item]
        n = cite(mapping_citation(links))
        projects = {i: [p.project for p in store.policy_items() if p.item == i] for i in items}
        body = "; ".join(f"{i}({'、'.join(projects[i])})" if projects.get(i) else i for i in items) or links[0].note
        lines.append(("■ 第3期実行プログラムの取組項目(事務事業): " if ja else "■ Program items (projects): ") + f"{body} [{n}]")
    kpis = [r for r in store.kpis() if r.article == number and r.doc_type == "report" and r.status != "plan"]
    if kpis:
        fy = max(r.fiscal_year for r in kpis if r.fiscal_year)
        lines.append(f"■ 報告書の事業と令和{fy - 2018}年度の達成状況(実績/目標):" if ja
                     else f"■ Report programs and their FY{fy} results (actual/target):")
        for prog in dict.fromkeys(r.program for r in kpis):
            rs = [r for r in kpis if r.program == prog and r.fiscal_year == fy]
            if not rs:
                lines.append(f"- {prog}: " + ("この年度の数値なし" if ja else "no figures for this year"))
                continue
            parts = [f"{r.indicator} {r.actual or '—'}/{r.target or '—'}{r.unit or ''} ({status_label(r.status, q.lang)})"
                     for r in rs]
            lines.append(f"- {prog}: " + "; ".join(parts) + f" [{cite(from_kpi(rs[0]))}]")
    hits = retriever.search(f"第{number}条 検証意見", k=1, article=number, kind="opinion")
    if hits:
        c, _ = hits[0]
        lines.append(("■ 産業振興協議会の主な検証意見:\n" if ja else "■ The council's opinions:\n")
                     + f"「{c.text[:300]}{'…' if len(c.text) > 300 else ''}」 [{cite(from_chunk(c))}]")
    if not lines:
        return None
    head = f"第{number}条について文書に書かれていること:" if ja else f"What the documents say about Article {number}:"
    return Answer(q.text, head + "\n" + "\n".join(lines), True, cites, [], "mapping", q.lang)


def ambiguity_offer(q: Query, number: int, reading: str) -> str:
    """One line offering the other reading of 'Article N' (ordinance text vs report programs)."""
    if reading == "ordinance":
        return (f"\n(報告書の第{number}条の事業の検証結果は「第{number}条の事業で目標を達成できなかったものは？」と聞いてください)"
                if q.lang == "ja" else
                f"\n(For the report's Article {number} programs, ask \"Which Article {number} programs missed targets?\")")
    return (f"\n(条例の条文は「条例第{number}条は何を定めている？」と聞いてください)" if q.lang == "ja"
            else f"\n(For the ordinance text, ask \"What does Article {number} of the ordinance say?\")")
