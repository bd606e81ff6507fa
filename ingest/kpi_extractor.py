"""Extract the report's KPI tables (目標/実績 per fiscal year) into KpiRecords.

Rules for the irregular tables, decided once and applied everywhere:
- A table split across pages (header on one page, rows on the next) is merged back.
- Two layouts: a caption (●…) above a table of 目標（単位）/実績（単位） rows, or a table whose
  rows carry the indicator name, then 目標/実績, then the values.
- When the header names more years than a row has values, the values are taken from the
  earliest year on (the later year's figure was not yet available when the report was
  written); those cells are flagged `year_inferred`, and the years with no value are
  `undecidable` with the reason. A lone value on a stray line under the table is taken as
  the next year's figure of the row above it, also flagged.
- 開催中止 and 「—」 are kept as text; a cell like 「201／23」 (total／of which foreign) feeds
  two indicators named after the two halves of the indicator name.
- Tables with 実績 rows only (Article 19) are stored with status `no_target`, never `missed`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from core.types import Block, Document, KpiRecord, Location
from ingest.kpi_values import (CellValue, clean_caption, label_of, parse_value, split_composite,
                               split_name_unit, year_of)
from ingest.structure import Section, caption_lines, paragraphs, reads_as_caption


@dataclass
class _Row:
    name: str
    kind: str  # target | actual
    unit: str
    values: list[str]
    loc: Location
    raw: list[str]
    flags: dict[int, str] = field(default_factory=dict)  # value index → flag reason


def merge_split_tables(blocks: list[Block]) -> list[Block]:
    """A table with no year header directly after another table continues it (page break)."""
    out: list[Block] = []
    for b in blocks:
        if (b.kind == "table" and out and out[-1].kind == "table" and b.rows
                and not _header_years(b.rows) and _header_years(out[-1].rows or [])):
            prev = out[-1]
            out[-1] = Block("table", prev.text + "\n" + b.text, prev.loc.merge(b.loc), rows=(prev.rows or []) + b.rows)
        else:
            out.append(b)
    return out


def _header_years(rows: list[list[str]]) -> list[tuple[str, int, bool]]:
    for row in rows[:2]:
        ys = [y for y in (year_of(c) for c in row) if y]
        if len(ys) >= 2:
            return ys
    return []


def extract_kpis(doc: Document, sections: list[Section]) -> list[KpiRecord]:
    records: list[KpiRecord] = []
    table_no = 0
    for sec in sections:
        if sec.article is None or sec.kind != "text":
            continue
        caption = ""
        for b in merge_split_tables(paragraphs(sec.blocks)):
            if b.kind == "line":
                caption = next((t for t in caption_lines(b) if reads_as_caption(t)), "")
                continue
            years = _header_years(b.rows or [])
            if not years:
                caption = ""
                continue
            rows = _parse_rows(b.rows or [], b.loc)
            if not rows:
                continue
            table_no += 1
            records.extend(_records(doc, sec, rows, years, clean_caption(caption), f"{doc.source}#t{table_no}"))
            caption = ""
    return records


def _parse_rows(rows: list[list[str]], loc: Location) -> list[_Row]:
    out: list[_Row] = []
    for raw in rows:
        cells = [c.strip() for c in raw]
        if sum(1 for c in cells if year_of(c)) >= 2:
            continue  # header
        idx = next((i for i, c in enumerate(cells) if label_of(c)), None)
        if idx is None:
            vals = [c for c in cells if c]
            if len(vals) == 1 and out and parse_value(vals[0]).value is not None:
                # a stray value on its own line under the table: the next year of the row above
                prev = out[-1]
                prev.flags[len(prev.values)] = "stray"
                prev.values.append(vals[0])
            continue
        kind, unit = label_of(cells[idx])  # type: ignore[misc]
        name = " ".join(c for c in cells[:idx] if c).strip()
        if not name and kind == "actual" and out and out[-1].kind == "target":
            name = out[-1].name  # 実績 row under its 目標 row
        values = [c for c in cells[idx + 1:] if c != ""]
        out.append(_Row(name or "", kind, unit, values, loc, cells))
    return out


def _records(doc: Document, sec: Section, rows: list[_Row], years, caption: str, table_id: str) -> list[KpiRecord]:
    # pair target/actual rows per indicator name (in order of appearance)
    indicators: dict[str, dict[str, _Row]] = {}
    order: list[str] = []
    for r in rows:
        key = r.name or caption or sec.sub_item or sec.program or "指標"
        if key not in indicators:
            indicators[key] = {}
            order.append(key)
        indicators[key][r.kind] = r
    out: list[KpiRecord] = []
    for key in order:
        pair = indicators[key]
        name, unit = split_name_unit(key)
        unit = unit or next((r.unit for r in pair.values() if r.unit), "")
        names = [n.strip() for n in re.split(r"[／/]", name)] if "／" in name or "/" in name else [name]
        for part, sub_name in enumerate(names):
            if part > 0 and len(names) > 1:
                base = names[0]
                sub_name = f"{base}({sub_name})" if not sub_name.startswith(base) else sub_name
            out.extend(_indicator_records(doc, sec, pair, years, sub_name, unit, part, table_id, caption))
    return out


def _cell(row: Optional[_Row], i: int, part: int) -> tuple[Optional[CellValue], str]:
    if row is None or i >= len(row.values):
        return None, ""
    text = row.values[i]
    pieces = split_composite(text)
    text = pieces[part] if part < len(pieces) else ""
    return parse_value(text), row.flags.get(i, "")


def _indicator_records(doc, sec, pair, years, name, unit, part, table_id, caption) -> list[KpiRecord]:
    target_row, actual_row = pair.get("target"), pair.get("actual")
    n_vals = max((len([v for i, v in enumerate(r.values) if i not in r.flags]) for r in pair.values()), default=0)
    short = n_vals < len(years)
    out = []
    for i, (label, fy, fiscal) in enumerate(years):
        tgt, tflag = _cell(target_row, i, part)
        act, aflag = _cell(actual_row, i, part)
        flags, reasons = [], []
        if short and (tgt is not None or act is not None) and not (aflag == "stray" and tgt is None):
            flags.append("year_inferred")
            reasons.append(f"表の見出しは{len(years)}か年度分だが値は{n_vals}個のため、前の年度から順に対応させた(年度対応は推定)")
        if "stray" in (tflag, aflag):
            flags.append("stray_value")
            reasons.append("表の下に単独で記載された値をこの年度の実績とみなした(推定)")
        status, why = _status(target_row, tgt, act)
        if why:
            reasons.insert(0, why)
        if tgt is None and act is None:
            status = "undecidable" if target_row is not None else "no_target"
            reasons.insert(0, f"表に{label}{'年度' if fiscal else '年'}の値がない")
        if tgt is not None and tgt.note == "approx" or act is not None and act.note == "approx":
            flags.append("approx")
        rows_loc = (target_row or actual_row).loc
        out.append(KpiRecord(
            source=doc.source, title=doc.title, doc_type=doc.doc_type,
            article=sec.article, article_title=sec.article_title,
            program=sec.program or "", program_no=sec.program_no, sub_item=sec.sub_item or "",
            indicator=name, unit=unit, year=f"{label}{'年度' if fiscal else '年'}", fiscal_year=fy,
            target=tgt.text if tgt else "", actual=act.text if act else "",
            target_value=tgt.value if tgt else None, actual_value=act.value if act else None,
            status=status, reason="; ".join(reasons), loc=rows_loc, table_id=table_id,
            raw=[" | ".join(r.raw) for r in (target_row, actual_row) if r], flags=flags,
            extra={"caption": caption, "calendar_year": not fiscal}))
    return out


def _status(target_row, tgt: Optional[CellValue], act: Optional[CellValue]) -> tuple[str, str]:
    if target_row is None:
        return "no_target", "目標の設定がない(実績のみの表)"
    if tgt is None or tgt.value is None:
        if tgt is not None and tgt.note == "no_value":
            return "no_target", "目標が「—」(設定なし)"
        if act is None:
            return "undecidable", ""
        return "undecidable", "この年度の目標値の記載がない"
    if act is None or act.value is None:
        if act is not None and act.note == "cancelled":
            return "undecidable", f"実績が「{act.text}」"
        return "undecidable", "この年度の実績値の記載がない"
    return ("met" if act.value >= tgt.value else "missed"), ""
