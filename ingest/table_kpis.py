"""KPI tables of other publishers' shapes → KpiRecords.

The report reader (kpi_extractor.py) knows this city's layout. Other documents draw the same
facts in other shapes; three are read here, from any table a reader found (ruled PDF table,
Markdown, tab-separated or space-aligned text):
- years as columns, rows labelled 目標/目標値/当初見込み and 実績/実績値/成果実績/活動実績 under an
  indicator name (review sheets);
- years as columns, one row per indicator, each cell 「目標/実績」 (e.g. 520/538; the caption or
  header may say 「実績/目標」, then the order is swapped);
- years as rows, with 目標 and 実績 columns (and an indicator column, carried down when blank);
- one row per indicator under header cells that each carry a year and a label
  (「R4目標 | R4実績 | R5目標 | R5実績」, 「目標値(令和6年度) | 令和4年度実績 | …」, "FY2023 target |
  FY2023 result"); a target printed for one year only applies to that year;
- one row per indicator with its actuals under year columns and the target in a column of its
  own, often for a later year, beside a baseline and a grade (「基準値(令和2年度) | 令和4年度 | … |
  目標値(令和7年度) | 評価」, "Baseline 2020/21 | 2021/22 | … | Target 2024/25 | Status").
- a header of two rows, the years over 目標 / 実績 columns (read as one row of labelled years);
- one indicator drawn as a block of lines (指標名：, 基準値（年度）：, 目標値（年度）：) over a table of
  its actuals by year;
- an indicator named on a row of its own over its target and actual rows (a scorecard's "Goal" /
  "Achieved").
Years may be printed bare in a header (令和3, R3, 2022) and as fiscal years spanning two calendar
years (2023/24).
Tables that fit none are left to table-row answers. Status is met when the actual reaches
the target (a higher-is-better reading, stated in the reason when derived), unless the table
grades the row itself (an 評価 / 達成状況 column: A, ◎, 達成 or C, ×, 未達成): the document's
own verdict stands (a vacancy rate below its target is met).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from core.types import Block, Document, KpiRecord
from ingest.chunker import spanned_header
from ingest.kpi_values import ACTUAL_WORDS, TARGET_WORDS, label_of, parse_value, split_name_unit, year_of
from ingest.structure import Section, caption_lines, paragraphs, reads_as_caption

_UNIT_CELL = re.compile(r"^[（(]?(人|件|社|%|％|千円|百万円|円|回|時間|者|団体|か所|箇所|店舗|ha|m2|m²|日|年|本|台|校)[）)]?$")


def _years(row: list[str], bare: bool = False) -> list[tuple[int, tuple[str, int, bool]]]:
    return [(i, y) for i, c in enumerate(row) if (y := year_of(c, bare))]


def _status(t, a, lower_better: bool = False) -> tuple[str, str]:
    printed = a is not None and a.value is None and a.text and a.note != "no_value"  # 集計中, 中止
    if t is None or t.value is None:
        if a is not None and a.value is not None:
            return "no_target", "目標値の記載がない"
        return "undecidable", f"実績が「{a.text}」" if printed else "値の記載がない"
    if a is None or a.value is None:
        return "undecidable", f"実績が「{a.text}」" if printed else "実績値の記載がない"
    if lower_better:
        return ("met" if a.value <= t.value else "missed"), "基準値より低い目標(値が小さいほど良い指標)"
    return ("met" if a.value >= t.value else "missed"), ""


# the table's own verdict on a row: a grade column and its scale (A–E, S–C, ◎○△×, ○×, 達成/未達成)
_GRADE_HEAD = re.compile(r"評価|達成状況|達成度|判定|\bgrade\b|\brating\b|\bstatus\b|\bassessment\b", re.I)
_GRADE_WORD_MET = re.compile(r"^(?:達成|達成済み?|目標達成|achieved|met|exceeded|target (?:met|achieved|exceeded))$", re.I)
# a partial or failed result is "not reached"; a trajectory word (on track, at risk) judges nothing yet
_GRADE_WORD_MISSED = re.compile(r"^(?:未達成?|未達|一部達成|not (?:achieved|met)|missed|partially (?:met|achieved)|"
                                r"target not (?:met|achieved))$", re.I)
_SCALES = ("SABCDE", "◎○△×", "○△×")


def top_grade(grades: list[str]) -> Optional[str]:
    """The grade that means "reached" on the scale a column uses: S where the letters start at
    S, else A; ◎ where it is used, else ○. Cells off the scale (「調査中」, 「－」) are ignored."""
    used = {g.strip().upper() for g in grades if g.strip()}
    if used & set("SABCDE"):
        return "S" if "S" in used else "A"
    if "◎" in used:
        return "◎"
    return "○" if used & set("○△×") else None


def _graded(rec: KpiRecord, grade: str, top: Optional[str]) -> KpiRecord:
    g = grade.strip()
    if not g or rec.target_value is None or rec.actual_value is None:
        return rec
    if _GRADE_WORD_MET.match(g) or (top is not None and g.upper() == top):
        verdict = "met"
    elif _GRADE_WORD_MISSED.match(g) or (top is not None and any(g.upper() in sc for sc in _SCALES)):
        verdict = "missed"
    else:
        verdict = None
    if verdict is not None and verdict != rec.status:
        rec.status, rec.reason = verdict, f"文書の評価「{g}」による"
    rec.extra["grade"] = g
    return rec


def kpi_record(doc: Document, sec: Section, block: Block, table_id: str, name: str, unit: str, y, t_text: str,
            a_text: str, raw: list[str], caption: str, lower_better: bool = False) -> KpiRecord:
    t, a = parse_value(t_text) if t_text else None, parse_value(a_text) if a_text else None
    status, why = _status(t, a, lower_better)
    name = re.sub(r"\s*(?:※|＊|\*)\s*\d{0,2}$", "", name)  # 「…転出超過数 ※1」: the footnote mark is not the name
    label, fy, fiscal = y
    program = caption or (sec.path[-1] if sec.path else "")
    return KpiRecord(source=doc.source, title=doc.title, doc_type=doc.doc_type, article=sec.article,
                     article_title=sec.article_title, program=program, program_no=None, sub_item="",
                     indicator=name, unit=unit, year=label if re.search(r"[/／\-–]", label) else
                     f"{label}{'年度' if fiscal else '年'}", fiscal_year=fy,
                     target=t_text, actual=a_text, target_value=t.value if t else None,
                     actual_value=a.value if a else None, status=status, reason=why, loc=block.loc,
                     table_id=table_id, raw=[" | ".join(raw)], flags=[], extra={"caption": caption, "shape": "generic"})


def _name_unit(cells: list[str]) -> tuple[str, str]:
    unit = next((c.strip("()（）") for c in cells if _UNIT_CELL.match(c)), "")
    name_cells = [c for c in cells if c and not _UNIT_CELL.match(c) and not label_of(c)]
    if name_cells[1:] and _REF_CODE.fullmatch(name_cells[0]):
        name_cells = name_cells[1:]  # a reference code (EG01, No.3) before the indicator's name
    name, u2 = split_name_unit(" ".join(name_cells[:1]))
    return name, unit or u2


_CAPTION_TAG = re.compile(r"^\s*(?:[【\[［][^】\]］]{1,12}[】\]］]|(?:指標|No\.?)\s*\d{1,2}[.．:：]?)\s*")
_CAPTION_UNIT = re.compile(r"\s*[（(]\s*単位\s*[:：]\s*([^（）()]{1,8})\s*[）)]\s*$")


def caption_name(caption: str) -> tuple[str, str]:
    """「【指標1】事業承継診断の実施件数 (単位:件)」 → ('事業承継診断の実施件数', '件')."""
    name = _CAPTION_TAG.sub("", caption)
    m = _CAPTION_UNIT.search(name)
    if m:
        return name[:m.start()].strip(), m.group(1).strip()
    return split_name_unit(name)


def read_table(doc: Document, sec: Section, block: Block, caption: str, table_id: str,
               preamble: Optional["Preamble"] = None) -> list[KpiRecord]:
    rows = [[c.strip() for c in r] for r in (block.rows or []) if any(c.strip() for c in r)]
    if len(rows) < 2:
        return []
    if preamble is not None and preamble.name:
        recs = _actuals_under_preamble(doc, sec, block, rows, preamble, table_id)
        if recs:
            return annotate(recs, rows)
    rows = _merged_header(rows)
    head = _year_header(rows)
    if head is not None:
        recs = _years_as_columns(doc, sec, block, rows, head[0], caption, table_id, head[1])
    else:
        recs = _years_as_rows(doc, sec, block, rows, caption, table_id) or \
            _labelled_year_columns(doc, sec, block, rows, caption, table_id) or \
            _current_value_column(doc, sec, block, rows, caption, table_id)
    return annotate(unit_column(recs, rows), rows)


def _merged_header(rows: list[list[str]]) -> list[list[str]]:
    """A header of two rows, the years over the first (each spanning the blank cells after it)
    and 目標 / 実績 under each (「令和4年度 | | 令和5年度 | 」 over 「目標 | 実績 | 目標 | 実績」),
    read as one row of cells that each carry a year and a label (「令和4年度 目標」)."""
    if len(rows) < 3:
        return rows
    top, sub = rows[0], rows[1]
    if sum(1 for c in top if year_of(c, bare=True)) < 2 or sum(1 for c in sub if label_of(c)) < 2 \
            or any(parse_value(c).value is not None and not label_of(c) and not _year_in(c) for c in sub):
        return rows
    return spanned_header(rows)


# one indicator drawn as a block: its name, baseline and target on lines of their own
# (「指標名：創業件数」「基準値（令和元年度）：4件」「目標値（令和7年度）：12件」), then a table of
# its actuals by year
_PREAMBLE_LINE = re.compile(r"^\s*[・●■◆○◎\-*]?\s*(指標名?|成果指標|評価指標|目標値|基準値|Indicator|Measure|Target|Baseline)\s*"
                            r"(?:[（(]\s*([^）)]{1,20})\s*[）)])?\s*[:：]\s*(.+?)\s*$", re.I)
_UNIT_LINE = re.compile(r"^\s*[（(]\s*単位\s*[:：]\s*([^（）()]{1,8})\s*[）)]\s*$")


_UNIT_ROW = re.compile(r"^\s*[（(]?\s*(?:単位|units?)\s*[:：]", re.I)
_FIELD_LINE = re.compile(r"^\s*(?:基準値|目標値|現状値|Baseline|Target)\s*(?:[（(][^）)]{1,20}[）)])?\s*[:：]", re.I)


@dataclass
class Preamble:
    name: str = ""
    unit: str = ""
    target: Optional[tuple[tuple[str, int, bool], str]] = None  # (year, value as printed)
    baseline: Optional[tuple[tuple[str, int, bool], str]] = None

    def read(self, line: str) -> bool:
        """Take one line of the block; False when it is none of the block's lines."""
        m = _PREAMBLE_LINE.match(line)
        if m:
            key, when, value = m.group(1).lower(), m.group(2) or "", m.group(3)
            if key in ("目標値", "target", "基準値", "baseline"):
                y = year_of(when.strip(), bare=True) if when else None
                if y:
                    setattr(self, "target" if key in ("目標値", "target") else "baseline", (y, value))
            else:
                self.name, self.unit = caption_name(value)  # 「…件数（単位：件）」 as a caption gives it
            return True
        u = _UNIT_LINE.match(line)
        if u:
            self.unit = u.group(1).strip()
            return True
        return False


