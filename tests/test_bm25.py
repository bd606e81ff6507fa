"""The postings-based BM25 scores exactly as the reference implementation, rank_bm25."""
from __future__ import annotations

import random

from rank_bm25 import BM25Okapi

from vectorstore.bm25 import frequencies, score, stats_of


def _reference_top(corpus, query, k):
    scores = BM25Okapi(corpus).get_scores(query)
    ranked = sorted(((s, i) for i, s in enumerate(scores) if s > 0), reverse=True)[:k]
    return [(f"p{i}", float(s)) for s, i in ranked]


def test_scores_and_order_equal_rank_bm25_on_random_corpora():
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(60)] + ["common"] * 20  # some terms in most passages: IDF floor
    for _ in range(30):
        corpus = [[rng.choice(vocab) for _ in range(rng.randint(1, 25))] for _ in range(rng.randint(1, 80))]
        query = [rng.choice(vocab) for _ in range(rng.randint(1, 6))]
        stats, dfs = stats_of(corpus)
        cands = [(i, f"p{i}", frequencies(toks), len(toks)) for i, toks in enumerate(corpus) if set(toks) & set(query)]
        ours = score(query, stats, {t: dfs[t] for t in set(query) if t in dfs}, cands, 10)
        assert ours == _reference_top(corpus, query, 10)


def test_allowed_restricts_without_changing_scores():
    corpus = [["a", "b"], ["a"], ["b", "c"], ["a", "c", "c"]]
    stats, dfs = stats_of(corpus)
    cands = [(i, f"p{i}", frequencies(t), len(t)) for i, t in enumerate(corpus)]
    everything = dict(score(["a", "c"], stats, dfs, cands, 10))
    some = score(["a", "c"], stats, dfs, cands, 10, allowed={"p1", "p3"})
    assert {cid for cid, _ in some} <= {"p1", "p3"} and all(everything[c] == s for c, s in some)


def test_numpy_postings_rank_exactly_as_the_reference():
    from vectorstore.bm25 import Postings

    rng = random.Random(11)
    vocab = [f"w{i}" for i in range(40)] + ["common"] * 25
    for _ in range(30):
        corpus = [[rng.choice(vocab) for _ in range(rng.randint(1, 25))] for _ in range(rng.randint(1, 80))]
        query = [rng.choice(vocab) for _ in range(rng.randint(1, 6))] + ["absent"]
        ids = [f"p{i}" for i in range(len(corpus))]
        assert Postings(corpus).top(query, 10, ids) == _reference_top(corpus, query, 10)
