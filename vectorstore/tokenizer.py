"""Japanese-aware tokenisation for BM25 with Sudachi (whitespace splitting scores 0 on
Japanese, a known failure of peers). English words pass through lower-cased."""
from __future__ import annotations

import re
import threading
from functools import lru_cache

_STOP_POS = {"助詞", "助動詞", "補助記号", "記号", "空白"}
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _sudachi():
    from sudachipy import dictionary, tokenizer

    return dictionary.Dictionary(dict="core").create(), tokenizer.Tokenizer.SplitMode.B


def tokenize(text: str) -> list[str]:
    tok, mode = _sudachi()
    out: list[str] = []
    # Sudachi has an input size limit; feed it paragraph by paragraph
    for part in re.split(r"\n+", text):
        if not part.strip():
            continue
        with _lock:  # a Sudachi tokenizer object is not safe to share across threads
            morphemes = [(m.normalized_form(), m.part_of_speech()[0]) for m in tok.tokenize(part[:10000], mode)]
        for form, pos in morphemes:
            if pos in _STOP_POS:
                continue
            form = form.strip().lower()
            if form and not re.fullmatch(r"[\W_]+", form):
                out.append(form)
    return out


def surface_tokens(text: str) -> list[tuple[str, str, str, str, str]]:
    """(surface, normalised form, part of speech, its subclass, the next subclass) per morpheme,
    mode C (longest units), so
    「商店街」 or 「生産緑地」 stays one word when the dictionary knows it."""
    from sudachipy import tokenizer as _t

    tok, _ = _sudachi()
    out: list[tuple[str, str, str, str, str]] = []
    for part in re.split(r"\n+", text):
        if not part.strip():
            continue
        with _lock:
            ms = [(m.surface(), m.normalized_form(), m.part_of_speech()) for m in tok.tokenize(part[:10000], _t.Tokenizer.SplitMode.C)]
        for surface, norm, pos in ms:
            out.append((surface.strip(), norm.strip().lower(), pos[0], pos[1], pos[2]))
    return out
