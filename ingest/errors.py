"""Ingest errors carry the file and a plain-language reason for the person who gave it."""
from __future__ import annotations


class IngestError(Exception):
    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
