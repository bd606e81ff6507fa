"""The question's key terms, how much each weighs, and whether evidence covers them.

A question's concepts are its content words: Sudachi tokens for Japanese; for English,
each content word with the Japanese words a bilingual dictionary (JMdict, via jamdict,
installed offline) gives for it, kept only where the corpus itself uses them. Each concept
weighs its inverse document frequency in the indexed chunks, so a rare word (横浜, 人口,
選挙) counts more than 事業 or 目標. Coverage, the weighted share of concepts that occur in
a candidate's cited evidence, is what the verifier reads: an answer whose evidence misses
the question's rare words does not answer it.
"""
from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from typing import Callable, Iterable, Optional

from assistant.acronyms import acronym_index, expansions
from assistant.glossary import CorpusGlossary, corpus_words, rows_for, singular
from assistant.name_readings import KanjiReadings, collapse, latin_names_for, latin_skeletons, name_spans, names_read_as
from assistant.question import JA_COUNTER
from ingest.normalize import has_japanese, nfkc

# function words of questions, not of any document: they carry no topic
_JA_STOP = set("""何 なに 教える 下さる くださる ください 知る 知りたい ある いる する なる できる 思う 言う もの こと
どう どの どれ どこ いつ 誰 だれ いくら いくつ 為 ため よう そう これ それ あれ 中 上 下 際 的 等 など 方 今 毎 各 全部
全て すべて 第 条 年度 年 度 令和 平成 元 月 日 目標 実績 達成 未達 値 はい 場合 について 関する 対する 中で 合計
ね よ か な の ん でしょう です ます ございます お願い 願う 件 人 回 社 円 割合 率 数 一番 いちばん 最も 話
""".split())
_EN_STOP = set("""a an the of in on at to for from by with about into over under between through during and or but
not no nor so than then as is are was were be been being am do does did done doing have has had having can could
will would shall should may might must it its it's this that these those there their they them he she his her
we our us you your i me my what which who whom whose when where why how many much any some each every all both
either neither other another such same own only just also too very more most less least few several
per vs versus up down out off again further once here tell show give list say said says please know find
according document documents report reports city city's fy fiscal year years yr article articles
ordinance target targets goal goals actual actually result results figure figures number numbers value values
did does whether if was were ever still yet get got make made want wanted like look looking need needs
new one two three first second last next year's thing things anything something way ways
anyone anybody someone somebody everyone everybody
i'm i've i'd i'll we're we've we'd we'll you're you've they're it's that's there's what's
don't doesn't didn't can't cannot won't isn't aren't wasn't weren't haven't hasn't wouldn't couldn't shouldn't
""".split())
_PHRASE_TAKEN = "the"  # stands for the words of a phrase already read
# English numbers spelled out: figures (six forums = 6 forums), never topics
EN_NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                          "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
EN_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12})
_SPELLED = re.compile(r"\b(" + "|".join(sorted(EN_NUMBERS, key=len, reverse=True)) + r")\b", re.I)


def spelled_out_numbers(text: str) -> str:
    """The text with English numbers written as figures (six regional forums → 6 regional forums)."""
    return _SPELLED.sub(lambda m: str(EN_NUMBERS[m.group(1).lower()]), text)


_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")
_JA_CHARS = re.compile(r"[\u3005\u3040-\u30ff\u3400-\u9fff]")


MIN_CONCEPT_WEIGHT = 6.0  # the coverage floor on a corpus of a few hundred passages (0.9 × its largest weight)
# a katakana word long enough to be a loanword of its own (two kana match inside unrelated words)
_LOANWORD_FORM = re.compile(r"[\u30a0-\u30ffー・]{3,}")
_KATAKANA = re.compile(r"[\u30a0-\u30ffー・]+")
NEUTRAL_COVERAGE = 0.5


@dataclass
class Concept:
    label: str  # the question's word
    forms: list[str]  # what counts as the concept in evidence (surface strings)
    weight: float
    known: bool = True  # the corpus uses the word at all
    required: bool = False  # a name (place, person, organisation): evidence without it is about something else
    focus: bool = False  # part of what a "how many" question counts (「海外からの出展者は何団体」)
    asked: bool = False  # the word heading what the question asks for (任期 in 「委員の任期はいつまで」)
    name: bool = False  # a proper name (a place, an organisation): it may say which document is meant
    scale: float = MIN_CONCEPT_WEIGHT / 0.9  # the corpus's largest word weight (a word found in one passage)

    def in_text(self, text: str) -> bool:
        return any(f and _form_in(f, text) for f in self.forms)

    def as_word_in(self, text: str) -> bool:
        """`in_text`, but a Latin-script form counts only as a whole word ("PR" is not in "program")."""
        low = text.lower()
        return any(re.search(rf"(?<![a-z0-9]){re.escape(f.lower())}(?![a-z0-9])", low) if f.isascii()
                   else _form_in(f, text) for f in self.forms if f)


def _form_in(form: str, text: str) -> bool:
    # a long loanword meets its shorter relatives by its stem (コンピューティング ~ コンピュータ)
    # (a Latin form meets the lower-cased text coverage reads: 「越境ec」 has the form EC)
    return form in text or (form.isascii() and form.lower() in text) or \
        (len(form) >= 6 and bool(_KATAKANA.fullmatch(form)) and form[:5] in text)


@dataclass
class Coverage:
    score: float  # weighted share of concepts found in the evidence, 0..1
    covered: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    missing_names: list[str] = field(default_factory=list)  # required concepts (names) not found


