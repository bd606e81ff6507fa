"""Typed records that flow through the pipeline.

ingest produces Document/Block/Chunk/KpiRecord/Article/PolicyItem; vectorstore stores them;
assistant turns them into Citation/Answer. Everything is a plain dataclass so it can be
serialised to JSON (CLI, API, eval) without surprises.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Optional


@dataclass
class Location:
    """Where a piece of text lives: a PDF page range or a text-file line range."""

    page_start: Optional[int] = None
    page_end: Optional[int] = None
    line_start: Optional[int] = None
    line_end: Optional[int] = None

    def merge(self, other: "Location") -> "Location":
        def lo(a, b):
            vals = [v for v in (a, b) if v is not None]
            return min(vals) if vals else None

        def hi(a, b):
            vals = [v for v in (a, b) if v is not None]
            return max(vals) if vals else None

        return Location(
            lo(self.page_start, other.page_start),
            hi(self.page_end, other.page_end),
            lo(self.line_start, other.line_start),
            hi(self.line_end, other.line_end),
        )

    def label(self) -> str:
        if self.page_start is not None:
            if self.page_end and self.page_end != self.page_start:
                return f"p.{self.page_start}-{self.page_end}"
            return f"p.{self.page_start}"
        if self.line_start is not None:
            if self.line_end and self.line_end != self.line_start:
                return f"l.{self.line_start}-{self.line_end}"
            return f"l.{self.line_start}"
        return ""


@dataclass
class Block:
    """One unit from a reader: a text line or a whole table, with its location.

    Readers emit blocks in reading order; `wrapped` says the line visibly runs to the right
    margin (PDF), a strong hint that the next line continues the same sentence.
    """

    kind: str  # "line" | "table"
    text: str
    loc: Location
    rows: Optional[list[list[str]]] = None
    wrapped: bool = False
    raw: str = ""  # NFKC text with the layout's spaces kept (column separators in flattened tables)
    after_blank: bool = False  # a text file's line after an empty line: a new paragraph, never a continuation
    tail: str = ""  # a paragraph rejoined from several lines: its last line (a caption a wrapped line ran into)


@dataclass
class Document:
    source: str  # file name, the key of everything indexed from it
    path: str
    title: str
    fmt: str  # "pdf" | "text"
    sha256: str
    blocks: list[Block]
    n_pages: Optional[int] = None
    n_lines: Optional[int] = None
    doc_type: str = "generic"  # "report" | "program" | "generic"


@dataclass
class Chunk:
    id: str
    text: str
    source: str
    title: str
    doc_type: str
    kind: str  # text | table | opinion | response | kpi | article | indicator
    section_path: list[str]
    loc: Location
    article: Optional[int] = None
    program: Optional[str] = None

    @property
    def section(self) -> str:
        return " › ".join(self.section_path)

    def metadata(self) -> dict[str, Any]:
        """Flat metadata for Chroma (scalars only; None becomes a sentinel)."""
        return {
            "source": self.source,
            "title": self.title,
            "doc_type": self.doc_type,
            "kind": self.kind,
            "section": self.section,
            "article": self.article if self.article is not None else -1,
            "program": self.program or "",
            "page_start": self.loc.page_start if self.loc.page_start is not None else -1,
            "page_end": self.loc.page_end if self.loc.page_end is not None else -1,
            "line_start": self.loc.line_start if self.loc.line_start is not None else -1,
            "line_end": self.loc.line_end if self.loc.line_end is not None else -1,
        }

    @staticmethod
    def from_metadata(chunk_id: str, text: str, md: dict[str, Any]) -> "Chunk":
        def opt(v):
            return None if v in (-1, None, "") else v

        return Chunk(
            id=chunk_id,
            text=text,
            source=md["source"],
            title=md.get("title", ""),
            doc_type=md.get("doc_type", "generic"),
            kind=md.get("kind", "text"),
            section_path=[s for s in md.get("section", "").split(" › ") if s],
            loc=Location(opt(md.get("page_start")), opt(md.get("page_end")),
                         opt(md.get("line_start")), opt(md.get("line_end"))),
            article=opt(md.get("article")),
            program=opt(md.get("program")),
        )


@dataclass
class KpiRecord:
    """One indicator × fiscal year with target and actual, as printed in the document.

    `target`/`actual` keep the document's text; `*_value` are parsed numbers for comparison.
    status: met | missed | undecidable | no_target (actual-only tables) | plan (program targets).
    """

    source: str
    title: str
    doc_type: str
    article: Optional[int]
    article_title: str
    program: str
    program_no: Optional[int]
    sub_item: str
    indicator: str
    unit: str
    year: str  # "R6" style for the report, free text for plan indicators
    fiscal_year: Optional[int]  # 2024 for R6
    target: str
    actual: str
    target_value: Optional[float]
    actual_value: Optional[float]
    status: str
    reason: str
    loc: Location
    table_id: str = ""
    raw: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["loc"] = asdict(self.loc)
        return d


@dataclass
class Article:
    """An ordinance article reassembled from a (possibly two-column) layout."""

    number: int  # 0 = 前文 (preamble), 99 = 附則 (supplementary provisions)
    title: str
    text: str
    source: str
    doc_title: str
    loc: Location

    @property
    def label(self) -> str:
        if self.number == 0:
            return "前文"
        if self.number == 99:
            return "附則"
        return f"第{self.number}条"


@dataclass
class PolicyItem:
    """A row of the program's 施策体系: 政策 → 基本戦略 → 取組項目 → 事務事業."""

    policy: str
    strategy: str
    item: str
    project: str
    bureau: str
    source: str
    doc_title: str
    loc: Location


