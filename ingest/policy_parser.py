"""The execution program's policy system (施策体系: 政策 → 基本戦略 → 取組項目 → 事務事業) and
its table linking ordinance articles 12–19 to 取組項目, rebuilt from flattened lines.

The 施策体系 is a four-column table whose cells wrap inside their column, so after text
extraction each cell is a run of short lines. What tells the columns apart:
- 「政策N」 opens a policy; its name follows in the narrowest column (≤ 6 characters a line);
- a 事務事業 ends in 事業/業務 (optionally with a [bureau]); a project split over two lines is
  one whose first half follows another project;
- text before a project is 基本戦略 then 取組項目; item names known from the article table
  and the chapter headings split the two, otherwise the item is the text on the project's
  own line or the last wide-column lines.
"""
from __future__ import annotations

import re
from typing import Optional

from core.types import ArticleItemLink, Chunk, Document, Location, PolicyItem
from ingest.chunker import chunk_id
from ingest.structure import ARTICLE_HEAD, Section

POLICY = re.compile(r"^政策\s*(\d+)$")
PROJECT_END = re.compile(r"(事業|業務)(\[[^\]]+\])?$")
BUREAU = re.compile(r"\[([^\]]+)\]$")


def _region(sections: list[Section], kind: str, raw: bool = False) -> list[tuple[str, Location]]:
    return [((b.raw or b.text) if raw else b.text, b.loc)
            for s in sections if s.kind == kind for b in s.blocks if b.kind == "line"]


def parse_article_links(doc: Document, sections: list[Section]) -> list[ArticleItemLink]:
    lines = _region(sections, "mapping")
    out: list[ArticleItemLink] = []
    art: Optional[int] = None
    title = ""
    note = ""
    loc = Location()
    items: list[str] = []

    def flush() -> None:
        if art is None:
            return
        if items:
            out.extend(ArticleItemLink(art, title, it, "", doc.source, doc.title, loc) for it in items)
        else:
            out.append(ArticleItemLink(art, title, "", note, doc.source, doc.title, loc))

    for text, l in lines:
        m = ARTICLE_HEAD.match(text)
        if m:
            flush()
            art, title, note, items, loc = int(m.group(1)), m.group(2).strip(), "", [], l
            continue
        if art is None:
            continue
        loc = loc.merge(l)
        if text.startswith("○"):
            items.append(text[1:].strip())
        elif text.startswith("※") or note:
            note = (note + text).lstrip("※")
        elif items:
            items[-1] += text  # a wrapped item
        else:
            title += text  # a wrapped article title
    flush()
    return out


def known_items(sections: list[Section], links: list[ArticleItemLink]) -> set[str]:
    names = {l.item.replace(" ", "") for l in links if l.item}
    for s in sections:
        for p in s.path:
            m = re.match(r"^[①-⑳]\s*(.+)$", p)
            if m:
                names.add(m.group(1).replace(" ", ""))
    return names


def parse_policy_system(doc: Document, sections: list[Section]) -> list[PolicyItem]:
    lines = _region(sections, "policy_system", raw=True)
    lines = [x for x in lines if not x[0].startswith(("施策体系", "政策 基本戦略", "政策基本戦略"))]
    items_vocab = known_items(sections, parse_article_links(doc, sections))
    # 1) join projects wrapped over two lines (the first half follows another project)
    joined: list[tuple[str, Location]] = []
    for i, (t, l) in enumerate(lines):
        if (joined and PROJECT_END.search(t) and " " not in t and i >= 2 and PROJECT_END.search(lines[i - 2][0])
                and not PROJECT_END.search(joined[-1][0]) and " " not in joined[-1][0]
                and len(joined[-1][0]) >= 13  # the project column is the widest
                and not POLICY.match(joined[-1][0])):
            joined[-1] = (joined[-1][0] + t, joined[-1][1].merge(l))
        else:
            joined.append((t, l))
    out: list[PolicyItem] = []
    policy = strategy = item = ""
    policy_name_open = False
    buf: list[str] = []
    for t, l in joined:
        m = POLICY.match(t)
        if m:
            policy, strategy, item, buf = f"政策{m.group(1)}", "", "", []
            policy_name_open = True
            continue
        if policy_name_open and len(t.replace(" ", "")) <= 6 and not PROJECT_END.search(t):
            policy += (" " if policy.startswith("政策") and " " not in policy else "") + t
            continue
        policy_name_open = False
        if not PROJECT_END.search(t):
            buf.append(t.replace(" ", "") if " " not in t.strip() else t)
            continue
        parts = t.split(" ")
        project = parts[-1]
        prefix = [p for p in parts[:-1] if p]
        if buf or prefix:
            strategy, item = _split_context(buf, prefix, items_vocab, strategy)
        buf = []
        bureau = BUREAU.search(project)
        out.append(PolicyItem(policy=policy, strategy=strategy, item=item,
                              project=BUREAU.sub("", project), bureau=bureau.group(1) if bureau else "経済労働局",
                              source=doc.source, doc_title=doc.title, loc=l))
    return out


