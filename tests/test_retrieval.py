"""Hybrid retrieval: fusion of dense and keyword rankings, filters."""
from assistant.retrieval import fuse


def test_relative_fusion_keeps_a_decisive_keyword_winner():
    dense = [("a", 0.90), ("b", 0.89), ("c", 0.88)]
    sparse = [("x", 50.0), ("a", 38.0), ("b", 37.0)]
    rel = fuse(dense, sparse, "relative")
    assert max(rel, key=rel.get) in ("a", "x")
    assert rel["x"] > rel["c"]
    rrf = fuse(dense, sparse, "rrf")
    assert max(rrf, key=rrf.get) == "a"  # in both lists: rank fusion favours it
    assert fuse([], [], "relative") == {}


def test_filters_restrict_both_sides(fixture_service):
    hits = fixture_service.retriever.search("量子コンピュータ", k=5, kind="opinion")
    assert hits and all(c.kind == "opinion" for c, _ in hits)
    hits = fixture_service.retriever.search("位置付け", k=5, section_contains="第5章")
    assert hits and all("第5章" in c.section for c, _ in hits)


def test_english_question_reaches_keyword_side(fixture_service):
    # the hash embedder knows no English↔Japanese; only the BM25 side, expanded with the
    # dictionary's Japanese words that the corpus uses, can match
    fixture_service.warm()
    hits = fixture_service.retriever.search("Which programs were under verification?", k=3)
    assert any("事業の実施状況を検証" in c.text for c, _ in hits)


def test_an_english_question_is_searched_with_the_documents_words_on_both_sides(fixture_service, monkeypatch):
    # the embedder reads the question with the documents' word for each concept beside it; the
    # keyword index reads those words (and the question's figures), not the English words
    fixture_service.warm()
    seen = []
    real = fixture_service.index.embedder.embed_query
    monkeypatch.setattr(fixture_service.index.embedder, "embed_query", lambda t: seen.append(t) or real(t))
    q = "How many people attended the seminars in 2024?"
    fixture_service.retriever.search(q, k=3)
    assert seen and seen[-1].startswith(q) and "セミナー" in seen[-1]
    words = fixture_service.retriever.expansion.keywords(q).split()
    assert "セミナー" in words and "2024" in words and "seminars" not in words
    # a Japanese question is searched as it is
    assert fixture_service.retriever.expansion.dense("事業承継の相談件数") == "事業承継の相談件数"


def test_a_search_may_fuse_by_rank_for_itself(fixture_service, monkeypatch):
    # the supporting passages fuse by rank (settings.evidence_fusion) while answerers keep the default
    import assistant.retrieval as retrieval

    used = []
    real = retrieval.fuse
    monkeypatch.setattr(retrieval, "fuse", lambda d, s, how="rrf": used.append(how) or real(d, s, how))
    fixture_service.retriever.search("起業セミナー", k=3)
    fixture_service.retriever.search("起業セミナー", k=3, fusion="rrf")
    assert used == [fixture_service.retriever.fusion, "rrf"]
    ans = fixture_service.ask("起業セミナーの参加者は？")
    assert "rrf" in used[2:] and fixture_service.settings.evidence_fusion == "rrf"
    assert ans.grounded


def test_rank_fusion_reads_each_list_to_a_fixed_depth():
    from assistant.retrieval import RRF_DEPTH

    dense = [(f"d{i}", 1.0 - i / 100) for i in range(RRF_DEPTH + 5)]
    sparse = [("d0", 9.0)] + [(f"s{i}", 5.0) for i in range(RRF_DEPTH)] + [(f"d{RRF_DEPTH + 2}", 1.0)]
    rrf = fuse(dense, sparse, "rrf")
    # past the depth a rank counts for nothing, on either side: stores that order their tails
    # differently fuse alike
    assert f"d{RRF_DEPTH + 1}" not in rrf and rrf.get(f"d{RRF_DEPTH + 2}", 0.0) == 0.0
    assert max(rrf, key=rrf.get) == "d0"


def test_rank_fusion_does_not_depend_on_the_order_of_near_equal_scores():
    # two stores returning the same near-equal passages in another order fuse alike
    dense_a = [("a", 0.80), ("b", 0.78021), ("c", 0.78019), ("d", 0.75)]
    dense_b = [("a", 0.80), ("c", 0.78019), ("b", 0.78021), ("d", 0.75)]
    sparse = [("d", 3.0), ("c", 2.0)]
    one, two = fuse(dense_a, sparse, "rrf"), fuse(dense_b, sparse, "rrf")
    assert one == two and list(one) == list(two)
    assert one["b"] < one["c"]  # c is also a keyword hit; b and c share their dense rank


def test_relative_fusion_orders_equal_scores_one_way():
    # stores that return tied passages in another order fuse to one order
    one = fuse([("b", 0.8), ("a", 0.8), ("c", 0.5)], [("c", 2.0)], "relative")
    two = fuse([("a", 0.8), ("b", 0.8), ("c", 0.5)], [("c", 2.0)], "relative")
    assert list(one) == list(two) == sorted(one)


def test_the_vector_search_looks_past_the_collections_size(tmp_path):
    from vectorstore.chroma_store import SEARCH_EF, ChromaStore
    from vectorstore.embeddings import HashEmbedder

    store = ChromaStore(tmp_path, HashEmbedder())
    assert store.collection.configuration["hnsw"]["ef_search"] == SEARCH_EF
    # a collection made with the old default is widened when opened
    store.collection.modify(configuration={"hnsw": {"ef_search": 100}})
    again = ChromaStore(tmp_path, HashEmbedder())
    assert again.collection.configuration["hnsw"]["ef_search"] == SEARCH_EF