class TermStats:
    """Document frequencies over the indexed chunks (tokens as the keyword index stores them)
    and a flat copy of the corpus text for presence checks."""

    def __init__(self, docs: Iterable[list[str]], raw_texts: Iterable[str] = ()) -> None:
        self.df: dict[str, int] = {}
        texts = []
        n = 0
        for toks in docs:
            n += 1
            for t in set(toks):
                self.df[t] = self.df.get(t, 0) + 1
            texts.append("".join(toks))
        self.n = max(1, n)
        self._passages = [t.lower() for t in texts]  # for the frequency of a form that is no single token
        # tokens are normalised forms (Sudachi may turn "festival" into フェスティバル): the raw
        # text is kept beside them for presence checks
        # (each distinct text once: editions of a report repeat most of their passages)
        raw_texts = list(raw_texts)
        self.text = "\n".join(dict.fromkeys(texts + [nfkc(t).lower() for t in raw_texts]))
        # the documents' spelt-out names by their initials (acronyms.py): the case is in the raw text only
        self.acronyms = acronym_index(nfkc(t) for t in raw_texts if re.search(r"[A-Z][a-z]+ [A-Z]", t))
        self._substring_df: dict[str, int] = {}
        self._seen: dict[str, bool] = {}  # presence checks, memoised: questions repeat words
        self._readings: Optional[dict[str, list[str]]] = None
        self._english: Optional[bool] = None
        self._glossary: Optional[CorpusGlossary] = None
        self._kanji_words: Optional[tuple[list[str], KanjiReadings]] = None
        self._latin_names: Optional[dict[str, list[str]]] = None

    def words_read_as(self, key: str) -> list[str]:
        """Corpus nouns whose reading romanises to `key` (see `romaji_key`): 慶應 for "Keio",
        中原区 for "Nakahara". Built on first use: only English questions with a name need it."""
        self.build_readings()
        found = self._readings.get(key)
        if found is None:
            # a name the tokenizer reads wrongly or not at all (美香川 "Mikagawa"): read
            # kanji by kanji (see name_readings.py); remembered, as the index is
            found = self._readings[key] = names_read_as(*self._kanji_words, key=key)
        return found

    def build_readings(self) -> None:
        """The reading index and the kanji words that may spell a name (once; the kanji words
        are published first: another thread may be asking meanwhile)."""
        if self._readings is None:
            readings, spans = _reading_index(self.text)
            jam = _jamdict()
            self._kanji_words = (sorted(spans), KanjiReadings(jam.db_file if jam else None, spans))
            self._readings = readings

    def latin_names_for(self, kana: str) -> list[str]:
        """The corpus's Latin-spelt names (words no English dictionary has) a katakana word
        sounds like: ケルストン → kelston (see name_readings.py)."""
        if self._latin_names is None:
            english = _english_words()
            self._latin_names = latin_skeletons(w for w in set(re.findall(r"[a-z][a-z'\-]{3,}", self.text))
                                                if w not in english)
        return latin_names_for(kana, self._latin_names)

    def glossary(self) -> CorpusGlossary:
        """The corpus's words by their English glosses (see glossary.py). Built on first use
        (about 2 s): only English questions need it."""
        if self._glossary is None:
            jam = _jamdict()
            self._glossary = CorpusGlossary.build(jam.db_file if jam else None, corpus_words(self.text, self.df))
        return self._glossary

    def idf(self, token: str) -> float:
        return math.log(1 + (self.n - self.df.get(token, 0) + 0.5) / (self.df.get(token, 0) + 0.5))

    def max_idf(self) -> float:
        return self.idf("\x00")

    def form_weight(self, form: str) -> float:
        """The idf of a form: of the token, else of the passages holding it as a substring
        (大 inside 拡大, 大会 is common however rarely it stands alone as a token), else, for a
        form only the raw text holds, that of a rare word. The substring count keeps a weight
        independent of corpus size: a fixed share of the largest idf is not."""
        if form in self.df:
            return self.idf(form)
        df = self._substring_df.get(form)
        if df is None:
            low = form.lower()
            df = self._substring_df[form] = sum(low in t for t in self._passages) if low else 0
        if df:
            return math.log(1 + (self.n - df + 0.5) / (df + 0.5))
        return self.max_idf() * 0.6

    def has_english(self) -> bool:
        """The documents include English prose (a tenth of their letters Latin): Japanese
        questions then also need English forms of their words."""
        if self._english is None:
            latin = len(re.findall(r"[a-z]", self.text))
            self._english = latin > 0.1 * max(1, len(re.findall(r"[a-z\u3040-\u30ff\u3400-\u9fff]", self.text)))
        return self._english

    def in_corpus(self, form: str) -> bool:
        hit = self._seen.get(form)
        if hit is None:
            low = form.lower()
            if form in self.df:
                hit = True
            elif re.fullmatch(r"[a-z]+", low):
                # an English word starts a word of the text ("sit" is not in "website", "ward" not
                # in "award"); a stem may end inside one (onlin → online)
                hit = len(low) >= 2 and re.search(rf"(?<![a-z]){low}", self.text) is not None
            else:
                hit = len(form) >= 2 and low in self.text
            self._seen[form] = hit
        return hit


def romaji_key(kana_or_romaji: str) -> str:
    """A spelling-blind key for a Japanese word: romanised, long vowels collapsed (ケイオウ and
    "Keio" → keo, トオヤマ and "Toyama" → toyama), so a romanised name meets its kanji."""
    import jaconv

    s = kana_or_romaji.lower()
    if re.search(r"[a-z]", s):
        s = jaconv.alphabet2kana(s)
        if re.search(r"[a-z]", s):
            return ""  # not a romanised Japanese word
    return collapse(re.sub(r"[^a-z]", "", jaconv.kata2alphabet(jaconv.hira2kata(s)).lower()))


# administrative suffixes a romanised place name leaves off (Nakahara → 中原区)
_PLACE_SUFFIX = {"区": "ku", "市": "shi", "町": "machi", "村": "mura", "県": "ken"}


def _reading_index(text: str) -> tuple[dict[str, list[str]], set[str]]:
    """Corpus nouns by the romanised key of their reading; and the runs of kanji nouns that
    may be a name the tokenizer split or misread (美 + 香川町), for reading kanji by kanji."""
    from vectorstore.tokenizer import _lock, _sudachi

    from sudachipy import tokenizer

    tok, mode = _sudachi()
    index: dict[str, list[str]] = {}
    seen: set[str] = set()
    spans: set[str] = set()

    def add(surface: str, reading: str, proper: bool) -> None:
        if len(surface) < 2 or surface in seen or not re.search(r"[\u3400-\u9fff]", surface):
            return
        seen.add(surface)
        key = romaji_key(reading)
        keys = [key]
        if surface[-1] in _PLACE_SUFFIX and key.endswith(romaji_key(_PLACE_SUFFIX[surface[-1]])):
            keys.append(key[: -len(romaji_key(_PLACE_SUFFIX[surface[-1]]))])
        for k in keys:  # a short reading only for a proper noun: common words share them
            if len(k) >= 5 or (len(k) >= 3 and proper):
                index.setdefault(k, []).append(surface)

    for part in dict.fromkeys(text.split("\n")):
        for split in (mode, tokenizer.Tokenizer.SplitMode.A):
            with _lock:  # the words as indexed, and their shortest parts (慶應義塾大学 → 慶應)
                morphemes = [(m.surface(), m.reading_form(), m.part_of_speech()[:2]) for m in tok.tokenize(part[:10000], split)]
            if split != mode:
                spans.update(name_spans([m[0] for m in morphemes], [m[2][0] for m in morphemes]))
            for i, (surface, reading, (pos, sub)) in enumerate(morphemes):
                if pos != "名詞":
                    continue
                add(surface, reading, sub == "固有名詞")
                # a name the dictionary splits (川北 + 台 = 川北台, "Kawakitadai"): a proper noun
                # with the nouns right after it
                if sub == "固有名詞":
                    joined_s, joined_r = surface, reading
                    for s2, r2, (p2, _) in morphemes[i + 1:i + 3]:
                        if p2 != "名詞":
                            break
                        joined_s, joined_r = joined_s + s2, joined_r + r2
                        add(joined_s, joined_r, True)
    return index, spans


_jam_local = threading.local()


def _jamdict():
    """This thread's dictionary: its SQLite connection may only be used by the thread that
    opened it (the UI answers on worker threads, the start-up warms on the main one)."""
    if not hasattr(_jam_local, "jam"):
        try:
            from jamdict import Jamdict
        except ImportError:  # optional: without it English questions rely on the embedder alone
            _jam_local.jam = None
        else:
            jam = Jamdict()
            _jam_local.jam = jam if jam.ready else None
    return _jam_local.jam


def _dictionary_lookup(fn: Callable[[str], tuple[str, ...]]) -> Callable[[str], tuple[str, ...]]:
    """A remembered JMdict look-up; a failed one gives nothing and is not remembered
    (`cache_clear` empties the memory)."""
    cached = lru_cache(maxsize=4096)(fn)

    @wraps(fn)
    def lookup(word: str) -> tuple[str, ...]:
        try:
            return cached(word)
        except Exception:
            return ()

    lookup.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return lookup


@_dictionary_lookup
def japanese_for(word: str) -> tuple[str, ...]:
    """Japanese written forms JMdict gives for an English word or phrase (kanji forms, and
    katakana forms of loanwords); the names dictionary only for a capitalised word (a
    common word such as "station" glosses thousands of place names)."""
    jam = _jamdict()
    if jam is None:
        return ()
    res = jam.lookup(word, lookup_chars=False, lookup_ne=word[:1].isupper())
    out: list[str] = []
    for e in list(res.entries) + list(getattr(res, "names", []) or []):
        for k in getattr(e, "kanji_forms", []) or []:
            out.append(k.text)
        for k in getattr(e, "kana_forms", []) or []:
            if _LOANWORD_FORM.fullmatch(k.text):
                out.append(k.text)
    return tuple(dict.fromkeys(out))[:40]


