"""Question concepts, their weights and coverage by evidence (terms.py)."""
import pytest

from assistant.question import analyze
from assistant.terms import Concept, QueryExpansion, TermStats, coverage, english_concepts, question_concepts

DOCS = [["商店", "街", "イベント", "来場", "者", "数"], ["商店街", "支援", "事業"], ["事業", "承継", "支援"],
        ["事業", "目標", "実績"], ["農業", "ボランティア", "事業"], ["横浜", "東京"], ["みなと", "市", "事業"]]


def stats():
    return TermStats(DOCS)


def test_rare_words_weigh_more_than_common_ones():
    st = stats()
    assert st.idf("承継") > st.idf("事業")


def test_coverage_is_weighted_and_names_are_required():
    cs = [Concept("承継", ["承継"], 3.0), Concept("事業", ["事業"], 0.5), Concept("横浜", ["横浜"], 3.0, required=True)]
    full = coverage(cs, "事業承継 横浜")
    part = coverage(cs, "事業承継の支援")
    assert full.score > part.score and part.missing_names == ["横浜"] and not full.missing_names
    assert coverage([], "anything").score == 0.5  # no topic words: neutral, the slots decide


def test_english_words_meet_the_corpus_japanese_through_the_dictionary():
    st = stats()
    cs = english_concepts("support for business succession", st)
    forms = {f for c in cs for f in c.forms}
    assert "承継" in forms
    # a word the corpus never uses is kept as missing evidence, not dropped
    assert any(not c.known for c in english_concepts("the mayoral election", st))


def test_romanised_names_meet_kana_in_the_corpus():
    cs = english_concepts("the plan of Minato City", stats())
    minato = next(c for c in cs if c.label == "Minato")
    assert minato.known and "みなと" in minato.forms


def test_slot_words_are_not_topic_concepts():
    labels = {c.label for c in question_concepts(analyze("農業ボランティアの目標は未達？"), stats())}
    assert "ボランティア" in labels and "未達" not in labels
    # an inflected cue is the cue: "changed" set the trend operation as "change" did
    en = {c.label for c in question_concepts(analyze("How has the number of volunteers changed?"), stats())}
    assert "volunteers" in en and "changed" not in en


def test_evidence_index_finds_exactly_the_texts_coverage_would_score():
    from assistant.terms import Concept, EvidenceIndex, coverage

    texts = ["起業セミナー 参加者数 118", "KBIC入居率 97%", "コンピューティング分野の拠点", "Festival  na Kawasaki", ""]
    idx = EvidenceIndex(texts)
    for concepts in ([Concept("入居", ["入居"], 3.0)], [Concept("computer", ["コンピュータ"], 3.0)],
                     [Concept("seminar", ["セミナー"], 2.0), Concept("KBIC", ["kbic"], 2.0)],
                     [Concept("festival", ["festivalna"], 2.0)], [Concept("none", ["存在しない語"], 2.0)]):
        expected = [i for i, t in enumerate(texts) if coverage(concepts, t).score > 0]
        assert idx.containing(concepts) == expected, concepts
        # and scores them as coverage does, to the last bit
        assert idx.scores(concepts) == {i: coverage(concepts, texts[i]).score for i in expected}, concepts


def test_evidence_index_counts_each_text_once_however_often_a_word_repeats():
    from assistant.terms import Concept, EvidenceIndex, coverage

    texts = ["事業 事業 事業", "なし", "事業と支援", "支援 支援"]
    concepts = [Concept("事業", ["事業"], 2.0), Concept("支援", ["支援"], 1.5)]
    assert EvidenceIndex(texts).scores(concepts) == {0: coverage(concepts, texts[0]).score,
                                                     2: coverage(concepts, texts[2]).score,
                                                     3: coverage(concepts, texts[3]).score}


def test_a_referent_changing_prefix_makes_one_required_word():
    from assistant.terms import TermStats, _prefixed_compounds, japanese_concepts
    from vectorstore.tokenizer import surface_tokens, tokenize

    assert _prefixed_compounds(surface_tokens("協議会の副委員長は誰？")) == ["副委員長"]
    assert _prefixed_compounds(surface_tokens("第3回の会議")) == []  # 第 + a number is an ordinal
    corpus = ["協議会の委員長は山田氏、副会長は佐藤氏が務める。"]
    stats = TermStats([tokenize(t) for t in corpus], corpus)
    asked = {c.label: c for c in japanese_concepts("協議会の副委員長は誰？", stats)}
    assert asked["副委員長"].required and not asked["副委員長"].known  # the documents name no such post
    known = {c.label: c for c in japanese_concepts("協議会の副会長は誰？", stats)}
    assert "副会長" in known and not known["副会長"].required


