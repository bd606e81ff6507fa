"""Romanised names meet the kanji the documents write them in, kanji by kanji (name_readings.py)."""
import pytest

from assistant.name_readings import KanjiReadings, collapse, name_spans, names_read_as, reads_as
from assistant.question import analyze
from assistant.terms import TermStats, _jamdict, english_concepts, question_concepts, romaji_key


def readings(table):
    r = KanjiReadings(None)
    r._readings = {ch: set(v) for ch, v in table.items()}
    return r


def test_a_name_is_some_reading_of_each_kanji_in_order_with_the_voicing_of_a_compound():
    r = readings({"美": {"bi", "mi"}, "里": {"ri", "sato"}, "川": {"sen", "kawa"}, "霧": {"kiri"}, "原": {"gen", "hara"}})
    assert reads_as("美里川", "misatogawa", r)  # 川 kawa → gawa inside a name
    assert reads_as("霧ヶ原", "kirigahara", r)  # ヶ joins the kanji as "ga"
    assert not reads_as("美里川", "misatokawaguchi", r) and not reads_as("美里", "kawa", r)
    assert collapse("kouhoku") == "kohoku"


def test_short_keys_match_nothing_and_longer_words_come_first():
    r = readings({"太": {"ta", "o"}, "田": {"ta", "da"}, "市": {"shi"}})
    assert names_read_as(["太田"], r, key="ota") == []  # too many pairs of kanji spell a short key
    r = readings({"港": {"ko"}, "北": {"hoku"}, "台": {"dai", "tai"}, "市": {"shi"}})
    assert names_read_as(["港北", "港北台", "北台"], r, key="kohokudai") == ["港北台"]


def test_a_name_span_never_starts_or_ends_inside_a_word():
    spans = name_spans(["美", "里", "川", "町", "等", "経費"], ["名詞"] * 6)
    assert "美里川" in spans and "美里川町" not in spans  # up to three units
    assert "等経" not in spans and "等経費" in spans


@pytest.mark.skipif(_jamdict() is None, reason="jamdict-data is not installed")
@pytest.mark.parametrize("name,kanji", [("Misatogawa", "美里川"), ("Kirigahara", "霧ヶ原")])
def test_a_misread_place_name_meets_its_kanji(name, kanji):
    st = TermStats([["事業"]], [f"{kanji}町の商工振興について", "事業の概要"])
    # the name as written, or with the suffix the English leaves off (霧ヶ原町)
    assert any(w.startswith(kanji) for w in st.words_read_as(romaji_key(name)))
    concept = next(c for c in english_concepts(f"the plan of {name} town", st) if c.label == name)
    assert concept.known and any(f.startswith(kanji) for f in concept.forms)


@pytest.mark.parametrize("kana,latin", [("ハーウィック", "Harwick"), ("グレナーデン", "Glenarden"), ("ケルブリッジ", "Kelbridge"),
                                        ("ノースムーア", "Northmoor"), ("ウェストブルック", "Westbrook"), ("パテル", "Patel")])
def test_a_katakana_name_and_its_latin_spelling_share_their_consonants(kana, latin):
    from assistant.name_readings import katakana_skeleton, latin_skeleton

    assert katakana_skeleton(kana) == latin_skeleton(latin)


def test_a_japanese_question_meets_an_english_document_by_a_name_in_katakana():
    st = TermStats([["harwick", "council", "jobs"], ["advisory", "committee"]],
                   ["Harwick City Council created 468 jobs", "The advisory committee met"])
    c = next(c for c in question_concepts(analyze("ハーウィック市で創出された雇用は？"), st) if c.label.startswith("ハーウィック"))
    assert "harwick" in c.forms and c.known
    assert not st.latin_names_for("ハケ")  # two consonants would match names at random


def test_a_name_the_tokenizer_cuts_into_katakana_words_is_read_whole():
    st = TermStats([["northmoor", "valleys", "agency"], ["floorspace", "delivered"]],
                   ["Northmoor Valleys Development Agency", "Commercial floorspace delivered"])
    cs = question_concepts(analyze("ノースムーア・バレーズ開発公社の実績は？"), st)
    name = next(c for c in cs if c.label == "ノースムーア")
    assert "northmoor" in name.forms and name.required
    assert not any(c.label in ("ノース", "ムーア") for c in cs)  # its pieces are no topics of their own


def test_an_english_gloss_meets_other_inflections_by_its_stem():
    from assistant.terms import _english_stem

    assert _english_stem("processing") == "process" and _english_stem("construction") == "construct"
    assert _english_stem("check") == "check" and _english_stem("working day") == "working day"