def _actuals_under_preamble(doc, sec, block, rows, pre: Preamble, table_id) -> list[KpiRecord]:
    """A table of years as rows with an actual column but no target column, under an
    indicator's block: each year's actual, the target for its year and the baseline for its."""
    head = rows[0]
    y_i = next((i for i, c in enumerate(head) if re.search(r"年度|年$|^年|year", c, re.I)), None)
    labels = {i: label_of(re.sub(r"[（(].*?[）)]", "", c)) for i, c in enumerate(head)}
    if y_i is None or any(l and l[0] == "target" for l in labels.values()):
        return []
    a_i = next((i for i, l in labels.items() if l and l[0] == "actual" and i != y_i), None)
    if a_i is None:
        return []
    unit = pre.unit or next((l[1] for l in labels.values() if l and l[1]), "")
    program = sec.path[-1] if sec.path else ""
    targets = {pre.target[0][1]: pre.target} if pre.target else {}
    out, seen = [], set()
    for r in rows[1:]:
        y = year_of(r[y_i], bare=True) if y_i < len(r) else None
        if not y or y[1] in seen:
            continue
        seen.add(y[1])
        t = targets.get(y[1])
        out.append(kpi_record(doc, sec, block, table_id, pre.name, unit, y, t[1] if t else "",
                           r[a_i] if a_i < len(r) else "", r, program))
    if not out:
        return []
    for what, item in (("target", pre.target), ("baseline", pre.baseline)):
        if item and item[0][1] not in seen:  # a year the table does not print: the block's own figure for it
            seen.add(item[0][1])
            rec = kpi_record(doc, sec, block, table_id, pre.name, unit, item[0], item[1] if what == "target" else "",
                          item[1] if what == "baseline" else "", [f"{what}: {item[1]}"], program)
            rec.extra["role"] = "目標値" if what == "target" else "基準値"
            out.append(rec)
    return sorted(out, key=lambda r: r.fiscal_year or 0)