@dataclass
class ArticleItemLink:
    """Ordinance article (12–19) ↔ 取組項目 mapping from the program's 第5章 table."""

    article: int
    article_title: str
    item: str  # empty when the article maps to no single item (note says why)
    note: str
    source: str
    doc_title: str
    loc: Location


@dataclass
class Citation:
    source: str
    title: str
    page: Optional[int]
    lines: Optional[list[int]]
    section: str
    quote: str
    kind: str = "text"
    chunk_id: str = ""
    page_end: Optional[int] = None  # set when the passage runs over a page break

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def label(self) -> str:
        pages = f"p.{self.page}-{self.page_end}" if self.page and self.page_end and self.page_end != self.page \
            else f"p.{self.page}"
        where = pages if self.page else (f"l.{self.lines[0]}-{self.lines[1]}" if self.lines else "")
        parts = [self.title or self.source, where, self.section]
        return " | ".join(p for p in parts if p)


@dataclass
class Answer:
    question: str
    answer: str
    grounded: bool
    citations: list[Citation] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    mode: str = "extractive"  # extractive | kpi | article | mapping | none | llm
    lang: str = "ja"
    notes: list[str] = field(default_factory=list)
    follow_up: dict[str, Any] = field(default_factory=dict)  # analysed question, for multi-turn
    trace: list[dict[str, Any]] = field(default_factory=list)  # how it was found: TraceStep dicts
    support: Optional[float] = None  # the verifier's support for the chosen answer (0..1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "grounded": self.grounded,
            "citations": [c.to_dict() for c in self.citations],
            "records": self.records,
            "mode": self.mode,
            "lang": self.lang,
            "notes": self.notes,
            "support": self.support,
            "trace": self.trace,
        }


@dataclass
class TraceStep:
    """One step of how an answer was found (read, link, propose, verify), as the UI's
    "how this answer was found" panel and the JSON show it."""

    title: str
    description: str
    props: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Candidate:
    """An answerer's proposal: the answer, how well its own evidence supports the question
    (0..1), and the text of that evidence for the verifier to check."""

    answerer: str
    answer: Answer
    support: float
    evidence_text: str = ""
    why: dict[str, Any] = field(default_factory=dict)
    answers: set[str] = field(default_factory=set)  # the question slots this candidate addresses