def test_an_adjective_made_with_a_hyphen_is_read_by_its_noun():
    from assistant.terms import english_concepts

    st = TermStats([["量子", "イベント", "利用"]])
    assert "quantum" in {c.label for c in english_concepts("quantum-related events", st)}
    assert "quantum" in {c.label for c in english_concepts("quantum-based events", st)}
    # a hyphenated word that is not noun + suffix keeps both words, not only the first
    assert "use" in {c.label for c in english_concepts("use-right arrangements", st)}
    assert "events" in {c.label for c in english_concepts("quantum-related events", st)}


def test_a_romanised_name_meets_the_corpus_word_read_the_same():
    from assistant.terms import english_concepts, romaji_key

    assert romaji_key("Keio") == romaji_key("ケイオウ") and romaji_key("Toyama") == romaji_key("トオヤマ")
    assert romaji_key("Senshu") == romaji_key("センシュウ") and romaji_key("Musashi") == romaji_key("ムサシ")
    st = TermStats([["慶應", "大学"], ["中原区"]], ["慶應義塾大学の研究者", "中原区のイベント"])
    assert "慶應" in st.words_read_as(romaji_key("Keio"))
    assert "中原区" in st.words_read_as(romaji_key("Nakahara"))  # a ward without its 区
    keio = next(c for c in english_concepts("seminars with Keio University", st) if c.label == "Keio")
    assert "慶應" in keio.forms and keio.known


def test_a_romanised_name_meets_a_name_the_tokenizer_splits():
    from assistant.terms import romaji_key

    # Sudachi reads 川北台 as 川北 (a proper noun) + 台: the name is the two together
    st = TermStats([["川北", "台", "市", "商工"]], ["川北台市の商工振興"])
    assert "川北台" in st.words_read_as(romaji_key("Kawakitadai"))
    name = next(c for c in english_concepts("Kawakitadai City's evaluation", st) if c.label == "Kawakitadai")
    assert name.known and "川北台" in name.forms


def test_a_single_character_sense_gives_way_to_a_longer_one():
    from assistant.terms import _concept

    st = TermStats([["物品", "調達"], ["為"], ["事業"]])
    assert _concept("goods", ["為", "物品"], st, 6).forms == ["物品"]
    assert _concept("station", ["駅"], st, 6).forms == ["駅"]  # the only form stays


@pytest.mark.parametrize("question,focus", [
    ("展示会の出展者123団体のうち、海外からの出展者は何団体でしたか？", "海外からの出展者"),
    ("労働相談のうち、ハラスメントに関する相談は何件あった？", "ハラスメントに関する相談"),
    ("市内の中小企業が受注した分は金額でいくら？", "金額"),  # a case particle ends the clause
    ("新規就農者数は何人？", "新規就農者数"),
    ("新規就農者数の推移を教えて", ""),  # no "how many"
    # a frame of time places what is counted; it is not part of it
    ("計画策定時の販路に関するアンケートは何社を対象にしましたか？", "販路に関するアンケート"),
    # a time between the subject and the question word says when, not what is counted
    ("創業支援補助金は令和6年度に何件交付されましたか？", "創業支援補助金"),
    ("見本市の出展者数って、第2期での目標は何社？", "目標"),  # a plan period is a time too; って is は
    ("見本市は全部で何回開かれた？", "見本市"),  # an adverb of how the figure is given counts nothing
    ("常設の窓口と出張窓口でそれぞれ何件？", ""),  # a count of each of several things: no one focus
    ("令和6年度はどんな講座で何者を支援したの？", ""),  # 何者 asks who, not how many
])
def test_what_a_how_many_question_counts(question, focus):
    from assistant.terms import quantity_focus

    assert quantity_focus(question) == focus