_UNIT_HEAD = re.compile(r"^(?:単位|units?)$", re.I)


def _row_of(recs: list[KpiRecord], rows: list[list[str]]) -> dict[int, int]:
    """id(record) → the row it was read from (of several, the last: its actuals)."""
    joined = [" | ".join(r) for r in rows]
    out = {}
    for rec in recs:
        held = [i for i, j in enumerate(joined) if rec.raw and j and j in rec.raw[0]]
        if held:
            out[id(rec)] = held[-1]
    return out


def unit_column(recs: list[KpiRecord], rows: list[list[str]]) -> list[KpiRecord]:
    """A record without a unit takes its row's cell under a 単位 / Unit column (「千m3」「市町村」:
    any unit the table prints, not only those a name or a caption spells out)."""
    head = next((h for h in rows[:3] if any(_UNIT_HEAD.match(c.strip()) for c in h)), None)
    if head is None:
        return recs
    col = next(i for i, c in enumerate(head) if _UNIT_HEAD.match(c.strip()))
    row_of = _row_of(recs, rows)
    for rec in recs:
        ri = row_of.get(id(rec))
        if rec.unit or ri is None:
            continue
        # the row's unit cell, or the cell of the row above it that names the indicator (a
        # row of actuals under a row of targets carries no unit of its own)
        for r in (rows[ri], rows[ri - 1] if ri else []):
            cell = r[col].strip("()（） ") if col < len(r) else ""
            if cell and len(cell) <= 8 and not re.fullmatch(r"[△▲-]?\d[\d,.]*%?", cell) and cell not in _BLANK \
                    and not label_of(cell) and not year_of(cell) and not _UNIT_HEAD.match(cell):
                rec.unit = cell
                break
    return recs


