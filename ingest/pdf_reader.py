"""Reader for PDFs with pdfplumber: per page, ruled tables as tables and the remaining text
as lines, in reading order, each with its page number.

Tables are taken whole (pdfplumber rows and cells) and the characters inside a table's box
are left out of the text, so a table never ends up both as numbers in prose and as a table.
Running footers (the same line on most pages, page number aside) are dropped.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

from core.types import Block, Document, Location
from ingest.errors import IngestError
from ingest.normalize import normalize_cell, normalize_line, normalize_raw

_PAGE_NO = re.compile(r"[-–—]\s*\d+\s*[-–—]\s*$|\b\d+\s*$")


def _footer_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip())


def read_pdf(path: str | Path, raw: bytes | None = None) -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    path = Path(path)
    raw = path.read_bytes() if raw is None else raw
    if not raw.startswith(b"%PDF"):
        raise IngestError(str(path), "not a PDF file (no %PDF header); it may be corrupt or mis-named")
    import io

    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
    except PDFPasswordIncorrect:
        raise IngestError(str(path), "the PDF is encrypted (password protected); export an unprotected copy")
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many types for broken files
        # pdfplumber wraps pdfminer's PDFPasswordIncorrect; the trailer's /Encrypt says it plainly
        inner = " ".join(repr(e) for e in (exc, exc.__cause__, exc.__context__, *getattr(exc, "args", ())) if e)
        if "password" in inner.lower() or "encrypt" in inner.lower() or b"/Encrypt" in raw[-4096:] \
                or b"/Encrypt" in raw[:4096]:
            raise IngestError(str(path), "the PDF is encrypted (password protected); export an unprotected copy")
        raise IngestError(str(path), f"the PDF could not be read ({type(exc).__name__}); it may be corrupt")
    with pdf:
        try:
            pages = list(pdf.pages)
        except Exception as exc:
            raise IngestError(str(path), f"the PDF could not be read ({type(exc).__name__}); it may be corrupt")
        if not pages:
            raise IngestError(str(path), "the PDF has no pages")
        title = (pdf.metadata or {}).get("Title") or ""
        if isinstance(title, bytes):
            title = title.decode("utf-8", "ignore")
        per_page = []
        n_chars = 0
        try:
            for page in pages:
                per_page.append(_read_page(page))
                n_chars += len(page.chars)
        except IngestError:
            raise
        except Exception as exc:
            raise IngestError(str(path), f"page {len(per_page) + 1} could not be read ({type(exc).__name__})")
    if n_chars == 0:
        raise IngestError(str(path), "the PDF has no text layer (a scanned image?); OCR is not available, "
                                     "so it cannot be indexed")
    footers = _running_lines(per_page)
    blocks: list[Block] = []
    for page_blocks in per_page:
        for b in page_blocks:
            if b.kind == "line" and _footer_key(b.text) in footers:
                continue
            blocks.append(b)
    if not title:
        title = _title_from_footers(per_page, footers) or path.stem.replace("_", " ")
    return Document(source=path.name, path=str(path), title=normalize_line(title), fmt="pdf",
                    sha256=hashlib.sha256(raw).hexdigest(), blocks=blocks, n_pages=len(pages))


def _read_page(page) -> list[Block]:
    no = page.page_number
    # the default table finder works from ruling lines: a page without any has no ruled table,
    # and skipping the search there saves most of a PDF's parse time
    tables = page.find_tables() if (page.lines or page.rects or page.curves) else []
    boxes = [t.bbox for t in tables]
    # tables drawn without ruling lines: columns of words aligned under a header
    unruled = unruled_tables(page, boxes)
    boxes += [bbox for bbox, _ in unruled]

    def inside(obj) -> bool:
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1 for x0, top, x1, bottom in boxes)

    text_page = page.filter(lambda o: o.get("object_type") != "char" or not inside(o)) if boxes else page
    lines = text_page.extract_text_lines(return_chars=False)
    right = max((ln["x1"] for ln in lines), default=0.0)
    items: list[tuple[float, Block]] = []
    for ln in lines:
        text = normalize_line(ln["text"])
        if text:
            wrapped = right > 0 and ln["x1"] >= right - 14
            items.append((ln["top"], Block("line", text, Location(no, no), wrapped=wrapped, raw=normalize_raw(ln["text"]))))
    for t in tables:
        rows = [[normalize_cell(c) for c in r] for r in t.extract()]
        rows = [r for r in rows if any(r)]
        if rows:
            text = "\n".join(" | ".join(c for c in r if c) for r in rows)
            items.append((t.bbox[1], Block("table", text, Location(no, no), rows=rows)))
    for bbox, rows in unruled:
        text = "\n".join(" | ".join(c for c in r if c) for r in rows)
        items.append((bbox[1], Block("table", text, Location(no, no), rows=rows)))
    items.sort(key=lambda it: it[0])
    return [b for _, b in items]


_NUMBER = re.compile(r"^[約△▲-]?[\d,.]+\s*[%％人件社回者円千万億ha㎡m²]*$|^[\d,.]+\s*/\s*[\d,.]+$")


def _fields(words: list[dict], gap: float) -> list[dict]:
    """Words of one line merged into fields where they stand closer than `gap`."""
    out: list[dict] = []
    for w in sorted(words, key=lambda w: w["x0"]):
        if out and w["x0"] - out[-1]["x1"] < gap:
            out[-1] = {**out[-1], "x1": w["x1"], "text": out[-1]["text"] + " " + w["text"], "bottom": max(out[-1]["bottom"], w["bottom"])}
        else:
            out.append(dict(w))
    return out


def _with_blank_columns(head: list[dict], below: list[list[dict]], size: float) -> list[dict]:
    """A header that leaves its first columns blank (years over the figures, nothing over the
    indicator names): the columns the rows below fill to the left of the header's first field
    become header columns with no text, so names and figures do not share a column."""
    left = sorted((f for row in below for f in row if f["x1"] < head[0]["x0"] - size * 0.5), key=lambda f: f["x0"])
    clusters: list[dict] = []
    for f in left:
        if clusters and f["x0"] <= clusters[-1]["x1"] + size:
            clusters[-1]["x1"] = max(clusters[-1]["x1"], f["x1"])
        else:
            clusters.append({"x0": f["x0"], "x1": f["x1"], "top": head[0]["top"], "bottom": head[0]["bottom"], "text": ""})
    return clusters + head


def unruled_tables(page, ruled: list[tuple]) -> list[tuple[tuple, list[list[str]]]]:
    """Tables without ruling lines (HTML printed to PDF, spreadsheets exported with no borders):
    a header line of three or more short fields, then lines whose fields fall under its columns
    and carry numbers. Each field goes to the header column whose band holds its centre, so a
    row that leaves the first column empty continues the indicator above it. Prose, and the two
    columns of a two-column page, never qualify: their fields are long and hold no numbers."""
    def inside(w) -> bool:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        return any(x0 - 1 <= cx <= x1 + 1 and t - 1 <= cy <= b + 1 for x0, t, x1, b in ruled)

    try:
        words = [w for w in page.extract_words(x_tolerance=1.5, y_tolerance=2) if not inside(w)]
    except Exception:
        return []
    if not words:
        return []
    size = sorted(w["bottom"] - w["top"] for w in words)[len(words) // 2] or 10.0
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= size * 0.4:
            lines[-1].append(w)
        else:
            lines.append([w])
    # (columns of an HTML table sit about one character apart; words of a cell much closer)
    rows = [_fields(ln, gap=size * 0.8) for ln in lines]
    out = []
    i = 0
    while i < len(rows):
        head = rows[i]
        if len(head) < 3 or any(len(f["text"]) > 20 for f in head):
            i += 1
            continue
        head = _with_blank_columns(head, rows[i + 1:i + 7], size)
        bands = []
        for k, f in enumerate(head):
            lo = (head[k - 1]["x1"] + f["x0"]) / 2 if k else 0.0
            hi = (f["x1"] + head[k + 1]["x0"]) / 2 if k + 1 < len(head) else float("inf")
            bands.append((lo, hi))
        def assign(fields: list[dict]) -> list[str]:
            cells = [""] * len(bands)
            for f in fields:
                c = (f["x0"] + f["x1"]) / 2
                k = next((n for n, (lo, hi) in enumerate(bands) if lo <= c < hi), None)
                if k is not None:
                    cells[k] = (cells[k] + " " + f["text"]).strip()
            return cells

        body, j, numeric = [], i + 1, 0
        while j < len(rows):
            fields = rows[j]
            if rows[j][0]["top"] - rows[j - 1][0]["bottom"] > size * 2.5:
                break
            cells = assign(fields)
            used = sum(1 for c in cells if c)
            # a name alone on its line (its figures on the lines below) stays in the table
            label_only = used == 1 and cells[0] and j + 1 < len(rows) and \
                sum(1 for c in assign(rows[j + 1]) if c) >= 2 and not assign(rows[j + 1])[0]
            if (used < 2 and not label_only) or max(len(c) for c in cells) > 40:
                break
            numeric += any(_NUMBER.match(c.replace(" ", "")) for c in cells[1:] if c)
            body.append((fields, cells))
            j += 1
        if len(body) >= 2 and numeric >= max(2, len(body) // 2):
            all_words = head + [f for fields, _ in body for f in fields]
            bbox = (min(w["x0"] for w in all_words), min(w["top"] for w in all_words),
                    max(w["x1"] for w in all_words), max(w["bottom"] for w in all_words))
            table = [[normalize_cell(f["text"]) for f in head]] + [[normalize_cell(c) for c in cells] for _, cells in body]
            out.append((bbox, table))
            i = j
        else:
            i += 1
    return out


def _running_lines(per_page: list[list[Block]]) -> set[str]:
    """Lines (digits masked) that recur on most pages and carry a page number."""
    if len(per_page) < 3:
        return set()
    counts: Counter[str] = Counter()
    for blocks in per_page:
        keys = {_footer_key(b.text) for b in blocks[-2:] + blocks[:1] if b.kind == "line" and _PAGE_NO.search(b.text)}
        counts.update(keys)
    return {k for k, c in counts.items() if c >= max(3, len(per_page) // 2)}


def _title_from_footers(per_page: list[list[Block]], footers: set[str]) -> str:
    for blocks in per_page:
        for b in blocks:
            if b.kind == "line" and _footer_key(b.text) in footers:
                return _PAGE_NO.sub("", b.text).strip()
    return ""
