"""A romanised Japanese name (Mikagawa, Kirinohara, Asaba) meets the kanji the documents
write it in, through each kanji's readings (KANJIDIC, shipped with jamdict-data).

The tokenizer's reading of a rare place name is often wrong or missing (Sudachi reads 美香川町
as 美 + 香川町), so a name is matched the way a reader would: some reading of each kanji,
on, kun or the readings used in names (nanori), one after another, with the voicing a
compound gives its later parts (川 kawa → gawa, 原 hara → bara).
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from assistant.glossary import rows_for

_VOICED = {"k": "g", "s": "z", "t": "d", "h": "b", "f": "b", "c": "j"}  # rendaku: 川 kawa → gawa
# kana that join the kanji of a name (霧ヶ丘 Kirigaoka)
_JOINERS = {"ヶ": ("ga", "ka", "ke"), "ヵ": ("ga", "ka"), "ケ": ("ga", "ke")}
_NAME_UNIT = re.compile(r"[\u3400-\u9fff\u3005ヶヵケ]+")
_ADMIN_SUFFIXES = set("都道府県市区町村郡")
_LONG = (("ou", "o"), ("oo", "o"), ("uu", "u"), ("ei", "e"), ("aa", "a"), ("ii", "i"), ("ee", "e"))


def collapse(romaji: str) -> str:
    """Long vowels written short, as English spellings of names do (Kōhoku → kohoku)."""
    prev = None
    while prev != romaji:
        prev = romaji
        for long, short in _LONG:
            romaji = romaji.replace(long, short)
    return romaji


def _romaji(kana: str) -> str:
    import jaconv

    return re.sub(r"[^a-z]", "", jaconv.kata2alphabet(jaconv.hira2kata(kana)).lower())


class KanjiReadings:
    """Each kanji's readings, romanised, from the dictionary's character table: read at once
    for the characters of the corpus's names."""

    def __init__(self, db_file: Optional[str], words: Iterable[str] = ()) -> None:
        self._readings: dict[str, set[str]] = {}
        chars = sorted({ch for w in words for ch in w if ch not in _JOINERS})
        if not db_file or not chars:
            return
        rows = rows_for(db_file,
                        "SELECT c.literal, r.value FROM character c JOIN wanted w ON w.v = c.literal "
                        "JOIN rm_group g ON g.cid = c.ID JOIN reading r ON r.gid = g.ID WHERE r.r_type IN ('ja_on', 'ja_kun') "
                        "UNION SELECT c.literal, n.value FROM character c JOIN wanted w ON w.v = c.literal "
                        "JOIN nanori n ON n.cid = c.ID", chars)
        for ch, value in rows:
            stem = value.split(".")[0].strip("-")  # うつく.しい → うつく: the kanji's own part
            r = _romaji(stem)
            if r:
                self._readings.setdefault(ch, set()).add(collapse(r))

    def of(self, ch: str) -> tuple[str, ...]:
        if ch in _JOINERS:
            return _JOINERS[ch]
        return tuple(self._readings.get(ch, ()))


def reads_as(word: str, key: str, readings: KanjiReadings) -> bool:
    """Some reading of each character of `word`, in order, spells `key` (a collapsed romanisation)."""
    reach = {0}
    for i, ch in enumerate(word):
        options = readings.of(ch)
        if not options:
            return False
        if i > 0:
            options = options + tuple(_VOICED[o[0]] + o[1:] for o in options if o[0] in _VOICED)
        nxt = set()
        for pos in reach:
            for o in options:
                if key.startswith(o, pos):
                    nxt.add(pos + len(o))
        if not nxt:
            return False
        reach = nxt
    return len(key) in reach


def names_read_as(candidates: Iterable[str], readings: KanjiReadings, key: str) -> list[str]:
    """The candidate kanji words that read as `key`, longest first."""
    if len(key) < 5:
        return []  # a short key (Ota, Ise) is spelled by too many pairs of kanji
    # an English name leaves off the administrative suffix (Kirinohara for 霧野原町)
    found = [w for w in candidates if reads_as(w, key, readings)
             or (len(w) > 2 and w[-1] in _ADMIN_SUFFIXES and reads_as(w[:-1], key, readings))]
    return sorted(found, key=len, reverse=True)


def name_spans(surfaces: list[str], pos: list[str]) -> set[str]:
    """Runs of one to three adjacent nouns (the tokenizer's shortest units) written in kanji,
    two to five characters long: where a name the tokenizer split may be written. A run never
    starts or ends inside a word, so 等経 is not read out of 等 + 経費."""
    out: set[str] = set()
    for i in range(len(surfaces)):
        joined = ""
        for s, p in zip(surfaces[i:i + 3], pos[i:i + 3]):
            if not _NAME_UNIT.fullmatch(s) or (p != "名詞" and s not in _JOINERS):
                break
            joined += s
            if 2 <= len(joined) <= 5 and joined[0] not in _JOINERS and joined[-1] not in _JOINERS:
                out.add(joined)
    return out


# --- names across scripts: a katakana name (ケルストン) and its Latin spelling (Kelston) ------
def latin_skeleton(word: str) -> str:
    """The consonants of an English-spelt name as Japanese ears hear them: a non-rhotic r is
    silent, l is r, v is b, th is s, dge and j are j, doubled letters are one."""
    w = word.lower()
    w = re.sub(r"r(?=[^aeiouy]|$)", "", w)  # Northfield: the r before a consonant is not heard
    for a, b in (("tch", "ch"), ("dge", "j"), ("ph", "f"), ("th", "s"), ("wh", "w"), ("ck", "k"), ("qu", "kw"),
                 ("x", "ks"), ("c", "k"), ("q", "k"), ("l", "r"), ("v", "b"), ("ch", "t"), ("sh", "s"), ("gh", ""), ("z", "s")):
        w = w.replace(a, b)
    return _consonants(w)


def katakana_skeleton(kana: str) -> str:
    """The consonants of a katakana word's romanisation (ケルストン → k r s t n), the vowels
    Japanese adds between consonants dropped with all the others."""
    import jaconv

    r = jaconv.kata2alphabet(kana).lower()
    for a, b in (("tsu", "t"), ("chi", "t"), ("ch", "t"), ("shi", "s"), ("sh", "s"), ("ji", "j"), ("fu", "f"),
                 ("v", "b"), ("l", "r"), ("z", "s"), ("ui", "wi"), ("ue", "we"), ("uo", "wo")):
        r = r.replace(a, b)
    return _consonants(r)


def _consonants(w: str) -> str:
    w = re.sub(r"[^a-z]", "", w)
    w = re.sub(r"(?<=[^aeiou])h", "", w)  # an h after a consonant is heard as part of it
    w = re.sub(r"[aeiouy]", "", w)
    return re.sub(r"(.)\1+", r"\1", w)


def latin_names_for(kana: str, skeletons: dict[str, list[str]]) -> list[str]:
    """Latin-spelt names whose consonants a katakana word shares (three at least: fewer would
    match names at random)."""
    key = katakana_skeleton(kana)
    return list(skeletons.get(key, [])) if len(key) >= 3 else []


def latin_skeletons(words: Iterable[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for w in words:
        out.setdefault(latin_skeleton(w), []).append(w)
    return out
