"""Supporting passages: what a grounded answer shows under its direct first line.

The chosen answer says what it found (a figure, a verdict, a quoted sentence). Under it, the
passages retrieval ranks highest for the question are shown as evidence, each with its own
citation, so a reader can check the answer against the documents and see what surrounds it:
the figure's year and unit, the sentence after the quote, the neighbouring row of a table.
An answerer picks one reading of the question; the passages do not depend on that choice.

A prose passage is shown whole (chunks are short); a table shows its caption and header rows
and then the rows that share most words with the question, so a long table is not cut off
before the row asked about.
"""
from __future__ import annotations

from dataclasses import replace

from assistant.citations import from_chunk
from assistant.terms import Concept, coverage
from core.types import Answer, Chunk

HEADING = {"ja": "― 根拠となる記載 ―", "en": "― Supporting passages ―"}


def table_excerpt(c: Chunk, concepts: list[Concept], limit: int) -> str:
    """Caption and header rows, then the rows holding most of the question's words (in the
    table's order), within `limit` characters."""
    lines = [l for l in c.text.split("\n") if l.strip()]
    if len(c.text) <= limit or len(lines) <= 3:
        return c.text[:limit]
    head, body = lines[:2], lines[2:]
    weight = [sum(k.weight for k in concepts if k.in_text(l)) for l in body]
    budget = limit - sum(len(l) + 1 for l in head)
    keep: set[int] = set()
    for i in sorted(range(len(body)), key=lambda i: (-weight[i], i)):
        if len(body[i]) + 1 > budget:
            continue
        keep.add(i)
        budget -= len(body[i]) + 1
    rows = [body[i] for i in sorted(keep)]
    return "\n".join(head + rows)


def excerpt(c: Chunk, concepts: list[Concept], limit: int) -> str:
    if c.kind in ("table", "kpi"):
        return table_excerpt(c, concepts, limit)
    return c.text if len(c.text) <= limit else c.text[:limit] + "…"


def mostly_shown(text: str, shown: str) -> bool:
    """Most of a passage's lines are in the answer already (an article quoted whole under its
    heading, a table row by row)."""
    lines = [l.strip(" -・") for l in text.rstrip("…").split("\n") if len(l.strip(" -・")) >= 6]
    return not lines or sum(l in shown for l in lines) >= 0.8 * len(lines)


def with_supporting_passages(ans: Answer, hits: list[tuple[Chunk, float]], concepts: list[Concept],
                             count: int, limit: int) -> Answer:
    """The answer with the first `count` retrieved passages it does not show yet appended under
    a heading: one passage per place in a document (a table and its restatement share one),
    a passage the answer cites keeping its number."""
    if not ans.grounded or count <= 0 or not hits:
        return ans
    cites = list(ans.citations)
    numbers = {c.chunk_id: i for i, c in enumerate(cites, 1) if c.chunk_id}
    shown = ans.answer
    out, places = [], set()
    for chunk, _ in hits:
        if len(out) >= count:
            break
        if concepts and not coverage(concepts, f"{chunk.section} {chunk.text}").covered:
            continue  # a passage that shares no word of the question supports nothing it asks
        text = excerpt(chunk, concepts, limit)
        place = (chunk.source, chunk.loc.page_start, chunk.loc.page_end, chunk.loc.line_start, chunk.loc.line_end)
        if place in places or mostly_shown(text, shown):
            continue
        places.add(place)
        n = numbers.get(chunk.id)
        if n is None:
            cites.append(from_chunk(chunk, text))
            n = numbers[chunk.id] = len(cites)
        out.append(f"[{n}] {text}")
        shown += "\n" + text
    if not out:
        return ans
    body = ans.answer + "\n\n" + HEADING["ja" if ans.lang == "ja" else "en"] + "\n" + "\n\n".join(out)
    return replace(ans, answer=body, citations=cites)
