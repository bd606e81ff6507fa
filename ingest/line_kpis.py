"""KPI results stated in lines and sentences rather than tables → KpiRecords.

Many progress reports give an indicator's target and actual in a bullet or a sentence:
- 「- 相談件数：目標 1,200件 ／ 実績 1,318件（令和6年度）◎」, followed by
  「- 令和5年度実績：1,105件（目標1,100件）」 for the same indicator;
- 「令和6年度の創業相談件数は、目標120件に対し、実績は134件であった。」 (the year is the sentence's,
  else the year the report covers).
Only these explicit target–actual pairs are read: a figure without its target stays a passage.
A table's record of the same indicator and year wins over a line's (tables are read first).
"""
from __future__ import annotations

import re
from typing import Optional

from core.types import Document, KpiRecord
from ingest.kpi_values import year_of
from ingest.structure import Section
from ingest.table_kpis import kpi_record, report_year

# a printed value: a figure with its unit (1,200件, 12.0％以下, 8億4,200万円) or a word for none (調査中)
_VALUE = r"(?:[\d,.]+(?:[万億千百]+[\d,.]*)*\s*(?:[%％]|[一-龥ァ-ヶー]{1,4}?)?(?:以下|以上|未満)?(?![\d,.])|調査中|集計中|未集計|－|―)"
_YEAR = r"(?:令和|平成|R)\s*(?:\d{1,2}|元)\s*年度?|(?:FY\s*)?(?:19|20)\d\d\s*年度?"
_BULLET = r"^\s*(?:[-・*●○◆■]|\d{1,2}[.．)）]|[①-⑳])?\s*"
# 「相談件数：目標 1,200件 ／ 実績 1,318件（令和6年度）」
_PAIR_LINE = re.compile(_BULLET + r"(?P<name>[^：:]{2,60}?)\s*[：:]\s*目標値?\s*(?P<t>" + _VALUE + r")\s*[／/、,]\s*"
                        r"実績値?\s*(?P<a>" + _VALUE + r")\s*(?:[（(]\s*(?P<y>" + _YEAR + r")\s*[）)])?")
# 「令和5年度実績：1,105件（目標1,100件）」: the indicator of the line before
_YEAR_LINE = re.compile(_BULLET + r"(?P<y>" + _YEAR + r")\s*の?\s*実績値?\s*[：:]\s*(?P<a>" + _VALUE + r")\s*"
                        r"[（(]\s*目標値?\s*(?P<t>" + _VALUE + r")\s*[）)]")
# 「令和6年度の創業相談件数は、目標120件に対し、実績は134件であった」
_SENTENCE = re.compile(r"(?:^|[。、\s])(?:(?P<y>" + _YEAR + r")の)?(?P<name>[^。、「」\s]{2,40}?)(?:は|が)[、,]?\s*"
                       r"目標値?(?:の)?\s*(?P<t>" + _VALUE + r")\s*に対し(?:て)?[、,]?\s*(?:実績(?:値)?(?:は|が)?)?\s*"
                       r"(?P<a>" + _VALUE + r")")
# 「水揚げ金額は8億4,200万円となり、目標の9億円に対して達成率93.6％」: the actual first
_SENTENCE_ACTUAL_FIRST = re.compile(r"(?:^|[。、\s])(?:(?P<y>" + _YEAR + r")の)?(?P<name>[^。、「」\s]{2,40}?)(?:は|が)[、,]?\s*"
                                    r"(?P<a>" + _VALUE + r")\s*(?:となり|となって|で(?:あり)?)[、,]?\s*目標値?(?:の)?\s*"
                                    r"(?P<t>" + _VALUE + r")\s*に対し")
_LOWER = re.compile(r"以下|未満|低いほど|少ないほど|小さいほど")
# 「…成立した件数（事業承継の成約件数）」: a short name of the indicator in brackets (not a qualifier: 相談後1年以内)
_ALIAS = re.compile(r"[（(]([^（）()]{2,30}(?:数|率|額|割合|量))[）)]$")


def _name(text: str) -> str:
    m = _ALIAS.search(text)
    name = m.group(1) if m else text
    return re.sub(r"^(?:一方|また|なお|ただし|さらに|このうち|うち)[、,]?", "", name).strip("　 ・")


def _heading_year(doc: Document) -> Optional[tuple[str, int, bool]]:
    """The year the document's first line names when it names one (「令和6年度 年次報告」)."""
    first = next((b.text for b in doc.blocks if b.kind == "line" and b.text.strip()), "")
    years = re.findall(_YEAR, first)
    return year_of(years[0].strip(), bare=True) if len(years) == 1 else None


def extract_line_kpis(doc: Document, sections: list[Section], known: set[tuple[str, int]]) -> list[KpiRecord]:
    """`known`: (indicator, fiscal year) of the records tables gave; those are not repeated."""
    out: list[KpiRecord] = []
    default_year = report_year(doc) or _heading_year(doc)
    n = 0
    for sec in sections:
        last = ""  # the indicator a 「令和5年度実績：…」 line continues
        for b in sec.blocks:
            if b.kind != "line":
                continue
            found: list[tuple[str, Optional[tuple[str, int, bool]], str, str]] = []
            m = _PAIR_LINE.match(b.text)
            if m:
                last = _name(m.group("name"))
                found.append((last, year_of(m.group("y"), bare=True) if m.group("y") else default_year, m.group("t"), m.group("a")))
            elif last and (m := _YEAR_LINE.match(b.text)):
                found.append((last, year_of(m.group("y").strip(), bare=True), m.group("t"), m.group("a")))
            else:
                for m in [*_SENTENCE.finditer(b.text), *_SENTENCE_ACTUAL_FIRST.finditer(b.text)]:
                    y = year_of(m.group("y").strip(), bare=True) if m.group("y") else default_year
                    found.append((_name(m.group("name")), y, m.group("t"), m.group("a")))
            for name, y, t, a in found:
                if not y or len(name) < 2 or (name, y[1]) in known:
                    continue
                known.add((name, y[1]))
                n += 1
                lower = bool(_LOWER.search(t) or _LOWER.search(b.text))
                rec = kpi_record(doc, sec, b, f"{doc.source}#l{n}", name, "", y, t.strip(), a.strip(), [b.text], "", lower)
                rec.extra["shape"] = "line"
                out.append(rec)
    return out
