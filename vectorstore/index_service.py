"""Index service: keeps Chroma, the BM25 index and the structured store in step.

Idempotent by content hash: an unchanged file is skipped, a changed file replaces its old
chunks and rows, a removed file can be dropped. Embeddings are computed before anything is
written, so an ingest killed during the slow part leaves the previous index untouched; the
manifest row is written last, so a file interrupted after that point is simply redone.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from core.memory import release_freed_memory
from core.settings import Settings
from core.types import Chunk
from ingest import PARSER_VERSION
from ingest.errors import IngestError
from ingest.loader import SUPPORTED
from ingest.pipeline import ParsedDocument, parse_file
from vectorstore.chroma_store import ChromaStore, embed_text
from vectorstore.embedding_cache import EmbeddingCache
from vectorstore.embeddings import Embedder, get_embedder
from vectorstore.keyword_index import KeywordIndex
from vectorstore.pg_store import PgStore
from vectorstore.published_chunks import PublishedChunks
from vectorstore.structured_store import StructuredStore

Progress = Callable[[str, int, int], None]  # (message, done, total)
PENDING = "pending:"  # the manifest's embedder while a document's vectors are still to come


def is_pending(doc: dict) -> bool:
    return str(doc.get("embedder") or "").startswith(PENDING)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    repaired: list[str] = field(default_factory=list)  # what an earlier interrupted ingest left, fixed
    chunks: int = 0
    kpis: int = 0


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED))
        else:
            out.append(p)
    return out


class IndexService:
    _write_lock = threading.Lock()  # one writer at a time per process

    def __init__(self, settings: Settings, embedder: Optional[Embedder] = None) -> None:
        self.settings = settings
        self.collection = settings.collection
        self.home = settings.collection_home()
        self.home.mkdir(parents=True, exist_ok=True)
        self.embedder = embedder or get_embedder(settings.embedder)
        vectors = ChromaStore(self.home, self.embedder, settings.chroma_collection_for(), settings.chroma_url)
        self.pg: Optional[PgStore] = None
        if settings.database_url:
            # shared: catalogue, exact data and keywords in PostgreSQL, vectors in Chroma;
            # readers see only what a committed transaction published
            self.pg = PgStore(settings.database_url, settings.collection)
            self.store = self.keywords = self.pg
            self.chroma = PublishedChunks(vectors, self.pg)
        else:
            self.chroma = vectors
            self.keywords = KeywordIndex(self.home / "bm25.json")
            self.store = StructuredStore(self.home / "structured.sqlite")
        # content-addressed, so one cache serves every collection under the home
        self.vector_cache = EmbeddingCache(Path(settings.home) / "embeddings.sqlite")
        self._filter_rows: Optional[tuple[list, list, dict]] = None

    def _disagreements(self) -> tuple[set[str], set[str]]:
        """(sources with chunks but no manifest row, listed sources whose chunk counts in the
        vector store or keyword index differ from the manifest)."""
        docs = self.store.documents(fresh=True)
        manifest = {d["source"]: d["n_chunks"] for d in docs}
        pending = {d["source"] for d in docs if is_pending(d)}
        vec, kw = self.chroma.source_counts(), self.keywords.source_counts()
        orphans = (set(vec) | set(kw)) - set(manifest)
        # a document whose vectors are still to come has none, or those of its previous version
        mismatched = {s for s, n in manifest.items()
                      if kw.get(s, 0) != n or (vec.get(s, 0) != n and s not in pending)}
        return orphans, mismatched

    def check(self) -> list[str]:
        """Disagreements between the manifest, Chroma and the keyword index: what an ingest
        killed between its writes leaves behind. Empty when the index is consistent."""
        orphans, mismatched = self._disagreements()
        return ([f"{s}: chunks in the index but not in the manifest (interrupted ingest)" for s in sorted(orphans)]
                + [f"{s}: chunk counts of the vector store, keyword index and manifest disagree" for s in sorted(mismatched)])

    def repair(self) -> list[str]:
        """Make the index consistent again: chunks of files the manifest does not list are
        removed, and files whose stores disagree lose their manifest row, so the next ingest
        of that file redoes it. Returns what was done."""
        orphans, mismatched = self._disagreements()
        for src in orphans:
            self.chroma.drop_source(src)
            self.keywords.drop_source(src)
        for src in mismatched:
            self.store.forget_document(src)
        if orphans:
            self.keywords.save()
        return ([f"removed the unfinished chunks of {s}" for s in sorted(orphans)]
                + [f"{s} will be indexed again" for s in sorted(mismatched)])

    def ingest(self, paths: Iterable[str | Path], progress: Optional[Progress] = None,
               force: bool = False, vectors_later: bool = False) -> IngestReport:
        """Index files. With `vectors_later`, documents are published for KPI, table and keyword
        answers at once and their vectors are left to `fill_vectors()` (the app's first start)."""
        paths = [Path(p) for p in paths]
        report = IngestReport()
        # a path that is not there at all is named as such (a file that vanishes later is
        # reported by the loader)
        report.errors.extend((str(p), "no such file or folder") for p in paths if not p.exists())
        files = expand_paths(p for p in paths if p.exists())
        with self._write_lock:
            report.repaired = self.repair()
            for i, path in enumerate(files):
                if progress:
                    progress(f"{path.name}", i, len(files))
                try:
                    self._ingest_one(path, report, force, vectors_later)
                except IngestError as exc:
                    report.errors.append((exc.path, exc.reason))
                except Exception as exc:  # one bad file must not stop the batch
                    report.errors.append((str(path), f"unexpected error while indexing: {type(exc).__name__}: {exc}"))
            if progress:
                progress("done", len(files), len(files))
        return report

    def _ingest_one(self, path: Path, report: IngestReport, force: bool, vectors_later: bool = False) -> None:
        import hashlib

        if path.is_file():
            known = self.store.document(path.name)
            if known and not force and known["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest() \
                    and known.get("embedder") == self.embedder.id and known.get("parser") == PARSER_VERSION:
                report.unchanged.append(path.name)
                return
        parsed = parse_file(path, self.settings.max_file_mb)
        if not parsed.chunks:
            raise IngestError(str(path), "no text could be extracted (nothing to index)")
        self.write(parsed, report, vectors_later)

    def write(self, parsed: ParsedDocument, report: IngestReport, vectors_later: bool = False) -> None:
        doc = parsed.document
        vectors = None if vectors_later else \
            self.vector_cache.embed(self.embedder, [embed_text(c) for c in parsed.chunks]).tolist()
        manifest = {"source": doc.source, "path": doc.path, "title": doc.title, "fmt": doc.fmt,
                    "doc_type": doc.doc_type, "sha256": doc.sha256, "n_pages": doc.n_pages, "n_lines": doc.n_lines,
                    "n_chunks": len(parsed.chunks), "n_kpi": len(parsed.kpis),
                    "embedder": PENDING + self.embedder.id if vectors_later else self.embedder.id,
                    "parser": PARSER_VERSION, "indexed_at": self.store.now()}
        self.store_document(manifest, parsed, vectors, report)

    # ---- passages (text and citation metadata; the keyword index or PostgreSQL holds them) ----
    def passages(self, ids: list[str]) -> list[Chunk]:
        found = {c.id: c for c in self.keywords.chunks(ids=list(ids))}
        rest = [i for i in ids if i not in found]
        if rest:  # an index written before passages were kept with the keywords
            found.update((c.id, c) for c in self.chroma.get(rest))
        return [found[i] for i in ids if i in found]

    def all_passages(self, source: Optional[str] = None) -> list[Chunk]:
        chunks = self.keywords.chunks(source=source)
        if len(chunks) < (self.keywords.source_counts().get(source, 0) if source else len(self.keywords)):
            return self.chroma.all_chunks(source)  # an index from before passages were kept here
        return chunks

    def passage_ids(self, filters: dict, section_contains: Optional[str] = None,
                    exclude_sources: frozenset = frozenset()) -> frozenset[str]:
        """Ids of the passages whose metadata equal `filters` and whose section path or text
        contains `section_contains` (the filters retrieval applies to both of its sides)."""
        passages = self.all_passages()
        if self._filter_rows is None or self._filter_rows[0] is not passages:
            # metadata and searchable text per passage, computed once per version of the store;
            # answers ask the same few filters again and again
            self._filter_rows = (passages, [(c.id, c.metadata(), embed_text(c)) for c in passages], {})
        key = (tuple(sorted(filters.items())), section_contains, exclude_sources)
        found = self._filter_rows[2].get(key)
        if found is None:
            found = frozenset(cid for cid, md, text in self._filter_rows[1]
                              if all(md.get(k) == v for k, v in filters.items())
                              and (not section_contains or section_contains in text)
                              and md.get("source") not in exclude_sources)
            if len(self._filter_rows[2]) < 256:
                self._filter_rows[2][key] = found
        return found

    # ---- vectors after the rest (a fast first start) ----------------------------------------
    def vector_status(self) -> tuple[int, int]:
        """(passages with vectors, passages) over the collection's documents."""
        docs = self.store.documents(fresh=True)
        total = sum(d["n_chunks"] or 0 for d in docs)
        return total - sum(d["n_chunks"] or 0 for d in docs if is_pending(d)), total

    def fill_vectors(self, progress: Optional[Callable[[int, int], None]] = None) -> int:
        """Embed the passages of documents published without vectors, then mark them complete.
        The passages come from the passage store (published with the keywords), so no file is
        parsed again: another process may have done the parsing (the app's first start, or
        `python -m ingest --vectors-later`). Returns the number of documents completed."""
        done_docs = 0
        for source in [d["source"] for d in self.store.documents(fresh=True) if is_pending(d)]:
            with self._write_lock:  # per document: an upload meanwhile waits for one document only
                d = self.store.document(source)
                if d is None or not is_pending(d):
                    continue
                chunks = self.all_passages(d["source"])
                if len(chunks) != d["n_chunks"]:
                    continue  # the stores disagree: the next ingest of the file redoes it
                base, total = self.vector_status()

                def step(done: int, _todo: int, base=base, total=total) -> None:
                    if progress:
                        progress(min(base + done, total), total)

                vectors = self.vector_cache.embed(self.embedder, [embed_text(c) for c in chunks], step).tolist()
                self.chroma.replace_source(d["source"], chunks, vectors)
                self.store.set_embedder(d["source"], self.embedder.id)
                done_docs += 1
            release_freed_memory()
        if progress:
            progress(*self.vector_status())
        return done_docs

    def store_document(self, manifest: dict, parsed: ParsedDocument, vectors: list[list[float]],
                       report: IngestReport) -> None:
        """Write one parsed document with its vectors (computed here, or carried by an export)."""
        source = manifest["source"]
        existed = self.store.document(source) is not None
        # vectors first: a document becomes visible only when its catalogue row is written
        if vectors is not None:
            self.chroma.replace_source(source, parsed.chunks, vectors)
        else:  # vectors to come: the previous version's must not answer for the new text
            self.chroma.drop_source(source)
        if self.pg is not None:  # one transaction: rows, passages, term statistics and the catalogue row
            self.pg.publish(manifest, parsed.kpis, parsed.articles, parsed.policy, parsed.links,
                            [(c, embed_text(c)) for c in parsed.chunks])
        else:  # keyword index saved atomically, then the manifest row last
            self.keywords.replace_source(source, [(c, embed_text(c)) for c in parsed.chunks])
            self.keywords.save()
            self.store.replace_document(manifest, parsed.kpis, parsed.articles, parsed.policy, parsed.links)
        (report.updated if existed else report.added).append(source)
        report.chunks += len(parsed.chunks)
        report.kpis += len(parsed.kpis)

    def drop(self, source: str) -> bool:
        with self._write_lock:
            if self.store.document(source) is None:
                return False
            if self.pg is not None:  # unpublished first (one transaction), then its vectors
                self.pg.drop_document(source)
                self.chroma.drop_source(source)
                return True
            self.chroma.drop_source(source)
            self.keywords.drop_source(source)
            self.keywords.save()
            self.store.drop_document(source)
            return True

    def documents(self) -> list[dict]:
        return self.store.documents(fresh=True)
