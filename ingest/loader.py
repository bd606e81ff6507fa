"""Pick the reader for a file by its extension and enforce the input limits."""
from __future__ import annotations

from pathlib import Path

from core.types import Document
from ingest.errors import IngestError
from ingest.pdf_reader import read_pdf
from ingest.structure import detect_doc_type
from ingest.text_reader import read_text

SUPPORTED = {".pdf": "pdf", ".txt": "text", ".md": "text"}


def load_document(path: str | Path, max_mb: float = 50.0) -> Document:
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in SUPPORTED:
        raise IngestError(str(path), f"unsupported file type {ext or '(none)'}; supported: PDF, TXT, MD")
    try:
        size = path.stat().st_size
        if size == 0:
            raise IngestError(str(path), "the file is empty (0 bytes)")
        if size > max_mb * 1024 * 1024:
            raise IngestError(str(path), f"the file is {size / 1048576:.1f} MB, over the {max_mb:g} MB limit "
                                         "(DOCQA_MAX_FILE_MB)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(str(path), "the file disappeared before it could be read")
    except IsADirectoryError:
        raise IngestError(str(path), "is a folder, not a file")
    except PermissionError:
        raise IngestError(str(path), "permission denied")
    doc = read_pdf(path, raw) if SUPPORTED[ext] == "pdf" else read_text(path, raw)
    doc.doc_type = detect_doc_type(doc)
    return doc