@_dictionary_lookup
def english_for(word: str) -> tuple[str, ...]:
    """English glosses JMdict gives for a Japanese word (問い合わせ → enquiry, inquiry, query),
    without their qualifiers, one or two words long; with their plural spellings."""
    jam = _jamdict()
    if jam is None:
        return ()
    out: list[str] = []
    for e in jam.lookup(word, lookup_chars=False, lookup_ne=False).entries[:3]:
        if word not in [k.text for k in e.kanji_forms] + [k.text for k in e.kana_forms]:
            continue
        for sense in e.senses[:3]:
            for g in sense.gloss:
                t = re.sub(r"\s*\(.*?\)\s*", " ", g.text).strip().lower()
                if t and len(t.split()) <= 2 and t.replace(" ", "").isalpha():
                    out += [t, t[:-1] + "ies" if t.endswith("y") else t + "s"]
    return tuple(dict.fromkeys(out))[:16]


@_dictionary_lookup
def qualified_for(word: str) -> tuple[str, ...]:
    """Japanese forms JMdict glosses with the word and a qualifier ("prefecture (Japan)" → 県):
    a range scan of the gloss index, where a pattern look-up reads the whole table."""
    jam = _jamdict()
    if jam is None or not word:
        return ()
    rows = rows_for(jam.db_file, "SELECT f.text FROM wanted w JOIN SenseGloss g ON g.text >= w.v || ' (' "
                                 "AND g.text < w.v || ' )' JOIN Sense s ON s.ID = g.sid "
                                 "JOIN (SELECT idseq, text FROM Kanji UNION ALL SELECT idseq, text FROM Kana) f "
                                 "ON f.idseq = s.idseq", [word])
    out = [t for (t,) in rows if re.search(r"[\u3400-\u9fff]", t) or _LOANWORD_FORM.fullmatch(t)]
    return tuple(dict.fromkeys(out))[:40]


def compound_glosses(word: str) -> tuple[str, ...]:
    """A kanji compound the dictionary lacks, glossed by the longest words it begins and ends
    with (予算額 → 予算 → budget; 執行率 → 執行 → execution): the parts name its topic."""
    if not re.fullmatch(r"[\u3400-\u9fff]{3,}", word):
        return ()
    out: list[str] = []
    for parts in ([word[:n] for n in range(len(word) - 1, 1, -1)], [word[n:] for n in range(1, len(word) - 1)]):
        found = next((g for p in parts for g in [english_for(p)] if g), ())
        out += [g for g in found if g not in out]
    return tuple(out)


_LOANWORDS: Optional[dict[str, tuple[str, ...]]] = None
_LOANWORDS_LOCK = threading.Lock()


def loanwords(word: str) -> tuple[str, ...]:
    """Katakana loanwords JMdict glosses with the English word once its qualifier is dropped
    ("festival (esp. …)" → フェスティバル, "campaign" → キャンペーン). An exact gloss look-up
    misses them: the dictionary qualifies most loanword glosses."""
    global _LOANWORDS
    if _LOANWORDS is None:
        with _LOANWORDS_LOCK:
            if _LOANWORDS is None:
                _LOANWORDS = _loanword_index()
    return _LOANWORDS.get(word.lower(), ())


def _loanword_index() -> dict[str, tuple[str, ...]]:
    jam = _jamdict()
    if jam is None:
        return {}
    index: dict[str, list[str]] = {}
    # one query over the entries written in kana only (about 0.5 s, once per process)
    rows = rows_for(jam.db_file, "SELECT k.text, g.text FROM Kana k JOIN Sense s ON s.idseq = k.idseq "
                                 "JOIN SenseGloss g ON g.sid = s.ID WHERE k.idseq NOT IN (SELECT idseq FROM Kanji)")
    # and by the word they were borrowed from, where that is not English (Meister → マイスター,
    # glossed "master"; Arbeit → アルバイト): an English text uses the borrowed word too
    rows += rows_for(jam.db_file, "SELECT k.text, ss.text FROM Kana k JOIN Sense s ON s.idseq = k.idseq "
                                  "JOIN SenseSource ss ON ss.sid = s.ID WHERE ss.text IS NOT NULL AND ss.lstype != 'part' "
                                  "AND k.idseq NOT IN (SELECT idseq FROM Kanji)")
    for kana, gloss in rows:
        if _LOANWORD_FORM.fullmatch(kana):
            head = re.sub(r"\s*\(.*?\)\s*", " ", gloss).strip().lower()
            if head and kana not in index.setdefault(head, []):
                index[head].append(kana)
    return {k: tuple(v) for k, v in index.items()}