@pytest.mark.parametrize("question, asked", [
    ("推進委員会の委員の任期はいつまで？", "推進委員会の委員の任期"),
    ("専門部会の委員の任期って何年なんですか？", "専門部会の委員の任期"),
    ("協議会の会長は誰ですか", "協議会の会長"),
    ("創業支援の窓口はどこ？", "創業支援の窓口"),
    ("見本市の出展者は何社？", "見本市の出展者"),  # a count's focus, as before
    ("令和6年度の事業の概要を教えて", ""),  # asks no who, when, where or how many
])
def test_what_a_who_when_or_where_question_asks_for(question, asked):
    from assistant.terms import asked_focus

    assert asked_focus(question) == asked


def test_the_word_heading_what_is_asked_is_marked():
    st = TermStats([["審議", "会", "委員", "会長"], ["創業", "件数", "目標"], ["商店", "街"]])
    concepts = question_concepts(analyze("審議会の委員の任期はいつまで？"), st)
    assert [c.label for c in concepts if c.asked] == ["任期"]
    # a compound heads the phrase, not the word it starts with
    concepts = question_concepts(analyze("市の融資制度の融資利率は何%ですか？"), st)
    assert [c.label for c in concepts if c.asked] == ["融資利率"]
    # the target of a named indicator is an attribute of it, not a thing asked for
    concepts = question_concepts(analyze("創業件数の目標は何件？"), st)
    assert not any(c.asked for c in concepts)


def test_the_dictionary_answers_on_every_thread():
    """The UI answers on worker threads; the dictionary may first be opened on another one."""
    import threading

    from assistant.terms import japanese_for

    japanese_for.cache_clear()
    assert "承継" in japanese_for("succession")  # opened on this thread
    japanese_for.cache_clear()
    got = []
    worker = threading.Thread(target=lambda: got.append(japanese_for("succession")))
    worker.start()
    worker.join()
    assert "承継" in got[0]


@pytest.mark.parametrize("question,word,form", [
    ("How many plans did the prefecture approve?", "approve", "認める"),    # glossed as a verb: "to approve"
    ("How many plans were approved?", "approved", "認める"),
    ("Which Prefecture runs it?", "Prefecture", "県"),                     # glossed with a qualifier: "prefecture (Japan)"
    ("courses on digital skills", "skills", "技術"),                      # a plural
])
def test_english_words_glossed_as_verbs_or_with_a_qualifier_still_meet_the_corpus(question, word, form):
    st = TermStats([["認める", "計画", "件数"], ["北浜", "県", "事業"], ["技術", "講座"], ["許可", "事業"]])
    c = next(c for c in english_concepts(question, st) if c.label == word)
    assert c.known and form in c.forms and not c.required


def test_a_possessive_is_the_word_itself():
    st = TermStats([["北浜", "県", "事業"]])
    c = next(c for c in english_concepts("Kitahama's SME programme", st) if c.label.startswith("Kitahama"))
    assert c.label == "Kitahama" and "北浜" in c.forms



def test_a_year_written_r4_leaves_no_letter_behind():
    """R4 is a year (a slot); its letter is not an English topic word."""
    labels = [c.label for c in question_concepts(analyze("How did the occupancy change from R4 to R5?"), stats())]
    assert "R" not in labels and "r" not in [l.lower() for l in labels]


def test_a_latin_form_names_a_document_only_as_a_whole_word():
    pr = Concept("PR", ["pr", "広報"], 3.0)
    assert pr.in_text("execution program")  # coverage reads substrings, as it does for Japanese
    assert not pr.as_word_in("execution program phase3")
    assert pr.as_word_in("the PR award") and pr.as_word_in("市の広報誌")


def test_adverbial_nouns_are_not_topics():
    st = TermStats([["実際", "補助金"], ["補助金", "予算"], ["現在", "事業"]])
    labels = [c.label for c in question_concepts(analyze("補助金は実際いくら使われた？現在の状況は？"), st)]
    assert "補助金" in labels and "実際" not in labels and "現在" not in labels


def test_loanwords_are_found_behind_a_qualified_gloss():
    from assistant.terms import loanwords

    assert "フェスティバル" in loanwords("festival")  # glossed "festival (esp. …)", not "festival"
    st = TermStats([["フェスティバル", "来場"], ["事業"]], ["フェスティバル来場者数"])
    festival = next(c for c in english_concepts("the autumn festival", st) if c.label == "festival")
    assert "フェスティバル" in festival.forms


