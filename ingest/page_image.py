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


def render_cited_page(pdf_path: str | Path, page: int, page_end: Optional[int], quote: str, resolution: int = 110):
    """(PIL image, page number) for a citation: the first page of its range on which the
    quote is found, with those lines boxed, else its first page unmarked; (None, None) when
    the file or page is gone. The PDF is opened and searched once."""
    import pdfplumber

    path = Path(pdf_path)
    if not path.is_file() or path.suffix.lower() != ".pdf":
        return None, None
    with pdfplumber.open(path) as pdf:
        if not 1 <= page <= len(pdf.pages):
            return None, None
        chosen, boxes = page, []
        for n in range(page, min(page_end or page, len(pdf.pages)) + 1):
            boxes = _find(pdf.pages[n - 1], quote)
            if boxes:
                chosen = n
                break
        img = pdf.pages[chosen - 1].to_image(resolution=resolution)
        if boxes:
            img.draw_rects(boxes, fill=(255, 230, 0, 70), stroke=(230, 120, 0), stroke_width=2)
        return img.annotated.convert("RGB"), chosen


def _find(page, quote: str) -> list[dict]:
    """Boxes around the quote's probes on this page (empty when none is found)."""
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
    return [_whole_line(page, h) for h in found]


def _whole_line(page, hit: dict) -> dict:
    """The box of a probe widened to its whole line (a table row's numbers stand on the same
    line as its label, and a sentence runs past the probe)."""
    try:
        words = page.extract_words()
    except Exception:
        words = []
    h = hit["bottom"] - hit["top"]
    same = [w for w in words if min(w["bottom"], hit["bottom"]) - max(w["top"], hit["top"]) >= 0.5 * h]
    x0 = min([hit["x0"]] + [w["x0"] for w in same])
    x1 = max([hit["x1"]] + [w["x1"] for w in same])
    return {"x0": x0 - 2, "top": hit["top"] - 2, "x1": x1 + 2, "bottom": hit["bottom"] + 2}
