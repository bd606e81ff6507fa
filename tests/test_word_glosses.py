"""The dictionary glosses an English reader gets for the Japanese an answer quotes."""
import pytest

from assistant.terms import _jamdict
from assistant.word_glosses import LABEL, _first_glosses, gloss_line, glossed_terms

needs_dictionary = pytest.mark.skipif(_jamdict() is None, reason="jamdict-data is not installed")


def test_first_glosses_drop_the_plural_spellings_added_for_matching():
    assert _first_glosses(("loan", "loans", "lending", "lendings")) == ("loan", "lending")
    assert _first_glosses(("city", "cities", "town", "towns")) == ("city", "town")
    assert _first_glosses(()) == ()


@needs_dictionary
def test_nouns_are_glossed_in_order_and_verbs_are_not():
    terms = glossed_terms("金融機関は、事業内容に応じた資金の貸付並びに経営に関する相談を行い、改善に取り組む。")
    words = [w for w, _ in terms]
    assert words.index("資金") < words.index("相談")
    glosses = dict(terms)
    assert "loan" in glosses["貸付"]
    assert "consultation" in glosses["相談"]
    # verbs are left out: 「…に応じた」「…に関する」 are grammar, and a verb's first sense is often
    # its literal one (取り組む: "to engage in a bout")
    assert not {"応じる", "関する", "行う", "取り組む"} & set(words)


@needs_dictionary
def test_past_the_limit_the_rarer_words_are_kept_in_their_order():
    text = "工事の発注、物品の調達、予算の使用、競争、契約、関税、輸送費、通関の手続"
    rare = {"関税", "通関"}
    terms = glossed_terms(text, max_terms=2, weight=lambda w: 10.0 if w in rare else 1.0)
    assert [w for w, _ in terms] == ["関税", "通関"]


@needs_dictionary
def test_the_line_glosses_the_answer_not_the_passages_listed_under_it():
    answer = "Article 9 of the ordinance (金融機関の役割):\n「資金の貸付」 [1]\n\n― Supporting passages ―\n[2] 関税の負担"
    line = gloss_line(answer)
    assert line.startswith(LABEL + ": ")
    assert "貸付" in line and "関税" not in line


def test_no_line_for_an_answer_without_japanese():
    assert gloss_line("Supported firms created 612 FTE jobs against a target of 750 [1]") == ""
    assert gloss_line("") == ""


@needs_dictionary
def test_a_word_is_glossed_as_the_dictionary_writes_its_first_sense_for_a_reader():
    from assistant.word_glosses import dictionary_glosses

    assert dictionary_glosses("人数") == ("the number of people",)  # not "many people, adult"
    assert dictionary_glosses("専門家")[:2] == ("specialist", "expert")
    assert dictionary_glosses("そんな言葉はない") == ()