def test_loanwords_are_found_by_the_word_they_were_borrowed_from():
    from assistant.terms import loanwords

    # マイスター is glossed "master" but borrowed from German Meister, as an English text writes it
    assert "マイスター" in loanwords("meister")
    st = TermStats([["かわさき", "マイスター", "認定"], ["事業"]], ["かわさきマイスター認定者"])
    meisters = next(c for c in english_concepts("the new Kawasaki Meisters", st) if c.label == "Meisters")
    assert meisters.known and "マイスター" in meisters.forms


def test_a_form_that_is_no_token_weighs_by_the_passages_that_contain_it():
    # 大 stands alone in no passage but sits inside many words: common, not rare, however large the corpus
    st = TermStats([["拡大", "事業"], ["大会", "開催"], ["大学", "連携"], ["横浜", "東京"]] * 5)
    assert st.form_weight("大") < st.form_weight("横浜") + 0.5
    assert st.form_weight("大") < st.max_idf() * 0.6
    assert st.form_weight("未知語") == pytest.approx(st.max_idf() * 0.6)


def test_a_verb_the_dictionary_cannot_place_meets_the_corpus_through_its_noun():
    from assistant.terms import derived_nouns

    assert {"verification", "execution", "region"} <= set(derived_nouns("verified") + derived_nouns("executed")
                                                         + derived_nouns("regional"))
    st = TermStats([["施策", "検証", "結果"], ["予算", "執行", "額"], ["商店", "街"]])
    forms = {c.label: c.forms for c in english_concepts("How were the measures verified and the budget executed?", st)}
    assert "検証" in forms["verified"] and "執行" in forms["executed"]


def test_an_ize_word_meets_the_corpus_through_its_stem_and_ka():
    from assistant.terms import becoming_stems

    assert "digital" in becoming_stems("digitalization") and "standard" in becoming_stems("standardized")
    assert becoming_stems("size") == [] and becoming_stems("prize") == []
    st = TermStats([["業務", "デジタル化", "必要"], ["標準化", "推進"], ["商店", "街"]])
    forms = {c.label: c.forms for c in english_concepts("Do shops want to digitalize and standardise their work?", st)}
    assert "デジタル化" in forms["digitalize"] and "標準化" in forms["standardise"]


@pytest.mark.parametrize("text, name", [("さくら台市で令和5年度に", "さくら台市"), ("霧ヶ原町の計画", "霧ヶ原町"), ("北浜県の制度", "北浜県"),
                                        ("工事のうち市内の中小企業", None), ("川崎市の職員", None)])
def test_a_place_name_the_dictionary_splits_is_one_word(text, name):
    from assistant.terms import _place_names
    from vectorstore.tokenizer import surface_tokens

    found = [n for n, _ in _place_names(surface_tokens(text))]
    assert found == ([name] if name else [])  # 川崎市 is one token already
    if name:
        labels = [c.label for c in question_concepts(analyze(text + "の指標は？"), stats())]
        assert name in labels and "市" not in labels and "台" not in labels


def test_an_english_question_quoting_a_japanese_name_reads_the_name_too():
    labels = {c.label for c in question_concepts(analyze("What did 「農業ボランティア」 achieve in FY2024?"), stats())}
    assert "農業" in labels or "農業ボランティア" in labels
    assert "ボランティア" in labels or "農業ボランティア" in labels
    # and a question in English alone gets no Japanese words from nowhere
    plain = question_concepts(analyze("What did the volunteers achieve in FY2024?"), stats())
    assert all(not any("\u3040" <= ch <= "\u9fff" for ch in c.label) for c in plain)


def test_a_japanese_question_meets_english_documents_through_the_dictionary():
    english = TermStats([["growth", "hub", "enquiries", "rose", "in", "the", "year"]] * 3 + DOCS,
                        ["Growth Hub enquiries rose in the year"] * 3)
    assert english.has_english() and not stats().has_english()
    c = next(c for c in question_concepts(analyze("問い合わせは何件あった？"), english) if c.label == "問い合わせ")
    assert "enquiries" in c.forms  # JMdict: 問い合わせ → enquiry, with its plural
    ja_only = next(c for c in question_concepts(analyze("問い合わせは何件あった？"), stats()) if c.label == "問い合わせ")
    assert all(f.isascii() is False for f in ja_only.forms)


def test_a_point_in_the_year_belongs_to_the_year_not_the_topic():
    for text in ("共済の会員数は、令和2年度末時点で何人？", "共済の会員数は2024年度当初現在で何人？"):
        labels = [c.label for c in question_concepts(analyze(text), stats())]
        assert "会員数" in labels and not any(l in ("末", "末時", "時点", "点", "当初", "現在") for l in labels)


