"""Table rows picked by a label the question names: 「今後の方向性が「拡充」の事業はどれ」,
"which indicators were rated Not achieved", 「評価がCの事業は」.

A column whose cells are short, figure-free labels that repeat down the table (a grade, a
rating, a direction, a status) is a category; a question naming one of its labels and asking
which/list is answered by every row holding that label, quoted whole with the table's header.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.answerers import Context, _passage_answers, _STATUS_HEAD, is_prose_table, years_conflict
from assistant.citations import from_chunk
from assistant.terms import FIGURE_ATTRIBUTE, coverage
from core.types import Answer, Candidate, Chunk
from ingest.normalize import nfkc

# the question asks for the rows themselves (which, list, all), not for one figure
_LIST_CUE = re.compile(r"どれ|どの|どんな|一覧|すべて|全て|全部|挙げ|列挙|いくつ|何事業|何指標|何件|"
                       r"\bwhich\b|\blist\b|\bwhat (?:are|were) the\b|\bname (?:the|all|every)\b|\ball (?:the )?|how many", re.I)
_LABEL_MAX = 20  # a category label is short; a longer cell is a description
# a one-character label (A, ◎, ○) counts only quoted or after the word that grades it
_GRADED = r"(?:評価|判定|評定|ランク|区分|rated|rating|grade[ds]?|graded|scored?|marked|status)\s*(?:が|は|を|of|as|=|:|：)?\s*"


@dataclass
class _Match:
    chunk: Chunk
    header: list[str]
    column: int
    label: str
    rows: list[list[str]]


def table_grid(text: str) -> tuple[list[str], list[list[str]]]:
    """The header cells of a table passage's text and its rows with as many cells."""
    lines = [l for l in text.split("\n") if "|" in l]
    if not lines:
        return [], []
    header = [x.strip() for x in lines[0].split("|")]
    rows = [[x.strip() for x in l.split("|")] for l in lines[1:]]
    return header, [r for r in rows if len(r) == len(header)]


def category_columns(header: list[str], rows: list[list[str]]) -> dict[int, set[str]]:
    """Columns of repeated short labels without figures: their labels."""
    out = {}
    if len(rows) < 3:
        return out
    for j in range(1, len(header)):
        values = [r[j] for r in rows if r[j]]
        if len(values) < 3 or any(len(v) > _LABEL_MAX or re.search(r"\d", v) for v in values):
            continue
        if len(set(values)) < len(values):  # a label shared by rows, not one name per row
            out[j] = set(values)
    return out


def names_label(question: str, label: str) -> bool:
    q, v = nfkc(question).lower(), nfkc(label).lower()
    if FIGURE_ATTRIBUTE.fullmatch(v):
        return False  # 目標/実績 rows name the kind of figure, not a category of rows
    if len(v) == 1:
        return bool(re.search(rf"[「『\"“'‘]\s*{re.escape(v)}\s*[」』\"”'’]|{_GRADED}{re.escape(v)}(?![a-z])", q, re.I))
    if re.fullmatch(r"[a-z][a-z \-]*", v):
        # (not the first word of a name: "Green" in "Green Business Fund")
        return bool(re.search(rf"(?i:(?<![a-z]){re.escape(nfkc(label))}(?![a-z]))(?!\s+[A-Z])", nfkc(question)))
    return v in q


def _categories(c: Chunk) -> tuple[list[str], list[list[str]], dict[int, set[str]]]:
    """A table's grid and category columns, read once per passage (every question reads every table)."""
    return _read_categories(c.text, is_prose_table(c))


@lru_cache(maxsize=4096)
def _read_categories(text: str, prose: bool) -> tuple[list[str], list[list[str]], dict[int, set[str]]]:
    header, rows = table_grid(text)
    return header, rows, ({} if prose else category_columns(header, rows))


def _matches(ctx: Context) -> list[_Match]:
    out = []
    for c in ctx.tables:
        if c.source in ctx.exclude_sources:
            continue
        header, rows, columns = _categories(c)
        for j, labels in columns.items():
            named = [v for v in labels if names_label(ctx.q.text, v)]
            # "Not achieved" names "achieved" too: the longest label named is the one meant
            named = [v for v in named if not any(v != w and nfkc(v).lower() in nfkc(w).lower() for w in named)]
            for v in named:
                out.append(_Match(c, header, j, v, [r for r in rows if r[j] == v]))
    return out


def rows_with_label(ctx: Context) -> list[Candidate]:
    q = ctx.q
    if not ctx.tables or not _LIST_CUE.search(q.text):
        return []
    scored = []
    for m in _matches(ctx):
        evidence = " ".join([m.chunk.title, m.chunk.section, " | ".join(m.header)] +
                            [" | ".join(r) for r in m.rows])
        scored.append((coverage(ctx.concepts, evidence).score, evidence, m))
    if not scored:
        return []
    score, evidence, m = max(scored, key=lambda t: t[0])
    ja = q.lang == "ja"
    head = m.header[m.column] or ("区分" if ja else "column")
    quote = "\n".join([" | ".join(m.header)] + [" | ".join(r) for r in m.rows])
    where = m.chunk.section or m.chunk.title
    lines = [f"{head}が「{m.label}」の行は{len(m.rows)}件です [1]" if ja else
             f"{len(m.rows)} row(s) with {head} “{m.label}” [1]", quote,
             f"(出典: {where})" if ja else f"(Source: {where})"]
    a = Answer(q.text, "\n".join(lines), True, [from_chunk(m.chunk, quote)], [], "extractive", q.lang)
    answers = _passage_answers(q, [m.chunk], evidence, ctx.concepts, quote) | {"count", "projects", "items", "which_ones"}
    if _STATUS_HEAD.search(head) or _STATUS_HEAD.search(m.label):
        answers.add("status")
    # the column is what the question asks about (「今後の方向性」 for 今後, "Rating" for rated)
    answers |= {op for op, cues in q.evidence.items() if op not in ("years", "articles")
                and any(w and nfkc(w).lower() in nfkc(head).lower() for w in cues)}
    why = {"column": head, "label": m.label, "rows": len(m.rows), "years_conflict": years_conflict(q, evidence)}
    # the label named is evidence of its own: the question picks rows by it
    return [Candidate("table_filter", a, 0.85 * min(1.0, score + 0.15), evidence, why, answers)]
