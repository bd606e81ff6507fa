"""What the UI shows for an answer, computed here so app.py stays UI only: the answer as
Markdown with numbered footnotes, the KPI rows as a table, chart data and a CSV file, and
the cited passages with the quoted sentence highlighted."""
from __future__ import annotations

import atexit
import csv
import html
import re
import shutil
import tempfile
from pathlib import Path
from typing import Optional

from assistant.editions import edition_label
from assistant.kpi_answer import status_label
from assistant.word_glosses import LABEL as GLOSSES_LABEL
from core.types import Answer, Citation
from ingest.normalize import split_sentences

NOT_IN_DOCS = {"ja": "文書に記載なし", "en": "Not in the documents"}
LLM_FALLBACK = {"ja": "LLMの回答を表示できないため(接続不可または検証不合格)、文書からの抜粋で回答しています。",
                "en": "The LLM's answer could not be shown (server unavailable or failed the checks); quoting the documents instead."}
SOURCES = {"ja": "出典", "en": "Sources"}
# the CSV keeps every column; the panel shows what a reader needs, narrow enough not to scroll
TABLE_HEADERS = {"ja": ["事業", "指標", "年度", "目標", "実績", "単位", "判定", "出典"],
                 "en": ["Program", "Indicator", "Year", "Target", "Actual", "Unit", "Status", "Source"]}
PANEL_HEADERS = {"ja": ["指標", "年度", "目標", "実績", "判定", "出典"],
                 "en": ["Indicator", "Year", "Target", "Actual", "Status", "Source"]}


def answer_markdown(ans: Answer, ui_lang: str = "ja") -> str:
    """The answer text, a banner when the documents do not answer, and footnotes whose
    passages expand in place."""
    out = []
    if not ans.grounded:
        out.append(f"> **{NOT_IN_DOCS[ui_lang]}**\n")
    if any(n.startswith(("llm_rejected", "llm_unavailable")) for n in ans.notes):
        out.append(f"> {LLM_FALLBACK[ui_lang]}\n")
    out.append(_markdown_lines(html.escape(ans.answer, quote=False)))
    if ans.citations:
        out.append(f"\n---\n**{SOURCES[ui_lang]}**")
        for i, c in enumerate(ans.citations, 1):
            out.append(f"<details><summary>[{i}] {html.escape(short_label(c))}</summary>\n\n{quote_html(c)}\n\n</details>")
    return "\n".join(out)


def short_label(c: Citation) -> str:
    """Page (or lines) and section first: every citation of one report starts with the same long
    title, so the title comes last, shortened."""
    where = (f"p.{c.page}" + (f"-{c.page_end}" if c.page_end and c.page_end != c.page else "")) if c.page else \
        (f"l.{c.lines[0]}-{c.lines[1]}" if c.lines and c.lines[1] and c.lines[1] != c.lines[0] else
         (f"l.{c.lines[0]}" if c.lines else ""))
    title = c.title or c.source
    title = title if len(title) <= 24 else title[:23] + "…"
    return " | ".join(p for p in (where, c.section, title) if p)


def quote_html(c: Citation) -> str:
    """A table citation as a small table (its first row as the header); a passage as a quote."""
    rows = [r for r in re.split(r"\n| / | … ", c.quote) if r.strip()]
    if c.kind in ("table", "kpi") and sum(" | " in r for r in rows) >= 2:
        table = [r for r in rows if " | " in r]
        width = table[0].count(" | ")
        cells = [[html.escape(x.strip()) for x in r.split(" | ")] for r in table if r.count(" | ") == width]
        rest = [html.escape(r) for r in rows if " | " not in r or r.count(" | ") != width]
        head = "".join(f"<th>{x}</th>" for x in cells[0])
        body = "".join("<tr>" + "".join(f"<td>{x}</td>" for x in r) + "</tr>" for r in cells[1:])
        note = f"<div class='cite-rows'>{'<br>'.join(rest)}</div>" if rest else ""
        return f"<table class='cite-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}"
    return "> " + html.escape(c.quote.replace("\n", " "))


