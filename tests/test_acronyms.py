from assistant.acronyms import acronym_index, expansions

TEXT = """The UK Shared Prosperity Fund paid for the Harbour Skills Centre.
Applications to the Business Resilience Centre rose. See also the Council of Northfield and Dene.
the small business grants were paid monthly."""


def test_an_acronym_the_documents_spell_out_meets_its_phrase():
    index = acronym_index([TEXT])
    assert "uk shared prosperity fund" in expansions("UKSPF", index)
    assert "business resilience centre" in expansions("BRC", index)
    assert "harbour skills centre" in expansions("HSCs", index)  # a plural acronym
    assert "council of northfield and dene" in expansions("CND", index)  # "of", "and" give no initial


def test_only_words_in_capitals_are_read_as_acronyms():
    index = acronym_index([TEXT])
    assert expansions("Brc", index) == () and expansions("sbg", index) == ()
    assert expansions("SBG", index) == ()  # lower-case words are no name: nothing offered
    assert expansions("XYZ", index) == ()


def test_an_english_question_reads_the_acronym_through_its_phrase():
    from assistant.terms import TermStats, english_concepts

    st = TermStats([["funding"], ["centre"]], [TEXT])
    ukspf = next(c for c in english_concepts("How much UKSPF money was spent?", st) if c.label == "UKSPF")
    assert ukspf.known and "uk shared prosperity fund" in ukspf.forms