@pytest.mark.parametrize("text,person", [
    ("**Fiona MacLeod** – Chair of the Audit and Risk Committee", True),
    ("Cllr Sarah Jones chairs the board", True),
    ("部会長 遠山浩", True),
    ("the Audit and Risk Committee met four times", False),
    ("Kelbridge City Council and the Growth Hub", False),
])
def test_a_person_is_named_in_japanese_or_in_latin_letters(text, person):
    from assistant.terms import _jamdict, has_person_name

    if _jamdict() is None and person and text.isascii():
        pytest.skip("jamdict-data is not installed")
    assert has_person_name(text) is person


def test_a_noun_phrase_meets_the_compound_its_words_make():
    # labour → 労働, consultation → 相談: the documents' word 労働相談 (one token) is the phrase
    st = TermStats([["常設", "労働相談", "件数"], ["労働", "環境"], ["相談", "窓口"], ["勤労", "者"]])
    labels = {c.label: c.forms for c in english_concepts("How many labour consultations were handled?", st)}
    assert labels.get("labour consultations") == ["労働相談"]
    # a string the documents hold but not as a word is no compound
    st = TermStats([["常設", "労働", "相談", "件数"], ["勤労", "者"]])
    assert "labour consultations" not in {c.label for c in english_concepts("How many labour consultations?", st)}


def test_a_compound_uses_a_single_character_only_in_its_first_senses():
    # 夜 is "night" and 市 "market" first; 力 is "force, strength", only rarely "support"
    st = TermStats([["夜市", "開催"], ["夜", "営業"], ["市", "支援"], ["営業力", "向上"], ["力", "事業"]])
    labels = {c.label: c.forms for c in english_concepts("How many came to the night market?", st)}
    assert labels.get("night market") == ["夜市"]
    concepts = {c.label: c.forms for c in english_concepts("What does business support cover?", st)}
    assert "business support" not in concepts and "支援" in concepts.get("support", [])


def test_english_morphology_reaches_the_documents_words():
    from assistant.terms import _lemmas, derived_nouns, prefix_bases

    assert "drop" in _lemmas("dropped") and "plan" in _lemmas("planning") and "install" in _lemmas("installed")
    assert "industry" in derived_nouns("industrial")
    assert prefix_bases("subcommittee") == ["committee"] and prefix_bases("nonprofit") == []
    assert prefix_bases("subsidy") == []  # what remains is no English word
    st = TermStats([["専門部会", "委員"], ["産業", "振興"], ["商店", "街"]])
    concepts = {c.label: c.forms for c in english_concepts("Who sits on the subcommittee for industrial policy?", st)}
    # "committee" is glossed 委員会, and the corpus's 専門部会 ("expert committee") by its head noun
    assert "専門部会" in concepts["subcommittee"] and "産業" in concepts["industrial"]


def test_an_english_word_english_documents_never_use_weighs_more_than_in_japanese_ones():
    from assistant.terms import UNKNOWN_WORD, UNKNOWN_WORD_EN

    ja = TermStats([["事業", "支援"], ["商店", "街"]], ["事業支援", "商店街"])
    en = TermStats([["business", "support"], ["retail", "street"]], ["business support grants", "retail street footfall"])
    assert not ja.has_english() and en.has_english()
    w_ja = {c.label: c for c in english_concepts("What was the fertility rate?", ja)}["fertility"]
    w_en = {c.label: c for c in english_concepts("What was the fertility rate?", en)}["fertility"]
    assert not w_en.known and w_en.weight == pytest.approx(en.max_idf() * UNKNOWN_WORD_EN)
    # in Japanese documents a noun the dictionary gives (fertility → 繁殖力) weighs as much: they
    # never word that topic; a word glossed only by verbs ("verified") may be worded otherwise
    assert w_ja.weight == pytest.approx(ja.max_idf() * UNKNOWN_WORD_EN)
    verified = {c.label: c for c in english_concepts("Which ones were verified?", ja)}["verified"]
    assert not verified.known and verified.weight == pytest.approx(ja.max_idf() * UNKNOWN_WORD)


