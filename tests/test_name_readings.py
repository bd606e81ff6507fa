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
    r = readings({"美": {"bi", "mi"}, "香": {"ko", "ka", "kaori"}, "川": {"sen", "kawa"}, "霧": {"kiri"}, "丘": {"kyu", "oka"}})
    assert reads_as("美香川", "mikagawa", r)  # 川 kawa → gawa inside a name
    assert reads_as("霧ヶ丘", "kirigaoka", r)  # ヶ joins the kanji as "ga"
    assert not reads_as("美香川", "mikakawaguchi", r) and not reads_as("美香", "kawa", r)
    assert collapse("kouhoku") == "kohoku"


def test_short_keys_match_nothing_and_longer_words_come_first():
    r = readings({"太": {"ta", "o"}, "田": {"ta", "da"}, "市": {"shi"}})
    assert names_read_as(["太田"], r, key="ota") == []  # too many pairs of kanji spell a short key
    r = readings({"川": {"sen", "kawa"}, "北": {"hoku", "kita"}, "台": {"dai", "tai"}, "市": {"shi"}})
    assert names_read_as(["川北", "川北台", "北台"], r, key="kawakitadai") == ["川北台"]


def test_a_name_span_never_starts_or_ends_inside_a_word():
    spans = name_spans(["美", "香", "川", "町", "等", "経費"], ["名詞"] * 6)
    assert "美香川" in spans and "美香川町" not in spans  # up to three units
    assert "美香川町" in name_spans(["美", "香川町"], ["名詞"] * 2)  # a unit of three characters
    assert "等経" not in spans and "等経費" in spans


@pytest.mark.skipif(_jamdict() is None, reason="jamdict-data is not installed")
@pytest.mark.parametrize("name,kanji", [("Mikagawa", "美香川"), ("Kirinohara", "霧野原")])  # Sudachi: 美 + 香川町, 霧 + 野原町
def test_a_misread_place_name_meets_its_kanji(name, kanji):
    st = TermStats([["事業"]], [f"{kanji}町の商工振興について", "事業の概要"])
    # the name as written, or with the suffix the English leaves off (霧野原町)
    assert any(w.startswith(kanji) for w in st.words_read_as(romaji_key(name)))
    concept = next(c for c in english_concepts(f"the plan of {name} town", st) if c.label == name)
    assert concept.known and any(f.startswith(kanji) for f in concept.forms)


@pytest.mark.parametrize("kana,latin", [("ハートウィック", "Hartwick"), ("ケルストン", "Kelston"), ("ノースフィールド", "Northfield"),
                                        ("ウェストミード", "Westmead"), ("モリソン", "Morrison"), ("ケルブリッジ", "Kelbridge")])
def test_a_katakana_name_and_its_latin_spelling_share_their_consonants(kana, latin):
    from assistant.name_readings import katakana_skeleton, latin_skeleton

    assert katakana_skeleton(kana) == latin_skeleton(latin)


def test_a_japanese_question_meets_an_english_document_by_a_name_in_katakana():
    st = TermStats([["kelston", "council", "jobs"], ["advisory", "committee"]],
                   ["Kelston City Council created 120 jobs", "The advisory committee met"])
    c = next(c for c in question_concepts(analyze("ケルストン市で創出された雇用は？"), st) if c.label.startswith("ケルストン"))
    assert "kelston" in c.forms and c.known
    assert not st.latin_names_for("ハケ")  # two consonants would match names at random


def test_a_name_the_tokenizer_cuts_into_katakana_words_is_read_whole():
    st = TermStats([["northfield", "valleys", "agency"], ["floorspace", "delivered"]],
                   ["Northfield Valleys Development Agency", "Commercial floorspace delivered"])
    cs = question_concepts(analyze("ノースフィールド・バレーズ開発公社の実績は？"), st)
    name = next(c for c in cs if c.label == "ノースフィールド")
    assert "northfield" in name.forms and name.required
    assert not any(c.label in ("ノース", "フィールド") for c in cs)  # its pieces are no topics of their own


def test_an_english_gloss_meets_other_inflections_by_its_stem():
    from assistant.terms import _english_stem

    assert _english_stem("processing") == "process" and _english_stem("construction") == "construct"
    assert _english_stem("check") == "check" and _english_stem("working day") == "working day"
