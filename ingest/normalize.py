"""Text normalisation shared by all readers.

NFKC folds full-width digits/letters and compatibility ideographs (U+2FA7 ⾧ → 長), but it
would also turn circled numbers ①② into plain digits, and those mark structure here, so
they are kept as they are.
"""
from __future__ import annotations

import re
import unicodedata

_KEEP = {chr(c) for c in range(0x2460, 0x2474)}  # ①..⑳
_KEEP_RE = re.compile("([" + "".join(sorted(_KEEP)) + "])")

# Japanese characters (kana, kanji, CJK punctuation, full-width forms after NFKC are ASCII).
_JA = r"\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f\u30fc"
_JA_CHAR = re.compile(f"[{_JA}]")
# A space between two Japanese characters is a layout artefact (letter-spacing or a
# line-wrap inside a word), never a word separator in Japanese text.
_JA_SPACE = re.compile(f"(?<=[{_JA}（）「」『』、。・])[ \u3000]+(?=[{_JA}（）「」『』、。・])")


def nfkc(text: str) -> str:
    parts = _KEEP_RE.split(text)
    return "".join(p if p in _KEEP else unicodedata.normalize("NFKC", p) for p in parts)


def squeeze_ja_spaces(text: str) -> str:
    """Remove spaces inside Japanese runs (「イノベー シ ョ ン」 → 「イノベーション」)."""
    return _JA_SPACE.sub("", text)


# a glyph the PDF's font maps to no character comes out as NUL (「若い人\x00に」): shown as 〓, the
# printers' mark for a character that cannot be set, and never mistaken for a separator
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
UNREADABLE = "〓"


def _visible(text: str) -> str:
    return _CONTROL.sub(UNREADABLE, text)


def normalize_line(text: str) -> str:
    text = nfkc(_visible(text)).replace("\t", " ").replace("\u00a0", " ")
    text = squeeze_ja_spaces(text)
    return re.sub(r"[ ]{2,}", " ", text).strip()


def normalize_cell(text: str | None) -> str:
    if text is None:
        return ""
    # A cell wrapped over two lines gets a newline (PDF) or a space; both are layout. A figure
    # wrapped before its Japanese counter or suffix (「令和6\n年度」, 「120\n人」) is one word.
    text = re.sub(f"(?<=[0-9０-９])\n(?=[{_JA}])", "", nfkc(_visible(text)))
    # a figure wrapped inside a digit group (「113,26」/「0」 in a narrow column) is one figure
    text = re.sub(r"(?<=\d)(,\d{0,2})\n(?=\d)", r"\1", text).replace("\n", " ")
    return re.sub(r"[ ]{2,}", " ", squeeze_ja_spaces(text)).strip()


def has_japanese(text: str) -> bool:
    return bool(_JA_CHAR.search(text))


# Lines that end a sentence or a heading; anything else is probably hard-wrapped.
_TERMINAL = tuple("。．！？」』）)】〕]:：")


def ends_sentence(line: str) -> bool:
    return line.endswith(_TERMINAL)


# a bracketed aside right after a sentence's full stop is part of that sentence: reports put
# the figure there (「…を開催しました。(参加店舗数132店舗(令和5年度102店舗))」)
_SENTENCE_RE = re.compile(r"[^。！？\n]+[。！？]?(?:[ \u3000]*[(（][^()（）\n]*(?:[(（][^()（）\n]*[)）][^()（）\n]*)*[)）])?")


def split_sentences(text: str) -> list[str]:
    """CJK-aware sentence split; keeps list markers with their sentence."""
    out = []
    for para in re.split(r"\n+", text):
        for m in _SENTENCE_RE.finditer(para):
            s = m.group(0).strip()
            if s:
                out.append(s)
    return out


def normalize_raw(text: str) -> str:
    """NFKC only, spaces kept: flattened tables separate their columns with them."""
    return re.sub(r"[ \u3000\t]+", " ", nfkc(_visible(text))).strip()