# what a table says about a figure beside target and actual: its own rate, grade, change or
# remark (「達成率 111.5%」「評価 S」「Not met — moved online」), shown with the figure as printed
_NOTE_HEAD = re.compile(_GRADE_HEAD.pattern + r"|達成率|進捗率|増減|前年度?比|対前年|備考|"
                        r"\b(?:rate|variance|change|notes?|remarks?|comments?)\b", re.I)
_BLANK = {"", "-", "－", "—", "–", "―", "ー"}


def _is_note_head(cell: str) -> bool:
    c = re.sub(r"[（(].*?[）)]", "", cell).strip()
    lab = label_of(c)
    return bool(c) and bool(_NOTE_HEAD.search(c)) and not (lab and lab[0] in ("target", "actual")) and len(c) <= 20


def annotate(recs: list[KpiRecord], rows: list[list[str]]) -> list[KpiRecord]:
    """Each record gets the table's notes on it (extra["notes"]: [header, cell] pairs): a note
    column of the record's row (for the year its header names, else for the row's latest
    figure), or a note row under the record's rows (「達成率 | 77.5% | 94.0%」, by year column)."""
    if not recs:
        return recs
    row_of = _row_of(recs, rows)

    def add(rec: KpiRecord, head: str, value: str) -> None:
        if value.strip() not in _BLANK and value.strip() not in (rec.actual, rec.target):
            rec.extra.setdefault("notes", []).append([head.strip(), value.strip()])

    by_row: dict[int, list[KpiRecord]] = {}
    for rec in recs:
        if id(rec) in row_of:
            by_row.setdefault(row_of[id(rec)], []).append(rec)
    for ri, rs in by_row.items():
        head = next((h for h in rows[:min(ri, 3)] if any(_is_note_head(c) for c in h)), None)
        if head is None:
            continue
        for i, h in enumerate(head):
            if not _is_note_head(h) or i >= len(rows[ri]):
                continue
            y = year_of(h, bare=True) if _YEAR_IN.search(h) else None
            dated = [r for r in rs if y and r.fiscal_year == y[1]]
            figures = [r for r in rs if r.actual] or rs
            owner = dated[0] if dated else max(figures, key=lambda r: r.fiscal_year or 0)
            add(owner, re.sub(r"[（(].*?[）)]", "", h) if y else h, rows[ri][i])
    # note rows: a row labelled as a note, under the rows of the records it follows
    years = next((ys for r in rows[:3] if (ys := _years(r, bare=True))), [])
    for ri, r in enumerate(rows):
        label = next((c for c in r if c.strip()), "")
        if ri in by_row or not years or not _is_note_head(label):
            continue
        above = [i for i in by_row if i < ri]
        if not above:
            continue
        owners = [rec for i in above for rec in by_row[i] if rec.indicator == by_row[max(above)][0].indicator]
        for i, y in years:
            if i < len(r):
                for rec in owners:
                    if rec.fiscal_year == y[1] and not any(n[0] == label for n in rec.extra.get("notes", [])):
                        add(rec, label, r[i])
                        break
    return recs


# 「基準値(年度) | 目標値(年度) | 現状値 | 評価」: one current figure against a goal for a later year
_CURRENT = re.compile(r"^(?:現状値|現況値|直近値|最新値|実績値|現在値)$|^(?:current|latest)(?: value| figure)?$", re.I)
_CELL_YEAR = re.compile(r"[（(]\s*((?:令和|R|H|平成)\s*(?:\d{1,2}|元)\s*(?:年度|年)?|(?:FY\s*)?(?:19|20)\d\d(?:\s*[/／\-–]\s*\d\d)?\s*(?:年度|年)?)\s*[）)]")


def report_year(doc: Document) -> Optional[tuple[str, int, bool]]:
    """The year a progress report covers, as its title states it (「令和6年度進捗状況」, "2023/24"):
    the year of a figure the table calls current."""
    m = _YEAR_IN.search(doc.title or "")
    return year_of(m.group(0).strip(), bare=True) if m else None


