"""Okapi BM25 scored from postings, for the embedded keyword index and PostgreSQL alike.

The formula, constants, IDF floor and tie order are rank_bm25's BM25Okapi (the reference the
tests compare with), but only passages containing a query term are scored, from postings
in numpy, so a query costs in proportion to its matches rather than to the collection (ten
editions of a report do not make every question ten times slower). Both backends rank with
`Postings.top` (PostgreSQL passes the candidates its GIN index found and the document
frequencies of its term-statistics table), so their rankings are the same by construction.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Optional

import numpy as np

K1, B, EPSILON = 1.5, 0.75, 0.25  # rank_bm25.BM25Okapi's defaults


@dataclass(frozen=True)
class Bm25Stats:
    n: int  # passages
    avgdl: float  # mean passage length in tokens
    floor: float  # the IDF given to terms in more than half the passages: ε × mean IDF

    def idf(self, df: int) -> float:
        v = math.log(self.n - df + 0.5) - math.log(df + 0.5)
        return self.floor if v < 0 else v


def stats_of(token_lists: Iterable[list[str]]) -> tuple[Bm25Stats, dict[str, int]]:
    """Statistics and document frequencies, summed in the order rank_bm25 meets the words so
    that the floating-point IDF floor, and every score, is bit-for-bit the same."""
    nd: dict[str, int] = {}
    n = total = 0
    for toks in token_lists:
        n += 1
        total += len(toks)
        for t in dict.fromkeys(toks):
            nd[t] = nd.get(t, 0) + 1
    if not n:
        return Bm25Stats(0, 0.0, 0.0), nd
    idf_sum = 0.0
    for df in nd.values():
        idf_sum += math.log(n - df + 0.5) - math.log(df + 0.5)
    return Bm25Stats(n, total / n, EPSILON * (idf_sum / len(nd) if nd else 0.0)), nd


def frequencies(tokens: list[str]) -> dict[str, int]:
    """Term frequencies of a passage."""
    out: dict[str, int] = {}
    for t in tokens:
        out[t] = out.get(t, 0) + 1
    return out


class Postings:
    """An in-memory inverted index (term → positions and frequencies) scored with numpy. Each
    passage's score is summed over the query's terms in the query's order with the same float
    operations as `score`, so both give identical results."""

    def __init__(self, token_lists: list[list[str]]) -> None:
        self.stats, self.dfs = stats_of(token_lists)
        self.lengths = np.array([len(t) for t in token_lists], dtype=np.float64)
        grouped: dict[str, tuple[list[int], list[int]]] = {}
        for pos, toks in enumerate(token_lists):
            for t, f in frequencies(toks).items():
                entry = grouped.setdefault(t, ([], []))
                entry[0].append(pos)
                entry[1].append(f)
        self.postings = {t: (np.array(p, dtype=np.int64), np.array(f, dtype=np.float64)) for t, (p, f) in grouped.items()}

    def top(self, query: list[str], k: int, ids: list[str], allowed: Optional[set[str]] = None,
            positions: Optional[np.ndarray] = None, dfs: Optional[dict[str, int]] = None) -> list[tuple[str, float]]:
        """Top-k (id, score > 0); `positions` (when given) are the only passages that may rank,
        e.g. the candidates a database's text index found; `dfs`, document frequencies kept
        elsewhere (a term-statistics table), in place of this index's own."""
        st = self.stats
        if not st.n:
            return []
        known = [t for t in query if t in self.postings]
        if not known:
            return []
        scores = np.zeros(len(ids), dtype=np.float64)
        for q in query:
            hit = self.postings.get(q)
            if hit is None:
                continue  # rank_bm25 adds 0.0 here: the sum is unchanged
            pos, f = hit
            idf = st.idf(dfs.get(q, self.dfs[q]) if dfs is not None else self.dfs[q])
            scores[pos] += idf * (f * (K1 + 1) / (f + K1 * (1 - B + B * self.lengths[pos] / st.avgdl)))
        cand = np.nonzero(scores > 0)[0]
        if positions is not None:
            cand = np.intersect1d(cand, positions)
        if allowed is not None:
            cand = np.array([p for p in cand if ids[p] in allowed], dtype=np.int64)
        if not len(cand):
            return []
        # best first; ties to the later passage, as rank_bm25's ranking by (score, position)
        order = cand[np.lexsort((-cand, -scores[cand]))][:k]
        return [(ids[p], float(scores[p])) for p in order]
