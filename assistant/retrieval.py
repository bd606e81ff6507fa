"""Hybrid retrieval: dense (Chroma) + BM25 (Sudachi), fused by reciprocal rank.

Zero-score keyword hits are ignored (an English question scores 0 on Japanese text in BM25,
and a zero is no evidence); English questions are therefore expanded with Japanese domain
terms for the keyword side only. Metadata filters (article, kind, document type) and a
section filter (`section_contains`, e.g. 第5章) apply to both sides.
"""
from __future__ import annotations

from typing import Optional

from assistant.query_expansion import expand_for_keywords
from core.types import Chunk
from vectorstore.index_service import IndexService

RRF_K = 60


def _where(filters: dict) -> Optional[dict]:
    clauses = [{k: v} for k, v in filters.items() if v is not None]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class Retriever:
    def __init__(self, index: IndexService) -> None:
        self.index = index

    def search(self, query: str, k: int = 6, section_contains: Optional[str] = None, **filters) -> list[tuple[Chunk, float]]:
        where = _where(filters)
        # the stored document text starts with "[section path]", so a substring filter on the
        # document is a section filter
        where_doc = {"$contains": section_contains} if section_contains else None
        qvec = self.index.embedder.embed_query(query).tolist()
        dense = self.index.chroma.search(qvec, k=max(20, k * 3), where=where, where_document=where_doc)
        allowed = None
        if where is not None or where_doc is not None:
            allowed = {c.id for c in self.index.chroma.all_chunks_where(where, where_doc)}
        sparse = self.index.keywords.search(expand_for_keywords(query), k=max(20, k * 3), allowed=allowed)
        scores: dict[str, float] = {}
        chunks: dict[str, Chunk] = {}
        for rank, (c, _) in enumerate(dense):
            scores[c.id] = scores.get(c.id, 0.0) + 1.0 / (RRF_K + rank + 1)
            chunks[c.id] = c
        for rank, (cid, _) in enumerate(sparse):
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
        missing = [cid for cid in scores if cid not in chunks]
        for c in self.index.chroma.get(missing):
            chunks[c.id] = c
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        return [(chunks[cid], s) for cid, s in ranked if cid in chunks][:k]
