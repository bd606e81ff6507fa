"""The postings-based BM25 scores exactly as the reference implementation, rank_bm25."""
from __future__ import annotations

import random

from rank_bm25 import BM25Okapi



def _reference_top(corpus, query, k):
    scores = BM25Okapi(corpus).get_scores(query)
    ranked = sorted(((s, i) for i, s in enumerate(scores) if s > 0), reverse=True)[:k]
    return [(f"p{i}", float(s)) for s, i in ranked]


def test_allowed_and_candidate_positions_restrict_without_changing_scores():
    import numpy as np

    from vectorstore.bm25 import Postings

    corpus = [["a", "b"], ["a"], ["b", "c"], ["a", "c", "c"]] + [[f"w{i}"] for i in range(8)]
    ids = [f"p{i}" for i in range(len(corpus))]
    idx = Postings(corpus)
    everything = dict(idx.top(["a", "c"], 10, ids))
    some = idx.top(["a", "c"], 10, ids, allowed={"p1", "p3"})
    assert {cid for cid, _ in some} == {"p1", "p3"} and all(everything[c] == s for c, s in some)
    found = idx.top(["a", "c"], 10, ids, positions=np.array([0, 2], dtype=np.int64))
    assert {cid for cid, _ in found} == {"p0", "p2"} and all(everything[c] == s for c, s in found)
    # document frequencies from elsewhere (a term-statistics table) decide the IDF
    assert idx.top(["a"], 10, ids, dfs={"a": 3}) == idx.top(["a"], 10, ids)
    assert idx.top(["c"], 10, ids, dfs={"c": 1})[0][1] > idx.top(["c"], 10, ids)[0][1] > 0


def test_numpy_postings_rank_exactly_as_the_reference():
    from vectorstore.bm25 import Postings

    rng = random.Random(11)
    vocab = [f"w{i}" for i in range(40)] + ["common"] * 25
    for _ in range(30):
        corpus = [[rng.choice(vocab) for _ in range(rng.randint(1, 25))] for _ in range(rng.randint(1, 80))]
        query = [rng.choice(vocab) for _ in range(rng.randint(1, 6))] + ["absent"]
        ids = [f"p{i}" for i in range(len(corpus))]
        assert Postings(corpus).top(query, 10, ids) == _reference_top(corpus, query, 10)
