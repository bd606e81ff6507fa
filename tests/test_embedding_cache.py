"""The passage-vector cache: a re-parse embeds only passages it has not seen."""
from __future__ import annotations

import numpy as np

from vectorstore.embedding_cache import EmbeddingCache
from vectorstore.embeddings import HashEmbedder


class CountingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def embed_documents(self, texts):
        self.embedded.extend(texts)
        return super().embed_documents(texts)


def test_second_pass_embeds_only_changed_texts(tmp_path):
    cache, emb = EmbeddingCache(tmp_path / "e.sqlite"), CountingEmbedder()
    first = cache.embed(emb, ["第1条 目的", "第2条 定義", "第3条 基本理念"])
    assert len(emb.embedded) == 3
    emb.embedded.clear()
    second = cache.embed(emb, ["第1条 目的", "第2条 定義（改）", "第3条 基本理念"])
    assert emb.embedded == ["第2条 定義（改）"]
    assert np.allclose(first[0], second[0]) and np.allclose(first[2], second[2])
    assert np.allclose(second[1], HashEmbedder().embed_documents(["第2条 定義（改）"])[0])


def test_vectors_keep_the_order_of_the_texts_and_survive_a_reopen(tmp_path):
    texts = [f"passage {i} " + "x" * (50 - i) for i in range(40)]  # lengths differ: batches are sorted
    emb = CountingEmbedder()
    vecs = EmbeddingCache(tmp_path / "e.sqlite").embed(emb, texts)
    assert np.allclose(vecs, HashEmbedder().embed_documents(texts))
    emb.embedded.clear()
    again = EmbeddingCache(tmp_path / "e.sqlite").embed(emb, texts + texts[:2])
    assert emb.embedded == [] and np.allclose(again[:40], vecs) and again.shape[0] == 42


def test_a_corrupted_cache_is_replaced_not_fatal(tmp_path):
    path = tmp_path / "e.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    vecs = EmbeddingCache(path).embed(CountingEmbedder(), ["a", "b"])
    assert vecs.shape[0] == 2


def test_reingest_after_a_parser_change_reuses_vectors(settings, monkeypatch):
    from tests.conftest import FIXTURES
    from vectorstore.index_service import IndexService

    index = IndexService(settings, embedder=CountingEmbedder())
    index.ingest([FIXTURES])
    n_first = len(index.embedder.embedded)
    assert n_first > 0
    index.embedder.embedded.clear()
    monkeypatch.setattr("vectorstore.index_service.PARSER_VERSION", "test-next")
    report = index.ingest([FIXTURES])
    assert report.updated and not report.errors
    assert index.embedder.embedded == []  # every passage came back from the cache
