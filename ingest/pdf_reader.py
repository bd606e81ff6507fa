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
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

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
    items.sort(key=lambda it: it[0])
    return [b for _, b in items]


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