def test_numbers_spelled_out_are_figures_not_topics():
    from assistant.terms import spelled_out_numbers

    assert spelled_out_numbers("feedback from six regional forums, Twelve members") == "feedback from 6 regional forums, 12 members"
    assert spelled_out_numbers("someone often") == "someone often"  # only whole words
    st = TermStats([["地域", "フォーラム"], ["商店", "街"]])
    assert "six" not in {c.label for c in english_concepts("How many regional forums were held? Were there six?", st)}



@pytest.mark.parametrize("question,part", [
    ("How many of the town's 318 Launchpad participants were women?", "women"),
    ("how many of the firms were manufacturers", "manufacturers"),
    ("How many companies received the subsidy in FY2024?", ""),  # the whole, not a part
    ("What share of the budget was spent in 2023?", ""),  # a passive says what happened to the whole
    ("How many users did the hub have, and what were its start-ups?", ""),  # another clause's verb
])
def test_the_part_of_a_whole_an_english_count_question_asks(question, part):
    from assistant.terms import english_subset

    assert english_subset(question) == part


def test_a_formal_noun_is_counted_with_its_clause():
    from assistant.terms import quantity_focus

    assert quantity_focus("展示会の商談のうち、町が仲介したものは何件だった？") == "町が仲介したもの"


def test_a_place_the_dictionary_glosses_only_as_a_name_is_a_name():
    from assistant.terms import _english_words, _jamdict

    if _jamdict() is None:
        pytest.skip("jamdict-data is not installed")
    words = _english_words()
    # 横浜 is glossed "Yokohama": a name in the glosses, not an English word; "committee" is one
    assert "yokohama" not in words and "committee" in words and "risk" in words


def test_a_name_keeps_its_kana_reading_beside_kanji_forms():
    # the documents write the city's name in kanji and, in a programme's name, in kana
    st = TermStats([["川崎", "市", "事業"], ["かわさき", "マイスター", "認定"]])
    kawasaki = next(c for c in english_concepts("Kawasaki Meister certification", st) if c.label == "Kawasaki")
    assert "かわさき" in kawasaki.forms and "川崎" in kawasaki.forms
    # a reading of two kana is found inside unrelated words (たま in あたま): not kept
    tama = [c for c in english_concepts("farmers in Tama Ward", TermStats([["たま", "市"], ["多摩", "区"]])) if c.label == "Tama"]
    assert not tama or "たま" not in tama[0].forms


def test_a_hyphenated_compound_is_looked_up_as_the_phrase_it_writes():
    st = TermStats([["金利", "上昇"], ["中小", "企業", "借入"]])
    rate = next((c for c in english_concepts("loans given the interest-rate environment", st) if c.label == "interest-rate"), None)
    assert rate is not None and "金利" in rate.forms


def test_a_longer_phrase_the_dictionary_glosses_whole_is_one_concept():
    st = TermStats([["中小", "企業", "支援"], ["研究開発", "拠点"], ["媒体", "広告"], ["小さい", "店"]])
    labels = {c.label: c.forms for c in english_concepts("support for small and medium firms doing research and development", st)}
    # read word by word, "medium" would be 媒体 (a medium of advertising) and "small" 小さい
    assert labels.get("small and medium") == ["中小"] and labels.get("research and development") == ["研究開発"]
    assert "medium" not in labels and "small" not in labels
    # the dictionary writes the phrase with its hyphen: it is read before the hyphen cuts words
    labels = {c.label: c.forms for c in english_concepts("loans to small and medium-sized enterprises", st)}
    assert "中小企業" in labels.get("small and medium-sized enterprises", [])
    # a phrase never begins or ends with a function word, and a phrase the documents lack is no concept
    assert all(not c.label.startswith(("and ", "of ")) for c in english_concepts("of small and medium", st))


def test_a_hyphenated_word_the_dictionary_does_not_know_is_read_as_its_words():
    st = TermStats([["事業", "承継", "支援"], ["企業", "数"]])
    labels = {c.label: c for c in english_concepts("companies given business-succession support", st)}
    # the whole word is no entry and no phrase of the dictionary: its words still carry the topic
    assert "succession" in labels and "承継" in labels["succession"].forms
    # a name keeps its hyphen: its halves are not words of the question
    assert "Wel-Tech" in {c.label for c in english_concepts("projects at Wel-Tech", st)}


def test_a_qualified_gloss_is_found_by_its_head_word():
    from assistant.terms import qualified_for

    # JMdict glosses 県 "prefecture (Japan)": an exact look-up of "prefecture" misses it
    assert "県" in qualified_for("prefecture")
    assert qualified_for("") == ()


