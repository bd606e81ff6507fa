"""Reader for .txt/.md files: lines with line numbers, tab-separated rows as tables.

Japanese offices still produce Shift_JIS/CP932 files, so the encoding is detected, not
assumed; a file that decodes as none of the expected encodings is refused by name.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from core.types import Block, Document, Location
from ingest.errors import IngestError
from ingest.kpi_values import label_of
from ingest.normalize import normalize_cell, normalize_line, normalize_raw

_ENCODINGS = ("utf-8-sig", "cp932", "euc-jp", "iso-2022-jp")
_MD_TABLE = re.compile(r"^\s*\|.*\|\s*$")
_UNIT_NOTE = re.compile(r"^\s*[（(]?\s*(?:単位|unit|units)\s*[:：]\s*[^（）()]{1,20}[）)]?\s*$", re.I)
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")


def decode_text(raw: bytes, path: str) -> str:
    if b"\x00" in raw[:4096]:
        raise IngestError(path, "looks like a binary file, not text")
    for enc in _ENCODINGS:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        # iso-2022-jp decodes plain ASCII too; only accept it when escapes are present.
        if enc == "iso-2022-jp" and b"\x1b$" not in raw:
            continue
        return text
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is not None:
            return str(best)
    except ImportError:  # optional dependency
        pass
    raise IngestError(path, "text encoding not recognised (tried UTF-8, Shift_JIS/CP932, EUC-JP)")


_GAP = re.compile(r"(?:\s{2,}|\u3000+)")


def _fields(line: str) -> list[str]:
    return [c for c in _GAP.split(line.strip()) if c]


def _spans(line: str, gap: re.Pattern = _GAP) -> list[tuple[int, int, str]]:
    """Each field's first and past-last display column (a full-width character takes two) and text."""
    out, col, start, buf = [], 0, 0, ""
    for ch, nxt in zip(line, line[1:] + " "):
        if buf or not ch.isspace():
            if not buf:
                start = col
            buf += ch
        col += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if buf and (gap.fullmatch(ch + nxt) or gap.fullmatch(nxt)):
            out.append((start, col, buf.strip()))
            buf = ""
    if buf.strip():
        out.append((start, col, buf.strip()))
    return out


_HEAD_NOTE = re.compile(r"[(（][^()（）]{1,12}[)）]")


def _note_line(head: str, line: str) -> bool:
    """A second header line of bracketed notes under some of the columns (「(R1)  (R5)」)."""
    notes = _fields(line)
    return bool(notes) and len(notes) < len(_fields(head)) and all(_HEAD_NOTE.fullmatch(t) for t in notes)


def _header(head: str, notes: str, widest: str, groups: str = "") -> list[str]:
    """A space-aligned table's column names, placed by display column:
    - header fields set one space apart (「No. 指標名」) over two columns of the rows are two;
    - a note line under the header (「(R1)  (R5)」 under 基準値 and 目標値) joins the column
      each note stands under;
    - a group line above it (「FY2021/22」 over Target, Actual, Status) prefixes the columns
      under each group."""
    starts = [a for a, _, _ in _spans(widest)]
    cols = []
    words = _spans(head, re.compile(r"\s"))  # every word, for the split
    for a, b, t in _spans(head):
        inside = [w for w in words if a <= w[0] < b]
        n = len([x for x in starts if a - 1 <= x < b])
        cols += inside if len(inside) == n > 1 else [(a, b, t)]
    cells = [t for _, _, t in cols]
    for a, b, t in _spans(notes) if notes else []:
        k = min(range(len(cols)), key=lambda i: abs(cols[i][0] + cols[i][1] - a - b))
        cells[k] += t
    if groups:
        cells = [f"{g} {c}" if g else c for g, c in zip(_group_labels(groups, cols), cells)]
    return cells


_NUMBER = re.compile(r"[-+△▲]?[\d,.]+%?")


def _group_line(top: str, head: str) -> bool:
    """A line of two or more group labels over the later columns of the header below it
    (「FY2021/22   FY2022/23」 over 「Ref  Measure  Unit  Target  Actual  Status  Target ...」):
    the header holds no figures and has more columns than there are groups."""
    groups, cols = _spans(top), _spans(head)
    return (len(groups) >= 2 and len(cols) > len(groups) and len(cols) >= 3
            and not any(_NUMBER.fullmatch(t) for _, _, t in cols) and groups[0][0] > cols[1][0])


def _group_labels(top: str, cols: list[tuple[int, int, str]]) -> list[str]:
    """The group label over each header column (「FY2021/22」 over Target, Actual, Status), or "":
    a group reaches halfway to the next one, and as far past its centre at either end."""
    groups = _spans(top)
    centres = [(a + b) / 2 for a, b, _ in groups]
    bounds = [(centres[k] + centres[k + 1]) / 2 for k in range(len(centres) - 1)]
    lo, hi = centres[0] - (bounds[0] - centres[0]), centres[-1] + (centres[-1] - bounds[-1])
    out = []
    for a, b, _ in cols:
        c = (a + b) / 2
        out.append(groups[sum(c > x for x in bounds)][2] if lo <= c <= hi else "")
    return out


