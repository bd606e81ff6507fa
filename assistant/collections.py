"""Collections: several cities' or departments' documents on one service, never mixed.

Each collection has its own index (embedded: a folder under the home; PostgreSQL: a
`collection` column on every table; Chroma: one collection per docqa collection) and its own
AnswerService. Services are made on first use and share one embedder.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Optional

from assistant.answer_service import AnswerService
from assistant.document_service import DocumentService
from core.settings import COLLECTION_NAME, Settings
from vectorstore.index_service import IndexService


class UnknownCollection(ValueError):
    pass


class Collections:
    def __init__(self, settings: Settings, first: Optional[AnswerService] = None) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._services: dict[str, tuple[AnswerService, DocumentService]] = {}
        if first is not None:
            self._services[settings.collection] = (first, DocumentService(first.settings, first.index))

    @property
    def default(self) -> str:
        return self.settings.collection

    def get(self, name: Optional[str] = None, create: bool = False) -> tuple[AnswerService, DocumentService]:
        """The services of a collection. An unknown name is refused unless `create` (an upload
        into a new collection creates it)."""
        name = (name or "").strip() or self.default
        if not COLLECTION_NAME.fullmatch(name):
            raise UnknownCollection(f"invalid collection name {name!r}: letters, digits, '-' and '_' only")
        with self._lock:
            if name not in self._services:
                if not create and name not in self.names():
                    raise UnknownCollection(f"no collection named {name!r} (known: {', '.join(self.names())})")
                s = self.settings.for_collection(name)
                shared = next(iter(self._services.values()))[0].index.embedder if self._services else None
                index = IndexService(s, embedder=shared)
                self._services[name] = (AnswerService(s, index), DocumentService(s, index))
            return self._services[name]

    def names(self) -> list[str]:
        """The collections this service can answer from: the configured one, those opened in
        this process, and those with documents in the shared database or the home folder."""
        known = {self.default, *self._services}
        if self.settings.database_url:
            store = next(iter(self._services.values()))[0].index.pg if self._services else None
            if store is not None:
                known.update(store.collections())
        else:
            folder = Path(self.settings.home) / "collections"
            if folder.is_dir():
                known.update(p.name for p in folder.iterdir() if p.is_dir() and COLLECTION_NAME.fullmatch(p.name))
        return sorted(known)
