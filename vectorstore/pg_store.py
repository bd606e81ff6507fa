"""PostgreSQL as the shared store of many app replicas (DOCQA_DATABASE_URL).

One database holds, per collection (a city or a department), what the embedded default keeps
in the index home: the document catalogue, KPI rows with their editions, the ordinance,
the policy tree, the passages with their citation metadata, and the keyword index. The
vectors stay in Chroma (a server, DOCQA_CHROMA_URL).

Publication is one transaction: a document's rows, passages, term statistics and catalogue
row are replaced together, after its vectors are in Chroma. A replica sees a document only
once that transaction commits, so an ingest killed at any point leaves nothing half-published,
and every replica answers from the same committed state. Each write also bumps the
collection's version, which replicas compare (one cheap query) before reusing their caches:
a document uploaded through one replica is answered by all of them without a restart.

Keyword search works the way large engines do CJK: the application tokenises with Sudachi
(the same tokens as the embedded index) and stores them as a text array, also indexed as a
`tsvector` of exact lexemes under GIN (`array_to_tsvector`: no text-search parser can split
or stem a Japanese token) for keyword look-ups in SQL. Answers rank with Okapi BM25 from the
term-statistics table (`ts_rank_cd` has no IDF) and postings each replica builds from the
token arrays once per collection version, with the scorer the embedded index uses
(vectorstore/bm25.py), so the top-k equals the embedded index's.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict
from typing import Any, Iterable, Optional

from core.types import Article, ArticleItemLink, Chunk, KpiRecord, Location, PolicyItem
from vectorstore.bm25 import Postings
from vectorstore.tokenizer import tokenize

SCHEMA = """
CREATE TABLE IF NOT EXISTS collection_state (
  collection TEXT PRIMARY KEY, version BIGINT NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS documents (
  collection TEXT NOT NULL, source TEXT NOT NULL, path TEXT, title TEXT, fmt TEXT, doc_type TEXT,
  sha256 TEXT, n_pages INTEGER, n_lines INTEGER, n_chunks INTEGER, n_kpi INTEGER, embedder TEXT,
  indexed_at DOUBLE PRECISION, parser TEXT, PRIMARY KEY (collection, source));
CREATE TABLE IF NOT EXISTS kpi (
  id BIGSERIAL PRIMARY KEY, collection TEXT NOT NULL, source TEXT, title TEXT, doc_type TEXT,
  article INTEGER, article_title TEXT, program TEXT, program_no INTEGER, sub_item TEXT,
  indicator TEXT, unit TEXT, year TEXT, fiscal_year INTEGER, target TEXT, actual TEXT,
  target_value DOUBLE PRECISION, actual_value DOUBLE PRECISION, status TEXT, reason TEXT,
  loc JSONB, table_id TEXT, raw JSONB, flags JSONB, extra JSONB);
CREATE INDEX IF NOT EXISTS kpi_collection ON kpi (collection, source);
CREATE TABLE IF NOT EXISTS articles (
  id BIGSERIAL PRIMARY KEY, collection TEXT NOT NULL, source TEXT, number INTEGER, title TEXT,
  text TEXT, doc_title TEXT, loc JSONB);
CREATE TABLE IF NOT EXISTS policy_items (
  id BIGSERIAL PRIMARY KEY, collection TEXT NOT NULL, source TEXT, policy TEXT, strategy TEXT,
  item TEXT, project TEXT, bureau TEXT, doc_title TEXT, loc JSONB);
CREATE TABLE IF NOT EXISTS article_items (
  id BIGSERIAL PRIMARY KEY, collection TEXT NOT NULL, source TEXT, article INTEGER,
  article_title TEXT, item TEXT, note TEXT, doc_title TEXT, loc JSONB);
CREATE TABLE IF NOT EXISTS chunks (
  collection TEXT NOT NULL, id TEXT NOT NULL, seq BIGSERIAL, source TEXT NOT NULL, text TEXT,
  metadata JSONB, tokens TEXT[] NOT NULL, lexemes TSVECTOR NOT NULL, PRIMARY KEY (collection, id));
CREATE INDEX IF NOT EXISTS chunks_lexemes ON chunks USING GIN (lexemes);
CREATE INDEX IF NOT EXISTS chunks_source ON chunks (collection, source);
CREATE TABLE IF NOT EXISTS terms (
  collection TEXT NOT NULL, term TEXT NOT NULL, df INTEGER NOT NULL, PRIMARY KEY (collection, term));
"""

_CHILD_TABLES = ("kpi", "articles", "policy_items", "article_items")
VERSION_TTL = 0.5  # seconds a replica trusts its caches before asking the collection's version again


def _connect(url: str):
    import psycopg

    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise RuntimeError(f"cannot connect to the database DOCQA_DATABASE_URL ({_redact(url)}): "
                           f"{str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}") from exc


def _redact(url: str) -> str:
    from urllib.parse import urlparse

    u = urlparse(url)
    return url.replace(u.password, "***") if u.password else url


def _loc(v: Any) -> Location:
    if isinstance(v, str):
        v = json.loads(v) if v else {}
    return Location(**(v or {}))


class PgStore:
    """The structured store and the keyword index of one collection in PostgreSQL."""

    def __init__(self, url: str, collection: str) -> None:
        self.url, self.collection = url, collection
        self._db = _connect(url)
        self._lock = threading.RLock()
        self._cache: dict[str, Any] = {}
        self._cache_version: Optional[int] = None
        self._checked_at = 0.0
        with self._lock, self._db.transaction():
            self._db.execute("SELECT pg_advisory_xact_lock(4242)")  # replicas starting together
            self._db.execute(SCHEMA)
            self._db.execute("INSERT INTO collection_state (collection) VALUES (%s) ON CONFLICT DO NOTHING",
                             (collection,))

    def close(self) -> None:
        self._db.close()

    # ---- versions: a replica's caches are valid while the collection's version is unchanged ----
    def version(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT version FROM collection_state WHERE collection = %s",
                                   (self.collection,)).fetchone()
        return int(row[0]) if row else 0

    def _fresh_version(self) -> int:
        """The collection's version, asked at most every VERSION_TTL seconds: one answer reads the
        caches many times, and another replica's upload shows within that delay."""
        now = time.monotonic()
        if self._cache_version is None or now - self._checked_at > VERSION_TTL:
            self._checked_at = now
            return self.version()
        return self._cache_version

    def _cached(self, key: str, load):
        v = self._fresh_version()
        if v != self._cache_version:
            self._cache.clear()
            self._cache_version = v
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]

    def _bump(self) -> None:
        self._db.execute("UPDATE collection_state SET version = version + 1 WHERE collection = %s",
                         (self.collection,))

    # ---- writes ------------------------------------------------------------------------
    def publish(self, manifest: dict, kpis: Iterable[KpiRecord], articles: Iterable[Article],
                policy: Iterable[PolicyItem], links: Iterable[ArticleItemLink],
                passages: Iterable[tuple[Chunk, str]]) -> None:
        """Replace one document everywhere, in one transaction, and make it visible."""
        src, col = manifest["source"], self.collection
        with self._lock, self._db.transaction():
            self._writer_lock()
            self._delete_source(src)
            with self._db.cursor() as cur:
                cur.executemany(
                    "INSERT INTO kpi (collection,source,title,doc_type,article,article_title,program,program_no,"
                    "sub_item,indicator,unit,year,fiscal_year,target,actual,target_value,actual_value,status,reason,"
                    "loc,table_id,raw,flags,extra) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,"
                    "%s,%s,%s,%s,%s,%s)",
                    [(col, k.source, k.title, k.doc_type, k.article, k.article_title, k.program, k.program_no,
                      k.sub_item, k.indicator, k.unit, k.year, k.fiscal_year, k.target, k.actual, k.target_value,
                      k.actual_value, k.status, k.reason, json.dumps(asdict(k.loc)), k.table_id,
                      json.dumps(k.raw, ensure_ascii=False), json.dumps(k.flags),
                      json.dumps(k.extra, ensure_ascii=False)) for k in kpis])
                cur.executemany(
                    "INSERT INTO articles (collection,source,number,title,text,doc_title,loc) "
                    "VALUES (%s,%s,%s,%s,%s,%s,%s)",
                    [(col, a.source, a.number, a.title, a.text, a.doc_title, json.dumps(asdict(a.loc)))
                     for a in articles])
                cur.executemany(
                    "INSERT INTO policy_items (collection,source,policy,strategy,item,project,bureau,doc_title,loc) "
                    "VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                    [(col, p.source, p.policy, p.strategy, p.item, p.project, p.bureau, p.doc_title,
                      json.dumps(asdict(p.loc))) for p in policy])
                cur.executemany(
                    "INSERT INTO article_items (collection,source,article,article_title,item,note,doc_title,loc) "
                    "VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
                    [(col, x.source, x.article, x.article_title, x.item, x.note, x.doc_title,
                      json.dumps(asdict(x.loc))) for x in links])
                rows = []
                for chunk, indexed_text in passages:
                    toks = tokenize(indexed_text)
                    rows.append((col, chunk.id, src, chunk.text, json.dumps(chunk.metadata(), ensure_ascii=False),
                                 toks, [t for t in dict.fromkeys(toks)]))
                # one row at a time, in order: seq keeps the embedded index's insertion order (BM25 ties)
                cur.executemany("INSERT INTO chunks (collection,id,source,text,metadata,tokens,lexemes) "
                                "VALUES (%s,%s,%s,%s,%s,%s,array_to_tsvector(%s::text[]))", rows)
                self._add_terms(src, +1)
                names = list(manifest)
                cur.execute(f"INSERT INTO documents (collection,{','.join(names)}) "
                            f"VALUES (%s,{','.join(['%s'] * len(names))})", (col, *manifest.values()))
            self._bump()
        self._cache.clear()
        self._cache_version = None

    def _add_terms(self, source: str, sign: int) -> None:
        """Adjust document frequencies by the source's distinct terms (+1 on publish, -1 on delete)."""
        self._db.execute(
            "INSERT INTO terms (collection, term, df) "
            "SELECT %s, t, %s * count(DISTINCT id) FROM chunks, unnest(tokens) AS t "
            "WHERE collection = %s AND source = %s GROUP BY t "
            "ON CONFLICT (collection, term) DO UPDATE SET df = terms.df + EXCLUDED.df",
            (self.collection, sign, self.collection, source))
        if sign < 0:
            self._db.execute("DELETE FROM terms WHERE collection = %s AND df <= 0", (self.collection,))

    def _delete_source(self, source: str) -> None:
        col = self.collection
        self._add_terms(source, -1)
        for table in (*_CHILD_TABLES, "chunks", "documents"):
            self._db.execute(f"DELETE FROM {table} WHERE collection = %s AND source = %s", (col, source))

    def _writer_lock(self) -> None:
        """One writer per collection at a time, across processes (released at commit): two
        replicas indexing the same file one after the other, never interleaved."""
        self._db.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self.collection,))

    def drop_document(self, source: str) -> None:
        with self._lock, self._db.transaction():
            self._writer_lock()
            self._delete_source(source)
            self._bump()
        self._cache.clear()
        self._cache_version = None

    drop_source = drop_document  # KeywordIndex's name for it (the repair of an interrupted ingest)

    def set_embedder(self, source: str, embedder: str) -> None:
        """Record that a document's vectors are complete (they were filled in after the rest)."""
        with self._lock, self._db.transaction():
            self._db.execute("UPDATE documents SET embedder = %s WHERE collection = %s AND source = %s",
                             (embedder, self.collection, source))
            self._bump()

    def forget_document(self, source: str) -> None:
        """Remove only the catalogue row: the file then counts as not indexed and is redone."""
        with self._lock, self._db.transaction():
            self._db.execute("DELETE FROM documents WHERE collection = %s AND source = %s",
                             (self.collection, source))
            self._bump()
        self._cache.clear()
        self._cache_version = None

    # ---- the catalogue ------------------------------------------------------------------
    def _rows(self, sql: str, params: tuple = ()) -> list[dict]:
        with self._lock:
            cur = self._db.execute(sql, params)
            names = [d.name for d in cur.description]
            return [dict(zip(names, r)) for r in cur.fetchall()]

    def documents(self, fresh: bool = False) -> list[dict]:
        """The catalogue: for answers, the snapshot the other caches belong to (so a replica's
        view is consistent); `fresh` for the write path, which must see the database as it is."""
        def load():
            rows = self._rows("SELECT * FROM documents WHERE collection = %s ORDER BY source", (self.collection,))
            for r in rows:
                r.pop("collection", None)
            return rows
        return load() if fresh else [dict(d) for d in self._cached("documents", load)]

    def document(self, source: str) -> Optional[dict]:
        rows = self._rows("SELECT * FROM documents WHERE collection = %s AND source = %s",
                          (self.collection, source))
        if not rows:
            return None
        rows[0].pop("collection", None)
        return rows[0]

    def collections(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self._db.execute(
                "SELECT DISTINCT collection FROM documents ORDER BY collection").fetchall()]

    # ---- exact data (cached per collection version) --------------------------------------
    def kpis(self) -> list[KpiRecord]:
        return self._cached("kpi", lambda: [KpiRecord(
            source=r["source"], title=r["title"], doc_type=r["doc_type"], article=r["article"],
            article_title=r["article_title"], program=r["program"], program_no=r["program_no"],
            sub_item=r["sub_item"], indicator=r["indicator"], unit=r["unit"], year=r["year"],
            fiscal_year=r["fiscal_year"], target=r["target"], actual=r["actual"], target_value=r["target_value"],
            actual_value=r["actual_value"], status=r["status"], reason=r["reason"], loc=_loc(r["loc"]),
            table_id=r["table_id"], raw=r["raw"], flags=r["flags"], extra=r["extra"])
            for r in self._rows("SELECT * FROM kpi WHERE collection = %s ORDER BY id", (self.collection,))])

    def articles(self) -> list[Article]:
        return self._cached("articles", lambda: [
            Article(r["number"], r["title"], r["text"], r["source"], r["doc_title"], _loc(r["loc"]))
            for r in self._rows("SELECT * FROM articles WHERE collection = %s ORDER BY source, number, id",
                                (self.collection,))])

    def policy_items(self) -> list[PolicyItem]:
        return self._cached("policy", lambda: [
            PolicyItem(r["policy"], r["strategy"], r["item"], r["project"], r["bureau"], r["source"],
                       r["doc_title"], _loc(r["loc"]))
            for r in self._rows("SELECT * FROM policy_items WHERE collection = %s ORDER BY id", (self.collection,))])

    def article_items(self) -> list[ArticleItemLink]:
        return self._cached("links", lambda: [
            ArticleItemLink(r["article"], r["article_title"], r["item"], r["note"], r["source"], r["doc_title"],
                            _loc(r["loc"]))
            for r in self._rows("SELECT * FROM article_items WHERE collection = %s ORDER BY id",
                                (self.collection,))])

    def now(self) -> float:
        import time

        return time.time()

    # ---- passages -------------------------------------------------------------------------
    def chunk_ids(self) -> set[str]:
        return self._cached("chunk_ids", lambda: {r["id"] for r in self._rows(
            "SELECT id FROM chunks WHERE collection = %s", (self.collection,))})

    def chunks(self, ids: Optional[list[str]] = None, source: Optional[str] = None) -> list[Chunk]:
        if ids is not None:  # from this replica's copy of the collection's passages (one per version)
            by_id = self._cached("chunk_by_id", lambda: {c.id: c for c in self.chunks()})
            return [by_id[i] for i in ids if i in by_id]
        every = self._cached("chunks", lambda: [Chunk.from_metadata(r["id"], r["text"], r["metadata"]) for r in self._rows(
            "SELECT id, text, metadata FROM chunks WHERE collection = %s ORDER BY seq", (self.collection,))])
        return every if source is None else [c for c in every if c.source == source]

    # ---- the keyword index (KeywordIndex's interface) --------------------------------------
    def search(self, query: str, k: int = 20, allowed: Optional[set[str]] = None) -> list[tuple[str, float]]:
        """Top-k (id, score) with score > 0, scored as the embedded index does: document
        frequencies from the term-statistics table, term frequencies from this replica's
        postings of the collection (built from the stored token arrays once per version)."""
        toks = tokenize(query)
        postings, ids = self._postings()
        if not toks or not postings.stats.n:
            return []
        with self._lock:
            dfs = dict(self._db.execute("SELECT term, df FROM terms WHERE collection = %s AND term = ANY(%s)",
                                        (self.collection, list(set(toks)))).fetchall())
        if not dfs:
            return []
        # Candidates are not fetched through the GIN index: with ten editions in a collection a
        # question's common words match most passages, and that query cost more (p95 +18 ms)
        # than scoring every match from the postings in numpy.
        return postings.top(toks, k, ids, allowed, dfs=dfs)

    def _postings(self) -> tuple[Postings, list[str]]:
        def load():
            rows = self._passage_tokens()
            return Postings([toks for _, toks in rows]), [cid for cid, _ in rows]
        return self._cached("postings", load)

    def _passage_tokens(self) -> list[tuple[str, list[str]]]:
        return self._cached("tokens", lambda: [(r["id"], r["tokens"]) for r in self._rows(
            "SELECT id, tokens FROM chunks WHERE collection = %s ORDER BY seq", (self.collection,))])

    def token_lists(self) -> list[list[str]]:
        return [toks for _, toks in self._passage_tokens()]

    def source_counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._db.execute("SELECT source, count(*) FROM chunks WHERE collection = %s GROUP BY source",
                                         (self.collection,)).fetchall())

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM chunks WHERE collection = %s",
                                        (self.collection,)).fetchone()[0])

    # publication is one transaction (publish); these exist for KeywordIndex's interface
    def save(self) -> None:
        pass
