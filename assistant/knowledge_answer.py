"""Answers from the ordinance and the policy system: article text, article ↔ 取組項目,
取組項目 → 事務事業, and which article covers a topic."""
from __future__ import annotations

import re
from typing import Optional

import numpy as np

from assistant.citations import from_article, from_chunk
from assistant.question import Query
from core.types import Answer, Article, ArticleItemLink, Citation, PolicyItem
from ingest.normalize import nfkc
from vectorstore.embeddings import cached_passages


def answer_article(q: Query, articles: list[Article], number: int) -> Optional[Answer]:
    a = next((x for x in articles if x.number == number), None)
    if a is None:
        return None
    head = f"{a.label}({a.title})" if a.title and a.label.startswith("第") else a.label
    intro = f"条例{head}は次のとおり定めています。" if q.lang == "ja" else f"Article {number} of the ordinance ({a.title}) reads:"
    return Answer(q.text, f"{intro}\n「{a.text}」 [1]", True, [from_article(a)], [], "article", q.lang)


def answer_links(q: Query, links: list[ArticleItemLink], number: int) -> Optional[Answer]:
    ls = [l for l in links if l.article == number]
    if not ls:
        return None
    c = Citation(source=ls[0].source, title=ls[0].doc_title, page=ls[0].loc.page_start,
                 lines=[ls[0].loc.line_start, ls[0].loc.line_end] if ls[0].loc.line_start else None,
                 section="第5章 › 条例の施策と取組項目の対応", quote="; ".join(l.item or l.note for l in ls), kind="mapping")
    items = [l.item for l in ls if l.item]
    if not items:
        txt = (f"条例第{number}条({ls[0].article_title})には個別の取組項目は対応しません: {ls[0].note} [1]" if q.lang == "ja"
               else f"No single program item corresponds to Article {number} ({ls[0].article_title}): {ls[0].note} [1]")
    elif q.lang == "ja":
        txt = f"条例第{number}条({ls[0].article_title})に対応する第3期実行プログラムの取組項目は{len(items)}項目です: " + "、".join(items) + " [1]"
    else:
        txt = f"{len(items)} program items (取組項目) correspond to Article {number} ({ls[0].article_title}): " + ", ".join(items) + " [1]"
    return Answer(q.text, txt, True, [c], [{"article": number, "item": l.item, "note": l.note} for l in ls], "mapping", q.lang)


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
            cites.append(Citation(source=p.source, title=p.doc_title, page=p.loc.page_start,
                                  lines=[p.loc.line_start, p.loc.line_end] if p.loc.line_start else None,
                                  section=f"参考資料 › 施策体系 › {p.policy} › {item}", quote=f"{item} {p.project}", kind="policy"))
    projects = "、".join(p.project + (f"[{p.bureau}]" if p.bureau != "経済労働局" else "") for p in ps)
    p0 = ps[0]
    if q.lang == "ja":
        txt = f"取組項目「{item}」を実施する事務事業は{len(ps)}事業です: {projects} [1](施策体系: {p0.policy}・基本戦略「{p0.strategy}」)"
    else:
        txt = f"{len(ps)} projects (事務事業) implement 「{item}」: {projects} [1] (policy system: {p0.policy}, strategy 「{p0.strategy}」)"
    return Answer(q.text, txt, True, cites, [{"policy": p.policy, "strategy": p.strategy, "item": p.item,
                                              "project": p.project, "bureau": p.bureau} for p in ps], "mapping", q.lang)


def answer_which_article(q: Query, retriever, embedder, store) -> Optional[Answer]:
    """Which report article covers a topic: the article whose title (and programs) match best."""
    kpis = store.kpis()
    titles = {r.article: r.article_title for r in kpis if r.article}
    if not titles:
        return None
    text = nfkc(q.text)
    best = next((n for n, t in titles.items() if t and t in text), None)
    if best is None:
        nums = sorted(titles)
        docs = [f"第{n}条 {titles[n]}" for n in nums]
        sims = cached_passages(embedder, docs) @ embedder.embed_query(q.text)
        best = nums[int(np.argmax(sims))]
    hits = retriever.search(f"第{best}条 {titles[best]}", k=3, article=best, doc_type="report")
    programs = list(dict.fromkeys(r.program for r in kpis if r.article == best and r.program))
    cites = [from_chunk(c) for c, _ in hits[:1]]
    if q.lang == "ja":
        txt = f"第{best}条「{titles[best]}」です。報告書で検証している主な事務事業: " + "、".join(programs) + " [1]"
    else:
        txt = f"Article {best} (第{best}条 {titles[best]}). Its verified programs: " + ", ".join(programs) + " [1]"
    return Answer(q.text, txt, True, cites, [], "mapping", q.lang)
