"""The verifier: slots a candidate leaves unanswered, names its evidence lacks, abstention."""
import pytest
from assistant.question import analyze
from assistant.terms import Concept
from assistant.verifier import abstention, required_slots, verify
from core.types import Answer, Candidate, Citation


def cand(name, support, evidence, answers, grounded=True):
    cite = Citation("doc.txt", "Doc", None, [1, 2], "sec", evidence)
    return Candidate(name, Answer("q", f"{name} answer [1]", grounded, [cite]), support, evidence, {}, set(answers))


def test_required_slots_follow_the_question():
    assert {"status", "years", "articles"} <= required_slots(analyze("第3条の事業で令和5年度に目標未達のものは？"))
    assert "opinion" in required_slots(analyze("What did the council say about loans?"))
    assert "response" in required_slots(analyze("What will the city do next about loans?"))


def test_a_candidate_that_answers_the_asked_slot_wins():
    q = analyze("第3条の事業で令和5年度に目標未達のものは？")
    concepts = [Concept("事業", ["事業"], 1.0)]
    status = cand("kpi_scope", 0.7, "事業 目標 実績", {"status", "years", "articles"})
    passage = cand("passage", 0.85, "事業の説明", {"articles"})
    v = verify([passage, status], concepts, 0.2, q)
    assert v.chosen.candidate.answerer == "kpi_scope"


def test_evidence_without_the_named_place_is_not_an_answer():
    q = analyze("横浜の事業承継の支援は？")
    concepts = [Concept("横浜", ["横浜"], 4.0, required=True), Concept("承継", ["承継"], 3.0)]
    v = verify([cand("passage", 0.6, "事業承継の支援を行った", set())], concepts, 0.3, q)
    assert v.abstained and v.ranked[0].final < 0.3
    a = abstention("横浜の事業承継の支援は？", "ja", v.ranked)
    assert a.grounded is False and "回答ではありません" in a.answer and not a.records


def test_evidence_that_never_names_what_is_asked_is_no_answer_when_the_documents_lack_the_word():
    q = analyze("審議会の委員の任期はいつまで？")
    members = "審議会 委員名簿 会長 山田太郎 委員 佐藤花子"
    unknown = [Concept("審議会", ["審議会"], 2.0), Concept("委員", ["委員"], 1.5),
               Concept("任期", ["任期"], 3.0, known=False, asked=True)]
    assert verify([cand("table", 0.6, members, set())], unknown, 0.3, q).abstained
    # a word the documents use elsewhere may name a category whose members the evidence lists
    known = [Concept(c.label, c.forms, c.weight, known=True, asked=c.asked) for c in unknown]
    assert not verify([cand("table", 0.6, members, set())], known, 0.3, q).abstained
    # and evidence that says it answers
    assert not verify([cand("passage", 0.6, members + " 任期は2年", set())], unknown, 0.3, q).abstained


def test_evidence_that_shares_only_a_place_name_with_the_question_is_no_answer():
    q = analyze("What is the population of Yokohama?")
    concepts = [Concept("population", ["人口"], 2.5), Concept("Yokohama", ["横浜市"], 4.7, name=True)]
    liaison = cand("passage", 0.6, "横浜市等の関係自治体との連絡会を開催した", set())
    assert verify([liaison], concepts, 0.3, q).abstained
    census = cand("passage", 0.6, "横浜市の人口は377万人", set())
    assert not verify([census], concepts, 0.3, q).abstained


def test_a_finding_of_absence_rests_on_the_store():
    q = analyze("指標Xの令和元年度の実績は？")
    neg = cand("kpi_indicator", 0.9, "", {"number", "years"}, grounded=False)
    v = verify([neg, cand("passage", 0.3, "指標X 令和5年度", {"number"})], [Concept("指標X", ["指標X"], 3.0)], 0.2, q)
    assert v.chosen.candidate is neg


@pytest.mark.parametrize("question", ["令和2年度に認定されたマイスターの方々の名前は？", "What did the council say about 指標X in FY2019?"])
def test_a_kpi_tables_silence_on_a_year_does_not_answer_who_or_what_was_said(question):
    q = analyze(question)
    neg = cand("kpi_indicator", 0.9, "", {"number", "years"}, grounded=False)
    quote = cand("passage", 0.6, "指標X マイスター 令和2年度 山田太郎 意見", {"who", "opinion", "years"})
    v = verify([neg, quote], [Concept("マイスター", ["マイスター"], 3.0)], 0.2, q)
    assert v.chosen.candidate is quote


