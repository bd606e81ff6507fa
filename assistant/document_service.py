"""Document management behind the UI's documents tab: list, upload, re-index, remove, and
the originals behind citations (full passage text, rendered PDF page).

Uploads are copied into the uploads folder (DOCQA_UPLOADS, default <home>/uploads) under a
sanitised name: only the final name component is kept, so an upload called
"../../etc/x.pdf" lands in the uploads folder as "x.pdf" and nothing is written elsewhere.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Callable, Optional

from assistant.editions import edition_of
from core.settings import Settings
from core.types import Citation
from ingest.loader import SUPPORTED
from vectorstore.index_service import IngestReport, IndexService

Progress = Callable[[str, int, int], None]


def safe_upload_name(name: str) -> str:
    """The file name an upload is stored under; raises ValueError for names that cannot be
    made safe. Japanese names are kept as they are."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").split("/")[-1]).strip()
    if not base or base in (".", "..") or base.startswith("."):
        raise ValueError(f"{name!r}: not a usable file name")
    if any(unicodedata.category(ch).startswith("C") for ch in base):
        raise ValueError(f"{name!r}: the name contains control characters")
    if Path(base).suffix.lower() not in SUPPORTED:
        raise ValueError(f"{base}: unsupported file type; supported: PDF, TXT, MD")
    return base


class DocumentService:
    def __init__(self, settings: Settings, index: IndexService) -> None:
        self.settings = settings
        self.index = index
        # uploads are kept per collection, like the index
        if settings.uploads:
            given = Path(settings.uploads)
            self.uploads = given if settings.collection == "default" else given / settings.collection
        else:
            self.uploads = settings.collection_home() / "uploads"

    # ---- listing ---------------------------------------------------------------------------
    def list(self) -> list[dict]:
        out = []
        for d in self.index.documents():
            d = dict(d)
            d["indexed"] = time.strftime("%Y-%m-%d %H:%M", time.localtime(d["indexed_at"])) if d.get("indexed_at") else ""
            d["edition"] = edition_of(d.get("title", ""))  # the fiscal year a report edition covers
            out.append(d)
        return out

    # ---- changes ---------------------------------------------------------------------------
    def add_uploads(self, paths: list[str], progress: Optional[Progress] = None,
                    names: Optional[list[str]] = None) -> str:
        """Copy uploaded files into the uploads folder and index them. Returns a message that
        names every file that failed and why; the others are indexed regardless."""
        errors: list[tuple[str, str]] = []
        stored: list[Path] = []
        for i, p in enumerate(paths):
            shown = (names[i] if names else Path(p).name)
            try:
                name = safe_upload_name(shown)
                size = Path(p).stat().st_size
                if size > self.settings.max_file_mb * 1024 * 1024:
                    raise ValueError(f"{name}: {size / 1048576:.1f} MB is over the {self.settings.max_file_mb:g} MB limit")
                self.uploads.mkdir(parents=True, exist_ok=True)
                dest = self.uploads / name
                tmp = dest.with_name(f".{name}.part")
                shutil.copyfile(p, tmp)
                tmp.replace(dest)  # atomic: a half-copied file is never seen under its name
                stored.append(dest)
            except (ValueError, OSError) as exc:
                errors.append((shown, str(exc)))
        report = self.index.ingest(stored, progress) if stored else IngestReport()
        return _message(report, errors)

    def reindex(self, source: Optional[str], progress: Optional[Progress] = None) -> str:
        doc = self.index.store.document(source) if source else None
        if not doc:
            return f"ERROR {source or '(none)'}: not in the index"
        path = Path(doc["path"])
        if not path.is_file():
            return f"ERROR {source}: the file is no longer at {path}; its index entry is kept unchanged"
        return _message(self.index.ingest([path], progress, force=True), [])

    def remove(self, source: Optional[str]) -> str:
        doc = self.index.store.document(source) if source else None
        if not doc or not self.index.drop(source):
            return f"ERROR {source or '(none)'}: not in the index"
        path = Path(doc["path"])
        if path.parent.resolve() == self.uploads.resolve() and path.is_file():
            path.unlink()  # our own copy of an upload; files in the user's folders are never deleted
        return f"OK {source}: removed from the index"

    def publish_folder_in_child(self, folder: Path) -> int:
        """Parse and publish a folder in a child process (`python -m ingest --vectors-later`), so
        that the parsing's memory goes back to the system before this process embeds; the caller
        reopens its stores afterwards. Returns the child's exit status."""
        cmd = [sys.executable, "-m", "ingest", str(folder), "--vectors-later",
               "--home", str(self.settings.home), "--collection", self.settings.collection]
        return subprocess.run(cmd, check=False).returncode

    # ---- originals behind citations -------------------------------------------------------
    def passage_text(self, c: Citation) -> str:
        if not c.chunk_id:
            return ""
        found = self.index.passages([c.chunk_id])
        return found[0].text if found else ""

    def page_image(self, c: Citation):
        if not c.page:
            return None
        doc = self.index.store.document(c.source)
        if not doc or not str(doc["path"]).lower().endswith(".pdf"):
            return None
        from ingest.page_image import render_cited_page

        try:
            img, _ = render_cited_page(doc["path"], c.page, c.page_end, c.quote, resolution=150)
        except Exception:  # a moved or damaged original must not break the answer panel
            return None
        return img


def _message(report: IngestReport, errors: list[tuple[str, str]]) -> str:
    lines = []
    for name in report.added:
        lines.append(f"OK {name}: indexed")
    for name in report.updated:
        lines.append(f"OK {name}: re-indexed")
    for name in report.unchanged:
        lines.append(f"OK {name}: unchanged, already indexed")
    for path, why in errors + [(Path(p).name, r) for p, r in report.errors]:
        lines.append(f"ERROR {path}: {why}")
    return "\n\n".join(lines) or "nothing to do"
