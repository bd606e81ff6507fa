"""A text report with tab-separated tables, as a browser prints it: HTML tables with or without
borders, printed to PDF by Debian's chromium (headless). Tables drawn without ruling lines are
what many real PDFs contain."""
from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path
from typing import Optional

CHROMIUM = "/usr/bin/chromium"


def chromium() -> Optional[str]:
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


def text_to_html(text: str, ruled: bool) -> str:
    parts, table = [], []

    def flush() -> None:
        if table:
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in table)
            parts.append(f"<table>{rows}</table>")
            table.clear()

    for line in text.split("\n"):
        if "\t" in line:
            table.append(line.split("\t"))
        else:
            flush()
            if line.strip():
                parts.append(f"<p>{html.escape(line)}</p>")
    flush()
    border = "td{border:1px solid #000}" if ruled else "td{border:none}"
    return ("<html><head><meta charset='utf-8'><style>body{font-family:'IPAGothic',sans-serif;font-size:10pt}"
            f"table{{border-collapse:collapse;margin:6px 0}} td{{padding:2px 10px}} {border}</style></head>"
            f"<body>{''.join(parts)}</body></html>")


def print_pdf(text: str, out: Path, ruled: bool = False) -> Path:
    page = out.with_suffix(".html")
    page.write_text(text_to_html(text, ruled), encoding="utf-8")
    subprocess.run([chromium() or "chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={out}",
                    "--no-pdf-header-footer", str(page)], check=True, capture_output=True, timeout=120)
    return out
