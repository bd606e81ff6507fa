"""Question reading: slots swept over generated phrasings in JA and EN (no development
question appears here)."""
import itertools

import pytest

from assistant.question import analyze, read_years

ERA = {2019: "令和元", 2020: "令和2", 2021: "令和3", 2022: "令和4", 2023: "令和5", 2024: "令和6", 2025: "令和7"}


def spellings(fy: int) -> list[str]:
    return [f"{ERA[fy]}年度", f"R{fy - 2018}", f"FY{fy}", f"{fy}年度", f"in {fy}", f"令和{fy - 2018}({fy})年度"]


@pytest.mark.parametrize("fy", [2020, 2022, 2024, 2025])
def test_one_year_in_every_spelling(fy):
    for s in spellings(fy):
        if fy == 2019 and s.startswith("R"):
            continue
        assert analyze(f"指標Xの{s}の実績は？").years == [fy], s


@pytest.mark.parametrize("a,b", [(2022, 2024), (2021, 2023), (2020, 2025)])
def test_year_ranges_expand_and_lists_do_not(a, b):
    for fmt in ("{x}から{y}まで", "{x}〜{y}", "between {x} and {y}", "{x} through {y}", "{x}-{y}"):
        for sa, sb in [(f"FY{a}", f"FY{b}"), (f"{ERA[a]}年度", f"{ERA[b]}年度"), (f"{a}年度", f"{b}年度")]:
            q = analyze("What happened " + fmt.format(x=sa, y=sb))
            assert q.years == list(range(a, b + 1)) and q.year_range, (fmt, sa, sb)
    q = analyze(f"FY{a} and FY{b} results")
    assert q.years == [a, b] and not q.year_range


@pytest.mark.parametrize("tail", [", and what was the goal?", ".", "?", ") and", "; then"])
def test_a_year_followed_by_punctuation_is_still_a_year(tail):
    assert analyze(f"How many in fiscal 2023{tail}").years == [2023]
    assert analyze(f"How did it change over 2022–2024{tail}").years == [2022, 2023, 2024]


def test_year_inside_a_number_or_amount_is_no_year():
    assert read_years("12,000 m2 and 2,024 people, 2023.5%")[0] == []


@pytest.mark.parametrize("a,b", [(1, 3), (12, 14), (15, 18), (30, 32)])
def test_article_ranges_lists_and_numbers_beyond_this_ordinance(a, b):
    span = list(range(a, b + 1))
    for text in (f"第{a}条から第{b}条まで", f"第{a}条〜第{b}条", f"{a}〜{b}条", f"Articles {a}-{b}", f"articles {a} through {b}"):
        assert analyze(text + "の事業").articles == span, text
    assert analyze(f"Articles {a}, {a + 1} and {b}").articles == [a, a + 1, b]
    assert analyze(f"第{a}条・第{b}条").articles == [a, b]
    assert analyze(f"Art. {b}").articles == [b]


def test_a_year_is_never_read_as_an_article():
    assert analyze("2024年度の第3条").articles == [3]


MISSED = ["目標を達成できなかった", "目標未達", "目標に届かなかった", "目標を下回った", "missed the target", "fell short",
          "came in under target", "did not meet the goal", "failed to reach the target", "was below target"]
MET = ["目標を達成した", "目標をクリアした", "目標を上回った", "目標に届いた", "目標に到達した", "目標に達した", "met the target", "exceeded the goal", "hit the target",
       "achieved the target"]


@pytest.mark.parametrize("phrase,subject", itertools.product(MISSED + MET, ["指標X", "program X"]))
def test_status_operation_in_many_wordings(phrase, subject):
    q = analyze(f"{subject}は{phrase}？")
    assert q.missed == (phrase in MISSED) and q.met == (phrase in MET), phrase


def test_operations_carry_evidence_and_confidence():
    q = analyze("How many programs missed their targets?")
    assert q.op("missed") > 0 and q.op("count") > 0 and "missed" in " ".join(q.evidence["missed"])
    assert analyze("条例第5条は何を定めている？").op("article_text") > 0
    assert analyze("協議会はどんな意見を出した？").opinion
    assert analyze("What will the city do next about it?").response
    # the verb of "fall below the target" is part of the cue, not a topic of the question
    assert "fall below" in " ".join(analyze("Did the number of visitors fall below the target in 2023?").evidence["missed"])
    for asked in ("という意見に市はどう対応するって？", "という意見への市の回答は？", "市はどのように回答した？"):
        assert analyze(asked).response, asked
    for not_asked in ("対応する事務事業は？", "有効回答は何件？", "調査の回答率は？"):  # corresponding; survey answers
        assert not analyze(not_asked).response, not_asked
    assert analyze("What is the city doing from next year about the shortage?").response


