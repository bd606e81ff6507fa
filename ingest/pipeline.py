"""load → structure → chunk, and extract the structured data, for one file."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.types import Article, ArticleItemLink, Chunk, Document, KpiRecord, PolicyItem
from ingest.chunker import chunk_sections
from ingest.indicator_extractor import extract_indicators
from ingest.kpi_chunks import kpi_chunks
from ingest.kpi_extractor import extract_kpis
from ingest.line_kpis import extract_line_kpis
from ingest.loader import load_document
from ingest.ordinance_parser import article_chunks, parse_articles
from ingest.policy_parser import parse_article_links, parse_policy_system, policy_chunks
from ingest.structure import structure
from ingest.table_kpis import extract_table_kpis


@dataclass
class ParsedDocument:
    document: Document
    chunks: list[Chunk]
    kpis: list[KpiRecord] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    policy: list[PolicyItem] = field(default_factory=list)
    links: list[ArticleItemLink] = field(default_factory=list)


def parse_file(path: str | Path, max_mb: float = 50.0) -> ParsedDocument:
    doc = load_document(path, max_mb)
    sections = structure(doc)
    chunks = chunk_sections(doc, sections)
    kpis = extract_kpis(doc, sections) if doc.doc_type == "report" else []
    kpis += extract_indicators(doc, sections) if doc.doc_type == "program" else []
    # other shapes (other publishers; the report reader keeps the report's article tables)
    kpis += extract_table_kpis(doc, sections, skip_article_sections=doc.doc_type == "report")
    kpis += extract_line_kpis(doc, sections, {(k.indicator, k.fiscal_year) for k in kpis})
    articles = parse_articles(doc, sections)
    policy = parse_policy_system(doc, sections)
    links = parse_article_links(doc, sections)
    chunks += kpi_chunks(doc, kpis) + article_chunks(doc, articles) + policy_chunks(doc, policy, links)
    # ids must be unique within a document even when two passages read the same
    seen: set[str] = set()
    unique = []
    for c in chunks:
        if c.id in seen:
            continue
        seen.add(c.id)
        unique.append(c)
    return ParsedDocument(doc, unique, kpis, articles, policy, links)