def test_a_compound_the_dictionary_lacks_is_glossed_by_its_parts():
    from assistant.terms import compound_glosses

    assert "budget" in compound_glosses("予算額")  # 予算 + 額
    assert compound_glosses("予算") == ()  # a word of the dictionary is glossed as itself, elsewhere
    assert compound_glosses("デジタル化") == ()  # only kanji compounds are cut


def test_an_english_query_is_expanded_with_the_corpus_words_for_it():
    exp = QueryExpansion(stats())
    q = "support for business succession in 2024"
    dense = exp.dense(q)
    assert dense.startswith(q) and "承継" in dense  # the question, then the documents' words
    words = exp.keywords(q).split()
    assert "承継" in words and "2024" in words and "support" not in words
    # no word of the question has a form in the documents: the question is searched as it is
    assert exp.keywords("the mayoral election") == "the mayoral election"
    assert exp.dense("the mayoral election") == "the mayoral election"
    assert exp.dense("事業承継の支援") == "事業承継の支援" == exp.keywords("事業承継の支援")


@pytest.mark.skipif(__import__("assistant.terms", fromlist=["_jamdict"])._jamdict() is None,
                    reason="jamdict-data is not installed")
def test_a_japanese_question_meets_english_documents_through_its_words_glosses():
    from vectorstore.tokenizer import tokenize

    corpus = ["事業承継の支援", "The online survey drew 312 responses from local businesses."]
    st = TermStats([tokenize(t) for t in corpus], corpus)
    survey = {c.label: c for c in question_concepts(analyze("アンケートの回答数は？"), st)}["アンケート"]
    # a word only the English document holds is known there, and weighs as its English word does
    assert survey.known and "survey" in survey.forms and survey.weight == pytest.approx(st.form_weight("survey"))
    # the keyword index is searched with the question and the English words for it
    words = QueryExpansion(st).keywords("アンケートの回答数は？")
    assert words.startswith("アンケートの回答数は？") and "survey" in words.split()
    assert QueryExpansion(st).dense("アンケートの回答数は？").split()[-1] == "survey"  # the embedder reads them too
    # documents in Japanese only: the question as it is
    ja = TermStats([tokenize(corpus[0])], corpus[:1])
    assert QueryExpansion(ja).keywords("アンケートの回答数は？") == "アンケートの回答数は？"


def test_two_nouns_joined_by_oyobi_meet_the_compound_a_question_writes():
    from assistant.terms import Concept, coverage

    concept = Concept("研究開発", ["研究開発"], 2.0)
    assert coverage([concept], "第14条 研究及び開発の支援 › 検証意見").covered == ["研究開発"]
    assert coverage([concept], "研究の成果と開発の状況").covered == []  # not joined: two things


def test_the_city_acting_and_the_asker_speaking_are_no_topics():
    st = TermStats([["市", "人口"], ["町", "対応"], ["journalist"]])
    labels = [c.label for c in question_concepts(analyze("市は今後どう対応すると答えていますか？"), st)]
    assert "市" not in labels
    assert "人口" in [c.label for c in question_concepts(analyze("市の人口は？"), st)]
    en = [c.label.lower() for c in english_concepts("I'm a journalist. Don't they publish it?", st)]
    assert "i'm" not in en and "don't" not in en


def test_the_words_between_a_speaker_and_what_they_said_stay_topics():
    st = TermStats([["販路", "開拓"], ["委員", "意見"], ["創業", "件数"]])
    labels = [c.label for c in question_concepts(analyze("販路について委員からどんな提案がありましたか？"), st)]
    assert "販路" in labels and "委員" not in labels and "提案" not in labels
    labels = [c.label for c in question_concepts(analyze("委員会では、創業件数が目標に届かなかったことについてどんな意見が出ていた？"), st)]
    assert "創業" in labels