def _current_value_column(doc, sec, block, rows, caption, table_id) -> list[KpiRecord]:
    """A table of goals with one current figure each: the current figure is the report year's
    actual (or the year printed beside it), measured against the goal and the year the goal
    is set for, which the goal cell states (「45.0%(R7)」)."""
    head = [re.sub(r"[（(].*?[）)]", "", c).strip() for c in rows[0]]
    cur = next((i for i, c in enumerate(head) if _CURRENT.match(c)), None)
    goal = next((i for i, c in enumerate(head) if (x := label_of(c)) and x[0] == "target"), None)
    base = next((i for i, c in enumerate(head) if i != cur and _BASELINE.search(c)), None)
    # a current figure without a baseline beside it is a plan's baseline (「現状 | 目標」), not a result
    if cur is None or goal is None or base is None or cur == base:
        return []
    year = report_year(doc)
    tc = _target_columns(rows[0], [(cur, year)] if year else [])
    if tc is None:
        return []
    grade = tc.grade
    tc.top = top_grade([r[grade] for r in rows[1:] if grade is not None and grade < len(r)])
    out: list[KpiRecord] = []
    for r in rows[1:]:
        if cur >= len(r) or goal >= len(r):
            continue
        m = _CELL_YEAR.search(r[cur])
        y = (year_of(m.group(1).strip(), bare=True) if m else None) or year
        g = _CELL_YEAR.search(r[goal])
        gy = year_of(g.group(1).strip(), bare=True) if g else None
        if y is None:
            continue
        row = list(r)
        row[cur], row[goal] = _CELL_YEAR.sub("", r[cur]).strip(), _CELL_YEAR.sub("", r[goal]).strip()
        row[base] = _CELL_YEAR.sub("", r[base]).strip()
        tc.targets = {goal: (gy, gy[1]) if gy else (None, None)}
        out.extend(_row_with_target_columns(doc, sec, block, row, [(cur, y)], tc, caption, table_id))
    return out


def _numeric(c: str) -> bool:
    return parse_value(c).value is not None


def _year_header(rows: list[list[str]]) -> Optional[tuple[int, bool]]:
    """The row that heads the year columns, and whether its years are printed bare (令和3, R3,
    2022): a bare year heads a column only in a row of rising years, above every number of the
    table, with no other number in it, under no row that already heads each of its columns (else
    2010 | 2015 could be a row of values)."""
    for i, r in enumerate(rows[:3]):
        if len(_years(r)) >= 2:
            return i, False
        ys = _years(r, bare=True)
        fys = [y[1] for _, y in ys]
        headed = i > 0 and all(j < len(rows[i - 1]) and rows[i - 1][j] for j, _ in ys)
        if len(ys) >= 2 and fys == sorted(set(fys)) and not headed and not any(_numeric(c) for rr in rows[:i] for c in rr) \
                and not any(_numeric(c) for j, c in enumerate(r) if j not in dict(ys)):
            return i, True
    return None


def _years_as_columns(doc, sec, block, rows, head_i, caption, table_id, bare=False) -> list[KpiRecord]:
    years = _years(rows[head_i], bare)
    # (a table of 目標/実績 rows is read by its rows; its other rows, e.g. 達成度, are not indicators)
    labelled = any(label_of(c) for r in rows[head_i + 1:] for c in r)
    plain = None if labelled else _target_columns(rows[head_i], years)
    if plain is not None and plain.grade is not None:
        plain.top = top_grade([r[plain.grade] for r in rows[head_i + 1:] if plain.grade < len(r)])
    swap = bool(re.search(r"実績\s*[/／]\s*目標", caption + " ".join(rows[head_i])))
    # 「520/538」 is a target and an actual only where the table says it holds them (not a formula's X/Y)
    slashed = bool(re.search(r"目標|実績|見込|指標|達成|KPI|\b(?:targets?|actuals?|goals?|results?|plan|indicators?|measures?)\b",
                             " ".join([caption, *rows[head_i], *(sec.path[-1:] if sec.path else [])]), re.I))
    out: list[KpiRecord] = []
    pending: dict[str, dict] = {}  # indicator → {"target": row, "actual": row}
    name_units: dict[str, str] = {}  # the unit a name row states (「Visitor spending ($ millions)」)
    last = ""
    for r in rows[head_i + 1:]:
        lab_i = next((i for i, c in enumerate(r) if label_of(c)), None)
        filled = [c for c in r if c]
        if labelled and lab_i is None and len(filled) == 1 and not _numeric(filled[0]) and not _UNIT_ROW.match(filled[0]):
            # the indicator's name on a row of its own, its target and actual rows under it
            cleaned = re.sub(r"\s*(?:[（(][a-z][)）]|[※*]\s*\d{0,2})$", "", filled[0])  # a footnote mark (a), ※1
            last, name_units[last] = split_name_unit(re.sub(r"^\s*(?:\d{1,2}[.．)]|[①-⑳])\s*", "", cleaned))
            continue
        if lab_i is not None:  # 目標値 / 成果実績 rows under an indicator
            name, unit = _name_unit(r[:lab_i])
            kind, u = label_of(r[lab_i])
            if not (name or last):  # the table's only indicator, named by its caption (or its heading)
                name, unit = caption_name(caption or (sec.path[-1] if sec.path else ""))
            name = name or last
            last = name
            entry = pending.setdefault(name, {"unit": unit or u or name_units.get(name, "")})
            entry[kind] = r
            continue
        # one row per indicator with 「目標/実績」 cells under the year columns
        cells = {i: r[i] for i, _ in years if i < len(r)}
        if not slashed or not any(re.search(r"\d\s*[/／]\s*\d", v) for v in cells.values()):
            if plain is not None:  # actuals under the years, the target in a column of its own
                out.extend(_row_with_target_columns(doc, sec, block, r, years, plain, caption, table_id))
            continue
        name, unit = _name_unit([c for i, c in enumerate(r) if i not in cells])
        for i, y in years:
            v = cells.get(i, "")
            parts = [p.strip() for p in re.split(r"[/／]", v)] if re.search(r"[/／]", v) else [v, ""]
            t_text, a_text = (parts[1], parts[0]) if swap else (parts[0], parts[1] if len(parts) > 1 else "")
            out.append(kpi_record(doc, sec, block, table_id, name, unit, y, t_text, a_text, r, caption))
    for name, e in pending.items():
        if "target" not in e and "actual" not in e:
            continue
        # (falling targets alone do not say it here: a shrinking membership's targets fall too)
        lower = bool(_LOWER_BETTER.search(name))
        for k, (i, y) in enumerate(years):
            def cell(row):
                if row is None:
                    return ""
                return row[i] if i < len(row) else ""
            t_text, a_text = cell(e.get("target")), cell(e.get("actual"))
            if not (t_text or a_text):
                continue
            raw = [" | ".join(e[k2]) for k2 in ("target", "actual") if k2 in e]
            out.append(kpi_record(doc, sec, block, table_id, name, e["unit"], y, t_text, a_text, raw, caption, lower))
    return out


