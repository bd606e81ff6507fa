"""Move an index between backends without re-embedding: `python -m ingest --export FILE` writes
every document of the configured collection (catalogue row, KPI rows, ordinance, policy tree,
passages with their vectors) to one gzip'd JSON-lines file; `--import FILE` writes them into the
configured backend (for example the embedded default into PostgreSQL + a Chroma server).

Each document is imported through the same path as an ingest (vectors, then one publishing
write), so an import killed halfway leaves whole documents or none.
"""
from __future__ import annotations

import gzip
import json
from dataclasses import asdict
from pathlib import Path

from core.types import Article, ArticleItemLink, Chunk, Document, KpiRecord, Location, PolicyItem
from ingest.pipeline import ParsedDocument
from vectorstore.index_service import IndexService, IngestReport

FORMAT = "docqa-index-export"


def export_index(index: IndexService, path: Path) -> int:
    """Write the collection to `path`; returns the number of documents."""
    store = index.store
    kpis, arts, policy, links = store.kpis(), store.articles(), store.policy_items(), store.article_items()
    docs = store.documents()
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"format": FORMAT, "version": 1, "embedder": index.embedder.id,
                            "collection": index.collection, "documents": len(docs)}) + "\n")
        for d in docs:
            src = d["source"]
            chunks = index.all_passages(src)
            vectors = index.chroma.vectors_of([c.id for c in chunks])
            missing = [c.id for c in chunks if c.id not in vectors]
            if missing:
                raise RuntimeError(f"{src}: {len(missing)} passages have no stored vector; re-index it first")
            f.write(json.dumps({
                "document": d,
                "kpis": [asdict(k) for k in kpis if k.source == src],
                "articles": [asdict(a) for a in arts if a.source == src],
                "policy": [asdict(p) for p in policy if p.source == src],
                "links": [asdict(x) for x in links if x.source == src],
                "chunks": [{"id": c.id, "text": c.text, "metadata": c.metadata(), "vector": vectors[c.id]}
                           for c in chunks]}, ensure_ascii=False) + "\n")
    return len(docs)


def _with_loc(cls, d: dict):
    return cls(**{**d, "loc": Location(**d["loc"])})


def import_index(index: IndexService, path: Path) -> IngestReport:
    """Write every document of an export into `index`. The export's embedder must be the
    configured one: vectors of different models are not comparable."""
    report = IngestReport()
    try:
        f = gzip.open(path, "rt", encoding="utf-8")
        header = json.loads(f.readline())
    except (OSError, json.JSONDecodeError, EOFError) as exc:
        raise RuntimeError(f"{path}: not a docqa index export ({exc})") from exc
    with f:
        if header.get("format") != FORMAT:
            raise RuntimeError(f"{path}: not a docqa index export")
        if header.get("embedder") != index.embedder.id:
            raise RuntimeError(f"{path}: its vectors come from embedder {header.get('embedder')!r}, but "
                               f"{index.embedder.id!r} is configured; set DOCQA_EMBEDDER to match or re-ingest "
                               "the documents instead")
        with index._write_lock:
            for line in f:
                rec = json.loads(line)
                manifest = rec["document"]
                chunks = [Chunk.from_metadata(c["id"], c["text"], c["metadata"]) for c in rec["chunks"]]
                doc = Document(source=manifest["source"], path=manifest.get("path") or "",
                               title=manifest.get("title") or "", fmt=manifest.get("fmt") or "",
                               sha256=manifest.get("sha256") or "", blocks=[],
                               doc_type=manifest.get("doc_type") or "generic")
                parsed = ParsedDocument(
                    document=doc, chunks=chunks,
                    kpis=[_with_loc(KpiRecord, k) for k in rec["kpis"]],
                    articles=[_with_loc(Article, a) for a in rec["articles"]],
                    policy=[_with_loc(PolicyItem, p) for p in rec["policy"]],
                    links=[_with_loc(ArticleItemLink, x) for x in rec["links"]])
                index.store_document(manifest, parsed, [c["vector"] for c in rec["chunks"]], report)
    return report