def _split_context(buf: list[str], prefix: list[str], vocab: set[str], strategy: str) -> tuple[str, str]:
    """Text since the last project → (基本戦略, 取組項目)."""
    combined = "".join(b.replace(" ", "") for b in buf) + "".join(prefix[-1:])
    for name in sorted(vocab, key=len, reverse=True):
        if combined.endswith(name):
            rest = "".join(b.replace(" ", "") for b in buf) + "".join(prefix[:-1])
            rest = rest[: len(rest) - max(0, len(name) - len("".join(prefix[-1:])))] if prefix else rest[: -len(name)]
            return (rest or strategy), name
    if len(prefix) >= 2:  # 「中小企業の成長促進 新分野への進出支援 知的財産戦略推進事業」
        return "".join(buf) + prefix[-2], prefix[-1]
    if prefix:  # the item shares the project's line
        return ("".join(buf) or strategy), prefix[0]
    text = "".join(b.replace(" ", "") for b in buf)
    for name in sorted(vocab, key=len, reverse=True):
        if text.endswith(name):
            return (text[: -len(name)] or strategy), name
    # no vocabulary hit: the item starts at the first wide-column line (> 9 characters)
    for i, line in enumerate(buf):
        if len(line) >= 10:
            return ("".join(buf[:i]) or strategy), "".join(buf[i:])
    return strategy, text


def policy_chunks(doc: Document, policy: list[PolicyItem], links: list[ArticleItemLink]) -> list[Chunk]:
    out = []
    by_item: dict[tuple[str, str, str], list[PolicyItem]] = {}
    for p in policy:
        by_item.setdefault((p.policy, p.strategy, p.item), []).append(p)
    for (pol, strat, item), ps in by_item.items():
        loc = Location()
        for p in ps:
            loc = loc.merge(p.loc)
        projects = "、".join(p.project + (f"[{p.bureau}]" if p.bureau != "経済労働局" else "") for p in ps)
        text = f"施策体系: {pol} › 基本戦略「{strat}」 › 取組項目「{item}」\n事務事業: {projects}"
        out.append(Chunk(id=chunk_id(doc.source, "policy", pol, strat, item), text=text, source=doc.source,
                         title=doc.title, doc_type=doc.doc_type, kind="policy",
                         section_path=["参考資料", "施策体系", pol, item], loc=loc))
    by_art: dict[int, list[ArticleItemLink]] = {}
    for l in links:
        by_art.setdefault(l.article, []).append(l)
    for art, ls in by_art.items():
        loc = Location()
        for l in ls:
            loc = loc.merge(l.loc)
        items = "、".join(l.item for l in ls if l.item) or ls[0].note
        text = f"条例第{art}条({ls[0].article_title})に対応する第3期実行プログラムの取組項目: {items}"
        out.append(Chunk(id=chunk_id(doc.source, "link", str(art)), text=text, source=doc.source, title=doc.title,
                         doc_type=doc.doc_type, kind="mapping", section_path=["第5章", "条例の施策と取組項目の対応", f"第{art}条"],
                         loc=loc, article=art))
    return out