_TARGET_IN = re.compile("|".join(TARGET_WORDS))
_ACTUAL_IN = re.compile("|".join(ACTUAL_WORDS))
_BASELINE = re.compile(r"基準値|基準年|現状値|策定時|当初値|\bbaseline\b", re.I)


@dataclass
class _TargetColumns:
    """The columns beside a row of yearly actuals: targets (by the year they are for; None when
    the header names no year), a baseline and the table's own grade."""
    targets: dict[int, tuple[Optional[tuple[str, int, bool]], Optional[int]]]  # column → (year, fy)
    baseline: Optional[int]
    baseline_year: Optional[tuple[str, int, bool]]
    grade: Optional[int]
    top: Optional[str] = None  # the grade that means "reached" on the column's scale


def _target_columns(head: list[str], years) -> Optional[_TargetColumns]:
    cols = {i for i, _ in years}
    targets: dict = {}
    baseline = grade = base_year = None
    for i, c in enumerate(head):
        if i in cols or not c:
            continue
        lab, plain_label = _year_label(c), label_of(re.sub(r"[（(].*?[）)]", "", c))
        if lab and lab[0] == "target":
            targets[i] = (lab[1], lab[1][1])
        elif plain_label and plain_label[0] == "target":
            targets[i] = (None, None)  # 「目標」 with no year: the goal the latest figure is measured against
        elif _BASELINE.search(c):
            baseline = i
            m = _YEAR_IN.search(c)
            base_year = year_of(m.group(0), bare=True) if m else None
        elif _GRADE_HEAD.search(c):
            grade = i
    return _TargetColumns(targets, baseline, base_year, grade) if targets else None


def _row_with_target_columns(doc, sec, block, r, years, tc: _TargetColumns, caption, table_id) -> list[KpiRecord]:
    """「基準値(R2) | R4 | R5 | R6 | 目標値(R7) | 評価」: an actual per year; each target applies to its
    own year, and the latest actual is measured against the next target (the document's grade,
    when it gives one, judges that comparison). A baseline above its target means lower is better."""
    def cell(i):
        return r[i] if i is not None and i < len(r) else ""

    actuals = {y[1]: (y, cell(i)) for i, y in years if cell(i)}
    if not any(_numeric(v) for _, v in actuals.values()):
        return []
    skip = {i for i, _ in years} | set(tc.targets) | {tc.baseline, tc.grade}
    name, unit = _name_unit([c for i, c in enumerate(r) if i not in skip and not _numeric(c)])
    if not name:
        return []
    latest = max(actuals)
    targets: dict[int, tuple] = {}
    for i, (y, fy) in tc.targets.items():
        if cell(i):
            targets[fy if fy is not None else latest] = (y or actuals[latest][0], cell(i))
    base = parse_value(cell(tc.baseline)).value if tc.baseline is not None else None
    grade = cell(tc.grade)
    out: list[KpiRecord] = []
    if tc.baseline_year and base is not None and tc.baseline_year[1] not in actuals:  # the baseline is that year's actual
        rec = kpi_record(doc, sec, block, table_id, name, unit, tc.baseline_year, "", cell(tc.baseline), r, caption)
        rec.reason, rec.extra["baseline"] = "基準値", cell(tc.baseline)
        out.append(rec)
    for fy in sorted(set(actuals) | set(targets)):
        y = actuals[fy][0] if fy in actuals else targets[fy][0]
        a_text = actuals[fy][1] if fy in actuals else ""
        t_text, t_year, extra = (targets[fy][1], fy, {}) if fy in targets else ("", None, {})
        if fy == latest and fy not in targets:
            later = [f for f in targets if f > fy]
            if later:  # measured against the next target: reaching it early is met, short of it is open
                t_year = min(later)
                t_text = targets[t_year][1]
                extra = {"target_year": t_year}
                if re.search(r"[/／\-–]", targets[t_year][0][0]):  # 2024/25: kept as printed
                    extra["target_year_label"] = targets[t_year][0][0]
        tv = parse_value(t_text).value if t_text else None
        lower = base is not None and tv is not None and base > tv
        rec = kpi_record(doc, sec, block, table_id, name, unit, y, t_text, a_text, r, caption, lower)
        if extra:
            rec.extra.update(extra)
            if rec.status == "missed":
                rec.status, rec.reason = "undecidable", f"目標は{_year_text(targets[t_year][0])}の値で、まだ届いていない"
        if base is not None:
            rec.extra["baseline"] = cell(tc.baseline)
        if tc.grade is not None and fy == latest:
            rec = _graded(rec, grade, tc.top)
        out.append(rec)
    return out


