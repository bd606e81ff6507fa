"""The corpus's own English–Japanese glossary, read from JMdict in the corpus-to-English direction.

A forward look-up (English word → every Japanese word JMdict glosses with it) misses most of
what an English question needs: JMdict qualifies its glosses ("revitalization (e.g. of a
town)" for 活性化, "exhibitors (at a trade show, etc.)" for 出展者), glosses with phrases
("railway station" for 駅) and never with the acronyms English readers use ("SMEs" for
中小企業, "small and medium-sized enterprises"). Read the other way, from the Japanese words
the documents actually use, each gloss can be indexed by its bare head, by the head noun of a
short phrase and by its initials, and every answer is a word of the corpus, so a rare sense
of a common English word cannot bring in a word the documents never use.
"""
from __future__ import annotations

import re
import sqlite3
from typing import Iterable, Optional

# words that do not start an acronym or head a phrase ("research and development" → R&D)
_GLUE = {"a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by", "with", "e.g.", "etc"}
_NOT_PLURAL = {"news", "series", "species", "means", "status", "census", "bonus", "campus", "virus", "focus", "bus"}
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*")
_WORDS = re.compile(r"[a-z][a-z\-']*")
_JA_RUN = re.compile(r"[\u3005\u3040-\u30ff\u3400-\u9fffー]+")
MAX_FORM = 8  # longer Japanese compounds are phrases, not dictionary words


def singular(word: str) -> str:
    """The singular of a regular English plural (enterprises → enterprise, cities → city)."""
    if word in _NOT_PLURAL:
        return word
    for suf, rep in (("ies", "y"), ("sses", "ss"), ("shes", "sh"), ("ches", "ch"), ("xes", "x"), ("s", "")):
        if word.endswith(suf) and len(word) - len(suf) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suf)] + rep
    return word


def gloss_keys(gloss: str) -> tuple[list[str], str]:
    """The English keys a gloss answers to: the gloss without its qualifier (and without the
    "to" of a verb) and the head noun of a phrase of up to three words, each in the singular;
    and its acronym, as the gloss states it or as the initials of its words (or "")."""
    stated = [a for a in re.findall(r"\(([A-Z][A-Z&]{1,7})s?\)", gloss)]  # "research and development (R&D)"
    text = _QUALIFIER.sub(" ", gloss.lower()).strip()
    text = re.sub(r"^to\s+", "", text)
    words = _WORDS.findall(text)
    if not words or len(words) > 5:
        return [], stated[0].replace("&", "").lower() if stated else ""
    keys = []
    if len(words) <= 3:
        keys.append(" ".join(singular(w) for w in words))
        if len(words) >= 2 and words[-1] not in _GLUE:
            keys.append(singular(words[-1]))
    # the initials of three or more words ("small and medium-sized enterprises" → SME); two
    # initials name too many things to be read back
    content = [w for w in words if w not in _GLUE]
    acronym = "".join(w[0] for w in content) if len(content) >= 3 else ""
    if stated:
        acronym = stated[0].replace("&", "").lower()
    return list(dict.fromkeys(k for k in keys if len(k) >= 3)), acronym


def corpus_words(text: str, tokens: Iterable[str] = ()) -> set[str]:
    """Every string of 2 to MAX_FORM Japanese characters in the text (the words a dictionary
    may find there), plus the single-character tokens the tokenizer found (駅, 港)."""
    out = {t for t in tokens if len(t) == 1 and _JA_RUN.fullmatch(t)}
    for run in _JA_RUN.findall(text):
        n = len(run)
        for i in range(n):
            for j in range(i + 2, min(n, i + MAX_FORM) + 1):
                out.add(run[i:j])
    return out


def rows_for(db_file: str, sql: str, values: Iterable[str] = ()) -> list[tuple]:
    """Rows of the dictionary's tables, read-only; with `values`, for many words at once: they
    fill a temporary table `wanted (v)` that `sql` joins. Nothing on a dictionary that cannot be
    read."""
    try:
        with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True) as db:
            if values:
                db.execute("CREATE TEMP TABLE wanted (v TEXT PRIMARY KEY)")
                db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((v,) for v in values))
            return db.execute(sql).fetchall()
    except sqlite3.Error:
        return []


class CorpusGlossary:
    """English key → the corpus's Japanese words JMdict glosses with it."""

    def __init__(self, entries: dict[str, tuple[str, ...]], acronyms: dict[str, tuple[str, ...]]) -> None:
        self.entries = entries
        self.acronyms = acronyms

    @classmethod
    def build(cls, db_file: Optional[str], words: set[str]) -> "CorpusGlossary":
        if not db_file or not words:
            return cls({}, {})
        index: dict[str, list[str]] = {}
        initials: dict[str, list[str]] = {}
        rows = rows_for(db_file,
                        "SELECT f.text, g.text FROM (SELECT idseq, text FROM Kanji UNION ALL SELECT idseq, text FROM Kana) f "
                        "JOIN wanted w ON w.v = f.text JOIN Sense s ON s.idseq = f.idseq JOIN SenseGloss g ON g.sid = s.ID",
                        words)
        for form, gloss in rows:
            if re.fullmatch(r"[\u3040-\u309f]+", form):
                continue  # a word in hiragana alone matches inside unrelated words
            keys, acronym = gloss_keys(gloss)
            for table, key in [(index, k) for k in keys] + ([(initials, acronym)] if acronym else []):
                forms = table.setdefault(key, [])
                if form not in forms:
                    forms.append(form)
        return cls({k: tuple(v) for k, v in index.items()}, {k: tuple(v) for k, v in initials.items()})

    def lookup(self, word: str) -> tuple[str, ...]:
        """The corpus words for an English word or phrase, singular or plural; a word written
        in capitals (SME, SMEs, R&D) is also read as an acronym."""
        key = " ".join(singular(w) for w in _WORDS.findall(word.lower()))
        found = self.entries.get(key, ())
        bare = re.sub(r"s$", "", word.replace("&", ""))
        if len(bare) >= 2 and bare.isupper():
            found += tuple(f for f in self.acronyms.get(bare.lower(), ()) if f not in found)
        return found