@pytest.mark.parametrize("question,opinion", [
    ("What did the council say about succession?", True), ("Did the committee raise anything about rates?", True),
    ("Did anyone on the panel say something about prices?", True), ("協議会の意見は？", True),
    ("What concerns did members raise?", True),
    # a body named is not what it said: members, chairs and meetings are asked about
    ("Who sits on the committee for the bank?", False), ("協議会の会長は誰？", False),
    ("How many times did the subcommittee meet?", False), ("How many visitors came to the night-view tours?", False),
    ("What share of firms raised productivity?", False),
    # who said it decides: survey respondents saying what they plan are a figure's subject
    ("What did the experts say about loans?", True), ("What was said about succession?", True),
    ("What share of firms said they plan to invest?", False), ("How many firms said they export?", False),
    # what members proposed or put forward
    ("販路について委員からどんな提案がありましたか？", True), ("委員は今後の方向性をどう示していましたか？", True),
    ("Did anyone on the committee propose a new scheme?", True), ("市が提案した制度は？", False),
    ("What ideas does the city have for startups?", False),
    ("「川崎で働きたい人は少ない」という話が出たそうですが？", True), ("第14条の検証意見は？", True),
    ("部会の委員で、協議会の委員と掛け持ちしている人を全員挙げてください", False)])
def test_opinion_is_what_was_said_not_who_said_it(question, opinion):
    assert analyze(question).opinion == opinion, question
    assert analyze("第５章によると、どう位置づけられているか").chapter == 5


def test_language_ignores_quoted_japanese_names():
    assert analyze("What is 「指標X」 in FY2024?").lang == "en"
    assert analyze("指標Xは？").lang == "ja"


def test_editions_named_in_a_question_are_not_years_asked():
    from assistant.question import analyze

    q = analyze("令和6年度版の報告書では、起業件数の令和5年度実績は？")
    assert q.editions == [2024] and q.years == [2023]
    q = analyze("In the report for fiscal 2023, how many seminars were held in FY2022?")
    assert q.editions == [2023] and q.years == [2022]
    q = analyze("According to the 2025 edition, which programs missed?")
    assert q.editions == [2025] and q.years == [2025]  # the only year named: the edition's own results
    assert analyze("令和6年度の起業件数は？").editions == []


def test_a_change_between_reports_is_not_a_trend_question():
    from assistant.question import analyze

    assert analyze("前回の報告書と比べて変わった数値は？").op("changes") > 0
    assert analyze("Which figures were revised in the new edition?").op("changes") > 0
    assert analyze("起業件数は令和4年度から令和6年度でどう変わった？").op("changes") == 0
    assert analyze("How did visitor numbers change from FY2022 to FY2024?").op("changes") == 0


@pytest.mark.parametrize("text,years,ranged", [
    ("{era}4年度から6年度までの推移", [2022, 2023, 2024], True),
    ("{era}4～6年度の実績", [2022, 2023, 2024], True),
    ("{era}4・5年度の比較", [2022, 2023], False),
    ("{era}4年度と5年度を比べると", [2022, 2023], False),
    ("{era}元年度から3年度", [2019, 2020, 2021], True),
])
def test_second_year_without_its_era_is_read_in_the_same_era(text, years, ranged):
    q = analyze(text.format(era="令和") + "の参加者数は？")
    assert q.years == years and q.year_range == ranged


@pytest.mark.parametrize("text,years", [
    ("FY2022-24 participants", [2022, 2023, 2024]),
    ("results for FY2021–23", [2021, 2022, 2023]),
    ("2022～24年度の件数", [2022, 2023, 2024]),
    ("R4-6の実績", [2022, 2023, 2024]),
])
def test_second_year_without_its_century_is_a_later_year_of_the_same_century(text, years):
    assert analyze(text).years == years


@pytest.mark.parametrize("text,years", [
    ("How many jobs were created in 2021-22?", [2021]),   # a fiscal year that straddles two calendar years
    ("the 2023–24 target", [2023]),
    ("FY2022-23 results", [2022]),
    ("2022～23年度の件数", [2022, 2023]),                    # a range in Japanese notation
    ("between 2021 and 2022", [2021, 2022]),
])
def test_a_year_written_with_its_successor_is_one_fiscal_year(text, years):
    assert analyze(text).years == years


@pytest.mark.parametrize("text", ["令和6年度、3件の支援がありましたか", "令和6年度は5人でしたか", "FY2024, 12 programs?",
                                  "令和6年度・2回開催の講座は"])
def test_a_count_after_a_year_is_not_a_second_year(text):
    assert len(analyze(text).years) == 1