@pytest.mark.parametrize("question", [
    "図書館の貸出率は何％？", "農地の転用率はいくつ？", "女性委員の割合は？", "What share of the grants went to farms?",
    "What is the vacancy rate of the hall?", "What percentage of schools have solar panels?",
])
def test_a_question_asking_for_a_share_is_not_answered_by_a_count(question):
    q = analyze(question)
    assert "share" in required_slots(q)
    concepts = [Concept("x", ["x"], 1.0)]
    count = cand("passage", 0.6, "x 502人 41,713百万円", {"number", "quantity", "years"})
    share = cand("passage", 0.6, "x 91.96%", {"number", "quantity", "years"})
    ranked = verify([count, share], concepts, 0.3, q).ranked
    assert ranked[0].candidate is share and ranked[1].final < ranked[0].final


@pytest.mark.parametrize("question", ["令和6年度の図書館の貸出冊数は？", "How many farms got a grant?", "太陽光パネルを設置した学校は何校？",
                                      "What did the committee say about the vacancy rate of shops?",
                                      "空き店舗率について審議会はどんな意見を述べた？"])
def test_a_question_asking_for_a_count_needs_no_share(question):
    assert "share" not in required_slots(analyze(question))


@pytest.mark.parametrize("question, asks", [
    ("朝市にはどれくらいの人が来ましたか", True), ("説明会はどのくらいの件数がありましたか", True),
    ("How many stalls were there?", True), ("朝市はどのくらい続いていますか", False), ("朝市はどこで開かれましたか", False),
])
def test_a_question_asking_how_many_people_needs_a_figure(question, asks):
    assert ("quantity" in required_slots(analyze(question))) is asks


def test_related_passages_of_one_place_are_offered_once():
    one = Citation("doc.txt", "Doc", 3, None, "sec", "first quote")
    same = Citation("doc.txt", "Doc", 3, None, "sec", "second quote")
    other = Citation("doc.txt", "Doc", 4, None, "other sec", "third quote")
    c = Candidate("passage", Answer("q", "a [1]", True, [one, same, other]), 0.1, "x", {}, set())
    a = abstention("q", "en", [verify([c], [Concept("x", ["x"], 1.0)], 0.5).ranked[0]])
    assert [x.quote for x in a.citations] == ["first quote", "third quote"]
    assert a.answer.count(one.label()) == 1


@pytest.mark.parametrize("question, number", [
    ("What did the council say about the startup target?", False), ("審議会は目標についてどんな意見を述べた？", False),
    ("What will the city do about the missed target?", False),
    ("What did the council say, and how many members attended?", True), ("What was the startup target for FY2024?", True),
])
def test_what_was_said_about_a_figure_needs_no_figure(question, number):
    assert ("number" in required_slots(analyze(question))) is number


def test_evidence_about_another_numbered_part_than_the_one_asked_conflicts():
    from assistant.question import analyze
    from assistant.verifier import _other_numbered

    q = analyze("計画の政策3にはどんな基本戦略がありますか？")
    assert _other_numbered(q, [], "施策体系: 政策5 観光の振興 › 基本戦略「誘客」")
    assert not _other_numbered(q, [], "政策3 創業の支援 › 基本戦略「起業の促進」")
    assert not _other_numbered(q, [], "基本戦略「起業の促進」")  # a passage that numbers nothing says nothing against it
    # an English question meets the documents' word through its concept's forms
    q = analyze("How much was spent on measure 4 in FY2024?")
    measure = Concept("measure", ["施策"], 1.0)
    assert _other_numbered(q, [measure], "施策2 販路開拓 — 2024年度決算額: 10,000")
    assert not _other_numbered(q, [measure], "施策4 人材確保 — 2024年度決算額: 8,000")


def test_which_ones_missed_is_not_answered_by_a_count_of_them():
    from assistant.answerers import _passage_answers
    from core.types import Chunk, Location

    q = analyze("Which indicators missed their targets in FY2024?")
    assert "which_ones" in required_slots(q) and "which_ones" not in required_slots(analyze("How many indicators missed in FY2024?"))
    chunk = Chunk("s", "", "r.txt", "報告", "report", "text", ["成果指標"], Location(line_start=1))
    count = "令和6年度は6指標のうち3指標で目標を達成し、3指標が未達成であった。"
    named = "経営革新計画承認件数は目標200件に対し187件で未達成であった。"
    assert "which_ones" not in _passage_answers(q, [chunk], count, [], count)
    assert "which_ones" in _passage_answers(q, [chunk], named, [], named)


@pytest.mark.parametrize("question, slot", [("What did the council say about 指標X?", "opinion"),
                                            ("指標Xのイベントはどこで開かれた？", "where")])