def _markdown_lines(text: str) -> str:
    """Hard line breaks; a blank line wherever a list ends, so that a heading line after a list
    (「判定できないもの:」) is not drawn inside the last bullet; and the detail of a long answer
    (a 「…:」 heading with its list, the cited passages in full) folded under its heading, so
    the headline stays on the first screen."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        is_item = lambda x: x.lstrip().startswith(("- ", "・"))  # noqa: E731
        heading = re.match(r"^(.{1,40})[:：]\s*$", line) and i + 1 < len(lines) and is_item(lines[i + 1])
        appendix = re.match(r"^―\s*(.+?)\s*―$", line)
        if line.startswith(GLOSSES_LABEL + ":"):  # the dictionary glosses fold, as an aid beside the answer
            out += ["", f"<details><summary>{GLOSSES_LABEL}</summary>", "", line[len(GLOSSES_LABEL) + 1:].strip(),
                    "", "</details>", ""]
            i += 1
            continue
        if heading or appendix:
            j = i + 1
            # a list ends at its last item; an appendix at the next appendix (each folds apart)
            while j < len(lines) and (is_item(lines[j]) if heading else not re.match(r"^―\s*(.+?)\s*―$", lines[j])):
                j += 1
            body = [x + ("" if is_item(x) else "  ") for x in lines[i + 1:j]]
            title = line.rstrip(":：") if heading else appendix.group(1)
            out += ["", f"<details><summary>{title}</summary>", "", *body, "", "</details>", ""]
            i = j
            continue
        if out and out[-1].lstrip().startswith(("- ", "・")) and not is_item(line):
            out.append("")
        out.append(line + ("" if is_item(line) else "  "))
        i += 1
    return "\n".join(out)


def citation_choices(ans: Optional[Answer]) -> list[str]:
    return [f"[{i}] {short_label(c)}" for i, c in enumerate(ans.citations, 1)] if ans else []


def panel_table(ans: Optional[Answer], ui_lang: str = "ja") -> list[list[str]]:
    """The KPI rows for the side panel: indicator (its program below it), year, target and
    actual with their unit, status, and the citation number with its page or lines."""
    if not ans or not ans.grounded:
        return []
    where = {i: (f"p.{c.page}" if c.page else (f"l.{c.lines[0]}" if c.lines else "")) for i, c in enumerate(ans.citations, 1)}
    rows, seen = [], set()
    for r in ans.records:
        if "indicator" not in r:
            continue
        key = (r["indicator"], r.get("program", ""), r.get("year", ""))
        if key in seen:
            continue
        seen.add(key)
        unit = r.get("unit") or ""
        fig = lambda v: f"{v}{unit}" if v else "—"  # noqa: E731
        rows.append([f"{r['indicator']}\n({r['program']})" if r.get("program") else r["indicator"], r.get("year", ""),
                     fig(r.get("target")), fig(r.get("actual")), status_label(r.get("status", ""), ui_lang),
                     f"[{r.get('citation')}] {where.get(r.get('citation'), '')}".strip()])
    return rows


def records_table(ans: Optional[Answer], ui_lang: str = "ja") -> list[list[str]]:
    if not ans:
        return []
    labels = {i: c.label() for i, c in enumerate(ans.citations, 1)}
    rows = []
    for r in ans.records:
        if "indicator" not in r:
            continue
        unit = r.get("unit") or ""
        row = [r.get("program", ""), r["indicator"], r.get("year", ""), r.get("target") or "—",
               r.get("actual") or "—", unit, status_label(r.get("status", ""), ui_lang),
               f"[{r.get('citation')}] {labels.get(r.get('citation'), '')}"]
        if any(x.get("edition") for x in ans.records):  # several editions indexed: which one, and what the others said
            revs = "; ".join(f"{edition_label(v.get('edition'), ui_lang) or v.get('source')}: {v.get('target') or '—'} / "
                             f"{v.get('actual') or '—'}" for v in r.get("revisions") or [])
            row += [edition_label(r.get("edition"), ui_lang), revs]
        rows.append(row)
    return rows


def chart_rows(ans: Optional[Answer], ui_lang: str = "ja") -> list[dict]:
    """One bar per indicator and year: the actual as a percentage of its target, so that 人,
    件 and m² compare on one axis (100 = the target met exactly); coloured by status."""
    if not ans or not ans.grounded:
        return []
    out, seen = [], set()
    for r in ans.records:
        t, a = r.get("target_value"), r.get("actual_value")
        if "indicator" not in r or t in (None, 0) or a is None:
            continue
        key = (r["indicator"], r.get("year", ""))
        if key in seen:
            continue
        seen.add(key)
        name = r["indicator"] if len(r["indicator"]) <= 18 else r["indicator"][:17] + "…"
        out.append({"indicator": f"{name} {r.get('year', '')}", "series": status_label(r.get("status", ""), ui_lang),
                    "value": round(100.0 * float(a) / float(t), 1)})
    return out


TRACE_HEAD = {"ja": "この回答の見つけ方", "en": "How this answer was found"}


def trace_markdown(ans: Optional[Answer], ui_lang: str = "ja") -> str:
    """The answer's trace for people: slots read, indicators linked, candidates with their
    support, and the choice (or why none)."""
    if not ans or not ans.trace:
        return ""
    ja = ui_lang == "ja"
    out = []
    for step in ans.trace:
        p = step.get("props", {})
        if step["title"] == "read":
            ops = ", ".join(f"{k} {v:.1f}" for k, v in p.get("ops", {}).items()) or "—"
            words = ", ".join(f"{c['word']}({c['weight']})" for c in p.get("concepts", [])) or "—"
            out.append(("**読み取り**" if ja else "**Read**") + f": 条/articles {p.get('articles') or '—'}, "
                       f"年度/years {p.get('years') or '—'}, {'操作' if ja else 'operations'} {ops}; "
                       f"{'語' if ja else 'words'} {words}")
        elif step["title"] == "link":
            cands = p.get("candidates", [])[:3]
            out.append(("**指標の候補**" if ja else "**Indicators linked**") + ": " + ("; ".join(
                f"{c['indicator']} {c['score']:.2f} (margin {c.get('margin', 0):.2f})" for c in cands) or "—"))
        elif step["title"] == "propose and verify":
            rows = [f"| {c['answerer']} | {c['support']:.2f} | {c['coverage']:.2f} | {c['final']:.2f} | "
                    f"{html.escape(c['first_line'][:60])} |" for c in p.get("candidates", [])]
            head = "| 回答候補 | 支持 | 語の一致 | 最終 | 先頭行 |" if ja else "| answerer | support | coverage | final | first line |"
            out.append(head + "\n|---|---|---|---|---|\n" + "\n".join(rows))
            out.append((f"必要な要素: {', '.join(p.get('slots_needed', [])) or '—'}; しきい値 {p.get('threshold')}" if ja
                        else f"Slots needed: {', '.join(p.get('slots_needed', [])) or '—'}; threshold {p.get('threshold')}"))
        elif step["title"] == "chosen":
            out.append(("**選択**: " if ja else "**Chosen**: ") + step["description"])
    return "\n\n".join(out)


_CSV_ROOT: Optional[Path] = None
_CSV_KEEP = 100  # answers' CSV files kept at once (the UI hands each to Gradio, which copies it)


def _csv_folder() -> Path:
    """A fresh folder for one answer's CSV under one folder per process, removed at exit; the
    oldest are pruned so a long-running app does not fill the disk."""
    global _CSV_ROOT
    if _CSV_ROOT is None or not _CSV_ROOT.exists():
        _CSV_ROOT = Path(tempfile.mkdtemp(prefix="docqa-csv-"))
        atexit.register(shutil.rmtree, _CSV_ROOT, True)
    subs = sorted(_CSV_ROOT.iterdir(), key=lambda p: p.stat().st_mtime)
    for old in subs[:max(0, len(subs) - _CSV_KEEP + 1)]:
        shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(dir=_CSV_ROOT))


def write_csv(ans: Optional[Answer], ui_lang: str = "ja", folder: Optional[Path] = None) -> Optional[str]:
    rows = records_table(ans, ui_lang)
    if not rows:
        return None
    folder = Path(folder) if folder else _csv_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kpi_answer.csv"
    # UTF-8 with BOM: Excel on Japanese Windows opens it without mojibake
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        extra = (["版", "以前の版(目標 / 実績)"] if ui_lang == "ja" else ["Edition", "Earlier editions (target / actual)"]) \
            if rows and len(rows[0]) > len(TABLE_HEADERS[ui_lang]) else []
        w.writerow(TABLE_HEADERS[ui_lang] + extra)
        w.writerows(rows)
    return str(path)


def highlight_passage(c: Citation, full_text: str = "") -> str:
    """HTML of a cited passage: where it is, then the whole passage with the quoted
    sentences marked (the quote alone when the passage is not at hand)."""
    where = html.escape(f"{c.label()} ({c.source})")
    text = html.escape(full_text or c.quote)
    # sentence by sentence: a quote may join two sentences a line break parts in the passage
    for piece in (s for part in c.quote.split(" … ") for s in split_sentences(part)):
        needle = html.escape(piece.strip())
        if len(needle) >= 4 and needle in text:
            text = text.replace(needle, f"<mark>{needle}</mark>", 1)
    return (f"<div class='source-card'><div class='source-where'>{where}</div>"
            f"<div class='source-text'>{text.replace(chr(10), '<br>')}</div></div>")