@pytest.mark.parametrize("text, asks", [
    ("Which article of the ordinance covers business succession?", True),
    ("Under which provision are subsidies for shops given?", True),
    ("Which Article 16 programs fell short of target in FY2023?", False),
    ("What article 12 indicators were met?", False),
    ("第何条に書かれていますか？", True),
])
def test_which_article_asks_for_an_article_only_when_none_is_named(text, asks):
    assert (analyze(text).op("which_article") > 0) is asks


@pytest.mark.parametrize("text, asks", [
    ("When was the harbour fair held, and how many booths were there?", True),
    ("Did the workshop ever fill up? If so when?", True),
    ("And when is the counter open?", True),
    ("いつ開館しましたか", True),
    ("What was the vacancy rate when the plan was drafted?", False),
    ("When the survey asked shops about payments, what share used cards?", False),
    ("What must the town do when it buys goods from local firms?", False),
])
def test_when_asks_for_a_time_only_as_a_question_word(text, asks):
    assert (analyze(text).op("when") > 0) is asks


@pytest.mark.parametrize("text, asks", [
    ("もう目標を達成している指標はいくつある？", True), ("達成したものはいくつありますか", True),
    ("いくつの事業が対象ですか", True), ("朝市の来場者数はいくつ？", False),
])
def test_counting_indicators_or_programs_is_a_count(text, asks):
    assert (analyze(text).op("count") > 0) is asks


@pytest.mark.parametrize("text, asks", [
    ("小規模企業者とは何ですか", True), ("うちの店は小規模企業者に当たりますか", True),
    ("How does the ordinance define an SME?", True), ("What exactly counts as a small business?", True),
    ("発注に当たっては何を定めている？", False), ("What does Article 9 require of banks?", False)])
def test_a_question_of_what_a_term_means(text, asks):
    assert (analyze(text).op("definition") > 0) == asks


@pytest.mark.parametrize("text,years", [
    ("For fiscal 2024 (April 2024 to March 2025), how many firms?", [2024]),
    ("令和6年度（2024年4月～2025年3月）の件数は？", [2024]),
    ("What happened between April 2022 and March 2024?", [2022, 2023]),
    ("How many visitors came on 4 March 2025?", [2024]), ("How many came on March 4, 2025?", [2024]),
    ("令和7年3月4日の来場者は？", [2024]), ("令和6年12月7日の来場者は？", [2024]),
    ("How many visitors in July 2023?", [2023])])
def test_a_date_is_read_as_the_fiscal_year_it_falls_in(text, years):
    # fiscal years run April to March: January to March belong to the year before
    assert analyze(text).years == years


@pytest.mark.parametrize("text,trend", [
    ("What share in FY2024, compared with the goal?", False), ("Compared to the target, how did it do?", False),
    ("目標と比べてどうだった？", False), ("目標値に比較して実績は？", False),
    ("How does FY2024 compare with FY2023?", True), ("compared with the previous year", True),
    ("前年度と比べてどうか", True)])
def test_a_comparison_with_the_target_is_no_trend(text, trend):
    assert analyze(text).trend == trend, text


@pytest.mark.parametrize("question,projects", [
    ("条例第12条の施策として検証対象になった主な事業を挙げてください。", True),
    ("第16条に対応する事業を全部教えて", True),
    ("第16条の事業を挙げて", True),
    ("List the main programs reported under Article 15.", True),
    ("どの事業が目標を達成できなかった？", True),
    ("事業者の数は何社？", False),
    ("第12条は何を定めている？", False),
])
def test_a_list_of_projects_is_asked_in_many_wordings(question, projects):
    assert (analyze(question).op("projects") > 0) is projects


@pytest.mark.parametrize("text, response", [
    ("How did the city respond to the council?", True), ("What action will the town take next?", True),
    ("What is the prefecture going to do about vacant shops?", True), ("What did the ministry change in response?", True),
    # a cue is a whole word: correspond, satisfaction and attraction are none
    ("Which program items correspond to Article 18?", False), ("How has customer satisfaction moved?", False),
    ("Did the town miss its business attraction target?", False),
    # a survey's responses, its response rate, money going to firms and an "action program" ask nothing of the city
    ("How many responses did the survey get?", False), ("What was the survey's response rate?", False),
    ("How did the share of loans going to women-led SMEs end up?", False),
    ("Under the action program, what is the target?", False),
    # what the city said it would do, and its answer, in other words
    ("What did the city say it would do from FY2025?", True), ("What's the city's answer?", True),
    ("How did the ministry reply?", True), ("What was the answer rate of the survey?", False),
    ("市は周知をどう強化すると答えていますか？", True), ("市はどのように発信するつもりですか？", True),
    # the city (or a town) as the one who answers, and what was said in reply to an opinion
    ("町はどの団体と連携すると答えていますか？", True), ("販路の意見に対して、どんな取組がある？", True),
    ("答えが出ていない課題はどれ？", False), ("市内の答えやすい窓口は？", False),
])
def test_a_response_is_what_the_city_will_do(text, response):
    assert analyze(text).response is response


