"""The nouns of a Japanese answer glossed in English, for a reader who asked in English.

The offline assistant cannot translate a quoted passage. What it can do honestly is show
what the dictionary (JMdict) says the quote's nouns mean, in the order they appear:
「金融機関は…資金の貸付け…経営の相談…」 → 金融機関 financial institution · 資金 funds ·
貸付け loan · 相談 consultation. The reader sees what the passage is about and can check
the Japanese, which stays the answer.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Optional

from assistant.terms import _jamdict, compound_glosses

MAX_TERMS = 16  # a line the reader can take in; the quote itself stays the answer
GLOSSES_PER_TERM = 3  # of the word's first (most common) sense, as the dictionary orders them
LABEL = "Key terms (dictionary glosses)"
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_WORD = re.compile(r"[\u3400-\u9fff\u30a0-\u30ff][\u3040-\u30ff\u3400-\u9fff]*")
# where an answer's own text ends and the passages shown under it begin
_SECTION_BREAK = re.compile(r"\n\s*―")


def glossed_terms(text: str, max_terms: int = MAX_TERMS,
                  weight: Optional[Callable[[str], float]] = None) -> list[tuple[str, tuple[str, ...]]]:
    """(word, its first glosses) for the nouns of the text, in order, once each;
    past max_terms, the words with the highest weight (the rarer words of the documents,
    which say what this passage is about; 年度 or 中小企業 are in every passage)."""
    from vectorstore.tokenizer import surface_tokens

    out: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    for surface, _, pos, sub, _ in surface_tokens(text):
        # nouns only: a verb's first sense in the dictionary is often its literal one (取り組む
        # "to grapple with, to engage in a bout"), and the nouns say what a passage is about
        if pos != "名詞" or sub not in ("普通名詞", "固有名詞"):
            continue
        if surface in seen or not _WORD.fullmatch(surface) or len(surface) < 2:
            continue
        seen.add(surface)
        glosses = dictionary_glosses(surface) or _first_glosses(compound_glosses(surface))
        if glosses:
            out.append((surface, glosses))
            if weight is None and len(out) >= max_terms:
                break
    if len(out) > max_terms:
        kept = set(sorted(range(len(out)), key=lambda i: (-weight(out[i][0]), i))[:max_terms])
        out = [t for i, t in enumerate(out) if i in kept]
    return out


@lru_cache(maxsize=4096)
def dictionary_glosses(word: str) -> tuple[str, ...]:
    """The glosses of the word's first sense in JMdict, as written for a reader ("the number of
    people" for 人数: the look-up used for matching keeps one- and two-word glosses only, which
    would show "many people, adult"), qualifiers in brackets left out."""
    jam = _jamdict()
    if jam is None:
        return ()
    try:
        entries = jam.lookup(word, lookup_chars=False, lookup_ne=False).entries[:3]
    except Exception:  # a dictionary that cannot be read glosses nothing; the answer stands
        return ()
    for e in entries:
        if word in [k.text for k in e.kanji_forms] + [k.text for k in e.kana_forms] and e.senses:
            out = [re.sub(r"\s*\(.*?\)\s*", " ", g.text).strip() for g in e.senses[0].gloss]
            return tuple(dict.fromkeys(g for g in out if g))[:GLOSSES_PER_TERM]
    return ()


def _first_glosses(glosses: tuple[str, ...]) -> tuple[str, ...]:
    """The first distinct glosses, without the plural spellings the look-up adds for matching."""
    out: list[str] = []
    for g in glosses:
        if any(g in (o + "s", o[:-1] + "ies") for o in out):
            continue
        out.append(g)
        if len(out) >= GLOSSES_PER_TERM:
            break
    return tuple(out)


def gloss_line(answer_text: str, weight: Optional[Callable[[str], float]] = None) -> str:
    """「Key terms (dictionary glosses): 貸付け loan, lending · …」 for the Japanese in the
    answer's own text (not the passages listed under it), or "" when there is none."""
    own = _SECTION_BREAK.split(answer_text, 1)[0]
    if not _JAPANESE.search(own):
        return ""
    terms = glossed_terms(own, weight=weight)
    if not terms:
        return ""
    return f"{LABEL}: " + " · ".join(f"{w} {', '.join(g)}" for w, g in terms)