_WIDE_GAP = re.compile(r"\s{2,}")  # a gap of two or more spaces; a lone full-width space may sit inside a cell


def _row_cells(line: str, cols: list[float]) -> list[str]:
    """A row's cells. A lone full-width space separates cells, except inside a cell: parts that
    all start under one column of the header (`cols`: its columns' centres) are one cell
    (「山本　一郎」 under 氏名)."""
    def column(a: int) -> int:
        return min(range(len(cols)), key=lambda i: abs(cols[i] - a)) if cols else 0

    out = []
    for a, b, text in _spans(line, _WIDE_GAP):
        parts = _spans(text)  # the cell's parts at a lone full-width space
        if len(parts) > 1 and len({column(a + pa) for pa, _, _ in parts}) == 1:
            out.append(text)
        else:
            out += [t for _, _, t in parts]
    return out


def _labels_follow(lines: list[str], start: int) -> bool:
    """One of the next few lines is a row that a target or actual label opens (「Goal  420  450」)."""
    seen = 0
    for line in lines[start:start + 4]:
        if not line.strip():
            continue
        f = _fields(line)
        if len(f) >= 2 and label_of(f[0]):
            return True
        seen += 1
        if len(f) >= 2 or seen >= 2:
            return False
    return False


def fixed_width_rows(lines: list[str]) -> dict[int, "list[str] | None"]:
    """Line number → cells for lines inside a space-aligned table (None: a blank or rule line inside
    it). A table is a header line of three or more fields separated by runs of spaces, then
    lines of two or more fields; a row indented well past the header's first column
    continues the indicator of the row above (its first cell is left empty)."""
    out: dict[int, "list[str] | None"] = {}
    i = 0
    while i < len(lines):
        head = lines[i]
        n = 0 if "\t" in head or "|" in head else len(_fields(head))
        # (a line of two group labels over a header is enough; measured only for lines that may be one)
        grouped = n >= 2 and i + 1 < len(lines) and _group_line(head, lines[i + 1])
        if n < 3 and not grouped:
            i += 1
            continue
        rows: dict[int, "list[str] | None"] = {}
        j, blanks = i + 1, 0
        groups = ""
        if grouped:
            groups, head = head, lines[j]  # two header lines: groups (years) over their columns
            rows[j + 1] = None
            j += 1
        indent = len(head) - len(head.lstrip())
        centres = [(a + b) / 2 for a, b, _ in _spans(head)]  # the header's columns, read once per table
        notes = lines[j] if j < len(lines) and _note_line(head, lines[j]) else ""
        if notes:
            rows[j + 1] = None
            j += 1
        while j < len(lines):
            line = lines[j]
            if not line.strip():
                blanks += 1
                if blanks > 1:
                    break
                rows[j + 1] = None
                j += 1
                continue
            if _RULE.match(line) and not _BAR.search(line):
                rows[j + 1] = None  # a rule under the header or above a total row is part of the table
                j += 1
                continue
            f = _fields(line)
            if len(f) == 1 and "\t" not in line and "|" not in line and _labels_follow(lines, j + 1):
                # an indicator's name on a line of its own, its Goal / Achieved rows under it
                last = rows[max(rows)] if rows else None
                if re.fullmatch(r"[（(][^（）()]*[）)]", f[0]):
                    rows[j + 1] = None  # a note under a cell (「（令和２年度）」 under a baseline)
                elif last is not None and len(last) == 1 and not blanks:
                    last[0] += " " + f[0]  # the name wrapped onto a second line
                    rows[j + 1] = None
                else:
                    rows[j + 1] = [f[0]]
                blanks = 0
                j += 1
                continue
            # after a blank line a short line is the next heading (「7　評価と今後の方向性」), not a row
            if len(f) < (3 if blanks else 2) or "\t" in line or "|" in line:
                break
            blanks = 0
            lead = len(line) - len(line.lstrip())
            rows[j + 1] = ([""] if lead > indent + 8 else []) + _row_cells(line, centres)
            j += 1
        while rows and rows[max(rows)] is None:
            rows.pop(max(rows))
        widest = max((n for n in rows if rows[n]), key=lambda n: len(rows[n]), default=None)
        if len([r for r in rows.values() if r]) >= 2:
            header = _header(head, notes, lines[widest - 1], groups)
            if len(header) == len(rows[widest]) - 1 and label_of(rows[widest][0]):
                header = [""] + header  # the rows' label column (目標値, 実績値) has no heading
            out[i + 1] = header
            out.update(rows)
            i = j
        else:
            i += 1
    return out


# rows drawn with bars but no outer frame (「区分 | R2年度 | R3年度」, 「1 ｜新規就農者数｜人｜18」, box
# drawing │), and the rule lines between them (「--------+--------」, 「├──┼──┤」)
_BAR = re.compile(r"[|｜│┃]")
_RULE = re.compile(r"^\s*[-=+─━┼┿╋┬┴├┤┌┐└┘|｜│┃:：\s]*[-=─━]{3,}[-=+─━┼┿╋┬┴├┤┌┐└┘|｜│┃:：\s]*$")


