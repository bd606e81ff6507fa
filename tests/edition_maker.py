"""Next year's report, made from this year's by a scripted transformation (tests and the
scale benchmark): every fiscal year moves on by `step`, each KPI table drops its oldest year
column and gains a new one with new figures, and one program is renamed. The figures of the
years two editions share are carried over unchanged, as the real reports do; `revise` changes
one shared figure so that tests can see a revision flagged.

python -m tests.edition_maker REPORT.txt OUT_DIR --editions 9
python -m tests.edition_maker ../shared/corpus/text OUT_DIR --two-edition-corpus
"""
from __future__ import annotations

import argparse
import hashlib
import re
from pathlib import Path

_YEAR_HEAD = re.compile(r"^R(\d+)年度$")
_NUM = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")


def _shift_years(text: str, step: int) -> str:
    """Every fiscal year in the text `step` years later (R6年度, 令和6年度, 令和6年4月, 令和6（2024）年度)."""
    text = re.sub(r"令和(\d+)（(\d{4})）年度", lambda m: f"令和{int(m[1]) + step}（{int(m[2]) + step}）年度", text)
    text = re.sub(r"令和(\d+)(年|年度)", lambda m: f"令和{int(m[1]) + step}{m[2]}", text)
    return re.sub(r"\bR(\d+)年度", lambda m: f"R{int(m[1]) + step}年度", text)


def _next_value(cell: str, label: str, step: int, is_target: bool) -> str:
    """A new year's figure: targets stay, actuals move by a deterministic -15 %…+15 %."""
    m = _NUM.match(cell.strip())
    if not m or is_target:
        return cell
    value = float(cell.replace(",", ""))
    h = int(hashlib.sha256(f"{label}|{step}".encode()).hexdigest()[:8], 16)
    new = value * (0.85 + 0.30 * (h % 1000) / 999)
    decimals = len(m[2]) - 1 if m[2] else 0
    text = f"{new:.{decimals}f}" if decimals else str(round(new))
    if "," in cell:
        text = f"{int(text):,}"
    return text


def _table_blocks(lines: list[str]) -> list[tuple[int, int, int]]:
    """(header line, end line, number of year columns) of each table under a header of years."""
    blocks, i = [], 0
    while i < len(lines):
        cells = [c for c in lines[i].split("\t") if c.strip()]
        if len(cells) >= 2 and all(_YEAR_HEAD.match(c) for c in cells):
            j = i + 1
            while j < len(lines) and lines[j].strip():
                j += 1
            blocks.append((i, j, len(cells)))
            i = j
        else:
            i += 1
    return blocks


def _row_values(line: str, n_years: int) -> tuple[list[str], list[str]] | None:
    """(leading cells, the year cells) of a table row; ([line], []) for a label-only line;
    None for a row whose year cells cannot be told apart (missing columns, stray values)."""
    cells = line.rstrip("\t").split("\t")
    if len([c for c in cells if c.strip()]) <= 1 and not _NUM.match(cells[-1].strip()):
        return cells, []
    if len(cells) <= n_years or not all(_NUM.match(v.strip()) for v in cells[-n_years:]):
        return None
    if any(_NUM.match(c.strip()) for c in cells[:-n_years]):
        return None
    return cells[:-n_years], cells[-n_years:]


def _one_year_on(text: str, step: int) -> str:
    """The next year's edition. A regular table drops its oldest year column and gains a new
    one; an irregular one (its cells cannot be aligned to years) is repeated unchanged, years
    included, so every figure stays true to the year it is printed under."""
    lines = text.split("\n")
    keep: set[int] = set()
    for head, end, n in _table_blocks(lines):
        rows = {k: _row_values(lines[k], n) for k in range(head + 1, end)}
        if any(v is None for v in rows.values()):
            keep.update(range(head, end))
            continue
        label = ""
        for k, (lead, values) in rows.items():
            if not values:
                label = lead[0] or label
                continue
            label = lead[0] or label
            is_target = any("目標" in c for c in lead)
            tail = lines[k][len(lines[k].rstrip("\t")):]
            lines[k] = "\t".join(lead + values[1:] + [_next_value(values[-1], label, step, is_target)]) + tail
    return "\n".join(ln if k in keep else _shift_years(ln, 1) for k, ln in enumerate(lines))


def next_edition(text: str, step: int = 1, rename: bool = True) -> str:
    """The report `step` years later."""
    for k in range(1, step + 1):
        text = _one_year_on(text, k)
    lines = text.split("\n")
    if rename:  # one program heading gets a new name each year
        heads = [i for i, ln in enumerate(lines) if re.match(r"^\(\d+\) \S", ln)]
        if heads:
            i = heads[(step * 7) % len(heads)]
            lines[i] = lines[i].rstrip() + "（拡充）"
    return "\n".join(lines)


def revise(text: str, old_row: str, new_row: str) -> str:
    """A corrected figure in an edition (a whole table line replaced)."""
    if old_row not in text:
        raise ValueError(f"row not found: {old_row!r}")
    return text.replace(old_row, new_row, 1)


def revise_actual(text: str, indicator: str, position: int, value: str) -> tuple[str, str]:
    """Revise the actual figure at year column `position` (0 = oldest) of the indicator whose
    row starts with `indicator`; returns (new text, the old figure)."""
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith(indicator))
    k = next(i for i in range(start, min(start + 3, len(lines))) if "実績" in lines[i])
    cells = lines[k].rstrip("\t").split("\t")
    tail = lines[k][len(lines[k].rstrip("\t")):]
    n = len(cells) - 3 + position
    old, cells[n] = cells[n], value
    lines[k] = "\t".join(cells) + tail
    return "\n".join(lines), old


def two_edition_corpus(shared_text: Path, out: Path) -> list[Path]:
    """The shared text corpus plus next year's report with two revised R6 figures (the corpus of
    evals/editions_questions.jsonl)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for f in sorted(shared_text.glob("*.txt")):
        (out / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
        written.append(out / f.name)
    report = (shared_text / "verification_report_r6.txt").read_text(encoding="utf-8")
    text = next_edition(report, 1)
    text, _ = revise_actual(text, "KBIC入居率", 1, "88")
    text, _ = revise_actual(text, "知的財産交流会参加者数", 1, "313")
    path = out / "verification_report_r7.txt"
    path.write_text(text, encoding="utf-8")
    return written + [path]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("report", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--editions", type=int, default=1)
    ap.add_argument("--two-edition-corpus", action="store_true",
                    help="REPORT is the shared text folder: write it plus next year's revised report to OUT_DIR")
    args = ap.parse_args()
    if args.two_edition_corpus:
        for p in two_edition_corpus(args.report, args.out):
            print(p)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    text = args.report.read_text(encoding="utf-8")
    base = re.search(r"令和(\d+)（\d{4}）年度", text)
    for step in range(1, args.editions + 1):
        name = f"verification_report_r{int(base[1]) + step}.txt" if base else f"edition_{step}.txt"
        (args.out / name).write_text(next_edition(text, step), encoding="utf-8")
        print(args.out / name)


if __name__ == "__main__":
    main()
