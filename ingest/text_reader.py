"""Reader for .txt/.md files: lines with line numbers, tab-separated rows as tables.

Japanese offices still produce Shift_JIS/CP932 files, so the encoding is detected, not
assumed; a file that decodes as none of the expected encodings is refused by name.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from core.types import Block, Document, Location
from ingest.errors import IngestError
from ingest.normalize import normalize_cell, normalize_line, normalize_raw

_ENCODINGS = ("utf-8-sig", "cp932", "euc-jp", "iso-2022-jp")
_MD_TABLE = re.compile(r"^\s*\|.*\|\s*$")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")


def decode_text(raw: bytes, path: str) -> str:
    if b"\x00" in raw[:4096]:
        raise IngestError(path, "looks like a binary file, not text")
    for enc in _ENCODINGS:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        # iso-2022-jp decodes plain ASCII too; only accept it when escapes are present.
        if enc == "iso-2022-jp" and b"\x1b$" not in raw:
            continue
        return text
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is not None:
            return str(best)
    except ImportError:  # optional dependency
        pass
    raise IngestError(path, "text encoding not recognised (tried UTF-8, Shift_JIS/CP932, EUC-JP)")


def read_text(path: str | Path, raw: bytes | None = None) -> Document:
    path = Path(path)
    raw = path.read_bytes() if raw is None else raw
    text = decode_text(raw, str(path))
    lines = text.splitlines()
    blocks: list[Block] = []
    table: list[list[str]] = []
    table_start = 0

    def flush_table(end: int) -> None:
        nonlocal table
        if table:
            blocks.append(Block("table", "\n".join(" | ".join(c for c in r if c) for r in table),
                                Location(line_start=table_start, line_end=end), rows=table))
            table = []

    for no, line in enumerate(lines, start=1):
        is_md_table = _MD_TABLE.match(line) is not None
        if "\t" in line or is_md_table:
            if is_md_table and _MD_RULE.match(line):
                continue
            cells = line.strip().strip("|").split("|") if is_md_table else line.split("\t")
            if not table:
                table_start = no
            table.append([normalize_cell(c) for c in cells])
            continue
        flush_table(no - 1)
        norm = normalize_line(line)
        if norm:
            blocks.append(Block("line", norm, Location(line_start=no, line_end=no), raw=normalize_raw(line)))
    flush_table(len(lines))
    if not any(b.text.strip() for b in blocks):
        raise IngestError(str(path), "the file is empty (no text to index)")
    title = guess_text_title(blocks, path)
    return Document(source=path.name, path=str(path), title=title, fmt="text",
                    sha256=hashlib.sha256(raw).hexdigest(), blocks=blocks, n_lines=len(lines))


def guess_text_title(blocks: list[Block], path: Path) -> str:
    """A first line that reads like a title (markdown heading or 「…について」), else the name."""
    for b in blocks[:3]:
        if b.kind != "line":
            continue
        t = b.text.lstrip("# ").strip()
        if b.text.startswith("#") or re.search(r"(について|報告書|プログラム|計画|条例)$", t):
            return t
    return path.stem.replace("_", " ")
