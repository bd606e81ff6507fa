"""What the UI shows for an answer, computed here so app.py stays UI only: the answer as
Markdown with numbered footnotes, the KPI rows as a table, chart data and a CSV file, and
the cited passages with the quoted sentence highlighted."""
from __future__ import annotations

import csv
import html
import re
import tempfile
from pathlib import Path
from typing import Optional

from assistant.kpi_answer import status_label
from core.types import Answer, Citation

NOT_IN_DOCS = {"ja": "文書に記載なし", "en": "Not in the documents"}
LLM_FALLBACK = {"ja": "LLMの回答を表示できないため(接続不可または検証不合格)、文書からの抜粋で回答しています。",
                "en": "The LLM's answer could not be shown (server unavailable or failed the checks); quoting the documents instead."}
SOURCES = {"ja": "出典", "en": "Sources"}
TABLE_HEADERS = {"ja": ["事業", "指標", "年度", "目標", "実績", "単位", "判定", "出典"],
                 "en": ["Program", "Indicator", "Year", "Target", "Actual", "Unit", "Status", "Source"]}


def answer_markdown(ans: Answer, ui_lang: str = "ja") -> str:
    """The answer text, a banner when the documents do not answer, and footnotes whose
    passages expand in place."""
    out = []
    if not ans.grounded:
        out.append(f"> **{NOT_IN_DOCS[ui_lang]}**\n")
    if any(n.startswith(("llm_rejected", "llm_unavailable")) for n in ans.notes):
        out.append(f"> {LLM_FALLBACK[ui_lang]}\n")
    out.append(html.escape(ans.answer, quote=False).replace("\n", "  \n"))
    if ans.citations:
        out.append(f"\n---\n**{SOURCES[ui_lang]}**")
        for i, c in enumerate(ans.citations, 1):
            quote = html.escape(c.quote.replace("\n", " "))
            out.append(f"<details><summary>[{i}] {html.escape(c.label())}</summary>\n\n> {quote}\n\n</details>")
    return "\n".join(out)


def citation_choices(ans: Optional[Answer]) -> list[str]:
    return [f"[{i}] {c.label()}" for i, c in enumerate(ans.citations, 1)] if ans else []


def records_table(ans: Optional[Answer], ui_lang: str = "ja") -> list[list[str]]:
    if not ans:
        return []
    labels = {i: c.label() for i, c in enumerate(ans.citations, 1)}
    rows = []
    for r in ans.records:
        if "indicator" not in r:
            continue
        unit = r.get("unit") or ""
        rows.append([r.get("program", ""), r["indicator"], r.get("year", ""), r.get("target") or "—",
                     r.get("actual") or "—", unit, status_label(r.get("status", ""), ui_lang),
                     f"[{r.get('citation')}] {labels.get(r.get('citation'), '')}"])
    return rows


def chart_rows(ans: Optional[Answer], ui_lang: str = "ja") -> list[dict]:
    """Long-format rows for a grouped bar chart of target vs actual (numeric cells only)."""
    if not ans:
        return []
    series = ("目標", "実績") if ui_lang == "ja" else ("Target", "Actual")
    out = []
    for r in ans.records:
        if "indicator" not in r:
            continue
        label = f"{r['indicator']} ({r.get('year', '')})"
        for name, key in zip(series, ("target_value", "actual_value")):
            if r.get(key) is not None:
                # one bar per indicator × series, side by side (a shared x would stack them)
                out.append({"indicator": f"{label} {name}", "series": name, "value": float(r[key])})
    return out


def write_csv(ans: Optional[Answer], ui_lang: str = "ja", folder: Optional[Path] = None) -> Optional[str]:
    rows = records_table(ans, ui_lang)
    if not rows:
        return None
    folder = Path(folder or tempfile.mkdtemp(prefix="docqa-csv-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kpi_answer.csv"
    # UTF-8 with BOM: Excel on Japanese Windows opens it without mojibake
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(TABLE_HEADERS[ui_lang])
        w.writerows(rows)
    return str(path)


def highlight_passage(c: Citation, full_text: str = "") -> str:
    """HTML of a cited passage: where it is, then the whole passage with the quoted
    sentences marked (the quote alone when the passage is not at hand)."""
    where = html.escape(f"{c.label()} ({c.source})")
    text = html.escape(full_text or c.quote)
    for piece in c.quote.split(" … "):
        needle = html.escape(piece.strip())
        if len(needle) >= 4 and needle in text:
            text = text.replace(needle, f"<mark>{needle}</mark>", 1)
    return (f"<div class='source-card'><div class='source-where'>{where}</div>"
            f"<div class='source-text'>{text.replace(chr(10), '<br>')}</div></div>")