def test_words_of_a_context_sentence_before_the_question_count_for_less():
    st = TermStats([["コンベンション", "ホール", "稼働"], ["イベント", "会場"], ["金利", "上昇"]])

    def weight(question, word):  # the concept holding the word, however the phrase is read
        return next(c.weight for c in question_concepts(analyze(question), st) if word in c.label.lower())

    asked = "Did any member comment on the convention hall?"
    told = "I'm a journalist covering event venues. " + asked
    assert weight(told, "venue") < weight(told, "convention") and weight(told, "convention") == weight(asked, "convention")
    # a sentence about the matter, not about the asker, is the topic and keeps its weight
    about = "Back then the city surveyed event venues. " + asked
    assert weight(about, "venue") == weight("Event venues: did any member comment on the convention hall?", "venue")
    # a question sentence that only points back ("what will the city do?") leaves the context whole
    assert weight("Interest rates are rising. What will the city do?", "rising") == \
        weight("Interest rates are rising, what will the city do?", "rising")


def test_a_breakdown_asked_is_read_in_either_language():
    from assistant.terms import breakdown_dimensions

    assert breakdown_dimensions("区ごとの内訳を教えて") == ["区"]
    assert breakdown_dimensions("ボランティアの活動件数を月ごとに教えて") == ["月"]
    assert breakdown_dimensions("業種別の件数は？") == ["業種"]
    assert breakdown_dimensions("男女別や年代別に見るとどうなる？") == ["男女", "年代"]
    assert breakdown_dimensions("How many visitors, broken down by age?") == ["age"]
    assert breakdown_dimensions("visitors by ward in 2024") == ["ward"]
    # years are every KPI table's dimension; 個別に/特別に break nothing down
    assert breakdown_dimensions("年度ごとに教えて") == []
    assert breakdown_dimensions("個別に相談できますか？特別に支援はある？") == []


def test_the_counter_after_nani_stays_a_word_of_the_topic():
    stats = TermStats([["会員", "数"], ["事業所", "数"], ["研究", "機関"]])
    words = [c.label for c in question_concepts(analyze("会員数は何人・何事業所でしたか？"), stats)]
    assert "事業所" in words


def test_an_upper_case_latin_form_meets_the_normalised_text():
    c = Concept("e-commerce", ["EC", "電子商取引"], 3.0)
    assert coverage([c], "越境ECを活用したテストマーケティング").covered == ["e-commerce"]


def test_the_question_word_with_its_counter_is_no_topic():
    stats = TermStats([["会員", "数"], ["参加", "者"]])
    assert "何人" not in [c.label for c in question_concepts(analyze("マッチング会には何人くらい集まった？"), stats)]


def test_an_english_word_glossed_only_by_verbs_weighs_little_as_a_japanese_reading_drops_verbs():
    from assistant.terms import PREDICATE_WEIGHT

    st = TermStats([["相談", "件数"], ["掛かる", "費用"], ["勤労", "者"], ["働く", "人"]], ["勤労者"])
    cs = {c.label: c for c in english_concepts("labor consultations handled", st)}
    assert cs["handled"].known and cs["handled"].weight == pytest.approx(PREDICATE_WEIGHT * st.form_weight("掛かる"))
    # a word with a noun among its forms (勤労 beside 働く) is a topic and keeps its weight
    assert "勤労" in cs["labor"].forms
    assert cs["labor"].weight == pytest.approx(min(st.form_weight(f) for f in cs["labor"].forms))



def test_an_english_word_is_in_the_documents_only_where_a_word_starts_with_it():
    st = TermStats([["事業"]], ["詳細はwebsiteを参照。オンラインの相談窓口 online support"])
    assert not st.in_corpus("sit")  # only inside "website"
    assert st.in_corpus("online") and st.in_corpus("onlin")  # a stem ends inside a word
    assert st.in_corpus("support")


@pytest.mark.parametrize("name, parts, written", [
    ("Hikari-no-Festa", ["ひかり", "の", "フェスタ"], "ひかりのフェスタ"),
    ("Umi-Market", ["うみ", "マーケット"], "うみマーケット"),
    ("Minato-Matsuri", ["みなと", "まつり"], "みなとまつり"),
])
def test_a_name_romanised_part_by_part_meets_the_documents_run_of_kana(name, parts, written):
    docs = [[*parts, "総", "来場", "者", "数"], ["商店街", "支援", "事業"], ["事業", "承継", "支援"]]
    st = TermStats(docs, [f"「{written}」総来場者数", "商店街支援事業", "事業承継支援"])
    concept = next(c for c in english_concepts(f"How did {name} do?", st) if c.label == name)
    assert concept.known and written in concept.forms
    # parts the documents never write together make no name
    assert not any(c.known for c in english_concepts("How did Festa-na-Kyoto do?", st) if "-" in c.label)
