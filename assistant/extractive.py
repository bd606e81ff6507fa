"""Extractive answers: the best passages, quoted with their citations. No model writes
anything; a framing line is added in the question's language."""
from __future__ import annotations

import re
from typing import Optional

from assistant.citations import from_chunk
from assistant.query_expansion import expand_for_keywords
from assistant.question import Query
from core.types import Answer, Chunk
from ingest.normalize import split_sentences
from vectorstore.tokenizer import tokenize

NOT_FOUND_JA = "文書にはこの質問に答える記載が見つかりませんでした。推測での回答は控えます。"
NOT_FOUND_EN = "The documents do not contain an answer to this question, so none is given rather than a guess."


def not_found(q: Query, reason: str = "") -> Answer:
    msg = NOT_FOUND_JA if q.lang == "ja" else NOT_FOUND_EN
    return Answer(q.text, msg + (f"({reason})" if reason else ""), False, [], [], "none", q.lang)


def _best_sentences(text: str, qtoks: set[str], limit: int = 420, focus: Optional[re.Pattern] = None) -> str:
    sents = split_sentences(text)
    if len(text) <= limit or not (qtoks or focus):
        return text[:limit]
    # ties keep document order (earlier sentences first), a focus match outranks word overlap
    scored = sorted(((len(qtoks & set(tokenize(s))) + (10 if focus and focus.search(s) else 0), -i)
                     for i, s in enumerate(sents)), reverse=True)
    keep = sorted(-i for _, i in scored[:3])
    return " … ".join(sents[i] for i in keep)[:limit]


def answer_extractive(q: Query, hits: list[tuple[Chunk, float]], max_passages: int = 3,
                      focus: Optional[re.Pattern] = None) -> Answer:
    """Quote the best passages; `focus` marks the sentences that carry the kind of answer
    asked for (e.g. a count), which then lead both the ranking and the quote."""
    if not hits:
        return not_found(q)
    if focus:
        hits = sorted(hits, key=lambda h: not focus.search(h[0].text))  # stable: keeps fused order
    qtoks = set(tokenize(expand_for_keywords(q.text)))
    lines = ["文書の該当箇所は次のとおりです。" if q.lang == "ja" else "Here is what the documents say (quoted):"]
    cites = []
    for c, _ in hits[:max_passages]:
        quote = _best_sentences(c.text, qtoks, focus=focus)
        cites.append(from_chunk(c, quote))
        lines.append(f"[{len(cites)}] {c.section or c.title}\n「{quote}」")
    return Answer(q.text, "\n".join(lines), True, cites, [], "extractive", q.lang)


def supports_budget(hits: list[tuple[Chunk, float]], names: list[str]) -> bool:
    """A budget question is answerable only by a passage that states money for the program."""
    for c, _ in hits:
        if re.search(r"予算|事業費|決算|[\d,]+\s*(千|百万|億)?円", c.text) and (not names or any(n in c.text or n == c.program for n in names)):
            return True
    return False
