"""Reassemble ordinance articles from a two-column layout flattened into one line stream.

What the flattening does to the text, and how it is undone:
- Article titles「(目的)」 stand on their own lines, sometimes two on one line
  「(目的) (大企業者の役割)」, sometimes before the wrong article 「(定義) 第8条 …」. In column
  order each title still precedes its article, so titles wait in a queue and each
  「第N条」 takes the oldest waiting title.
- Vertical side labels (one character per line) are dropped.
- A piece of an article can land far from it (第2条(3) continues after the preamble). An
  article that ends mid-sentence takes the run of lines elsewhere that continues its item
  numbering: the lines that hold「(4)」「(5)」 after 第2条's「(3)」, and the sentence before them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.types import Article, Chunk, Document, Location
from ingest.chunker import chunk_id
from ingest.structure import Section

TITLE = re.compile(r"^\(([^()\d]{2,30})\)\s*")
ARTICLE = re.compile(r"^第\s*(\d+)\s*条\s*(?![第のにをはが及])(.+)$")
ITEM = re.compile(r"^\((\d+)\)\s")
PARAGRAPH = re.compile(r"^\d{1,2}\s")
SUPPLEMENT = re.compile(r"^附\s*則$")
PREAMBLE = 0
SUPPLEMENTARY = 99


@dataclass
class _Frag:
    number: int
    title: str
    lines: list[tuple[str, Location]] = field(default_factory=list)


def parse_articles(doc: Document, sections: list[Section]) -> list[Article]:
    lines: list[tuple[str, Location]] = []
    heading = ""
    for sec in sections:
        if sec.kind != "ordinance":
            continue
        heading = heading or (sec.path[-1] if sec.path else "")
        for b in sec.blocks:
            if b.kind == "line":
                lines.append((b.text, b.loc))
    if not lines:
        return []
    name = re.sub(r"^\d+\s*", "", lines[0][0])
    lines = lines[1:]
    frags: list[_Frag] = [_Frag(PREAMBLE, "前文")]
    pending: list[str] = []
    for text, loc in lines:
        if len(text) == 1:  # vertical side labels: 前/文, 計/画, …
            continue
        while True:
            m = TITLE.match(text)
            if not m:
                break
            pending.append(m.group(1))
            text = text[m.end():].strip()
        if not text:
            continue
        m = ARTICLE.match(text)
        if m:
            frags.append(_Frag(int(m.group(1)), pending.pop(0) if pending else "", [(m.group(2), loc)]))
            continue
        if SUPPLEMENT.match(text):
            frags.append(_Frag(SUPPLEMENTARY, "附則"))
            continue
        frags[-1].lines.append((text, loc))
    _reattach_orphans(frags)
    articles = []
    for f in frags:
        if not f.lines:
            continue
        loc = Location()
        for _, l in f.lines:
            loc = loc.merge(l)
        articles.append(Article(number=f.number, title=f.title, text=_join(f.lines), source=doc.source,
                                doc_title=name or doc.title, loc=loc))
    articles.sort(key=lambda a: a.number)
    return articles


def _items(frag: _Frag) -> list[int]:
    return [int(m.group(1)) for t, _ in frag.lines if (m := ITEM.match(t))]


def _incomplete(frag: _Frag) -> bool:
    return bool(frag.lines) and not frag.lines[-1][0].endswith(("。", "こと", "支援", "促進", "提供"))


def _reattach_orphans(frags: list[_Frag]) -> None:
    for f in frags:
        if not _incomplete(f) or not _items(f):
            continue
        want = max(_items(f)) + 1
        for g in frags:
            if g is f:
                continue
            idx = next((i for i, (t, _) in enumerate(g.lines) if t.startswith(f"({want})")), None)
            if idx is None or want - 1 in _items(g):
                continue
            # the orphan starts after the last complete sentence before the line preceding (want)
            start = idx
            j = idx - 2
            while j >= 0 and not g.lines[j][0].endswith("。"):
                j -= 1
            start = j + 1
            # and runs while the numbering continues
            end = idx
            expect = want
            while end < len(g.lines):
                t = g.lines[end][0]
                m = ITEM.match(t)
                if m:
                    if int(m.group(1)) != expect:
                        break
                    expect += 1
                elif ARTICLE.match(t):
                    break
                end += 1
            f.lines.extend(g.lines[start:end])
            del g.lines[start:end]
            break


def _join(lines: list[tuple[str, Location]]) -> str:
    out: list[str] = []
    for t, _ in lines:
        if out and not (ITEM.match(t) or PARAGRAPH.match(t)):
            out[-1] += t
        else:
            out.append(t)
    return "\n".join(out)


def article_chunks(doc: Document, articles: list[Article]) -> list[Chunk]:
    out = []
    for a in articles:
        head = f"{a.label}({a.title})" if a.title and a.number not in (PREAMBLE, SUPPLEMENTARY) else a.label
        out.append(Chunk(id=chunk_id(doc.source, "article", str(a.number)), text=f"{head}\n{a.text}",
                         source=doc.source, title=doc.title, doc_type=doc.doc_type, kind="article",
                         section_path=[a.doc_title, head], loc=a.loc, article=a.number if 0 < a.number < 99 else None))
    return out