@pytest.mark.parametrize("text, opinion, article_text", [
    ("The council noted that rates are rising. What will the city do?", True, False),
    ("Reviewers highlighted slow payments. Anything planned?", True, False),
    ("What does Article 9 say?", False, True), ("What did the city say it would do?", False, False),
])
def test_what_the_council_noted_is_an_opinion_and_what_the_city_said_no_article(text, opinion, article_text):
    q = analyze(text)
    assert q.opinion is opinion and (q.op("article_text") > 0) is article_text


@pytest.mark.parametrize("text, trend", [
    ("How did visitor numbers change?", True), ("How much did sales grow from FY2022 to FY2024?", True),
    ("How many exchange students took part?", False), ("How many growers joined the market?", False),
    # a change asked in other words: a decrease, the last few years, how it moved
    ("How many fewer visitors came in FY2024?", True), ("落札は何件減りましたか？", True),
    ("ここ3年で件数はどう動いてる？", True), ("この動きについて委員は何と言った？", False),
])
def test_a_trend_cue_is_a_whole_word(text, trend):
    assert (analyze(text).op("trend") > 0) is trend


@pytest.mark.parametrize("text, budget", [
    ("What was the budget in FY2024?", True), ("How much, in yen, was paid out?", True), ("補助金の金額はいくら円？", True),
    # a stated amount is a condition of what is counted, not a sum asked for
    ("For contracts over 1 million yen, what share went to local SMEs?", False),
    ("1件100万円以上の契約のうち、市内中小企業の割合は？", False), ("Orders above 500,000 yen: how many went to local firms?", False),
])
def test_a_stated_amount_does_not_ask_for_a_budget(text, budget):
    assert analyze(text).budget is budget


@pytest.mark.parametrize("text, who", [
    ("Who chairs the council?", True), ("How many took part, and who organised it?", True), ("I'd like to know who runs it.", True),
    ("誰が認定されましたか", True),
    # names asked for in so many words
    ("表彰された方のお名前と分野を教えてください", True), ("認定者の名前は？", True), ("受賞者の名前って何？", True),
    ("名前の由来は何ですか", False),
    # a relative pronoun describes a noun; it asks for no person
    ("What is the support for people who want to open a shop called?", False),
    ("A member said an expert who connects firms would help. How did the city respond?", False),
])
def test_who_asks_for_a_person_only_as_a_question_word(text, who):
    assert (analyze(text).op("who") > 0) is who


@pytest.mark.parametrize("text, status", [
    ("ツアー参加者が1万人を超えたと聞きました。そのうち外国人は何人？", False),
    ("目標を達成したそうですが、参加者は何人でしたか？", False),
    ("I heard the fair met its target, so how many stalls were there?", False),
    # asked, not heard
    ("ツアー参加者は目標を超えましたか？", True), ("Did the fair meet its target?", True),
])
def test_what_the_asker_heard_is_not_what_they_ask(text, status):
    assert analyze(text).status is status, text


@pytest.mark.parametrize("text, where", [
    ("市民祭りはどこで開かれましたか？", True), ("Where was the festival held?", True),
    ("Which venue hosted the fair?", True), ("開催場所を教えて", True),
    ("Where does the report give the figures?", False), ("市民祭りはいつ開かれましたか？", False),
    ("What is the target, and where does it stand now?", False), ("どこの課が担当してるの？", False),
    ("どこの国に行ったの？", False), ("Where did the money come from?", False),
])
def test_where_asks_for_a_place(text, where):
    assert (analyze(text).op("where") > 0) is where, text


@pytest.mark.parametrize("text", ["Which committee member raised it?", "どの委員が発言した？", "Which two members spoke?"])
def test_which_member_asks_who(text):
    q = analyze(text)
    assert q.op("who") > 0 and all(len(e) <= 5 for e in q.evidence["who"])  # the cue, not the topic after it


def test_the_where_cue_leaves_the_topic_to_the_question():
    q = analyze("When and where was the Welfare Innovation Forum held in fiscal 2024?")
    assert q.op("where") > 0 and q.evidence["where"] == ["where"]


def test_a_venue_word_asks_where_and_stays_the_topic():
    q = analyze("技術展の会場を変えたことはある？")
    assert q.op("where") > 0 and not any(q.evidence["where"])
