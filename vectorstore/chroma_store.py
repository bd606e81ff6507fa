"""Chroma vector store: vectors in, (chunk id, similarity) out; passage texts and citation
metadata are read from the passage store (the keyword index or PostgreSQL).

Embedded by default (PersistentClient under the index home); DOCQA_CHROMA_URL switches to a
Chroma server (HttpClient) with the same code. The collection always gets an explicit
embedding function and records the embedder's id: opening an index built with another
embedder fails with a message that says how to rebuild, instead of returning nonsense.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Optional
from urllib.parse import urlparse

from core.types import Chunk
from vectorstore.embeddings import Embedder, chroma_embedding_function


class EmbedderMismatch(RuntimeError):
    pass


_CLIENTS: dict[str, object] = {}
_CLIENTS_LOCK = threading.Lock()
log = logging.getLogger("docqa.chroma")
# how wide the nearest-neighbour search looks: past a collection's size (a city's reports and
# their editions) the graph search is exhaustive, so the embedded index and a Chroma server,
# whose graphs are built in different orders, return the same neighbours
SEARCH_EF = 512


def make_client(home: Path, url: Optional[str]):
    """One client per location per process (creating Chroma clients repeatedly is slow)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    key = url or str(Path(home).resolve())
    with _CLIENTS_LOCK:
        if key not in _CLIENTS:
            cs = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
            if url:
                u = urlparse(url)
                _CLIENTS[key] = chromadb.HttpClient(host=u.hostname or "localhost", port=u.port or 8000,
                                                    ssl=u.scheme == "https", settings=cs)
            else:
                path = Path(home) / "chroma"
                path.mkdir(parents=True, exist_ok=True)
                _CLIENTS[key] = chromadb.PersistentClient(path=str(path), settings=cs)
        return _CLIENTS[key]


def embed_text(chunk: Chunk) -> str:
    """What is embedded: the section path gives a short passage its context."""
    return f"[{chunk.section}]\n{chunk.text}" if chunk.section else chunk.text


def strip_embed_text(doc: str) -> str:
    if doc.startswith("[") and "]\n" in doc:
        return doc.split("]\n", 1)[1]
    return doc


class ChromaStore:
    def __init__(self, home: Path, embedder: Embedder, collection: str = "docqa_chunks",
                 url: Optional[str] = None) -> None:
        self.embedder = embedder
        self.client = make_client(home, url)
        # created first with our embedding function, so Chroma never reaches for its default
        self.collection = self.client.get_or_create_collection(
            name=collection, embedding_function=chroma_embedding_function(embedder),
            metadata={"embedder": embedder.id, "hnsw:space": "cosine", "hnsw:search_ef": SEARCH_EF})
        self._widen_search()
        stored = (self.collection.metadata or {}).get("embedder")
        if stored and stored != embedder.id:
            raise EmbedderMismatch(
                f"the index was built with embedder {stored!r} but {embedder.id!r} is configured; "
                "rebuild it with: python -m ingest --rebuild PATH... (or set DOCQA_EMBEDDER back)")

    def _widen_search(self) -> None:
        """A collection made before SEARCH_EF was set searches with it too."""
        try:
            ef = ((self.collection.configuration or {}).get("hnsw") or {}).get("ef_search")
            if ef is not None and ef < SEARCH_EF:
                self.collection.modify(configuration={"hnsw": {"ef_search": SEARCH_EF}})
        except Exception as exc:  # an older server without collection configuration: its default stands
            log.debug("ef_search not changed: %s", exc)

    def replace_source(self, source: str, chunks: list[Chunk], embeddings: list[list[float]]) -> None:
        """Delete the source's chunks and add the new ones (embeddings computed beforehand)."""
        self.drop_source(source)
        for start in range(0, len(chunks), 200):  # Chroma prefers batches of a few hundred
            batch = chunks[start:start + 200]
            self.collection.upsert(ids=[c.id for c in batch], documents=[embed_text(c) for c in batch],
                                metadatas=[c.metadata() for c in batch],
                                embeddings=embeddings[start:start + 200])

    def drop_source(self, source: str) -> None:
        self.collection.delete(where={"source": source})

    def source_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for md in self.collection.get(include=["metadatas"])["metadatas"] or []:
            counts[md["source"]] = counts.get(md["source"], 0) + 1
        return counts

    def count(self) -> int:
        return self.collection.count()

    def search_ids(self, query_vec: list[float], k: int, ids: Optional[list[str]] = None) -> list[tuple[str, float]]:
        """Top-k (chunk id, cosine similarity), best first: ids and distances only, for callers
        that read the passages from the passage store (moving texts out of Chroma is most of a
        query's cost). `ids` limits the search to those passages: a caller that already knows
        which passages a filter allows passes them, which costs Chroma far less than a metadata
        filter on a large collection."""
        if ids is not None and not ids:
            return []
        try:
            res = self.collection.query(query_embeddings=[query_vec], n_results=k, ids=ids, include=["distances"])
        except Exception as exc:
            if self.count() == 0:  # an empty collection (vectors not filled in yet) has nothing to find
                return []
            if "Nothing found on disk" in str(exc):
                # the first vectors are being written (the app fills them in the background) and
                # Chroma's index segment is not on disk yet: nothing to search for this moment;
                # keyword and table answers stand meanwhile
                return []
            if ids is None:
                raise
            # Chroma refuses ids it does not hold: passages whose vectors are still being filled
            # in, or lost to an ingest killed halfway (the next ingest repairs those)
            present = self.collection.get(ids=ids, include=[])["ids"]
            if len(present) < len(ids):
                return self.search_ids(query_vec, k, present)
            if "Error finding id" not in str(exc):
                raise
            # every id is in Chroma's record log, but its vector index lags behind the vectors
            # being written this moment (seen on a first start): search without the id list and
            # keep the allowed ids; if that fails too, the keyword side answers alone
            log.warning("vector search without its id list: %s", exc)
            allowed = set(ids)
            try:
                res = self.collection.query(query_embeddings=[query_vec], n_results=min(self.count(), max(4 * k, 50)),
                                            include=["distances"])
            except Exception as again:
                log.warning("vector search skipped while vectors are written: %s", again)
                return []
            return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0]) if cid in allowed][:k]
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0])]

    def get(self, ids: list[str]) -> list[Chunk]:
        if not ids:
            return []
        res = self.collection.get(ids=ids, include=["documents", "metadatas"])
        by_id = {i: Chunk.from_metadata(i, strip_embed_text(d), m)
                 for i, d, m in zip(res["ids"], res["documents"], res["metadatas"])}
        return [by_id[i] for i in ids if i in by_id]

    def vectors_of(self, ids: list[str]) -> dict[str, list[float]]:
        """Stored vectors by chunk id (export without re-embedding)."""
        if not ids:
            return {}
        res = self.collection.get(ids=ids, include=["embeddings"])
        return {i: [float(x) for x in v] for i, v in zip(res["ids"], res["embeddings"])}

    def all_chunks(self, source: Optional[str] = None) -> list[Chunk]:
        res = self.collection.get(where={"source": source} if source else None, include=["documents", "metadatas"])
        return [Chunk.from_metadata(i, strip_embed_text(d), m)
                for i, d, m in zip(res["ids"], res["documents"], res["metadatas"])]
