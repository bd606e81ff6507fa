"""Which documents a question's names point to.

A collection may hold several publishers' reports. A name the question uses (北浜県, Harwick,
a programme's proper name) that only some documents contain says which of them is meant: an
answer cited from the others is about another place, however well its words match. A name
every document contains (the one city of a single-city index) scopes nothing.
"""
from __future__ import annotations

import unicodedata
from typing import Iterable

from assistant.terms import Concept
from core.types import Chunk


def document_texts(chunks: Iterable[Chunk]) -> dict[str, str]:
    """Each document's text (title and passages), normalised as names are matched."""
    parts: dict[str, list[str]] = {}
    for c in chunks:
        parts.setdefault(c.source, [c.title or ""]).append(c.text)
    return {src: _norm("\n".join(p)) for src, p in parts.items()}


def named_documents(concepts: list[Concept], texts: dict[str, str]) -> dict[str, frozenset[str]]:
    """For each name of the question found in some documents but not in all: those documents."""
    if len(texts) < 2:
        return {}
    out = {}
    for c in concepts:
        if not c.name or not c.forms:
            continue
        forms = [_norm(f) for f in c.forms if len(f) >= 2]
        docs = frozenset(src for src, t in texts.items() if any(f in t for f in forms))
        if docs and len(docs) < len(texts):
            out[c.label] = docs
    return out


def names_everywhere(concepts: list[Concept], texts: dict[str, str]) -> set[str]:
    """The question's names that every document mentions (川崎 in Kawasaki's report and plan):
    the documents' own setting, which a passage need not repeat to be about it."""
    if len(texts) < 2:
        return set()
    return {c.label for c in concepts if c.name and c.forms
            and all(any(_norm(f) in t for f in c.forms if len(f) >= 2) for t in texts.values())}


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()
