"""Hybrid retrieval: dense (Chroma) + BM25 (Sudachi), fused by relative score (default) or
reciprocal rank (DOCQA_FUSION).

Zero-score keyword hits are ignored (an English question scores 0 on Japanese text in BM25,
and a zero is no evidence). An English question is searched on both sides with the Japanese
words the bilingual dictionary gives for it that the documents use (`expansion`, set by
AnswerService: terms.QueryExpansion). Metadata filters (article, kind, document type) and a
section filter (`section_contains`, e.g. 第5章) apply to both sides.
"""
from __future__ import annotations

from typing import Optional

from assistant.editions import latest_copies
from core.types import Chunk
from vectorstore.index_service import IndexService

RRF_K = 60
# rank fusion reads each list to this depth only: past it an approximate (HNSW) neighbour list
# may order near-equal passages differently from one store to another (an embedded Chroma and
# a Chroma server), and a rank there would still move a passage in the fused order
RRF_DEPTH = 20
RRF_TIE_DIGITS = 4  # scores equal to this many decimals are one rank


def fuse(dense: list[tuple[str, float]], sparse: list[tuple[str, float]], how: str = "rrf") -> dict[str, float]:
    """Combine the two ranked lists (best first).

    rrf: reciprocal-rank fusion, rank only. relative: each list's scores min-max scaled to
    0..1 and summed, so a decisive keyword winner (a passage that contains every term of the
    question) is not outvoted by passages that merely appear in both lists."""
    scores: dict[str, float] = {}
    for ranked in (dense, sparse):
        if how == "relative" and ranked:
            vals = [s for _, s in ranked]
            lo, hi = min(vals), max(vals)
            for cid, s in ranked:
                scores[cid] = scores.get(cid, 0.0) + ((s - lo) / (hi - lo) if hi > lo else 1.0)
        else:
            rank = 0
            for i, (cid, s) in enumerate(ranked):
                # near-equal scores share a rank: a store may return them in either order
                if i and round(s, RRF_TIE_DIGITS) != round(ranked[i - 1][1], RRF_TIE_DIGITS):
                    rank = i
                if rank >= RRF_DEPTH:
                    break
                scores[cid] = scores.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
    # equal fused scores keep one order whatever order the stores returned them in
    return dict(sorted(scores.items()))


class Retriever:
    def __init__(self, index: IndexService, fusion: str = "relative") -> None:
        self.index = index
        self.fusion = fusion
        self.expansion = None  # terms.QueryExpansion, set by AnswerService: the documents' words for a question
        self._vectors: dict[tuple[str, str], list[float]] = {}
        # how many times an average passage is repeated word for word by editions of one report
        # (set by AnswerService): searches fetch that many times more, then keep one copy
        self.repeats = 1.0

    def query_vector(self, query: str) -> list[float]:
        """One embedding per question, however many searches the answerers make with it."""
        key = (self.index.embedder.id, query)
        vec = self._vectors.get(key)
        if vec is None:
            vec = self.index.embedder.embed_query(query).tolist()
            self._vectors[key] = vec
            while len(self._vectors) > 512:
                self._vectors.pop(next(iter(self._vectors)))
        return vec

    def search(self, query: str, k: int = 6, section_contains: Optional[str] = None,
               exclude_sources: frozenset = frozenset(), years: tuple = (), fusion: Optional[str] = None,
               **filters) -> list[tuple[Chunk, float]]:
        qvec = self.query_vector(self.expansion.dense(query) if self.expansion else query)
        fetch = int(max(20, k * 3) * min(max(self.repeats, 1.0), 10.0))
        allowed = None
        if any(v is not None for v in filters.values()) or section_contains or exclude_sources:
            # the passages the filters allow, from the passage store's cached metadata; the dense
            # side is limited to the same ids (a Chroma metadata filter costs more the larger
            # the collection grows, an id list does not)
            allowed = self.index.passage_ids({k: v for k, v in filters.items() if v is not None}, section_contains,
                                             exclude_sources)
        dense = self.index.chroma.search_ids(qvec, k=fetch, ids=sorted(allowed) if allowed is not None else None)
        keywords = self.expansion.keywords(query) if self.expansion else query
        sparse = self.index.keywords.search(keywords, k=fetch, allowed=allowed)
        scores = fuse(dense, sparse, fusion or self.fusion)
        # texts and citation metadata from the passage store, for both sides alike
        chunks = {c.id: c for c in self.index.passages(list(scores))}
        ranked = [(chunks[cid], s) for cid, s in sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
                  if cid in chunks]
        if self.repeats > 1.0:  # several editions: one copy of a repeated passage, of the edition
            # reporting the years asked, else the latest's
            ranked = [(c, ranked[i][1]) for i, c in latest_copies([c for c, _ in ranked], tuple(years))]
        return ranked[:k]
