"""Cold ingest (fresh index home), re-ingest of unchanged files, and re-parse of every file
(as after a parser change: vectors from the cache), for the shared PDFs and the shared text
files: wall time, pages or lines per second, chunks per second, peak RSS.

Run: python -m benchmarks.bench_ingest [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
from pathlib import Path

from benchmarks.common import CORPUS, run_child


def ingest_figures(folder: Path, home: Path) -> dict:
    cold, cold_rss, _ = run_child(["-m", "ingest", str(folder), "--home", str(home), "--quiet"])
    again, _, _ = run_child(["-m", "ingest", str(folder), "--home", str(home), "--quiet"])
    # every file parsed and written again, as after a parser change; vectors come from the cache
    reparse, _, _ = run_child(["-m", "ingest", str(folder), "--home", str(home), "--quiet", "--force"])
    db = sqlite3.connect(home / "structured.sqlite")
    pages, lines, chunks, kpis = db.execute(
        "SELECT COALESCE(SUM(n_pages),0), COALESCE(SUM(n_lines),0), SUM(n_chunks), SUM(n_kpi) FROM documents").fetchone()
    return {"folder": folder.name, "cold_s": round(cold, 1), "reingest_s": round(again, 2),
            "reparse_s": round(reparse, 1), "reparse_share": round(reparse / cold, 2),
            "peak_rss_mib": round(cold_rss), "pages": pages, "lines": lines, "chunks": chunks, "kpi_records": kpis,
            "pages_per_s": round(pages / cold, 2) if pages else None,
            "lines_per_s": round(lines / cold, 1) if lines else None, "chunks_per_s": round(chunks / cold, 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", help="build the PDF index here (kept) instead of a temporary folder")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for folder in ("pdf", "text"):
            home = Path(args.keep) if (args.keep and folder == "pdf") else Path(tmp) / folder
            rows.append(ingest_figures(CORPUS / folder, home))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        rate = f"{r['pages_per_s']} pages/s" if r["pages"] else f"{r['lines_per_s']} lines/s"
        print(f"ingest {r['folder']}: cold {r['cold_s']} s ({rate}, {r['chunks_per_s']} chunks/s, "
              f"{r['chunks']} chunks, {r['kpi_records']} KPI records), re-ingest unchanged {r['reingest_s']} s, "
              f"re-parse of every file (as after a parser change) {r['reparse_s']} s = {r['reparse_share']:.0%} of cold, "
              f"peak RSS {r['peak_rss_mib']} MiB")


if __name__ == "__main__":
    main()
