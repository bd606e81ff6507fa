"""Which documents a question's names point to.

A collection may hold several publishers' reports. A name the question uses (北浜県, Harwick,
a programme's proper name) that only some documents contain says which of them is meant: an
answer cited from the others is about another place, however well its words match. A name
every document contains (the one city of a single-city index) scopes nothing.
"""
from __future__ import annotations

import unicodedata
from typing import Iterable, Optional

from assistant.terms import Concept
from core.types import Chunk


def document_texts(chunks: Iterable[Chunk]) -> dict[str, str]:
    """Each document's text (title and passages), normalised as names are matched."""
    parts: dict[str, list[str]] = {}
    for c in chunks:
        parts.setdefault(c.source, [c.title or ""]).append(c.text)
    return {src: _norm("\n".join(p)) for src, p in parts.items()}


def documents_naming(concepts: list[Concept], texts: dict[str, str]) -> dict[str, frozenset[str]]:
    """For each name of the question, the documents that mention it ({} below two documents:
    one document alone cannot tell its setting from what it names)."""
    if len(texts) < 2:
        return {}
    out = {}
    for c in concepts:
        if not c.name or not c.forms:
            continue
        forms = [_norm(f) for f in c.forms if len(f) >= 2]
        out[c.label] = frozenset(src for src, t in texts.items() if any(f in t for f in forms))
    return out


def named_documents(concepts: list[Concept], texts: dict[str, str],
                    naming: Optional[dict[str, frozenset[str]]] = None) -> dict[str, frozenset[str]]:
    """For each name of the question found in some documents but not in all: those documents."""
    naming = documents_naming(concepts, texts) if naming is None else naming
    return {name: docs for name, docs in naming.items() if docs and len(docs) < len(texts)}


def names_everywhere(concepts: list[Concept], texts: dict[str, str],
                     naming: Optional[dict[str, frozenset[str]]] = None) -> set[str]:
    """The question's names that every document mentions (川崎 in Kawasaki's report and plan):
    the documents' own setting, which a passage need not repeat to be about it."""
    naming = documents_naming(concepts, texts) if naming is None else naming
    return {name for name, docs in naming.items() if len(docs) == len(texts)}


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()