def _bar_cells(line: str) -> list[str]:
    """A row's cells: an outer frame is dropped, but a bar the line starts with and does not end
    with opens an empty first cell (a header's second line under 「年度」)."""
    s = line.strip()
    if _BAR.match(s) and _BAR.match(s[-1:]):
        s = s[1:-1]
    elif _BAR.match(s[-1:]):
        s = s[:-1]
    return [c.strip() for c in _BAR.split(s)]


def _stacked_header(rows: list[list[str]]) -> list[str]:
    """Header lines stacked above a rule, column by column, as one header row
    (「県産材素材 / 生産量 / (千m3)」 → 「県産材素材生産量(千m3)」)."""
    return ["".join(r[i] for r in rows if i < len(r)) for i in range(max(len(r) for r in rows))]


def bar_rows(lines: list[str]) -> dict[int, "list[str] | None"]:
    """Line number → cells for lines of a bar-separated table without an outer frame (None: a
    rule line inside it). A table is two or more lines of three or more cells each, with
    only rule lines between them."""
    out: dict[int, "list[str] | None"] = {}
    run: dict[int, "list[str] | None"] = {}

    def close() -> None:
        rows = [r for r in run.values() if r is not None]
        if len(rows) >= 2:
            # several header lines above the first rule line, one cell per column each, are one
            # header: each line holds part of every column's name
            nos = list(run)
            rule = next((i for i, n in enumerate(nos) if run[n] is None), None)
            head = [run[n] for n in nos[:rule]] if rule else []
            if len(head) >= 2 and len({len(r) for r in head}) == 1 and rule < len(nos) - 1 \
                    and not any(re.fullmatch(r"[△▲-]?\d[\d,.]*\s*%?", c) for r in head for c in r):
                run[nos[0]] = _stacked_header(head)
                for n in nos[1:rule]:
                    run[n] = None
            out.update(run)
        run.clear()

    for no, line in enumerate(lines, start=1):
        if "\t" not in line and not _MD_TABLE.match(line) and len(_BAR.findall(line)) >= 2 \
                and len(_bar_cells(line)) >= 3 and not _RULE.match(line):
            run[no] = _bar_cells(line)
        elif run and _RULE.match(line):
            run[no] = None
        else:
            close()
    close()
    for no in sorted(out, reverse=True):  # a rule line closing the table is not part of it
        if out[no] is None:
            out.pop(no)
        else:
            break
    return out


def read_text(path: str | Path, raw: bytes | None = None) -> Document:
    path = Path(path)
    raw = path.read_bytes() if raw is None else raw
    text = decode_text(raw, str(path))
    lines = text.splitlines()
    blocks: list[Block] = []
    table: list[list[str]] = []
    table_start = 0

    def flush_table(end: int) -> None:
        nonlocal table
        if table:
            blocks.append(Block("table", "\n".join(" | ".join(c for c in r if c) for r in table),
                                Location(line_start=table_start, line_end=end), rows=table))
            table = []

    fixed = fixed_width_rows(lines)
    fixed.update(bar_rows(lines))
    for no, line in enumerate(lines, start=1):
        if no in fixed:  # a space-aligned table as `pdftotext -layout` prints one, or one drawn with bars
            if fixed[no] is not None:
                if not table:
                    table_start = no
                table.append([normalize_cell(c) for c in fixed[no]])
            continue
        is_md_table = _MD_TABLE.match(line) is not None
        if "\t" in line or is_md_table:
            if is_md_table and _MD_RULE.match(line):
                continue
            cells = line.strip().strip("|").split("|") if is_md_table else line.split("\t")
            if not table:
                table_start = no
            table.append([normalize_cell(c) for c in cells])
            continue
        if table and _UNIT_NOTE.match(line) and no < len(lines) and ("\t" in lines[no] or _MD_TABLE.match(lines[no])):
            table.append([normalize_cell(line.strip())])  # 「（単位：千円）」 between the header and the rows
            continue
        flush_table(no - 1)
        norm = normalize_line(line)
        if norm:
            blocks.append(Block("line", norm, Location(line_start=no, line_end=no), raw=normalize_raw(line),
                                after_blank=no >= 2 and not lines[no - 2].strip()))
    flush_table(len(lines))
    if not any(b.text.strip() for b in blocks):
        raise IngestError(str(path), "the file is empty (no text to index)")
    title = guess_text_title(blocks, path)
    return Document(source=path.name, path=str(path), title=title, fmt="text",
                    sha256=hashlib.sha256(raw).hexdigest(), blocks=blocks, n_lines=len(lines))


def guess_text_title(blocks: list[Block], path: Path) -> str:
    """A first line that reads like a title (markdown heading or 「…について」), else the name."""
    for b in blocks[:3]:
        if b.kind != "line":
            continue
        t = b.text.lstrip("# ").strip()
        if b.text.startswith("#") or re.search(r"(について|報告書|プログラム|計画|条例)$", t):
            return t
    return path.stem.replace("_", " ")