def _lemmas(word: str) -> list[str]:
    w = word.lower()
    out = [w]
    for suf, rep in (("ied", "y"), ("ies", "y"), ("ses", "s"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
                     ("ers", "er"), ("'s", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            stem = w[: len(w) - len(suf)]
            out.append(stem + rep)
            if suf in ("ed", "ing") and len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in "aeiouylsz":
                out.append(stem[:-1])  # a doubled final consonant: dropped → drop, planning → plan
    return list(dict.fromkeys(out))


def _kana(word: str) -> list[str]:
    """A romanised Japanese word in kana (Minato → みなと, ミナト), for names the documents
    write in kana."""
    try:
        import jaconv
    except ImportError:
        return []
    hira = jaconv.alphabet2kana(word.lower())
    if re.search(r"[a-z]", hira):
        return []
    return [hira, jaconv.hira2kata(hira)]


def composed_names(parts: list[str], stats: TermStats, limit: int = 256) -> list[str]:
    """A name romanised part by part ("Hikari-no-Festa", "Umi-Market") as the documents write it
    in one run of kana: each part as a loanword (festa → フェスタ, market → マーケット) or as its own
    reading (hikari → ひかり, ヒカリ; no → の), joined; kept where the documents use it."""
    options = []
    for p in parts:
        loans = [f for f in _dictionary_forms(p) if _KATAKANA.fullmatch(f)] if len(p) >= 3 else []
        options.append(list(dict.fromkeys(loans[:4] + _kana(p))) or [p])
    names = [""]
    for opts in options:
        names = [n + o for n in names for o in opts][:limit]
    return [n for n in names if len(n) >= 4 and stats.in_corpus(nfkc(n))]


_ADJECTIVAL = set("的用性上")
# what an English word the documents never use weighs (× the largest weight): little where they
# are Japanese (the dictionary may just miss the sense they use), more where they are English too
UNKNOWN_WORD = 0.25
UNKNOWN_WORD_EN = 0.6
# what an English word weighs (× its forms' weight) when the documents would word it only as a verb
# or an adjective: a Japanese question's reading keeps its nouns alone (0.3, measured on the pool)
PREDICATE_WEIGHT = 0.3


@lru_cache(maxsize=8192)
def _is_predicate(form: str) -> bool:
    """A verb or an adjective (掛かる, 若い), not a noun (売り上げ, 見直し)."""
    if not re.search(r"[\u3040-\u309f]$", form):
        return False
    from vectorstore.tokenizer import _lock, _sudachi

    tok, mode = _sudachi()
    with _lock:
        ms = list(tok.tokenize(form, mode))
    return len(ms) >= 1 and ms[0].part_of_speech()[0] in ("動詞", "形容詞")


# productive English suffixes that make an adjective of a noun ("quantum-related"): the noun is the topic
_EN_SUFFIXES = {"related", "based", "oriented", "focused", "driven", "friendly", "led", "run", "type", "style",
                "wide", "specific", "linked", "centred", "centered", "owned", "backed", "funded", "themed"}


def _split_unknown_compounds(words: list[str], stats: TermStats) -> list[str]:
    """"quantum-related" is read as "quantum" when the dictionary does not know the whole word;
    another hyphenated word the dictionary knows neither as written nor as a phrase is read as
    its words ("business-succession" → business succession); known ones ("start-up",
    "interest-rate") and names ("Wel-Tech") stay as written."""
    lookups = (japanese_for, loanwords, stats.glossary().lookup)
    out = []
    for w in words:
        head, _, tail = w.rpartition("-")
        low = w.lower()
        if head and tail.lower() in _EN_SUFFIXES and not japanese_for(low):
            out.append(head)
        elif head and w.islower() and not any(look(x) for x in (low, low.replace("-", " ")) for look in lookups):
            out += [p for p in w.split("-") if p]
        else:
            out.append(w)
    return out


def _dictionary_forms(word: str) -> list[str]:
    """JMdict forms for an English word: its lemmas as glossed ("skills" → skill), as a verb
    (JMdict glosses verbs "to approve"), and, when neither is glossed, as a gloss with a
    qualifier ("prefecture (Japan)"; a slower pattern look-up, so only then)."""
    lemmas = _lemmas(word)
    forms = [f for lem in lemmas for f in japanese_for(lem) + loanwords(lem)]
    forms += [f for lem in lemmas if len(lem) >= 3 for f in japanese_for(f"to {lem}")]
    if not forms:
        forms = [f for lem in lemmas[:2] if len(lem) >= 4 for f in qualified_for(lem)]
    return forms


def derived_nouns(word: str) -> list[str]:
    """Nouns English derives from a verb or an adjective: verified → verification, executed →
    execution, allocated → allocation, managed → management, regional → region."""
    w = word.lower()
    out: list[str] = []
    for suf in ("ified", "ifies", "ify", "ifying"):
        if w.endswith(suf) and len(w) > len(suf) + 2:
            out.append(w[: -len(suf)] + "ification")
    for suf in ("ated", "ates", "ate", "ating"):
        if w.endswith(suf) and len(w) > len(suf) + 2:
            out.append(w[: -len(suf)] + "ation")
    for suf in ("ed", "es", "e", "ing", "s", ""):
        stem = w[: len(w) - len(suf)] if suf else w
        if w.endswith(suf) and len(stem) >= 4 and not stem.endswith(("ion", "ment")):
            out += [stem + "ion", stem + "ment", stem + "ement"]
            break
    if w.endswith("al") and len(w) >= 6:
        out.append(w[:-2])
        if w.endswith("ial"):
            out.append(w[:-3] + "y")  # industrial → industry
    return [d for d in dict.fromkeys(out) if d != w]


_BECOMING = re.compile(r"(?:is|iz)(?:e|ed|es|ing|ations?)$")


def becoming_stems(word: str) -> list[str]:
    """What an -ize verb or its -ization noun makes something: digitalize → digital,
    standardization → standard. Japanese says the same with 化 after the stem's word
    (デジタル化, 標準化)."""
    w = word.lower()
    m = _BECOMING.search(w)
    if not m or m.start() < 4:
        return []
    stem = w[: m.start()]
    return [stem, stem + "e"]


# English prefixes that make a kind or a part of what the base word names (subcommittee, co-host,
# interregional, multi-year, pre-application); negating ones (non-, un-, anti-) are not here:
# their base names the opposite
_KIND_PREFIXES = ("sub", "co", "inter", "multi", "pre", "mini", "micro", "super", "cross", "semi")


def prefix_bases(word: str) -> list[str]:
    """The base word under a productive prefix (subcommittee → committee, co-host → host), when
    what remains is an English word of its own."""
    w = word.lower()
    bases = [w[len(p):].lstrip("-") for p in _KIND_PREFIXES if w.startswith(p) and len(w[len(p):].lstrip("-")) >= 4]
    english = _english_words()
    return [b for b in bases if not english or b in english]  # subsidy is no sub-"sidy"


@lru_cache(maxsize=4096)
def _means_first(form: str, word: str) -> bool:
    """A single character stands for the English word in a compound only in its first senses
    (夜 night, 市 market, 駅 station), not in a rare one (力 for "support", 手 for "workers",
    which make 営業力 of "business support"); longer forms are words in their own right."""
    if len(form) > 1:
        return True
    jam = _jamdict()
    if jam is None:
        return True
    try:
        entries = jam.lookup(form, lookup_chars=False, lookup_ne=False).entries[:4]
    except Exception:
        return True
    lemmas = set(_lemmas(word.lower())) | {word.lower()}
    for e in entries:
        if form in [k.text for k in e.kanji_forms] + [k.text for k in e.kana_forms]:
            # a gloss or the head of a gloss phrase ("railway station"), in the entry's first two senses
            glosses = [re.sub(r"\s*\(.*?\)\s*", " ", g.text).strip().lower() for sense in e.senses[:2] for g in sense.gloss]
            if any(h in lemmas or singular(h) in lemmas for g in glosses for h in (g, g.split(" ")[-1])):
                return True
    return False


def _word_forms(word: str, stats: TermStats) -> list[str]:
    """An English word's Japanese forms that the documents use (kanji or katakana, single
    characters included: they are parts of compounds), from the dictionary both ways."""
    found = [f for lem in _lemmas(word) for f in list(japanese_for(lem)) + list(stats.glossary().lookup(lem))]
    return [f for f in dict.fromkeys(found) if re.fullmatch(r"[\u3400-\u9fff\u30a0-\u30ffー]{1,4}", f)
            and stats.in_corpus(nfkc(f))][:8]


def english_concepts(text: str, stats: TermStats, max_forms: int = 6) -> list[Concept]:
    # a possessive is the word itself ("Kitahama's" is Kitahama, "members'" members)
    raw = [re.sub(r"'s?$", "", w) for w in _EN_WORD.findall(text)]
    concepts: list[Concept] = []
    # longer phrases the dictionary glosses whole, with their function words ("small and medium"
    # → 中小, "research and development" → 研究開発): read word by word they are other concepts
    # (small → 小さい, medium → 媒体). Read before hyphenated words are cut into their parts, as
    # the dictionary writes them ("small and medium-sized enterprises" → 中小企業).
    for n in (4, 3):
        for i in range(len(raw) - n + 1):
            span = [w.lower() for w in raw[i:i + n]]
            if span[0] in _EN_STOP or span[-1] in _EN_STOP or _PHRASE_TAKEN in span:
                continue
            forms = [f for lem in _lemmas(span[-1]) for f in japanese_for(" ".join(span[:-1] + [lem]))]
            forms = [f for f in dict.fromkeys(forms) if stats.in_corpus(nfkc(f))]
            if forms:
                concepts.append(_concept(" ".join(raw[i:i + n]), forms, stats, max_forms))
                raw[i:i + n] = [_PHRASE_TAKEN] * n  # a stop word: no other phrase spans it
    words = _split_unknown_compounds(raw, stats)
    used: set[int] = set()
    # two-word phrases next ("shopping street", "business succession"), then single words
    for i in range(len(words) - 1):
        a, b = words[i].lower(), words[i + 1].lower()
        if a in _EN_STOP or b in _EN_STOP:
            continue
        forms = [f for lem in _lemmas(b) for f in japanese_for(f"{a} {lem}")] + list(stats.glossary().lookup(f"{a} {b}"))
        forms = [f for f in dict.fromkeys(forms) if stats.in_corpus(nfkc(f))]
        if not forms:
            # Japanese compounds a noun phrase the way English does, modifier first (night market →
            # 夜 + 市 = 夜市): a compound the tokenizer knows as one word of the documents (a longer
            # string that merely occurs, 工場夜, is no word)
            heads = [y for y in _word_forms(b, stats) if _means_first(y, b)]
            forms = [x + y for x in _word_forms(a, stats) if _means_first(x, a)
                     for y in heads if nfkc(x + y) in stats.df][:6]
        if forms:
            concepts.append(_concept(f"{words[i]} {words[i + 1]}", forms, stats, max_forms))
            used.update((i, i + 1))
    for i, w in enumerate(words):
        lw = w.lower()
        if i in used or lw in _EN_STOP or lw in EN_NUMBERS or len(lw) < 3 and not w.isupper():
            continue
        forms = _dictionary_forms(w)
        if "-" in w and not any(stats.in_corpus(nfkc(f)) for f in forms):
            # a hyphenated compound the dictionary glosses as a phrase ("interest-rate" → 金利)
            *mods, last = lw.split("-")
            forms += [f for lem in _lemmas(last) for f in japanese_for(" ".join(mods + [lem]))]
            if not any(stats.in_corpus(nfkc(f)) for f in forms):
                forms += composed_names(w.split("-"), stats)
        if not any(stats.in_corpus(nfkc(f)) for f in forms):
            # no gloss of the word is a word of the documents: read JMdict the other way, from
            # the documents' words (qualified glosses, head nouns, acronyms: see glossary.py)
            forms += [f for lem in [w] + _lemmas(w) for f in stats.glossary().lookup(lem)]
        readings = [k for k in _kana(w) if len(k) >= 3] if w[0].isupper() else []  # (たま is in あたま)
        if w[0].isupper():  # a name: the names dictionary, its kana, and corpus words read the same
            forms += list(japanese_for(w)) + readings
            if not stats.in_corpus(lw):  # an acronym the documents only spell out (UKSPF)
                forms += list(expansions(w, stats.acronyms))
            key = romaji_key(w) if len(w) >= 3 else ""
            forms += stats.words_read_as(key) if key else []
        present = [f for f in dict.fromkeys(forms) if stats.in_corpus(nfkc(f))]
        # the derivations below are for common words; a capitalised word may be a name
        common = not w[0].isupper()
        if not present and common:
            # a dictionary form that is a word of the documents with an adjectival ending
            # (産業用 for "industrial", 経済的): the documents' word is the topic
            present = [f[:-1] for f in dict.fromkeys(forms) if len(f) >= 3 and f[-1] in _ADJECTIVAL
                       and re.fullmatch(r"[\u3400-\u9fff]+", f) and stats.in_corpus(nfkc(f[:-1]))]
        if not present and common:
            # a Sino-Japanese noun is its own verb (執行 = execution = to execute): a verb or an
            # adjective the documents do not word as such meets them through its noun
            # (exact look-ups only: most derived spellings are not words, and a pattern look-up is slow)
            present = [f for d in derived_nouns(lw) for f in dict.fromkeys(japanese_for(d) + loanwords(d))
                       if stats.in_corpus(nfkc(f))]
        if not present and common:
            present = [f + "化" for d in becoming_stems(lw) for f in dict.fromkeys(japanese_for(d) + loanwords(d))
                       if stats.in_corpus(nfkc(f + "化"))]
        if not present and w[1:].islower():
            # the documents name the kind by its own compound (a subcommittee is their 専門部会):
            # the base word finds it, as the dictionary glosses the compound by the base
            present = [f for b in prefix_bases(w) for f in dict.fromkeys(_dictionary_forms(b) + list(stats.glossary().lookup(b)))
                       if stats.in_corpus(nfkc(f))]
        # Kitahama, Harwick: a capitalised word that is no English word (not SME or DX, not July)
        proper = w[0].isupper() and w[1:].islower() and len(w) >= 3 and lw not in _english_words()
        if stats.in_corpus(lw):  # the documents use the word itself (KBIC, DX, NEDO)
            c = _concept(w, present, stats, max_forms, readings) if present else None
            concepts.append(Concept(w, [lw] + (c.forms if c else []), min(stats.idf(lw), c.weight) if c else stats.idf(lw),
                                    name=proper))
            continue
        if present:
            concepts.append(_concept(w, present, stats, max_forms, readings))
            concepts[-1].name = proper
            if not proper and all(_is_predicate(f) for f in concepts[-1].forms):
                # "handled" (掛かる), "backed" (下がる): a verb or an adjective in every gloss is the
                # grammar of the question, as a Japanese reading keeps only its nouns
                concepts[-1].weight *= PREDICATE_WEIGHT
        elif forms or w[0].isupper():
            # a real word (or a name) the documents never use: the strongest sign that they
            # do not answer; weighted like a word that occurs once
            name = i > 0 and len(w) >= 4 and w[0].isupper() and w[1:].islower()  # a name, not an acronym
            # an everyday word the dictionary cannot place in the corpus ("verified") weighs little
            # documents with English prose would use the word itself if they held its topic
            # a noun the dictionary gives and the documents never use (unemployment → 失業) is a
            # topic they do not hold, as an unknown noun of a Japanese question is
            # (a kanji compound: a verb's glosses are verbs, or a loanword of it, ベリファイ)
            noun = any(re.fullmatch(r"[\u3400-\u9fff]{2,}", f) for f in forms)
            unknown = UNKNOWN_WORD_EN if stats.has_english() or noun else UNKNOWN_WORD
            concepts.append(Concept(w, [], stats.max_idf() * (0.8 if name else unknown), known=False, required=name))
    return concepts


def _concept(label: str, forms: list[str], stats: TermStats, max_forms: int, readings: list[str] = ()) -> Concept:
    # one character (行, 身) or kana alone matches inside unrelated words; a name's own reading
    # does not (Kawasaki → かわさき, as in 「かわさきマイスター」)
    forms = [nfkc(f) for f in forms if f in readings or not re.fullmatch(r"[\u3040-\u309f]+", f)] or [nfkc(f) for f in forms]
    # a single character (等, 力, 次) is found inside unrelated compounds (中小企業等, 協力, 次世代):
    # it stands for the word only when the dictionary offers nothing longer
    forms = [f for f in forms if len(f) > 1] or forms
    # the translations the corpus itself uses most come first (company → 企業 before 公司): a rare
    # dictionary sense is more often a wrong sense than a better word
    forms.sort(key=lambda f: -stats.df.get(f, 0))
    forms = forms[:max_forms]
    weights = [stats.form_weight(f) for f in forms]
    return Concept(label, forms, min(weights) if weights else 0.0)


# prefixes that change what a noun refers to (副部会長 is not the 部会長, 非常勤 not 常勤): the
# question's word is the whole compound, which the evidence must contain
_REFERENT_PREFIXES = {"副", "元", "前", "旧", "非", "未", "再", "準", "次"}


def _prefixed_compounds(tokens: list[tuple[str, str, str, str, str]]) -> list[str]:
    """「副」+「部会」+「長」 → 副部会長: a referent-changing prefix with the nouns and noun
    suffixes that follow it."""
    out = []
    for i, (surface, _, pos, *_) in enumerate(tokens):
        if pos != "接頭辞" or surface not in _REFERENT_PREFIXES:
            continue
        j, word = i + 1, surface
        while j < len(tokens) and (tokens[j][2] == "名詞" and tokens[j][3] != "数詞" or
                                   tokens[j][2] == "接尾辞" and tokens[j][3] == "名詞的"):
            word += tokens[j][0]
            j += 1
        if j > i + 1:
            out.append(word)
    return out


_PLACE_HEADS = {"市", "町", "村", "区", "県", "都", "府", "郡"}


def _place_names(tokens: list[tuple[str, str, str, str, str]]) -> list[tuple[str, set[int]]]:
    """Place names the dictionary does not know, read as the tokens they split into: a run of
    nouns ending in 市/町/村/区/県 (さくら+台+市, 北浜+県, 霧+ヶ+原町). The name is one word; its
    parts (台, 市) alone would meet unrelated words (市制度融資)."""
    out = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and (tokens[j][2] == "名詞" and tokens[j][3] != "数詞" and tokens[j][4] != "副詞可能"
                                   and tokens[j][0] not in _JA_STOP or tokens[j][0] in ("ヶ", "ケ") and j > i):
            j += 1
        run = tokens[i:j]
        # the run's last noun heads it (a municipality suffix, or a place name ending in one)
        k = max((n for n in range(len(run)) if run[n][0] in _PLACE_HEADS or (run[n][4] == "地名" and run[n][0][-1:] in
                                                                               _PLACE_HEADS)), default=-1)
        if k >= 1:
            name = "".join(t[0] for t in run[:k + 1])
            if len(name) >= 3 and not any(t[3] == "固有名詞" and t[0] == name for t in run):
                out.append((name, set(range(i, i + k + 1))))
        i = max(j, i + 1)
    return out


def japanese_concepts(text: str, stats: TermStats) -> list[Concept]:
    from vectorstore.tokenizer import surface_tokens

    out: list[Concept] = []
    seen: set[str] = set()
    tokens = surface_tokens(text)
    inside: set[int] = set()
    for name, span in _place_names(tokens):
        inside |= span
        seen.add(name)
        known = stats.in_corpus(name)
        # (not required: a report names its own city on its cover, not in every passage)
        w = stats.form_weight(name) if known else stats.max_idf() * 0.8
        out.append(Concept(name, [name], w, known=known, required=not known, name=True))
    tokens = [t for n, t in enumerate(tokens) if n not in inside]
    for word in _prefixed_compounds(tokens):
        known = stats.in_corpus(word)
        seen.add(word)
        # a compound the documents never use names something they do not cover: required, as a name is
        out.append(Concept(word, [word], stats.max_idf() * (0.8 if not known else 0.6), known=known,
                           required=not known))
    for surface, norm, pos, sub, sub2 in tokens:
        if pos not in ("名詞", "形状詞") and not re.fullmatch(r"[\u30a0-\u30ffA-Za-z]{2,}", surface):
            continue
        if sub2 == "副詞可能":  # 実際, 現在, 以降, 全部: nouns used as adverbs say when or how much, not what
            continue
        if norm in _JA_STOP or surface in _JA_STOP or norm in seen or not _JA_CHARS.search(surface):
            continue
        if len(surface) == 1 and not re.match(r"[\u3400-\u9fff]", surface) or re.fullmatch(r"[\u3040-\u309f]+", surface):
            continue  # kana alone (うち, こと) is grammar, not topic
        if surface in _PLACE_HEADS and re.search(rf"(?<![\u3400-\u9fff\u30a0-\u30ff]){surface}(?:は|が|として|では|側)", text):
            continue  # 「市は…どう対応する」: the city acting, the setting of every passage, not a topic
        seen.add(norm)
        known = stats.in_corpus(norm) or stats.in_corpus(surface)
        w = stats.idf(norm) if norm in stats.df else (stats.max_idf() * (0.8 if not known else 0.6))
        proper = sub == "固有名詞"
        out.append(Concept(surface, list(dict.fromkeys([surface, norm])), w * (1.5 if proper else 1.0), known=known,
                           required=proper, name=proper))
    return out


def _english_stem(word: str) -> str:
    """An English word without its inflection (processing, processed → process); short or
    multi-word glosses as they are."""
    if " " in word or len(word) < 7:
        return word
    return re.sub(r"(?:ing|ed|ion|ions|ment|ments|es|s)$", "", word)


def _katakana_names(text: str, words: list[Concept], stats: TermStats) -> list[Concept]:
    """A foreign name the tokenizer cut into katakana words (ノース + フィールド = ノースフィールド,
    "Northfield"): each run of katakana, and its parts between ・, meets a Latin spelling."""
    out = []
    for run in re.findall(r"[\u30a0-\u30ffー・]{3,}", text):
        for part in dict.fromkeys([run.replace("・", "")] + run.split("・")):
            if len(part) < 3 or any(c.label == part for c in words):
                continue
            names = stats.latin_names_for(part)
            if names:
                out.append(Concept(part, [part] + names, stats.max_idf() * 0.8, required=True))
    return out


def question_concepts(q, stats: TermStats) -> list[Concept]:
    """Concepts of a question, years, article numbers and quoted numbers left out (slots
    cover those)."""
    # a point in the year is part of the year slot (令和2年度末時点, 2024年度当初現在), not a topic word
    at = r"(?:末|当初|初め|中)?(?:時点|現在)?"
    text = re.sub(rf"(令和|平成)\s*(\d{{1,2}}|元)\s*(\(\d{{4}}\))?\s*年度?{at}|FY\s*\d{{2,4}}|(?<![A-Za-z])[RH]\s*\d{{1,2}}(?!\d)|"
                  rf"\d{{4}}\s*年度?{at}|第?\s*\d+\s*条|\d[\d,.]*", " ", q.text)
    # an English question may quote a Japanese name (「起業セミナー参加者数」, 商業力強化事業): its
    # Japanese spans are read as Japanese, the rest through the dictionary
    japanese = text if q.lang == "ja" else " ".join(re.findall(r"[^\x00-\x7f]+", text))
    words = japanese_concepts(japanese, stats) if re.search(r"[\u3040-\u30ff\u3400-\u9fff]", japanese) else []
    if words and stats.has_english():  # documents in English answer Japanese questions too
        for c in words:
            glosses = [g for g in english_for(c.label) or compound_glosses(c.label) if g not in c.forms]
            # an English word meets its other inflections by its stem (processing ~ processed)
            glosses += [_english_stem(g) for g in glosses if _english_stem(g) != g]
            found = [g for g in dict.fromkeys(glosses) if stats.in_corpus(g)][:4]
            c.forms += found
            if found and not c.known:
                # a word only the English documents hold (アンケート as "survey") is known there, and
                # weighs what its English words weigh, as an English question's word does
                c.known = True
                c.weight = min(c.weight, min(stats.form_weight(g) for g in found))
            kana = re.fullmatch(r"([\u30a0-\u30ffー・]{3,})[市町村区県州郡]?", c.label)
            if kana:
                # a foreign name in katakana (ケルストン市) meets its Latin spelling (Kelston)
                names = [n for n in stats.latin_names_for(kana.group(1)) if n not in c.forms]
                c.forms += names
                c.known = c.known or bool(names)
        names = _katakana_names(japanese, words, stats)
        # the pieces of a name found whole (ノース, フィールド of ノースフィールド) are not topics of their own
        words = [c for c in words if not any(c.label != n.label and c.label in n.label for n in names)] + names
    if q.lang == "en" or re.search(r"[A-Za-z]{3,}", text):
        words += english_concepts(re.sub(r"[^\x00-\x7f]+", " ", text), stats)
    # words that set an operation ("missed", "council", 意見, 目標) are what is asked, not the topic
    cues = " ".join(" ".join(v) for k, v in q.evidence.items() if k not in ("years", "articles")).lower()
    cue_words = set(re.findall(r"[a-z]+", cues))

    def is_cue(c: Concept) -> bool:  # "changed" is the cue "change", as the operation read it
        if len(c.label) >= 2 and re.search(r"何\s*" + re.escape(c.label), q.text):
            return False  # what 何事業所 counts, 事業所, is the topic
        return len(c.label) >= 2 and (c.label.lower() in cues or any(l in cue_words for l in _lemmas(c.label)))

    out, kinds = [], set()
    for c in words:
        # a word said twice ("contracts … contract") is one concept: it would weigh double
        key = frozenset(c.forms) if c.forms else c.label.lower()
        if not is_cue(c) and key not in kinds:
            kinds.add(key)
            out.append(c)
    for dim in breakdown_dimensions(q.text):
        # 「区ごとの内訳」, "broken down by age": figures without that dimension answer another question
        found = [c for c in out if c.label.lower() == dim or (q.lang == "ja" and dim in c.label)]
        if not found and q.lang != "ja":
            found = english_concepts(dim, stats)
            out += found
        if not found:
            found = [Concept(dim, [dim], stats.max_idf() * 0.6, known=stats.in_corpus(dim))]
            out += found
        for c in found:
            c.required = True
    focus = asked_focus(q.text) if q.lang == "ja" else english_subset(q.text)
    for c in out:
        c.scale = stats.max_idf()
        c.focus = bool(focus) and c.label.lower() in focus.lower()
    heads = [c for c in out if c.focus]
    # the phrase's last word heads it (任期 in 「委員の任期」); a phrase that ends in a figure's own
    # attribute (「創業件数の目標」) asks of a named indicator, not for a thing
    if heads and not re.search(rf"(?:{FIGURE_ATTRIBUTE.pattern})\W*$", focus, re.I):
        low = q.text.lower()  # where each word ends: 融資利率 heads 「融資利率は」, not the 融資 inside it
        head = max(heads, key=lambda c: (low.rfind(c.label.lower()) + len(c.label), len(c.label)))
        head.asked = not FIGURE_ATTRIBUTE.fullmatch(head.label)
    _weigh_preamble(q.text, out)
    return out


PREAMBLE_WEIGHT = 0.5
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|we|we're|we’re|we've|my|our|us|me)\b|私|僕|わたし|弊社|当社|うちの|我が社", re.I)
_SENTENCE_END = re.compile(r"(?<=[。？！?!])|(?<=[a-z)\]]\.)\s+(?=[A-Z「])")


def _weigh_preamble(text: str, concepts: list[Concept]) -> None:
    """A question put after what the asker says of themselves ("I'm a journalist covering event
    venues. Did any member comment on the convention hall?") asks about its own words: words only
    that context holds count for less, so a passage need not cover who is asking and why."""
    sentences = [x.strip() for x in _SENTENCE_END.split(text) if x and x.strip()]
    # context is what the asker says of themselves (I'm…, we're thinking of…, 私は…, 弊社では…);
    # a sentence about the matter ("The council said…", "Back in phase two…") is the topic
    about_asker = [x for x in sentences if not re.search(r"[?？]", x) and _FIRST_PERSON.search(x)]
    if len(sentences) < 2 or not about_asker:
        return
    asking = " ".join(x for x in sentences if x not in about_asker).lower()
    def in_asking(c: Concept) -> bool:
        return any(w in asking for w in [c.label.lower()] + c.label.lower().split())
    if not any(in_asking(c) for c in concepts):
        return  # the question sentence only points back ("What did the city say?"): the context is the topic
    for c in concepts:
        if not in_asking(c) and not c.required:
            c.weight *= PREAMBLE_WEIGHT


# the words of a KPI table's own columns: what a question asks of an indicator, not a thing asked for
FIGURE_ATTRIBUTE = re.compile(r"目標値?|実績値?|基準値|現状値?|累計|合計|総数|数値|値|達成率|見込み?|target|actual|baseline|total",
                              re.I)


_HOW_MANY_JA = re.compile(r"何\s*(?:" + JA_COUNTER + r"|%|パーセント|円|ヘクタール|平方メートル|m2)|"
                          r"いくつ|いくら|どのくらい|どれくらい|どれだけ")


_WHEN_BEFORE_ASK = re.compile(r"(?:(?:令和|平成)\s*(?:\d{1,2}|元)\s*(?:年度|年)|R\s*\d{1,2}(?:年度)?|(?:19|20)\d\d\s*(?:年度|年)|"
                              r"(?:昨|今|前|本|当該)年度?|去年|今年|第\s*\d+\s*期)(?:中|末|の間|まで)?\s*(?:に|で|は|には|での|では)?\s*$")


# "how many of the participants were women", "what share of starters are aged 50 or over": the
# part of a whole the question counts
_EN_SUBSET = re.compile(r"\b(?:how many|what (?:share|proportion|percentage|fraction|part|number))\s+(?:of\s+[^?,;]*?\s+)?"
                        r"(?:were|are)\s+([^?,;]+?)\s*(?:[?,;]|$|\b(?:and|in|during|by|for|at|under)\b)", re.I)


def english_subset(text: str) -> str:
    """The part of a whole an English question counts (「women」 in "how many of the 318
    participants were women"), or ""."""
    m = _EN_SUBSET.search(text)
    # a passive ("was spent", "were held") says what happened to the whole, not which part
    if not m or re.match(r"(?:\w+ed|spent|sold|held|made|given|paid|built|run|won|met|done|set|cut|kept|lost|"
                         r"taken|seen|brought|bought|begun|grown|shown)\b", m.group(1), re.I):
        return ""
    return m.group(1)


# what else a question asks of a thing: who holds a post, until when, what share (「委員の任期はいつまで」)
_ASKS_OF_JA = re.compile(r"(?:は|って|が)\s*(?:誰|だれ|どなた|いつ|何年|何割|何パーセント|どこ|何日)")


def quantity_focus(text: str) -> str:
    """What a Japanese "how many" question counts: the phrase right before 「は何件」「はいくら」,
    after the last clause break (「…のうち、海外からの出展者は何団体」 → 海外からの出展者)."""
    m = _HOW_MANY_JA.search(text)
    if not m:
        return ""
    return _phrase_before(text, m.start())


def asked_focus(text: str) -> str:
    """What a Japanese question asks for when it asks who, when or where (「専門部会の委員の
    任期はいつまで」 → 任期): the phrase right before the question word."""
    m = quantity_focus(text)
    if m:
        return m
    m = _ASKS_OF_JA.search(text)
    return _phrase_before(text, m.start()) if m else ""


def _phrase_before(text: str, end: int) -> str:
    # a time between the subject and the question word (「補助金は令和6年度に何件」) says when, not what
    head = _WHEN_BEFORE_ASK.sub("", text[:end])
    if re.search(r"(?:それぞれ|各々)\s*$", head):
        return ""  # a count of each of several things (「AとBでそれぞれ何件」): no one thing counted
    # an adverb of how the figure is given (「全部で」「累計で」) counts nothing; って is は
    head = re.sub(r"(?:全部で|合わせて|合計で|累計で|全体で|だいたい|大体|およそ|約)\s*$", "", head)
    head = re.sub(r"(?:は|が|には|では|で|を|も|って)\s*$", "", head)
    head = re.split(r"のうち|うち|[、。？?!！\s]", head)[-1]
    # a case particle between two words ends a clause (「受注した分は金額」 → 金額)
    last = re.split(r"(?<=[^\u3040-\u309f])(?:は|が|を|で|も|と)(?=[^\u3040-\u309f])", head)[-1]
    # a formal noun (「金融機関が行ったもの」) is defined by its clause: the clause is what is counted
    head = head if re.fullmatch(r"[^\u3040-\u309f]*[\u3040-\u309f]+(?:もの|方|分)", last) else last
    # a frame of time (「プログラム策定時の」「募集の際の」) places the counted thing, it is not what is
    # counted; a topic (「ハラスメントに関する相談」) or a source (「海外からの出展者」) is
    return re.split(r"(?<=[時際期])(?:での|の)", head)[-1]


# 「区ごとの内訳」「業種別の件数」, and 「月ごとに教えて」 (not 「個別に」「特別に」: 別 needs what it breaks down)
_BREAKDOWN_JA = re.compile(r"([一-龥ァ-ヶー]{1,4})(?:(?:ごと|毎|別)の?(?:内訳|件数|人数|数|割合|実績|構成|内容)|(?:ごと|毎)に|(別)(?=や|に|で|と|、))")
# words that end in 別 and break nothing down (区別 is one, 地区別 breaks down by district)
_NOT_BREAKDOWN = re.compile(r"(?:個|特|差|識|選|分|判|格|送|告|離|死)$|^区$")
_BREAKDOWN_EN = re.compile(r"\b(?:broken down|breakdown|split|break-?down)\s+(?:by|per|into)\s+([a-z]+)|"
                           r"\b(?:by|per|for each|in each|across)\s+(age|ward|month|gender|sex|district|industry|sector|"
                           r"region|area|quarter|nationality|country|prefecture|occupation)s?\b", re.I)
_TIME_DIMENSION = re.compile(r"年度?|月次|fy|year|annual", re.I)


def breakdown_dimensions(text: str) -> list[str]:
    """What a question wants its figure broken down by (区ごとの内訳 → 区, "by age" → age);
    years are left out (every KPI table is by year)."""
    dims = [m.group(1) for m in _BREAKDOWN_JA.finditer(text) if not (m.group(2) and _NOT_BREAKDOWN.search(m.group(1)))]
    dims += [(m.group(1) or m.group(2)).lower() for m in _BREAKDOWN_EN.finditer(text)]
    return [d for d in dict.fromkeys(dims) if not _TIME_DIMENSION.fullmatch(d)]


@lru_cache(maxsize=16384)
def normalised_forms(evidence: str) -> tuple[str, str]:
    """(without spaces, as is) lower-cased NFKC forms of an evidence text: the same tables and
    passages are checked against question after question."""
    low = nfkc(evidence).lower()
    # two nouns joined by 及び are the compound a question writes (研究及び開発 → 研究開発)
    return _JOINED_NOUNS.sub("", low.replace(" ", "")), low


_JOINED_NOUNS = re.compile(r"(?<=[\u4e00-\u9fff])(?:及び|並びに|および|ならびに)(?=[\u4e00-\u9fff])")


class EvidenceIndex:
    """Many evidence texts (every table of the index) searched at once for a question's concept
    forms, so that coverage is computed only where at least one concept occurs: the others
    would score 0. The same normalisation and matching as `coverage`."""

    def __init__(self, texts: list[str]) -> None:
        import bisect

        self._bisect = bisect.bisect_right
        self.n = len(texts)
        self._cache: dict[str, frozenset[int]] = {}
        self._joined, self._starts = [], []
        for variant in (0, 1):  # without spaces, as is (coverage tries both)
            starts, parts, pos = [], [], 0
            for t in texts:
                starts.append(pos)
                v = normalised_forms(t)[variant]
                parts.append(v)
                pos += len(v) + 1
            self._joined.append("\x00".join(parts))
            self._starts.append(starts)

    def _texts_with(self, key: str) -> frozenset[int]:
        cached = self._cache.get(key)
        if cached is not None:  # questions share most of their words: the index never changes
            return cached
        found: set[int] = set()
        for joined, starts in zip(self._joined, self._starts):
            at = joined.find(key)
            while at != -1:
                i = self._bisect(starts, at) - 1
                found.add(i)
                if i + 1 >= self.n:
                    break
                at = joined.find(key, starts[i + 1])  # one hit per text is enough
        if len(self._cache) >= 8192:
            self._cache.clear()
        self._cache[key] = out = frozenset(found)
        return out

    def _concept_texts(self, c: Concept) -> set[int]:
        """The texts in which `c.in_text` holds (on either normalisation)."""
        found: set[int] = set()
        for f in c.forms:
            if f:
                found |= self._texts_with(f)
                if len(f) >= 6 and _KATAKANA.fullmatch(f):
                    found |= self._texts_with(f[:5])
        return found

    def containing(self, concepts: list[Concept]) -> list[int]:
        """Indexes of the texts in which some concept occurs (in `coverage`'s sense)."""
        found: set[int] = set()
        for c in concepts:
            found |= self._concept_texts(c)
        return sorted(found)

    def scores(self, concepts: list[Concept]) -> dict[int, float]:
        """`coverage(concepts, text).score` of every text in which some concept occurs (the
        others score 0), from one pass per concept instead of one per text."""
        if not concepts:
            return {}
        total = _coverage_total(concepts)
        out: dict[int, float] = {}
        for c in concepts:
            for i in self._concept_texts(c):
                out[i] = out.get(i, 0.0) + c.weight
        return {i: w / total for i, w in out.items()}


def _coverage_total(concepts: list[Concept]) -> float:
    # a question with few content words is weak evidence of a match: the denominator never
    # falls below the weight of about two rare words; the floor is relative to the corpus (a
    # two-passage corpus weighs every word less)
    return max(sum(c.weight for c in concepts), 0.9 * max(c.scale for c in concepts))


def coverage(concepts: list[Concept], evidence: str) -> Coverage:
    ev, ev_spaced = normalised_forms(evidence)
    if not concepts:  # nothing but slots (第12条, 令和6年度, 意見): coverage is neutral, the slots decide
        return Coverage(NEUTRAL_COVERAGE)
    total = _coverage_total(concepts)
    got = [c for c in concepts if c.in_text(ev) or c.in_text(ev_spaced)]
    return Coverage(sum(c.weight for c in got) / total, [c.label for c in got],
                    [c.label for c in concepts if c not in got], [c.label for c in concepts if c.required and c not in got])


def lexical_share(lang: str) -> float:
    """The weight of concept coverage against embedding similarity where both score a match:
    English concepts reach Japanese text only through a dictionary, so English questions lean
    more on the multilingual embedding."""
    return 0.7 if lang == "ja" else 0.55


def stats_from_keyword_index(index, raw_texts: Iterable[str] = ()) -> TermStats:
    return TermStats(index.token_lists(), raw_texts)


# a capitalised given name and surname (Fiona MacLeod, Dr Amara Okafor, J. Smith)
_LATIN_NAME = re.compile(r"\b(?:(?:Mr|Mrs|Ms|Dr|Prof|Cllr|Sir|Dame)\.?\s+)?([A-Z][a-z]+|[A-Z]\.)\s+((?:Mac|Mc|O'|De|Van\s)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """Every word of JMdict's English glosses: a capitalised pair of them is a name of a thing
    (Risk Committee), not of a person."""
    jam = _jamdict()
    if jam is None:
        return frozenset()
    rows = rows_for(jam.db_file, "SELECT text FROM SenseGloss")
    # (as glosses write them in lower case: "Yokohama", only ever a name there, is no English word)
    return frozenset(w for (t,) in rows for w in re.findall(r"(?<![A-Za-z])[a-z]+", t))


def has_person_name(text: str) -> bool:
    """Sudachi tags a person's name (人名) in the text, or the text names a person in Latin
    letters: a capitalised word followed by one that is no English word (Fiona MacLeod, not
    Risk Committee or Kelbridge City)."""
    from vectorstore.tokenizer import _lock, _sudachi

    tok, mode = _sudachi()
    with _lock:
        if any(m.part_of_speech()[2] == "人名" for m in tok.tokenize(text[:5000], mode)):
            return True
    words = _english_words()
    return any(last.lower() not in words for _, last in _LATIN_NAME.findall(text))


class QueryExpansion:
    """An English question searched in documents written in Japanese: the documents' own words for
    it. The embedder reads the question with the first such word of each concept beside it (a
    multilingual embedder matches Japanese passages far better so); the keyword index reads the
    words alone, with the question's figures: the question's English words only match the few
    English lines of Japanese documents. A Japanese question is searched as it is, with the
    English words for it beside it where some documents are in English."""

    def __init__(self, stats: TermStats) -> None:
        self.stats = stats
        self._forms: dict[str, list[list[str]]] = {}
        self._english: dict[str, list[str]] = {}  # a Japanese question's English words
        self._lock = threading.Lock()

    def _concept_forms(self, query: str) -> list[list[str]]:
        """Each concept's forms, best first; none for a Japanese question."""
        with self._lock:
            hit = self._forms.get(query)
        if hit is None:
            hit = [] if has_japanese(query) else [c.forms for c in english_concepts(query, self.stats) if c.forms]
            with self._lock:
                self._forms[query] = hit
                while len(self._forms) > 256:
                    self._forms.pop(next(iter(self._forms)))
        return hit

    def dense(self, query: str) -> str:
        if has_japanese(query):
            return f"{query} {' '.join(self._english_words(query))}".strip()
        firsts = list(dict.fromkeys(f[0] for f in self._concept_forms(query)))
        return f"{query} {' '.join(firsts)}" if firsts else query

    def keywords(self, query: str) -> str:
        if has_japanese(query):
            # a Japanese question over documents some of which are English: its words and their
            # English glosses the documents use (アンケート → survey)
            return f"{query} {' '.join(self._english_words(query))}".strip()
        forms = list(dict.fromkeys(x for f in self._concept_forms(query) for x in f[:3]))
        return " ".join(forms + re.findall(r"\d[\d,.]*", query)) if forms else query

    def _english_words(self, query: str) -> list[str]:
        if not self.stats.has_english():
            return []
        with self._lock:
            hit = self._english.get(query)
        if hit is None:
            hit = list(dict.fromkeys(g for c in japanese_concepts(query, self.stats)
                                     for g in [g for g in english_for(c.label) if self.stats.in_corpus(g)][:2]))
            with self._lock:
                self._english[query] = hit
                while len(self._english) > 256:
                    self._english.pop(next(iter(self._english)))
        return hit
