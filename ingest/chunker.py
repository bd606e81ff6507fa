"""Turn sections into retrieval chunks.

Prose is grouped into chunks of a few sentences (CJK-aware, never across a section
boundary); a table is always one chunk of its own, with its caption and section path, so
its numbers never lose their title (a complaint about peers: tables cut into bare numbers).
"""
from __future__ import annotations

import hashlib
import re

from core.types import Chunk, Document, Location
from ingest.normalize import ends_sentence, split_sentences
from ingest.structure import Section, paragraphs

MAX_CHARS = 420
KIND_BY_SECTION = {"opinion": "opinion", "response": "response", "indicator": "indicator"}


def chunk_id(source: str, *parts: str) -> str:
    h = hashlib.sha1("\x1f".join((source,) + parts).encode("utf-8")).hexdigest()
    return h[:20]


def render_table(rows: list[list[str]]) -> str:
    return "\n".join(" | ".join(c for c in row if c) for row in spanned_header(rows) if any(row))


def spanned_header(rows: list[list[str]]) -> list[list[str]]:
    """Two header rows where a heading spans the blank cells after it (「令和5年度 | 」 over
    「予算額 | 決算額」) as one row whose cells say both (「令和5年度 予算額」), so that each column
    of the text keeps its heading; the rows themselves are kept for the table readers."""
    if len(rows) < 3:
        return rows
    width = max(len(rows[0]), len(rows[1]))
    top, sub = (r + [""] * (width - len(r)) for r in rows[:2])
    spans = [i for i in range(1, len(top)) if not top[i] and top[i - 1] and sub[i]]
    if not spans or any(re.fullmatch(r"[\d,.%％\s△▲-]+", c) for c in sub if c):
        return rows
    # each heading's columns are told apart by the row under it (予算額 | 決算額), not the same word twice
    groups: list[list[int]] = []
    for i, t in enumerate(top):
        if t:
            groups.append([i])
        elif groups:
            groups[-1].append(i)
    for g in groups:
        if len(g) > 1 and (any(not sub[i] for i in g) or len({sub[i] for i in g}) < len(g)):
            return rows
    merged, carry = [], ""
    for t, b in zip(top, sub):
        carry = t or carry
        merged.append(f"{carry} {b}".strip() if b else t)
    return [merged] + rows[2:]


def chunk_sections(doc: Document, sections: list[Section]) -> list[Chunk]:
    chunks: list[Chunk] = []
    for sec in sections:
        if sec.kind in ("ordinance", "policy_system", "mapping"):
            continue  # rebuilt as structured chunks by their own parsers
        kind = KIND_BY_SECTION.get(sec.kind, "text")
        buf: list[str] = []
        buf_loc = Location()
        last_loc = Location()
        caption = ""

        def emit(text: str, loc: Location, kind_: str) -> None:
            text = text.strip()
            if not text:
                return
            cid = chunk_id(doc.source, " › ".join(sec.path), str(len(chunks)), text)
            chunks.append(Chunk(id=cid, text=text, source=doc.source, title=doc.title,
                                doc_type=doc.doc_type, kind=kind_, section_path=list(sec.path),
                                loc=loc, article=sec.article, program=sec.program))

        def flush() -> None:
            nonlocal buf, buf_loc
            if buf:
                emit("\n".join(buf), buf_loc, kind)
            buf, buf_loc = [], Location()

        for b in paragraphs(sec.blocks):
            if b.kind == "table":
                # a short heading line right before a table is its title: keep them together
                # instead of leaving a heading-only chunk that matches questions but says nothing
                if buf and len(buf[-1]) <= 60 and not caption and not buf[-1].rstrip().endswith("。"):
                    caption = buf.pop()
                flush()
                text = (caption + "\n" if caption else "") + render_table(b.rows or [])
                emit(text, b.loc, "table")
                caption = ""
                continue
            if b.text.startswith("●") or re.match(r"^- ●", b.text):
                caption = b.text
            # a new page starts a new chunk (a paragraph running over the break stays whole), so
            # a citation's page is the page the passage is on; a heading left at the page's
            # foot goes with what it heads on the next page, not into a chunk of its own
            if buf and b.loc.page_start is not None and buf_loc.page_end is not None \
                    and b.loc.page_start != buf_loc.page_end:
                carried = buf.pop() if _is_page_foot_heading(buf[-1]) else None
                flush()
                if carried is not None:
                    buf, buf_loc = [carried], last_loc
            for piece in _pieces(b.text):
                if buf and sum(len(x) for x in buf) + len(piece) > MAX_CHARS:
                    flush()
                buf.append(piece)
                buf_loc = buf_loc.merge(b.loc)
            last_loc = b.loc
        flush()
    return chunks


def _is_page_foot_heading(line: str) -> bool:
    """A short line that ends no sentence and is no list item: a title for what follows."""
    line = line.strip()
    return 0 < len(line) <= 60 and not ends_sentence(line) and not re.match(r"^(- |・|○|▲|※)", line)


def _pieces(text: str) -> list[str]:
    """A paragraph longer than a chunk is split at sentence ends."""
    if len(text) <= MAX_CHARS:
        return [text]
    out, cur = [], ""
    for s in split_sentences(text):
        if cur and len(cur) + len(s) > MAX_CHARS:
            out.append(cur)
            cur = ""
        cur += s
    if cur:
        out.append(cur)
    return out
