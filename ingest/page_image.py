"""Render a PDF page as an image for the sources panel, with the cited text boxed, so the
reader sees the original layout rather than our extraction of it."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from ingest.normalize import nfkc


def _needles(quote: str) -> list[str]:
    """Short literal probes from the quote: pdfplumber's text keeps the PDF's own (non-NFKC)
    characters and line breaks, so long probes rarely match; 8–14 characters usually do."""
    out = []
    for piece in re.split(r"[\n。…|/]", quote):
        piece = re.sub(r"^[-・●▲■◆\s]+", "", piece).strip()
        if len(piece) >= 6:
            out.append(piece[:14])
    return out[:6]


def render_page(pdf_path: str | Path, page_no: int, quote: str = "", resolution: int = 110):
    """PIL image of page `page_no` (1-based) with the quote's lines highlighted; None when
    the file or page is gone."""
    import pdfplumber

    path = Path(pdf_path)
    if not path.is_file() or path.suffix.lower() != ".pdf":
        return None
    with pdfplumber.open(path) as pdf:
        if not 1 <= page_no <= len(pdf.pages):
            return None
        page = pdf.pages[page_no - 1]
        img = page.to_image(resolution=resolution)
        boxes = _find(page, quote)
        if boxes:
            img.draw_rects(boxes, fill=(255, 230, 0, 70), stroke=(230, 120, 0), stroke_width=2)
        return img.annotated.convert("RGB")


def _find(page, quote: str) -> list[dict]:
    if not quote:
        return []
    text = page.extract_text() or ""
    found: list[dict] = []
    for needle in _needles(quote):
        # search in the page's own characters first, then in its NFKC form
        for probe in dict.fromkeys([needle, nfkc(needle)]):
            try:
                hits: list[dict] = page.search(probe, regex=False, case=False)
            except Exception:  # a malformed page must not break the panel
                hits = []
            if hits:
                found.extend(hits[:2])
                break
    if not found and text:
        return []
    return [{"x0": h["x0"] - 2, "top": h["top"] - 2, "x1": h["x1"] + 2, "bottom": h["bottom"] + 2} for h in found]


def render_cited_page(pdf_path: str | Path, page: int, page_end: Optional[int], quote: str, resolution: int = 110):
    """(image, page number) for a citation: the first page of its range on which the quote is
    found, else its first page."""
    import pdfplumber

    path = Path(pdf_path)
    if not path.is_file() or path.suffix.lower() != ".pdf":
        return None, None
    last = page_end or page
    with pdfplumber.open(path) as pdf:
        for n in range(page, min(last, len(pdf.pages)) + 1):
            if _find(pdf.pages[n - 1], quote):
                return render_page(path, n, quote, resolution), n
    return render_page(path, page, quote, resolution), page