def _year_text(y: tuple[str, int, bool]) -> str:
    if re.search(r"[/／\-–]", y[0]):
        return y[0]
    return f"令和{y[1] - 2018}年度" if y[0].startswith("R") else f"{y[1]}年度"


def _years_as_rows(doc, sec, block, rows, caption, table_id) -> list[KpiRecord]:
    head = rows[0]
    labels = {i: label_of(re.sub(r"[（(].*?[）)]", "", c)) for i, c in enumerate(head)}
    t_i = next((i for i, l in labels.items() if l and l[0] == "target"), None)
    a_i = next((i for i, l in labels.items() if l and l[0] == "actual"), None)
    y_i = next((i for i, c in enumerate(head) if re.search(r"年度|年$|^年|year", c, re.I)), None)
    if (t_i is None or a_i is None) and y_i is not None:
        # 「研修修了者数(目標)」「研修修了者数(実績)」: the label inside the header, the name around it
        t_i = next((i for i, c in enumerate(head) if i != y_i and _TARGET_IN.search(c) and not _ACTUAL_IN.search(c)), None)
        a_i = next((i for i, c in enumerate(head) if i != y_i and _ACTUAL_IN.search(c)), None)
        if t_i is not None and a_i is not None:
            stem = re.sub(r"[（(]?(?:" + "|".join(TARGET_WORDS) + r")[）)]?", "", head[t_i]).strip()
            caption = stem or caption
    if t_i is None or a_i is None or y_i is None:
        return []
    name_i = next((i for i, c in enumerate(head) if re.search(r"指標|項目|名称|区分", c) and i not in (t_i, a_i, y_i)), None)
    g_i = next((i for i, c in enumerate(head) if _GRADE_HEAD.search(c) and i not in (t_i, a_i, y_i, name_i)), None)
    top = top_grade([r[g_i] for r in rows[1:] if g_i is not None and g_i < len(r)])
    unit_hint = next((l[1] for l in labels.values() if l and l[1]), "")
    out: list[KpiRecord] = []
    name = ""
    for r in rows[1:]:
        if y_i >= len(r):
            continue
        y = year_of(r[y_i], bare=True)  # the year column: 「R5」「令和6」 without 年度 are years too
        if name_i is not None and name_i < len(r) and r[name_i]:
            name = r[name_i]
        if not y:
            continue
        n, unit = split_name_unit(name) if name else caption_name(caption or (sec.path[-1] if sec.path else "指標"))
        t_text = r[t_i] if t_i < len(r) else ""
        a_text = r[a_i] if a_i < len(r) else ""
        rec = kpi_record(doc, sec, block, table_id, n, unit or unit_hint, y, t_text, a_text, r, caption)
        out.append(_graded(rec, r[g_i], top) if g_i is not None and g_i < len(r) else rec)
    return out


_YEAR_IN = re.compile(r"(?:令和|R)\s*(\d{1,2}|元)(?:\s*[（(]\s*\d{4}\s*[）)])?\s*(?:年度|年)?|"
                      r"(?:FY\s*)?((?:19|20)\d\d)(?:\s*[/／\-–]\s*\d\d(?!\d))?\s*(?:年度|年)?", re.I)
_EN_TARGET = re.compile(r"\b(?:target|goal|plan(?:ned)?)\b", re.I)
_EN_ACTUAL = re.compile(r"\b(?:result|actual|achieved|outcome|performance)s?\b", re.I)


def _year_in(cell: str) -> Optional[tuple[str, int, bool]]:
    """The year a header cell names beside its label (「FY2023/24 Status」 → 2023)."""
    m = _YEAR_IN.search(cell)
    return year_of(m.group(0).strip(), bare=True) if m else None


def _year_label(cell: str) -> Optional[tuple[str, tuple[str, int, bool]]]:
    """「R4目標」「目標値(令和6年度)」「令和4年度実績」「FY2023 result」 → (kind, year)."""
    m = _YEAR_IN.search(cell)
    if not m:
        return None
    rest = (cell[:m.start()] + " " + cell[m.end():]).strip()
    if _ACTUAL_IN.search(rest) or _EN_ACTUAL.search(rest):
        kind = "actual"
    elif _TARGET_IN.search(rest) or _EN_TARGET.search(rest):
        kind = "target"
    else:
        return None
    y = year_of(m.group(0).strip(), bare=True)
    return (kind, y) if y else None


