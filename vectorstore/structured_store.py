"""SQLite store for what must be answered exactly: KPI records, ordinance articles, the
policy system and its article links, and the manifest of indexed documents.

Each document's rows are replaced in one transaction, so a crash leaves either the old or
the new rows, never a mix.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterable, Optional

from core.types import Article, ArticleItemLink, KpiRecord, Location, PolicyItem

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
  source TEXT PRIMARY KEY, path TEXT, title TEXT, fmt TEXT, doc_type TEXT, sha256 TEXT,
  n_pages INTEGER, n_lines INTEGER, n_chunks INTEGER, n_kpi INTEGER, embedder TEXT,
  indexed_at REAL, parser TEXT);
CREATE TABLE IF NOT EXISTS kpi (
  id INTEGER PRIMARY KEY, source TEXT, title TEXT, doc_type TEXT, article INTEGER,
  article_title TEXT, program TEXT, program_no INTEGER, sub_item TEXT, indicator TEXT,
  unit TEXT, year TEXT, fiscal_year INTEGER, target TEXT, actual TEXT, target_value REAL,
  actual_value REAL, status TEXT, reason TEXT, loc TEXT, table_id TEXT, raw TEXT, flags TEXT,
  extra TEXT);
CREATE INDEX IF NOT EXISTS kpi_article ON kpi(article, fiscal_year);
CREATE TABLE IF NOT EXISTS articles (
  source TEXT, number INTEGER, title TEXT, text TEXT, doc_title TEXT, loc TEXT);
CREATE TABLE IF NOT EXISTS policy_items (
  source TEXT, policy TEXT, strategy TEXT, item TEXT, project TEXT, bureau TEXT,
  doc_title TEXT, loc TEXT);
CREATE TABLE IF NOT EXISTS article_items (
  source TEXT, article INTEGER, article_title TEXT, item TEXT, note TEXT, doc_title TEXT, loc TEXT);
"""


def _loc(s: str) -> Location:
    return Location(**json.loads(s)) if s else Location()


class StructuredStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(str(self.path), check_same_thread=False)
            self._db.executescript(SCHEMA)
            cols = {r[1] for r in self._db.execute("PRAGMA table_info(documents)")}
            if "parser" not in cols:  # index homes built before the parser version was recorded
                self._db.execute("ALTER TABLE documents ADD COLUMN parser TEXT")
        except sqlite3.DatabaseError as exc:
            raise RuntimeError(f"{self.path}: structured store is corrupted ({exc}); "
                               "rebuild with: python -m ingest --rebuild PATH...") from exc
        self._db.row_factory = sqlite3.Row
        self._cache: dict[str, Any] = {}

    # ---- writes ------------------------------------------------------------------------
    def replace_document(self, manifest: dict, kpis: Iterable[KpiRecord], articles: Iterable[Article],
                         policy: Iterable[PolicyItem], links: Iterable[ArticleItemLink]) -> None:
        src = manifest["source"]
        with self._lock, self._db:
            for table in ("kpi", "articles", "policy_items", "article_items", "documents"):
                self._db.execute(f"DELETE FROM {table} WHERE source = ?", (src,))
            self._db.executemany(
                "INSERT INTO kpi (source,title,doc_type,article,article_title,program,program_no,sub_item,"
                "indicator,unit,year,fiscal_year,target,actual,target_value,actual_value,status,reason,loc,"
                "table_id,raw,flags,extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(k.source, k.title, k.doc_type, k.article, k.article_title, k.program, k.program_no, k.sub_item,
                  k.indicator, k.unit, k.year, k.fiscal_year, k.target, k.actual, k.target_value, k.actual_value,
                  k.status, k.reason, json.dumps(asdict(k.loc)), k.table_id, json.dumps(k.raw, ensure_ascii=False),
                  json.dumps(k.flags), json.dumps(k.extra, ensure_ascii=False)) for k in kpis])
            self._db.executemany(
                "INSERT INTO articles VALUES (?,?,?,?,?,?)",
                [(a.source, a.number, a.title, a.text, a.doc_title, json.dumps(asdict(a.loc))) for a in articles])
            self._db.executemany(
                "INSERT INTO policy_items VALUES (?,?,?,?,?,?,?,?)",
                [(p.source, p.policy, p.strategy, p.item, p.project, p.bureau, p.doc_title, json.dumps(asdict(p.loc)))
                 for p in policy])
            self._db.executemany(
                "INSERT INTO article_items VALUES (?,?,?,?,?,?,?)",
                [(x.source, x.article, x.article_title, x.item, x.note, x.doc_title, json.dumps(asdict(x.loc)))
                 for x in links])
            cols = ",".join(manifest)
            self._db.execute(f"INSERT INTO documents ({cols}) VALUES ({','.join('?' * len(manifest))})",
                             tuple(manifest.values()))
        self._cache.clear()

    def set_embedder(self, source: str, embedder: str) -> None:
        """Record that a document's vectors are complete (they were filled in after the rest)."""
        with self._lock, self._db:
            self._db.execute("UPDATE documents SET embedder = ? WHERE source = ?", (embedder, source))

    def forget_document(self, source: str) -> None:
        """Remove only the manifest row: the file then counts as not indexed and is redone."""
        with self._lock, self._db:
            self._db.execute("DELETE FROM documents WHERE source = ?", (source,))
        self._cache.clear()

    def drop_document(self, source: str) -> None:
        with self._lock, self._db:
            for table in ("kpi", "articles", "policy_items", "article_items", "documents"):
                self._db.execute(f"DELETE FROM {table} WHERE source = ?", (source,))
        self._cache.clear()

    # ---- reads (cached: the UI asks many questions between ingests) ----------------------
    def documents(self, fresh: bool = True) -> list[dict]:  # always read as it is (one process writes)
        with self._lock:
            return [dict(r) for r in self._db.execute("SELECT * FROM documents ORDER BY source")]

    def document(self, source: str) -> Optional[dict]:
        with self._lock:
            r = self._db.execute("SELECT * FROM documents WHERE source = ?", (source,)).fetchone()
        return dict(r) if r else None

    def kpis(self) -> list[KpiRecord]:
        if "kpi" not in self._cache:
            with self._lock:
                rows = list(self._db.execute("SELECT * FROM kpi ORDER BY id"))
            self._cache["kpi"] = [KpiRecord(
                source=r["source"], title=r["title"], doc_type=r["doc_type"], article=r["article"],
                article_title=r["article_title"], program=r["program"], program_no=r["program_no"],
                sub_item=r["sub_item"], indicator=r["indicator"], unit=r["unit"], year=r["year"],
                fiscal_year=r["fiscal_year"], target=r["target"], actual=r["actual"],
                target_value=r["target_value"], actual_value=r["actual_value"], status=r["status"],
                reason=r["reason"], loc=_loc(r["loc"]), table_id=r["table_id"], raw=json.loads(r["raw"]),
                flags=json.loads(r["flags"]), extra=json.loads(r["extra"])) for r in rows]
        return self._cache["kpi"]

    def articles(self) -> list[Article]:
        if "articles" not in self._cache:
            with self._lock:
                rows = list(self._db.execute("SELECT * FROM articles ORDER BY source, number"))
            self._cache["articles"] = [Article(r["number"], r["title"], r["text"], r["source"], r["doc_title"],
                                               _loc(r["loc"])) for r in rows]
        return self._cache["articles"]

    def policy_items(self) -> list[PolicyItem]:
        if "policy" not in self._cache:
            with self._lock:
                rows = list(self._db.execute("SELECT * FROM policy_items"))
            self._cache["policy"] = [PolicyItem(r["policy"], r["strategy"], r["item"], r["project"], r["bureau"],
                                                r["source"], r["doc_title"], _loc(r["loc"])) for r in rows]
        return self._cache["policy"]

    def article_items(self) -> list[ArticleItemLink]:
        if "links" not in self._cache:
            with self._lock:
                rows = list(self._db.execute("SELECT * FROM article_items"))
            self._cache["links"] = [ArticleItemLink(r["article"], r["article_title"], r["item"], r["note"],
                                                    r["source"], r["doc_title"], _loc(r["loc"])) for r in rows]
        return self._cache["links"]

    def now(self) -> float:
        return time.time()