def test_an_indicators_figures_never_say_what_was_said_or_where(question, slot):
    from assistant.verifier import final_support

    q = analyze(question)
    need = required_slots(q)
    assert slot in need
    concepts = [Concept("指標X", ["指標X"], 3.0)]
    figures = cand("kpi_indicator", 0.9, "指標X 令和6年度 実績 12", {"number", "years"})
    quote = cand("passage", 0.9, "指標X 令和6年度 実績 12", {"number", "years"})
    # the same evidence, as a quote, may still say it (the slot's own penalty only); as figures, never
    assert final_support(figures, concepts, need, q=q).final < final_support(quote, concepts, need, q=q).final


@pytest.mark.parametrize("question", ["中原区の研究開発機関は何機関？", "何か国を訪問した？", "出展は何校でしたか", "令和6年度は何店舗？"])
def test_any_counter_after_nani_asks_for_a_figure(question):
    q = analyze(question)
    assert "quantity" in required_slots(q) and q.op("number") > 0


@pytest.mark.parametrize("question", ["何年度に始まった？", "何区にある？", "あの人は何者？"])
def test_nani_before_a_year_a_ward_or_a_person_asks_no_count(question):
    assert "quantity" not in required_slots(analyze(question))


def test_evidence_without_the_figure_the_question_refers_to_is_about_something_else():
    from assistant.verifier import _stated_figure_missing

    q = "市内中小企業が受けた144件は、工事・物品・委託でそれぞれ何件？"
    assert _stated_figure_missing(q, "物品 | 49,038 | 工事 | 2,401")
    assert not _stated_figure_missing(q, "うち市内中小企業 | 144 | 25.9%")
    assert not _stated_figure_missing("Of the 4,330 m² designated, which wards?", "新規指定面積 4330 m²")
    # years, dates and round figures are no figure referred to
    assert not _stated_figure_missing("令和6年度(2024年度)に1万人を超えたツアーは？", "参加者 11,059人")
    assert not _stated_figure_missing("How many grants did the 0417 program make?", "交付決定件数 1,347")
    assert not _stated_figure_missing("事業番号 123 の予算は？", "予算 500")


@pytest.mark.parametrize("question, which", [("どの指標が目標を超えた？", True), ("目標を超えた企業はどのくらいの割合？", False),
                                             ("どれくらい目標を上回った？", False), ("どれが未達だった？", True)])
def test_how_much_is_no_which(question, which):
    assert ("which_ones" in required_slots(analyze(question))) is which


def test_a_percentage_in_a_quote_about_something_else_gives_no_share():
    from assistant.verifier import final_support

    q = analyze("What was the unemployment rate?")
    concepts = [Concept("unemployment", ["失業"], 3.0), Concept("job", ["職業"], 2.0)]
    need = required_slots(q)
    off = cand("passage", 0.6, "青少年の職業体験の機会\n契約件数 | 91.96% | 51.54%", {"number"})
    on = cand("passage", 0.6, "青少年の職業体験の機会\n市内の失業率 3.1%", {"number"})
    assert "share" in need
    assert final_support(off, concepts, need, q=q).final < final_support(on, concepts, need, q=q).final


@pytest.mark.parametrize("text, wanted", [
    ("What does the SME ordinance expect of large companies?", True),
    ("条例は大企業者にどのような役割を定めていますか？", True),
    ("What did the council say about the ordinance's article on procurement?", False),  # what was said
    ("How many articles does the ordinance have?", False),  # a count
])
def test_what_the_ordinance_says_of_a_topic_needs_an_articles_text(text, wanted):
    assert ("article_text" in required_slots(analyze(text))) is wanted


def test_an_event_of_another_edition_than_the_one_asked_answers_nothing():
    from assistant.verifier import _other_edition, editions

    fair = [Concept("川崎", ["川崎"], 2.0), Concept("技術展", ["技術展"], 3.0)]
    q = analyze("第16回川崎国際環境技術展の来場者数は？")
    assert _other_edition(q, fair, "第17回川崎国際環境技術展の来場者数は約5,050人")
    assert not _other_edition(q, fair, "第16回川崎国際環境技術展の来場者数は約4,800人")
    assert not _other_edition(q, fair, "川崎国際環境技術展の来場者数は約5,050人")  # no edition stated
    # another body's meeting number says nothing of the fair's edition
    assert not _other_edition(q, fair, "令和6年度第2回専門部会で報告。来場者数は約5,050人")
    # an English ordinal names an edition; a date does not
    en = analyze("How many came to the 39th Kawasaki festival?")
    assert _other_edition(en, [Concept("Kawasaki", ["kawasaki"], 2.0)], "The 40th Kawasaki festival drew 30,000 people.")
    assert editions("held on 13th November, and on November 14th") == []
