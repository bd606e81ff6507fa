"""Each KPI indicator also becomes a small text chunk, so semantic search finds it too."""
from __future__ import annotations

from collections import OrderedDict

from core.types import Chunk, Document, KpiRecord, Location
from ingest.chunker import chunk_id


def kpi_chunks(doc: Document, records: list[KpiRecord]) -> list[Chunk]:
    groups: "OrderedDict[tuple, list[KpiRecord]]" = OrderedDict()
    for r in records:
        groups.setdefault((r.table_id, r.indicator, r.doc_type), []).append(r)
    out = []
    for (table_id, indicator, _), recs in groups.items():
        r0 = recs[0]
        unit = f"({r0.unit})" if r0.unit else ""
        parts = []
        for r in recs:
            cell = []
            if r.target:
                cell.append(f"目標 {r.target}")
            if r.actual:
                cell.append(f"実績 {r.actual}")
            parts.append(f"{r.year}: " + (" / ".join(cell) if cell else "記載なし"))
        path = [p for p in (f"第{r0.article}条 {r0.article_title}" if r0.article else "",
                            f"{r0.program_no} {r0.program}" if r0.program_no else r0.program, r0.sub_item) if p]
        text = f"{indicator}{unit}\n" + "\n".join(parts)
        loc = Location()
        for r in recs:
            loc = loc.merge(r.loc)
        out.append(Chunk(id=chunk_id(doc.source, "kpi", table_id, indicator), text=text, source=doc.source,
                         title=doc.title, doc_type=doc.doc_type, kind="kpi", section_path=path, loc=loc,
                         article=r0.article, program=r0.program or None))
    return out
