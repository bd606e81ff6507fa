"""The corpus's English–Japanese glossary read from JMdict the corpus-to-English way (glossary.py)."""
import pytest

from assistant.glossary import CorpusGlossary, corpus_words, gloss_keys, singular
from assistant.terms import TermStats, _jamdict, english_concepts


def test_a_gloss_answers_to_its_bare_head_its_head_noun_and_its_acronym():
    assert gloss_keys("revitalization (e.g. of a town)") == (["revitalization"], "")
    assert gloss_keys("railway station") == (["railway station", "station"], "")
    assert gloss_keys("to borrow") == (["borrow"], "")
    assert gloss_keys("small and medium-sized enterprises")[1] == "sme"
    assert gloss_keys("research and development (R&D)")[1] == "rd"  # stated acronym wins
    assert gloss_keys("rural districts")[1] == ""  # two initials name too many things
    assert singular("enterprises") == "enterprise" and singular("cities") == "city" and singular("business") == "business"
    assert singular("news") == "news" and singular("series") == "series"  # not plurals: "news" is no "new"


def test_corpus_words_are_the_documents_japanese_strings():
    words = corpus_words("川崎駅の来場者数 visitors", tokens=["駅"])
    assert {"来場者", "来場者数", "川崎駅", "駅"} <= words
    assert "visitors" not in words and "の" not in words  # one character only as a token


def test_lookup_reads_plurals_and_acronyms_written_in_capitals():
    g = CorpusGlossary({"exhibitor": ("出展者",), "station": ("駅",)}, {"sme": ("中小企業",)})
    assert g.lookup("exhibitors") == ("出展者",) and g.lookup("Station") == ("駅",)
    assert g.lookup("SMEs") == ("中小企業",) and g.lookup("SME") == ("中小企業",)
    assert g.lookup("sme") == ()  # a lower-case word is not read as an acronym


@pytest.mark.skipif(_jamdict() is None, reason="jamdict-data is not installed")
@pytest.mark.parametrize("question,word,form", [
    ("How many exhibitors took part?", "exhibitors", "出展者"),         # a gloss with a qualifier
    ("Which events were held near the station?", "station", "駅"),    # the head noun of "railway station"
    ("What support do SMEs get?", "SMEs", "中小企業"),                   # the initials of a gloss
    ("town revitalization plans", "revitalization", "活性化"),
])
def test_english_words_the_forward_lookup_misses_meet_the_documents(question, word, form):
    st = TermStats([["出展者", "数"], ["川崎", "駅", "周辺"], ["中小企業", "支援"], ["まち", "活性化"], ["事業"]])
    c = next(c for c in english_concepts(question, st) if c.label == word)
    assert c.known and form in c.forms


@pytest.mark.skipif(_jamdict() is None, reason="jamdict-data is not installed")
def test_the_glossary_offers_only_words_the_documents_use():
    st = TermStats([["駅"], ["事業"]])
    assert set(st.glossary().lookup("station")) <= {"駅"}
    assert st.glossary().lookup("exhibitors") == ()
