"""Citations from chunks, KPI records and articles: document, page or lines, section, quote."""
from __future__ import annotations

from core.types import Article, Chunk, Citation, KpiRecord, Location


def _where(loc: Location) -> tuple:
    page = loc.page_start
    lines = [loc.line_start, loc.line_end or loc.line_start] if loc.line_start is not None else None
    return page, lines


def from_chunk(c: Chunk, quote: str = "") -> Citation:
    page, lines = _where(c.loc)
    return Citation(source=c.source, title=c.title, page=page, lines=lines, section=c.section,
                    quote=(quote or c.text)[:600], kind=c.kind, chunk_id=c.id,
                    page_end=c.loc.page_end if c.loc.page_end != page else None)


def from_kpi(r: KpiRecord) -> Citation:
    page, lines = _where(r.loc)
    path = [p for p in (f"第{r.article}条 {r.article_title}" if r.article else "",
                        f"{r.program_no} {r.program}" if r.program_no else r.program, r.sub_item) if p]
    # the row of the cited year under a header, then the table's own rows as printed
    head = f"指標 | 年度 | 目標 | 実績\n{r.indicator} | {r.year} | {r.target or '—'}{r.unit or ''} | {r.actual or '—'}{r.unit or ''}"
    return Citation(source=r.source, title=r.title, page=page, lines=lines, section=" › ".join(path),
                    quote=head + ("\n" + " … ".join(r.raw) if r.raw else ""), kind="kpi")


def from_article(a: Article) -> Citation:
    page, lines = _where(a.loc)
    head = f"{a.label}({a.title})" if a.title and a.label.startswith("第") else a.label
    return Citation(source=a.source, title=a.doc_title, page=page, lines=lines, section=f"{a.doc_title} › {head}",
                    quote=a.text[:600], kind="article", page_end=a.loc.page_end if a.loc.page_end != page else None)
