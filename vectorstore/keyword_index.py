"""BM25 keyword index over Sudachi tokens, persisted as JSON next to the vector store.

Only the token lists are stored; BM25 statistics are rebuilt on load (milliseconds for a
few thousand chunks). Writes go to a temporary file and are renamed into place, so a crash
never leaves a half-written index.
"""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Iterable, Optional

from core.types import Chunk
from vectorstore.bm25 import Postings
from vectorstore.tokenizer import tokenize


class KeywordIndex:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._docs: dict[str, dict] = {}  # id → {"source":…, "tokens": [...]}
        self._postings = Postings([])
        self._ids: list[str] = []
        self._chunks: Optional[dict[str, Chunk]] = None
        self._chunk_list: list[Chunk] = []  # the same, in index order (one list per version)
        if self.path.exists():
            try:
                self._docs = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise RuntimeError(f"{self.path}: keyword index is corrupted ({exc}); "
                                   "rebuild with: python -m ingest --rebuild PATH...") from exc
        self._rebuild()

    def _rebuild(self) -> None:
        self._chunks = None
        self._ids = list(self._docs)
        corpus = [self._docs[i]["tokens"] for i in self._ids]
        self._postings = Postings(corpus)

    def replace_source(self, source: str, items: Iterable[tuple[Chunk, str]]) -> None:
        """Drop every entry of `source`, then add (passage, indexed text) pairs. The passage's
        text and citation metadata are kept too: this is the passage store, so answers can
        quote and cite a passage whose vector is not (yet) in the vector store."""
        with self._lock:
            self._docs = {k: v for k, v in self._docs.items() if v["source"] != source}
            for chunk, text in items:
                self._docs[chunk.id] = {"source": source, "tokens": tokenize(text), "text": chunk.text,
                                        "md": chunk.metadata()}
            self._rebuild()

    def drop_source(self, source: str) -> None:
        self.replace_source(source, [])

    def save(self) -> None:
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self._docs, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)

    def search(self, query: str, k: int = 20, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """Top-k (id, score) with score > 0 only: a zero score is no evidence at all."""
        toks = tokenize(query)
        with self._lock:
            ids, postings = self._ids, self._postings
        if not toks:
            return []
        return postings.top(toks, k, ids, allowed)

    def chunks(self, ids: Optional[list[str]] = None, source: Optional[str] = None) -> list[Chunk]:
        """Stored passages (by id, of one source, or all, in index order). Indexes written before
        passages were kept here have none: the caller then reads the vector store."""
        with self._lock:
            if self._chunks is None:
                self._chunks = {cid: Chunk.from_metadata(cid, v["text"], v["md"])
                                for cid, v in self._docs.items() if "text" in v}
                self._chunk_list = list(self._chunks.values())
            every, listed = self._chunks, self._chunk_list
        if ids is not None:
            return [every[i] for i in ids if i in every]
        return listed if source is None else [c for c in listed if c.source == source]

    def token_lists(self) -> list[list[str]]:
        """The stored token list of every passage (term statistics are computed from them)."""
        with self._lock:
            return [v["tokens"] for v in self._docs.values()]

    def source_counts(self) -> dict[str, int]:
        with self._lock:
            counts: dict[str, int] = {}
            for v in self._docs.values():
                counts[v["source"]] = counts.get(v["source"], 0) + 1
            return counts

    def __len__(self) -> int:
        return len(self._docs)
