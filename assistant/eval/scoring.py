"""The scoring rules of the gold question sets (../shared/eval/score.py), as a library.

A question passes when every must_include string is in the answer or its records (NFKC,
thousands separators and spaces ignored; "a|b" accepts either), no must_exclude string is
in the answer, and an answerable question cites at least one source; an unanswerable one
passes when grounded is false.
"""
from __future__ import annotations

import json
import re
import unicodedata
from typing import Any, Optional


def norm(s: Any) -> str:
    s = unicodedata.normalize("NFKC", str(s))
    s = re.sub(r"(?<=\d),(?=\d{3})", "", s)
    return re.sub(r"\s+", "", s).lower()


def passes(q: dict, a: Optional[dict]) -> tuple[bool, str]:
    if a is None:
        return False, "no answer"
    if q["type"] == "unanswerable":
        return a.get("grounded") is False, "grounded should be false"
    text = norm(a.get("answer", "")) + norm(json.dumps(a.get("records", []), ensure_ascii=False))
    missing = [m for m in q.get("must_include", []) if not any(norm(alt) in text for alt in m.split("|"))]
    if missing:
        return False, f"missing {missing}"
    extra = [m for m in q.get("must_exclude", []) if norm(m) in norm(a.get("answer", ""))]
    if extra:
        return False, f"should not include {extra}"
    if not a.get("citations"):
        return False, "no citation"
    return True, ""


def recall_at_k(q: dict, a: dict, doc_types: dict[str, str], k: int = 5, slack: int = 2) -> dict[str, Optional[bool]]:
    """Did the first k citations come from the document the question names (`source`:
    report|program), and, where citations carry line numbers, from its `source_lines`?
    None where the question names no source or the index has no line numbers for it."""
    want = q.get("source")
    if not want or q.get("type") == "unanswerable":
        return {"doc": None, "lines": None}
    cites = a.get("citations", [])[:k]
    same = [c for c in cites if doc_types.get(c.get("source")) == want]
    doc_hit = bool(same)
    lines = q.get("source_lines") or []
    with_lines = [c for c in same if c.get("lines")]
    if not lines or not any(t == want for s, t in doc_types.items() if not s.lower().endswith(".pdf")):
        return {"doc": doc_hit, "lines": None}
    line_hit = any(c["lines"][0] - slack <= ln <= c["lines"][1] + slack for c in with_lines for ln in lines)
    return {"doc": doc_hit, "lines": line_hit}
