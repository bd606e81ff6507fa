"""Parsing of the cell values and indicator names found in KPI tables.

Values are kept as printed (`text`) and parsed (`value`) separately, so an answer can show
exactly what the document says while comparisons use numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

CANCELLED = ("開催中止", "中止", "休止")
NO_VALUE = {"—", "―", "-", "ー", "–", "‐", "－", "─", ""}

_NUM = re.compile(r"^(約)?\s*([\d,]+(?:\.\d+)?)\s*([^\d\s]{0,4})$")
_LARGE = re.compile(r"^(約)?\s*(?:(\d[\d,]*(?:\.\d+)?)\s*億)?\s*(?:(\d[\d,]*(?:\.\d+)?)\s*万)?(?<=[億万])\s*([^\d\s]{0,3})$")
_FOOTNOTE = re.compile(r"(?<=\S)\s*(?:[※＊*]\s*\d{0,2}|[（(]\s*(?:注|※)\s*\d{1,2}\s*[）)]|注\s*\d{1,2})$")
_UNIT_IN_NAME = re.compile(r"\s*[（(]\s*([^()（）]{1,8})\s*[）)]\s*$")


@dataclass
class CellValue:
    text: str
    value: Optional[float]
    note: str = ""  # cancelled | no_value | approx | composite | text


def parse_value(cell: str) -> CellValue:
    t = (cell or "").strip()
    if t in NO_VALUE:
        return CellValue(t, None, "no_value")
    if any(t.startswith(c) for c in CANCELLED):
        return CellValue(t, None, "cancelled")
    m = _LARGE.match(_FOOTNOTE.sub("", t))
    if m:  # 「8億4,200万円」 against 「9億円」: one scale, so that the two compare
        oku, man = (float(x.replace(",", "")) if x else 0.0 for x in (m.group(2), m.group(3)))
        return CellValue(t, oku * 1e8 + man * 1e4, "approx" if m.group(1) else "")
    m = _NUM.match(_FOOTNOTE.sub("", t))  # 「58※2」: the figure, with a footnote mark after it
    if m:
        v = float(m.group(2).replace(",", ""))
        return CellValue(t, v, "approx" if m.group(1) else "")
    return CellValue(t, None, "text")  # e.g. 20組57件: kept verbatim, not compared


def split_composite(cell: str) -> list[str]:
    """「201／23」 (total／of which foreign) → ['201', '23']."""
    return [p.strip() for p in re.split(r"[／/]", cell)] if re.search(r"\d\s*[／/]\s*\d", cell) else [cell]


def normalize_unit(unit: str) -> str:
    u = unit.replace(" ", "")
    return {"m2": "m²", "m²": "m²", "％": "%"}.get(u, u)


def split_name_unit(name: str) -> tuple[str, str]:
    """「生産緑地地区の新規指定面積 (m 2)」 → ('生産緑地地区の新規指定面積', 'm²')."""
    name = re.sub(r"\s+", " ", name).strip()
    m = _UNIT_IN_NAME.search(name)
    # a unit is short or counts something (百万円, 団体, m², people); a longer Japanese noun phrase
    # in brackets qualifies the name (「県制度融資（中小企業振興資金）」)
    inner = m.group(1).strip() if m else ""
    phrase = len(inner) > 4 and re.fullmatch(r"[\u3040-\u30ff\u3400-\u9fff・]+", inner) and \
        not re.search(r"[円人件社回者日時年品団店所箇]", inner)
    if m and not phrase:
        return name[:m.start()].strip(), normalize_unit(m.group(1))
    return name, ""


# the words publishers use for the planned and the achieved figure of an indicator
TARGET_WORDS = ("目標値", "目標", "計画値", "当初見込み", "当初見込", "活動見込み", "活動見込", "見込み", "見込", "見込値")
ACTUAL_WORDS = ("実績値", "成果実績", "活動実績", "実績")
# a cell that is only the label, as English tables print it (a row or column of its own)
_TARGET_EN, _ACTUAL_EN = ("target", "goal", "planned", "plan"), ("actual", "result", "outcome", "achieved")
_LABEL = re.compile(r"^(" + "|".join(TARGET_WORDS + ACTUAL_WORDS + _TARGET_EN + _ACTUAL_EN)
                    + r")s?\s*(?:[（(]\s*([^()（）]{1,8})\s*[）)])?$", re.I)


def label_of(cell: str) -> Optional[tuple[str, str]]:
    """「目標（回）」 → ('target', '回'); 「実績」 / 「成果実績」 → ('actual', ''); else None."""
    m = _LABEL.match(_FOOTNOTE.sub("", cell.strip()))  # 「成果実績※1」: the label, with a footnote mark
    if not m:
        return None
    word = m.group(1).lower()
    return ("target" if word in TARGET_WORDS or word in _TARGET_EN else "actual"), normalize_unit(m.group(2) or "")


_YEAR = re.compile(r"^(?:R|令和)\s*(\d{1,2}|元)\s*(?:[（(]\s*\d{4}\s*[）)])?\s*(?:年(度)?)?$")
_WESTERN = re.compile(r"^(?:FY\s*)?((?:19|20)\d\d)\s*(年度|年)?$", re.I)
# a fiscal year that spans two calendar years: 2022/23, 2022-23, FY2022/23 (the year it starts in)
_SPANNING = re.compile(r"^(?:FY\s*)?((?:19|20)\d\d)\s*[/／\-–]\s*(\d\d)$", re.I)


def year_of(cell: str, bare: bool = False) -> Optional[tuple[str, int, bool]]:
    """「R6年度」 → ('R6', 2024, fiscal=True); 「R6年」 → ('R6', 2024, fiscal=False);
    「2024年度」 / 「FY2024」 / 「2024/25」 → ('R6', 2024, True). A year printed bare (「令和6」,
    「R6」, 「2024」) is a year only where the caller knows the cell heads a year column (`bare`):
    elsewhere it is a count or a code; public-sector tables count in fiscal years."""
    t = cell.strip()
    m = _YEAR.match(t)
    if m and (bare or "年" in t):
        n = 1 if m.group(1) == "元" else int(m.group(1))
        return f"R{n}", 2018 + n, bool(m.group(2)) or "年" not in t
    m = _SPANNING.match(t)
    if m and int(m.group(2)) == (int(m.group(1)) + 1) % 100:
        return t.removeprefix("FY").strip(), int(m.group(1)), True  # printed as the publisher prints it
    m = _WESTERN.match(t)
    if m and (m.group(2) or t.upper().startswith("FY") or bare):
        fy = int(m.group(1))
        return (f"R{fy - 2018}" if fy > 2018 else str(fy)), fy, m.group(2) != "年"
    return None


def clean_caption(text: str) -> str:
    t = re.sub(r"^(- )?[●・]?\s*", "", text.strip())
    return t.strip()
