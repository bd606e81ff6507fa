"""Acronyms the documents spell out but never write: a question's "UKSPF" is the documents'
"UK Shared Prosperity Fund", "BRC" their "Business Resilience Centre".

Read from the documents themselves: every run of capitalised words (with "of", "and", "for",
"the" or "&" between them) is indexed by its initials, a word written in capitals (UK, SME)
giving all its letters. No dictionary of acronyms is needed, and none that the documents do
not spell out is offered.
"""
from __future__ import annotations

import re
from typing import Iterable

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*|&")
_GLUE = {"of", "and", "for", "the", "&", "de", "on", "in"}
MAX_WORDS = 7  # longer runs are headings, not names


def _initials(word: str) -> str:
    # a word in capitals is itself an acronym (UK, SME): all its letters count
    return word if word.isupper() and len(word) <= 4 else word[0]


def acronym_index(texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """lower-case initials → the capitalised phrases (lower case) that have them."""
    index: dict[str, list[str]] = {}
    for text in texts:
        for line in text.split("\n"):
            tokens = _TOKEN.findall(line)
            run: list[str] = []
            for tok in tokens + [""]:  # "" ends the last run
                if tok and (tok[0].isupper() or run and tok.lower() in _GLUE):
                    run.append(tok)
                    continue
                _add_runs(run, index)
                run = []
    return {k: tuple(v) for k, v in index.items()}


def _add_runs(run: list[str], index: dict[str, list[str]]) -> None:
    while run and run[-1].lower() in _GLUE:
        run = run[:-1]
    for i, first in enumerate(run):
        if first.lower() in _GLUE:
            continue
        for j in range(i + 2, min(len(run), i + MAX_WORDS) + 1):
            if run[j - 1].lower() in _GLUE:
                continue
            words = run[i:j]
            key = "".join(_initials(w) for w in words if w.lower() not in _GLUE).lower()
            if len(key) < 3:
                continue
            phrase = " ".join(words).lower()
            found = index.setdefault(key, [])
            if phrase not in found:
                found.append(phrase)


def expansions(acronym: str, index: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The documents' phrases for an acronym in a question (UKSPF, SMEs, R&D): none for a
    word that is not written in capitals."""
    bare = re.sub(r"s$", "", acronym.replace("&", ""))
    if len(bare) < 3 or not bare.isupper():
        return ()
    return index.get(bare.lower(), ())
