"""The execution program's 成果指標 blocks: indicator, 計画策定時 (baseline), 現状 (current),
第2期目標値 and 第3期目標値, each with its year, as KpiRecords with status `plan`.

After extraction a block is one stream of names, values (「38 件」「102 件以上」「―」) and
years (「(令和2(2020)年度)」); an indicator is its name followed by four values.
"""
from __future__ import annotations

import re

from core.types import Document, KpiRecord, Location
from ingest.structure import Section

_TOKEN = re.compile(
    r"(?P<year>\((?:平成|令和)\s*\d+\s*\(\d{4}\)\s*年度?\))"
    r"|(?P<val>(?<![\w.])(?:[―ー\-]\*?|\d[\d,.]*\s*(?:件|人|万人|億円|%|社|回|者|か所|ha|団体|ヘクタール)?\s*(?:以上|以下)?)(?![\w.]))")
_HEADER = re.compile(r"^(指標\s*計画策定時.*|における目標値|第\d期計画期間|成果指標)$")
FIELDS = ("baseline", "current", "phase2_target", "phase3_target")


def extract_indicators(doc: Document, sections: list[Section]) -> list[KpiRecord]:
    out: list[KpiRecord] = []
    for sec in sections:
        if sec.kind != "indicator":
            continue
        item = next((re.sub(r"^[①-⑳]\s*", "", p) for p in reversed(sec.path) if re.match(r"^[①-⑳]", p)), "")
        lines = []
        for b in sec.blocks:
            if b.kind != "line" or _HEADER.match(b.text.replace(" ", "")):
                continue
            if b.text.startswith(("*", "※", "＊")):
                break  # footnotes end the table
            lines.append((b.raw or b.text, b.loc))
        out.extend(_parse(doc, sec, item, lines))
    return out


def _parse(doc: Document, sec: Section, item: str, lines) -> list[KpiRecord]:
    recs: list[KpiRecord] = []
    name, vals, loc = "", [], Location()

    def emit() -> None:
        if name and len(vals) >= 4:
            v = {f: vals[i] for i, f in enumerate(FIELDS)}
            clean = re.sub(r"[*＊]\s*$", "", name).strip()
            recs.append(KpiRecord(
                source=doc.source, title=doc.title, doc_type=doc.doc_type, article=None, article_title="",
                program=item, program_no=None, sub_item="", indicator=clean, unit=_unit(v["phase3_target"][0]),
                year=v["phase3_target"][1] or "第3期", fiscal_year=_fy(v["phase3_target"][1]),
                target=v["phase3_target"][0], actual=v["current"][0], target_value=None, actual_value=None,
                status="plan", reason="", loc=loc, table_id=f"{doc.source}#indicator:{clean}",
                extra={f: {"value": v[f][0], "year": v[f][1]} for f in FIELDS} | {"new_indicator": name.rstrip().endswith(("*", "＊"))}))

    for text, l in lines:
        pos = 0
        for m in _TOKEN.finditer(text):
            gap = text[pos:m.start()].strip()
            if gap:
                if len(vals) >= 4:
                    emit()
                    name, vals, loc = "", [], Location()
                name, vals = _name_goes_on(name, vals, gap)
            loc = loc.merge(l)
            if m.group("val") is not None:
                if name:
                    vals.append([re.sub(r"\s+", "", m.group("val")), ""])
            elif vals:
                vals[-1][1] = re.sub(r"\s+", "", m.group("year"))
            pos = m.end()
        rest = text[pos:].strip()
        if rest:
            if len(vals) >= 4:
                emit()
                name, vals, loc = "", [], Location()
            name, vals = _name_goes_on(name, vals, rest)
            loc = loc.merge(l)
    emit()
    return recs


def _unit(value: str) -> str:
    m = re.search(r"(件|万人|人|%|社|回|者|か所|ha|団体)", value)
    return m.group(1) if m else ""


def _fy(year: str) -> int | None:
    m = re.search(r"\((\d{4})\)", year)
    return int(m.group(1)) if m else None


def _name_goes_on(name: str, vals: list, words: str) -> tuple[str, list]:
    """Words after fewer than four values: those values were part of the name (「…休暇消化率 80％」
    then 「以上の事業者割合」 is one indicator, not a baseline of 80%)."""
    if name and vals:
        name += "".join(v for v, _ in vals)
        vals = []
    return ((name + words) if name else words), vals
