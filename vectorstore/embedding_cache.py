"""Passage vectors cached by (embedder id, text hash) in a small SQLite file in the index home.

Embedding is most of an ingest's time. A re-parse (a parser-version change, a re-upload of a
slightly edited file, an import into another backend) mostly produces passages already seen,
so only the changed ones are embedded again. Batches are small because the embedder's memory
grows with the batch, not its speed.
"""
from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np

from vectorstore.embeddings import Embedder

BATCH = 8


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), check_same_thread=False)
        try:
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT, key TEXT, vec BLOB, "
                             "PRIMARY KEY (model, key))")
        except sqlite3.DatabaseError:  # a cache is disposable: start a new one
            self._db.close()
            self.path.unlink(missing_ok=True)
            self._db = sqlite3.connect(str(self.path), check_same_thread=False)
            self._db.execute("CREATE TABLE vectors (model TEXT, key TEXT, vec BLOB, PRIMARY KEY (model, key))")
        self.hits = 0
        self.misses = 0

    def _get(self, model: str, keys: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                part = keys[start:start + 500]
                rows = self._db.execute(f"SELECT key, vec FROM vectors WHERE model = ? AND key IN "
                                        f"({','.join('?' * len(part))})", (model, *part))
                out.update({k: np.frombuffer(v, dtype=np.float32) for k, v in rows})
        return out

    def _put(self, model: str, items: list[tuple[str, np.ndarray]]) -> None:
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?,?,?)",
                                 [(model, k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items])

    def embed(self, embedder: Embedder, texts: Sequence[str],
              progress: Optional[Callable[[int, int], None]] = None) -> np.ndarray:
        """Vectors of `texts` in order: cached ones read back, the rest embedded in small batches
        (shortest first, so a batch pads little) and stored as they come."""
        keys = [text_key(t) for t in texts]
        found = self._get(embedder.id, list(dict.fromkeys(keys)))
        todo = sorted({k: t for k, t in zip(keys, texts) if k not in found}.items(), key=lambda kv: len(kv[1]))
        self.hits += len(texts) - sum(1 for k in keys if k not in found)
        self.misses += len(todo)
        for start in range(0, len(todo), BATCH):
            batch = todo[start:start + BATCH]
            vecs = embedder.embed_documents([t for _, t in batch])
            self._put(embedder.id, [(k, v) for (k, _), v in zip(batch, vecs)])
            found.update({k: np.asarray(v, dtype=np.float32) for (k, _), v in zip(batch, vecs)})
            if progress:
                progress(min(start + BATCH, len(todo)), len(todo))
        if not texts:
            return np.zeros((0, embedder.dim), dtype=np.float32)
        return np.stack([found[k] for k in keys])
