"""The vector store as the answer layer sees it when PostgreSQL is the catalogue: only passages
of published documents, with their text from the catalogue.

Vectors are written before the catalogue's publishing transaction, so between the two (or
after an ingest killed there) Chroma may hold vectors no published document owns; searches
skip them, and the next ingest's repair removes them.
"""
from __future__ import annotations

from typing import Optional

from core.types import Chunk
from vectorstore.chroma_store import ChromaStore
from vectorstore.pg_store import PgStore


class PublishedChunks:
    def __init__(self, vectors: ChromaStore, catalog: PgStore) -> None:
        self.vectors, self.catalog = vectors, catalog
        self.embedder = vectors.embedder

    # writes and consistency checks see the vector store itself
    def replace_source(self, source: str, chunks: list[Chunk], embeddings: list[list[float]]) -> None:
        self.vectors.replace_source(source, chunks, embeddings)

    def drop_source(self, source: str) -> None:
        self.vectors.drop_source(source)

    def source_counts(self) -> dict[str, int]:
        return self.vectors.source_counts()

    def vectors_of(self, ids: list[str]) -> dict[str, list[float]]:
        return self.vectors.vectors_of(ids)

    def count(self) -> int:
        return len(self.catalog)

    # reads are limited to what is published
    def search_ids(self, query_vec: list[float], k: int, ids: Optional[list[str]] = None) -> list[tuple[str, float]]:
        published = self.catalog.chunk_ids()
        return [(cid, s) for cid, s in self.vectors.search_ids(query_vec, k, ids) if cid in published]

    def get(self, ids: list[str]) -> list[Chunk]:
        return self.catalog.chunks(ids=list(ids)) if ids else []

    def all_chunks(self, source: Optional[str] = None) -> list[Chunk]:
        return self.catalog.chunks(source=source)
