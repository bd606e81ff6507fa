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
from assistant.terms import Concept
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


def with_supporting_passages(ans: Answer, hits: list[tuple[Chunk, float]], concepts: list[Concept],
                             count: int, limit: int) -> Answer:
    """The answer with the top `count` retrieved passages appended under a heading; a passage
    the answer already shows in full is not repeated, one it cites keeps its number."""
    if not ans.grounded or count <= 0 or not hits:
        return ans
    cites = list(ans.citations)
    numbers = {c.chunk_id: i for i, c in enumerate(cites, 1) if c.chunk_id}
    shown = ans.answer
    out = []
    for chunk, _ in hits[:count]:
        text = excerpt(chunk, concepts, limit)
        if text.rstrip("…") in shown:
            continue
        n = numbers.get(chunk.id)
        if n is None:
            cites.append(from_chunk(chunk, text))
            n = numbers[chunk.id] = len(cites)
        out.append(f"[{n}] {text}")
        shown += "\n" + text
    if not out:
        return ans
    body = ans.answer + "\n\n" + HEADING["ja" if ans.lang == "ja" else "en"] + "\n" + "\n".join(out)
    return replace(ans, answer=body, citations=cites)
