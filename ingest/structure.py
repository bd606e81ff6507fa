"""Recover the documents' structure from reader blocks.

The report is organised 第N条 (article) → "1 事業名" (program) → "(1) 取組" (sub-item), then
Check (検証意見, the council's opinions) and Action (令和7年度以降の対応, the city's response).
The execution program is organised 政策N → (n) 基本戦略 → ①取組項目 → 【…】 blocks, then
第5章 and 参考資料 (施策体系, the ordinance, surveys).

Headings are recognised line by line and kept on a stack, so every block knows its section
path. Page headers that repeat the current article (「第N条 … 〔報告書 p.x-p.y〕」) do not start
a new section. Special regions (the ordinance, the 施策体系 and article↔item tables) are
tagged so their own parsers can rebuild them; their raw lines are not chunked as prose.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from core.types import Block, Document, Location
from ingest.normalize import ends_sentence, has_japanese

ARTICLE_HEAD = re.compile(r"^第\s*(\d+)\s*条\s*(.*)$")
CHAPTER_HEAD = re.compile(r"^第\s*(\d+)\s*章\s*(.*)$")
POLICY_HEAD = re.compile(r"^政策\s*(\d+)\s*(.+)$")
NUMBERED_HEAD = re.compile(r"^(\d{1,2})\s+(\S.{1,70})$")
PAREN_HEAD = re.compile(r"^\((\d{1,2})\)\s*(\S.{1,60})$")
CIRCLED_HEAD = re.compile(r"^([①-⑳])\s*(\S.{1,50})$")
BRACKET_HEAD = re.compile(r"^【(.{1,30}?)】\s*$")
CHECK_HEAD = re.compile(r"^Check\b\s*(.*)$")
ACTION_HEAD = re.compile(r"^Action\b\s*(.*)$")
REPORT_PAGES = re.compile(r"報告書|^p\.\d+")
ORDINANCE_HEAD = re.compile(r"^(\d{1,2})\s+(\S*条例)$")
POLICY_TABLE_HEAD = re.compile(r"^施策体系$")
MAPPING_HEAD = re.compile(r"^中小企業活性化条例に基づく$")
INDICATOR_HEAD = re.compile(r"^指標\s*計画策定時")

# A line starting with one of these begins a new paragraph/list item (never a continuation).
MARKER = re.compile(r"^(- |・|○|◇|◆|●|▲|■|\*|※|＊|[①-⑳]|\(\d+\)|【|〔|\[|Check\b|Action\b|第\s*\d+\s*[条章]|政策\s*\d|\d{1,2}\s)")

CHECK_LABEL = "検証意見"
ACTION_LABEL = "令和7年度以降の対応"


@dataclass
class Section:
    path: list[str]
    kind: str  # text | opinion | response | ordinance | policy_system | mapping
    article: Optional[int] = None
    article_title: str = ""
    program: Optional[str] = None
    program_no: Optional[int] = None
    sub_item: Optional[str] = None
    blocks: list[Block] = field(default_factory=list)

    @property
    def loc(self) -> Location:
        loc = Location()
        for b in self.blocks:
            loc = loc.merge(b.loc)
        return loc


def _is_heading_text(text: str) -> bool:
    return not text.endswith("。") and len(text) <= 70


def detect_doc_type(doc: Document) -> str:
    texts = [b.text for b in doc.blocks if b.kind == "line"]
    joined = "\n".join(texts[:4000])
    report_score = len(re.findall(r"^Check\b", joined, re.M)) + len(re.findall(r"報告書", joined))
    program_score = len(re.findall(r"成果指標", joined)) + len(re.findall(r"【第\s*\d\s*期", joined))
    if report_score >= 3 and report_score >= program_score:
        return "report"
    if program_score >= 3:
        return "program"
    return "generic"


class _Stack:
    """Heading stack: level → label; a heading pops everything at its level or deeper."""

    def __init__(self) -> None:
        self.items: list[tuple[int, str, dict]] = []

    def push(self, level: int, label: str, **info) -> None:
        self.items = [it for it in self.items if it[0] < level]
        self.items.append((level, label, info))

    def pop(self, level: int) -> None:
        self.items = [it for it in self.items if it[0] < level]

    def path(self) -> list[str]:
        return [label for _, label, _ in self.items]

    def info(self, key: str):
        for _, _, info in reversed(self.items):
            if key in info:
                return info[key]
        return None


def structure(doc: Document) -> list[Section]:
    """Split a document's blocks into sections carrying their heading path."""
    doc_type = doc.doc_type
    stack = _Stack()
    sections: list[Section] = []
    current: Optional[Section] = None
    region: Optional[str] = None  # ordinance | policy_system | mapping while inside one
    ordinance_no = 0
    kind = "text"
    blocks = doc.blocks

    def new_section(kind_: str) -> Section:
        nonlocal current
        current = Section(path=stack.path(), kind=kind_, article=stack.info("article"),
                          article_title=stack.info("article_title") or "",
                          program=stack.info("program"), program_no=stack.info("program_no"),
                          sub_item=stack.info("sub_item"))
        sections.append(current)
        return current

    def add(block: Block) -> None:
        sec = current if current is not None else new_section(kind)
        sec.blocks.append(block)

    def next_lines(i: int, n: int) -> list[str]:
        return [b.text for b in blocks[i + 1:i + 1 + n] if b.kind == "line"]

    i = -1
    while i + 1 < len(blocks):
        i += 1
        b = blocks[i]
        if b.kind == "table":
            add(b)
            continue
        t = b.text

        # a Markdown heading: its level is the number of #'s, whatever the document
        m = re.match(r"^(#{1,6})\s+(.+)$", t)
        if m and region is None:
            stack.push(len(m.group(1)), m.group(2).strip().strip("*").strip())
            kind = "text"
            new_section(kind)
            continue

        # --- special regions (their own parsers rebuild them) -------------------------
        if region == "mapping" and not _mapping_line(t, current):
            region = None
            stack.pop(3)
            new_section("text")
        if region is None:
            if POLICY_TABLE_HEAD.match(t):
                region = "policy_system"
                stack.push(2, "施策体系")
                new_section("policy_system").blocks.append(b)
                continue
            if MAPPING_HEAD.match(t) and doc_type == "program":
                region = "mapping"
                stack.push(3, "条例の施策と取組項目の対応")
                new_section("mapping").blocks.append(b)
                continue
        m = ORDINANCE_HEAD.match(t)
        if m and region in (None, "policy_system"):
            region = "ordinance"
            ordinance_no = int(m.group(1))
            stack.push(1, f"{m.group(1)} {m.group(2)}", ordinance=True)
            new_section("ordinance").blocks.append(b)
            continue
        if region == "ordinance":
            m = NUMBERED_HEAD.match(t)
            # The next appendix heading ends the ordinance; the ordinance's own numbered
            # paragraphs ("2 市は、…") always carry a comma on their first line.
            if m and int(m.group(1)) == ordinance_no + 1 and "、" not in t and _is_heading_text(t):
                region = None
            else:
                add(b)
                continue
        if region == "policy_system":
            add(b)
            continue
        if region == "mapping":
            add(b)
            continue

        # --- headings -----------------------------------------------------------------
        m = ARTICLE_HEAD.match(t)
        if m and doc_type == "report" and any(REPORT_PAGES.search(x) for x in next_lines(i, 2)):
            num = int(m.group(1))
            title = m.group(2).strip()
            # skip the 〔報告書 p.x-p.y〕 lines that follow the heading
            while i + 1 < len(blocks) and blocks[i + 1].kind == "line" and (
                    REPORT_PAGES.search(blocks[i + 1].text) or re.fullmatch(r"[〔〕\[\]\s]*", blocks[i + 1].text)
                    or re.fullmatch(r"p\.\d+-p\.\d+\s*[〕\]]?", blocks[i + 1].text)):
                i += 1
            if stack.info("article") == num:
                continue  # repeated page header of the same article
            stack.push(1, f"第{num}条 {title}", article=num, article_title=title)
            kind = "text"
            new_section(kind)
            continue
        m = CHAPTER_HEAD.match(t)
        if m and _is_heading_text(t) and len(t) < 40:
            stack.push(0, f"第{m.group(1)}章 {m.group(2).strip()}")
            kind = "text"
            new_section(kind)
            continue
        if t == "参考資料":
            stack.push(0, "参考資料")
            kind = "text"
            new_section(kind)
            continue
        m = POLICY_HEAD.match(t)
        if m and doc_type == "program" and _is_heading_text(t):
            stack.push(1, f"政策{m.group(1)} {m.group(2).strip()}", policy=m.group(2).strip())
            kind = "text"
            new_section(kind)
            continue
        m = CHECK_HEAD.match(t)
        if m and doc_type == "report":
            stack.push(2, CHECK_LABEL)
            kind = "opinion"
            new_section(kind)
            continue
        m = ACTION_HEAD.match(t)
        if m and doc_type == "report":
            stack.push(2, ACTION_LABEL)
            kind = "response"
            new_section(kind)
            continue
        m = NUMBERED_HEAD.match(t)
        if m and _is_heading_text(t) and has_japanese(m.group(2)) and not _numeric_row(t):
            name = m.group(2).strip()
            if doc_type == "report" and stack.info("article") is not None:
                stack.push(2, f"{m.group(1)} {name}", program=name, program_no=int(m.group(1)))
            elif stack.path()[:1] == ["参考資料"] and ("「" in name or "概要" in name):
                stack.push(1, f"{m.group(1)} {name}")  # an appendix part (a survey)
            else:
                stack.push(2, f"{m.group(1)} {name}", item=name if doc_type == "program" else None)
            kind = "text"
            new_section(kind)
            continue
        m = PAREN_HEAD.match(t)
        if m and _is_heading_text(t) and kind == "text":
            stack.push(3, f"({m.group(1)}) {m.group(2).strip()}", sub_item=m.group(2).strip())
            new_section(kind)
            continue
        m = CIRCLED_HEAD.match(t)
        if m and doc_type == "program" and _is_heading_text(t) and "、" not in m.group(2):
            stack.push(4, f"{m.group(1)}{m.group(2).strip()}", item=m.group(2).strip())
            kind = "text"
            new_section(kind)
            continue
        m = BRACKET_HEAD.match(t)
        if m and doc_type == "program":
            stack.push(5, "【" + re.sub(r"\s+", "", m.group(1)) + "】")
            new_section(kind)
            continue
        if INDICATOR_HEAD.match(t) and doc_type == "program":
            stack.push(5, "成果指標")
            new_section("indicator").blocks.append(b)
            continue
        add(b)
    return [s for s in sections if s.blocks]