def _labelled_year_columns(doc, sec, block, rows, caption, table_id) -> list[KpiRecord]:
    head_i = next((i for i, r in enumerate(rows[:3]) if {x[0] for c in r if (x := _year_label(c))} == {"target", "actual"}),
                  None)
    if head_i is None:
        return []
    head = rows[head_i]
    cols = {i: x for i, c in enumerate(head) if (x := _year_label(c))}
    targets = {y[1]: i for i, (k, y) in cols.items() if k == "target"}
    actuals = {y[1]: i for i, (k, y) in cols.items() if k == "actual"}
    years = {y[1]: y for _, y in cols.values()}
    # a grade column per year (「FY2023/24 Status」) judges that year; a single one, the latest
    graded = [i for i, c in enumerate(head) if i not in cols and _GRADE_HEAD.search(c)]
    year_grades = {y[1]: i for i in graded if (y := _year_in(head[i]))}
    g_i = graded[0] if graded else None
    last_year = max(actuals)
    grade_cols = year_grades or ({last_year: g_i} if g_i is not None else {})
    top = top_grade([r[i] for i in grade_cols.values() for r in rows[head_i + 1:] if i < len(r)])
    out: list[KpiRecord] = []
    for r in rows[head_i + 1:]:
        names = [c for i, c in enumerate(r) if i not in cols and i not in grade_cols.values() and i != g_i and c
                 and parse_value(c).value is None]
        if names[1:] and _REF_CODE.fullmatch(names[0]):
            names = names[1:]  # a reference code (ED04, No.3) before the indicator's name
        if not names:
            continue
        name, unit = split_name_unit(re.sub(r"^\s*(?:[①-⑳]|[(（]\d{1,2}[)）]|\d{1,2}[.．])\s*", "", names[0]))

        def cell(i: Optional[int]) -> str:
            return r[i] if i is not None and i < len(r) else ""

        lower = _lower_is_better(names[0], [parse_value(cell(targets.get(fy))).value for fy in sorted(years)])
        for fy in sorted(years):
            t_text, a_text = cell(targets.get(fy)), cell(actuals.get(fy))
            if not (t_text or a_text):
                continue
            rec = kpi_record(doc, sec, block, table_id, name, unit, years[fy], t_text, a_text, r, caption, lower)
            out.append(_graded(rec, cell(grade_cols[fy]), top) if fy in grade_cols else rec)
    return out


_REF_CODE = re.compile(r"[A-Za-z]{1,4}[-.]?\d{1,3}[a-z]?|No\.?\s*\d{1,3}|#?\d{1,3}")
_LOWER_BETTER = re.compile(r"lower\s*(?:=|is)\s*better|(?:fewer|smaller|lower)\s+is\s+better|低いほど|少ないほど|小さいほど", re.I)


def _lower_is_better(name: str, targets: list[Optional[float]]) -> bool:
    """An indicator whose name says lower is better, or whose targets fall year after year
    (a vacancy rate, days to pay)."""
    if _LOWER_BETTER.search(name):
        return True
    ts = [t for t in targets if t is not None]
    return len(ts) >= 2 and ts[0] > ts[-1] and all(a >= b for a, b in zip(ts, ts[1:]))


def extract_table_kpis(doc: Document, sections: list[Section], skip_article_sections: bool) -> list[KpiRecord]:
    """Every table of the document that reads as a KPI table; the sections the report reader
    handles (article sections of this city's report) are skipped when asked."""
    out: list[KpiRecord] = []
    n = 0
    for sec in sections:
        if skip_article_sections and sec.article is not None:
            continue
        preambles = _preambles(sec.blocks)
        caption = ""
        for b in paragraphs(sec.blocks):
            if b.kind == "line":
                # a short line before a table names it; a list item (a legend, a note) does not
                # nor does a field of the indicator (「基準値：4.2％（令和元年度）」): the heading above it does
                caption = next((line.strip("*# ") for line in caption_lines(b) if line.strip("*# ")
                                and reads_as_caption(line.strip("*# ")) and not re.match(r"^\s*[-・*]\s", line)
                                and not _FIELD_LINE.match(line)), caption)
                continue
            n += 1
            out.extend(read_table(doc, sec, b, re.sub(r"^[●■◆・\-*#\s]+|\*+$", "", caption).strip(), f"{doc.source}#g{n}",
                                  preambles.get(id(b))))
    return out


def _preambles(blocks: list[Block]) -> dict[int, Preamble]:
    """The indicator block (name, baseline, target lines) right above each table, by the table's
    id; any other line between them ends the block."""
    out, pre = {}, Preamble()
    for b in blocks:
        if b.kind == "line":
            if not pre.read(b.text) and not re.match(r"^\s*[※*]|^\s*注", b.text):
                pre = Preamble()  # a sentence between the name and the table: not one block
            continue
        if pre.name:
            out[id(b)] = pre
        pre = Preamble()
    return out