def _numeric_row(text: str) -> bool:
    """'38 件' or '102 件以上' are table values, not headings."""
    return bool(re.match(r"^[\d,.]+\s*\S{0,3}(以上|以下)?$", text))


def _mapping_line(text: str, current: Optional[Section]) -> bool:
    """Lines of the article ↔ 取組項目 table: article numbers, ○items, ※notes, short titles."""
    if ARTICLE_HEAD.match(text) or text.startswith(("○", "※")):
        return True
    return len(text) <= 22 and "。" not in text


# 「基準値（令和元年度）：4件」: a field of a record printed one per line, not a wrapped sentence
_KEY_VALUE = re.compile(r"^[^\s:：。、]{1,20}\s*[:：]\s*\S")


def paragraphs(blocks: list[Block]) -> list[Block]:
    """Rejoin hard-wrapped lines into paragraphs; tables pass through untouched."""
    out: list[Block] = []
    for b in blocks:
        if b.kind != "line":
            out.append(b)
            continue
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == "line" and not b.after_blank and not ends_sentence(prev.text)
                and not MARKER.match(b.text) and not _standalone(prev.text)
                and not (_KEY_VALUE.match(prev.text) and (len(prev.text) <= 40 or _KEY_VALUE.match(b.text)))):
            sep = "" if (has_japanese(prev.text[-1:]) or has_japanese(b.text[:1])) else " "
            out[-1] = Block("line", prev.text + sep + b.text, prev.loc.merge(b.loc), tail=b.text)
        else:
            out.append(Block("line", b.text, b.loc))
    return out


def caption_lines(b: Block) -> list[str]:
    """What may name the table after a line block: its text, then, for a paragraph rejoined from
    several lines, its last line (a line that did not end its sentence ran into the caption)."""
    return [t for t in (b.text, b.tail) if t]


# a line that gives a table's unit, source or a footnote qualifies the table; it does not name it
_TABLE_NOTE = re.compile(r"^\s*[(（]?\s*(?:単位|出典|資料|注|※|\*|source|unit|note)s?\s*[:：)）\d]", re.I)


def reads_as_caption(text: str) -> bool:
    # a sentence (「…した。」, "...is shown for 2021/22.") says something about the table; it does not name it
    sentence = text.endswith("。") or (text.endswith(".") and len(text.split()) >= 5)
    return len(text) < 80 and not sentence and not _TABLE_NOTE.match(text)


def _standalone(text: str) -> bool:
    """Captions and headings that never take a continuation."""
    return bool(re.match(r"^(●|▲|【.*】$|Check\b|Action\b|#{1,6}\s|\*\*.*\*\*$)", text)) or (
        MARKER.match(text) is not None and len(text) < 25 and not text.startswith(("- ", "・", "○")))
