"""Answerers on a small in-memory store (no index, no model): each proposes candidates with
the slots it answers, and the figures and names come from the store."""
from dataclasses import replace

import pytest

from assistant.answerers import (Context, kpi_indicator, kpi_scope, opinion_pairs, opinion_responses, ordinance, passages,
                                policy_tree, program_links)
from assistant.linking import IndicatorLinker
from assistant.question import analyze
from assistant.terms import TermStats, question_concepts
from core.types import Article, ArticleItemLink, Chunk, KpiRecord, Location, PolicyItem


TITLES = {3: "販路の開拓", 4: "経営の相談"}


def kpi(ind, prog, fy, target, actual, unit="人", article=3, status=None):
    st = status or ("met" if float(actual) >= float(target) else "missed")
    return KpiRecord("r.txt", "テスト町 報告", "report", article, TITLES[article], prog, 1, "", ind, unit, f"R{fy - 2018}年度",
                     fy, target, actual, float(target), float(actual), st, "", Location(line_start=10, line_end=12))


RECORDS = [kpi("見本市来場者数", "販路開拓事業", y, t, a) for y, t, a in ((2022, "100", "90"), (2023, "100", "120"), (2024, "110", "105"))]
RECORDS += [kpi("相談件数", "経営相談事業", y, "50", a, unit="件", article=4) for y, a in ((2022, "55"), (2023, "60"), (2024, "40"))]


class Store:
    def kpis(self):
        return RECORDS

    def articles(self):
        return [Article(2, "定義", "この条例において中小企業者とは、町内に事業所を有する者をいう。", "p.md", "計画",
                        Location(line_start=0)),
                Article(3, "中小企業者の販路の開拓", "町は、中小企業者の販路の開拓を支援する。", "p.md", "計画", Location(line_start=1)),
                Article(4, "経営の相談", "町は、経営に関する相談に応じる。", "p.md", "計画", Location(line_start=3))]

    def policy_items(self):
        return [PolicyItem("政策1 産業の振興", "販路の拡大", "見本市への出展支援", "販路開拓事業", "産業課", "p.md", "計画",
                           Location(line_start=20)),
                PolicyItem("政策1 産業の振興", "経営の安定", "相談体制の充実", "経営相談事業", "産業課", "p.md", "計画",
                           Location(line_start=21))]

    def article_items(self):
        return [ArticleItemLink(3, "販路の開拓", "見本市への出展支援", "", "p.md", "計画", Location(line_start=30)),
                ArticleItemLink(4, "経営の相談", "相談体制の充実", "", "p.md", "計画", Location(line_start=31))]

    def documents(self):
        return []


class Retriever:
    def __init__(self, chunks):
        self.chunks = chunks
        self.index = self  # the passage store, for blocks found beside a retrieved one

    def all_passages(self):
        return self.chunks

    def search(self, query, k=6, **filters):
        return [(c, 1.0) for c in self.chunks if all(getattr(c, f, None) == v for f, v in filters.items()
                                                     if f in ("kind", "article"))][:k]


STATS_DOCS = [["見本", "市", "来場", "者", "数"], ["相談", "件数"], ["販路", "開拓"], ["経営", "相談"], ["町"]]
STATS = TermStats(STATS_DOCS)


def ctx(question, chunks=()):
    q = analyze(question)
    concepts = question_concepts(q, STATS)
    links = IndicatorLinker(RECORDS, None).link(q, concepts)
    return Context(q, concepts, Store(), Retriever(list(chunks)), None, links, pairs=opinion_pairs(list(chunks)))


def test_one_indicator_over_the_years_asked():
    c = kpi_indicator(ctx("見本市来場者数の令和4年度から令和6年度までの推移は？"))[0]
    assert [r["actual"] for r in c.answer.records] == ["90", "120", "105"] and "trend" in c.answers
    when = kpi_indicator(ctx("見本市来場者数が目標に届かなかったのはいつ？"))[0]
    assert when.answer.answer.splitlines()[0].count("年度") == 2 and "令和5年度" not in when.answer.answer.splitlines()[0]


def test_a_year_the_table_lacks_is_a_finding_of_absence():
    c = kpi_indicator(ctx("見本市来場者数の令和2年度の実績は？"))[0]
    assert c.answer.grounded is False and "令和2年度" in c.answer.answer and c.answer.citations


def test_a_finding_of_absence_answers_a_rate_asked_as_much_as_a_count():
    from assistant.verifier import final_support, required_slots

    c = ctx("見本市来場者数の令和2年度の割合は何%？")
    absent = kpi_indicator(c)[0]
    assert absent.answer.grounded is False and {"share", "quantity"} <= set(absent.answers)
    need = required_slots(c.q)
    assert "share" in need and final_support(absent, c.concepts, need, q=c.q).final == absent.support


def test_the_absence_of_a_count_the_question_does_not_name_answers_no_share():
    # a share of firms asked; the only linked indicator counts fair visitors (人): that it has no
    # 2020 figure says nothing of the share asked
    c = ctx("令和2年度の調査で、海外展開に関心がある事業所の割合は？")
    absent = [x for x in kpi_indicator(c) if not x.answer.grounded]
    assert absent and all("share" not in x.answers for x in absent)


def test_where_is_answered_by_a_place_stated():
    from assistant.answerers import _PLACE

    assert _PLACE.search("令和6年12月7日に富士見公園で開催しました。")
    assert _PLACE.search("川崎駅東口周辺で実施した。") and _PLACE.search("会場: 産業振興会館")
    assert _PLACE.search("The fair was held at the Industry Hall.") and _PLACE.search("令和7年3月4日 | KCCIホール | フォーラム")
    assert not _PLACE.search("令和6年12月7日~8日に「かわさき市民祭り」を開催しました。")
    assert not _PLACE.search("The fair drew 19 stalls in 2024.")


def test_when_is_answered_by_a_date_or_another_year_than_the_one_asked():
    from assistant.answerers import _states_when

    q = analyze("令和6年度のフェアはいつ開かれた？")
    assert not _states_when(q, "令和6年度は19店が出店しました。")
    assert _states_when(q, "令和6年度は10月12日に開催しました。")
    assert _states_when(q, "フェアは令和5年度から毎年開催しています。")
    assert _states_when(analyze("フェアはいつ始まった？"), "令和5年度に始まりました。")
    assert not _states_when(analyze("When was the fair held?"), "The fair drew 19 stalls.")


def test_asked_in_people_an_indicator_counted_in_cases_is_weaker():
    right = kpi_indicator(ctx("見本市来場者数は令和6年度に何人？"))[0]
    wrong = kpi_indicator(ctx("相談件数は令和6年度に何人？"))[0]
    assert wrong.why.get("unit_mismatch") and wrong.support < right.support


def test_a_count_of_another_thing_is_not_answered_by_an_indicator_that_does_not_name_it():
    stats = TermStats(STATS_DOCS + [["商談", "会"]] + [["来場", "者"]] * 3)  # the event's name is the rare word
    q = analyze("商談会の来場者は何人でしたか？")
    concepts = question_concepts(q, stats)
    c = Context(q, concepts, Store(), Retriever([]), None, IndicatorLinker(RECORDS, None).link(q, concepts))
    other = kpi_indicator(c)
    assert not other or ("quantity" not in other[0].answers and other[0].why.get("counts_other"))
    named = kpi_indicator(ctx("見本市の来場者は令和6年度に何人でしたか？"))[0]
    assert "quantity" in named.answers and not named.why.get("counts_other")
    # asked for a named indicator's target, the indicator is what is asked of
    target = kpi_indicator(ctx("見本市来場者数の令和6年度の目標は何人？"))[0]
    assert "quantity" in target.answers


def test_scope_lists_what_missed_by_article_and_year_or_by_title():
    c = kpi_scope(ctx("第4条の事業で令和6年度に目標を達成できなかったものは？"))[0]
    assert "相談件数" in c.answer.answer and "見本市来場者数" not in c.answer.answer
    by_title = kpi_scope(ctx("「経営の相談」の条の事業で令和6年度に未達だったものは？"))[0]
    assert "相談件数" in by_title.answer.answer and "見本市来場者数" not in by_title.answer.answer


def test_a_list_of_all_verdicts_answers_less_the_surer_one_indicator_is_named():
    named = kpi_scope(ctx("見本市来場者数は目標を達成した？"))[0]
    vague = kpi_scope(ctx("目標を達成した？"))[0]
    listed = kpi_scope(ctx("目標を達成した事業は？"))[0]  # asks for the list: named or not
    assert named.support < vague.support <= listed.support


def test_without_a_year_each_document_is_judged_at_its_own_latest_year():
    from assistant.kpi_answer import answer_status

    other = [replace(r, source="b.txt", title="隣町 報告", fiscal_year=r.fiscal_year - 1, year=f"R{r.fiscal_year - 2019}年度")
             for r in RECORDS if r.indicator == "相談件数"]
    ans = answer_status(analyze("目標を達成できなかったものは？"), [r for r in RECORDS if r.indicator != "相談件数"] + other)
    # テスト町's latest year is 2024 (見本市 105 < 110: missed); 隣町's is 2023 (相談 40 < 50: missed)
    assert "見本市来場者数" in ans.answer and "相談件数" in ans.answer and "文書ごと" in ans.answer


def test_ordinance_article_and_a_missing_article():
    ok = ordinance(ctx("条例第3条は何を定めている？"))[0]
    assert "販路の開拓を支援" in ok.answer.answer and ok.answer.grounded
    missing = ordinance(ctx("条例第30条の内容は？"))[0]
    assert missing.answer.grounded is False and "第30条" in missing.answer.answer


def test_articles_asked_together_are_quoted_in_one_answer():
    both = ordinance(ctx("条例の第3条から第4条はそれぞれ何を定めている？"))[0]
    assert "販路の開拓を支援" in both.answer.answer and "相談に応じる" in both.answer.answer
    assert len(both.answer.citations) == 2 and both.answer.grounded


def test_an_articles_projects_come_through_its_program_items():
    c = next(c for c in program_links(ctx("条例第3条に対応する事務事業は？")) if "事務事業" in c.evidence_text)
    assert "販路開拓事業" in c.answer.answer and "経営相談事業" not in c.answer.answer
    assert "見本市への出展支援" in c.answer.answer and "projects" in c.answers


def test_policy_tree_lists_the_children_asked_for():
    c = policy_tree(ctx("政策1の基本戦略は？"))[0]
    assert "販路の拡大" in c.answer.answer and "経営の安定" in c.answer.answer
    items = policy_tree(ctx("基本戦略「販路の拡大」の取組項目は？"))[0]
    assert "見本市への出展支援" in items.answer.answer and "相談体制の充実" not in items.answer.answer


def test_passages_quote_the_covering_sentence_and_say_which_slots_they_answer():
    chunk = Chunk("c1", "町は見本市を開催した。来場者は延べ500人だった。天候にも恵まれた。", "r.txt", "報告", "report", "text",
                  ["第3条 販路の開拓"], Location(line_start=5, line_end=6), article=3)
    c = passages(ctx("見本市の来場者は何人だった？", [chunk]))[0]
    assert c.answer.answer.startswith("来場者は延べ500人") and "quantity" in c.answers
    no_figure = Chunk("c2", "町は見本市を開催した。", "r.txt", "報告", "report", "text", ["第3条"], Location(line_start=7), article=3)
    c2 = passages(ctx("見本市の来場者は何人だった？", [no_figure]))[0]
    assert "quantity" not in c2.answers


def _block(kind, heading, items, article=3):
    text = "\n".join(f"- {n} {t}" for n, t in items)
    return Chunk(f"{kind}-{article}", text, "r.txt", "テスト町 報告", "report", kind, [f"第{article}条 販路の開拓", heading],
                 Location(line_start=30), article)


OPINIONS = _block("opinion", "委員の意見", [("①", "見本市の出展費用が負担なので補助がほしい。"), ("②", "相談窓口の時間を延ばしてほしい。")])
RESPONSES = _block("response", "今後の対応", [("①", "出展経費の補助制度を拡充します。"), ("②", "窓口の夜間開設を検討します。")])


def test_a_response_is_found_from_the_opinion_it_answers_by_its_number():
    # the question describes the opinion; only the response list says what the town will do
    for question in ("見本市の出展費用が負担だという意見に町はどう対応する？", "出展費用の負担についての意見への町の回答は？"):
        c = opinion_responses(ctx(question, [OPINIONS, RESPONSES]))[0]
        first = c.answer.answer.splitlines()[0]
        assert "補助制度を拡充" in first and "夜間" not in c.answer.answer, question
        assert {x.chunk_id for x in c.answer.citations} == {OPINIONS.id, RESPONSES.id} and "response" in c.answers


def test_pairs_are_only_made_within_one_heading():
    other = _block("response", "今後の対応", [("①", "別の条の対応です。")], article=4)
    c = opinion_responses(ctx("出展費用の負担という意見に町はどう対応する？", [OPINIONS, other]))
    assert c == []  # the response list of another article answers another opinion


def test_an_opinion_question_quotes_the_opinion_asked_about_first_with_its_response():
    c = opinion_responses(ctx("見本市の出展費用について委員はどんな意見を述べた？", [OPINIONS, RESPONSES]))[0]
    lines = c.answer.answer.splitlines()
    assert "出展費用が負担" in lines[0] and "補助制度を拡充" in lines[1] and "窓口" not in c.answer.answer
    assert "opinion" in c.answers


def test_a_figure_answers_how_many_only_beside_what_is_counted():
    from assistant.answerers import _number_near_topic

    stats = TermStats([["相談", "件数"], ["労働", "相談"], ["ハラスメント", "研修"], ["出展", "者"]])
    q = analyze("労働相談のうち、ハラスメントに関する相談は何件あった？")
    concepts = question_concepts(q, stats)
    assert any(c.focus for c in concepts)
    assert not _number_near_topic(q, "労働相談 551件 街頭相談 381件", concepts)  # counts, but not of that
    assert _number_near_topic(q, "労働相談のうちハラスメントに関する相談 42件", concepts)


def test_a_figure_of_another_quote_about_something_else_does_not_answer():
    from assistant.answerers import _number_near_topic

    texts = ["ESG finance promotion subsidy created", "ESG finance share of firms", "city contracts value",
             "grants awarded to startups"]
    stats = TermStats([t.lower().split() for t in texts], texts)
    q = analyze("How many ESG Finance Promotion Subsidy grants were awarded?")
    concepts = question_concepts(q, stats)
    lead = "Support\x00The city created the ESG Finance Promotion Subsidy."
    # the row shares one word with the question (promotion) and holds figures of another thing
    other = "Support\x00Events promotion share | 10 | 15 | 20"
    assert not _number_near_topic(q, lead + "\n" + other, concepts)
    assert _number_near_topic(q, "Support\x00The ESG Finance Promotion Subsidy made 12 grants.\n" + other, concepts)


def test_the_counted_thing_is_found_whatever_its_case():
    from assistant.answerers import _number_near_topic

    stats = TermStats([["growth", "hub", "enquiries"], ["business", "grants"], ["jobs", "created"]],
                      ["Growth Hub enquiries", "Business grants", "Jobs created"])
    q = analyze("How many enquiries did the growth hub get in FY2023?")
    concepts = question_concepts(q, stats)
    # the question writes 'growth hub', the table 'Growth Hub': the same words
    assert _number_near_topic(q, "Measure | FY2023 / GROWTH HUB ENQUIRIES | 3,310", concepts)


def test_a_table_row_counts_only_in_the_unit_it_states():
    from assistant.answerers import _number_near_topic

    stats = TermStats([["見本市", "来場", "者", "数"], ["見本市", "出展", "件数"], ["相談", "件数"]])
    q = analyze("見本市には何人来ましたか？")
    concepts = question_concepts(q, stats)
    # a row of cases is no count of people
    assert not _number_near_topic(q, "事業\x00見本市出展申込件数(件) | 目標 | 60 | 実績 | 72", concepts)
    assert _number_near_topic(q, "事業\x00見本市来場者数(人) | 目標 | 600 | 実績 | 720", concepts)
    assert _number_near_topic(q, "事業\x00見本市来場者数 | 目標 | 600 | 実績 | 720", concepts)  # no unit stated
    # the unit in a column of its own, under a header named 単位
    assert not _number_near_topic(q, "事業\x00指標 | 単位 | R5 / 見本市来場企業数 | 社 | 72", concepts)
    assert _number_near_topic(q, "事業\x00指標 | 単位 | R5 / 見本市来場者数 | 人 | 720", concepts)


def test_a_cell_of_a_page_range_counts_nothing():
    from assistant.answerers import _number_near_topic

    stats = TermStats([["商店街", "支援"], ["商店街", "意見"], ["観光", "事業"]])
    q = analyze("商店街はいくつある？")
    concepts = question_concepts(q, stats)
    # the row's only figures are pages of the report (a range alone in its cell): nothing is counted
    assert not _number_near_topic(q, "概要\x00⑫ 商店街の意見 | 商店街支援 | 68-86", concepts)
    assert not _number_near_topic(q, "概要\x00商店街の意見 | 105 - 107 | 商店街支援", concepts)
    # a figure in a cell of its own, or a range with its counter, is a count
    assert _number_near_topic(q, "概要\x00中原区 | 商店街数 | 68", concepts)
    assert _number_near_topic(q, "概要\x00中原区の商店街は 60-70か所", concepts)


def test_a_list_split_over_two_passages_still_pairs_every_item():
    # a long response list is chunked in two: item ② stands in the second passage
    first = _block("response", "今後の対応", [("①", "出展経費の補助制度を拡充します。")])
    second = replace(_block("response", "今後の対応", [("②", "窓口の夜間開設を検討します。")]), id="response-3b")
    pairs = opinion_pairs([OPINIONS, first, second])
    assert sorted(p.number for p in pairs) == ["①", "②"]
    c = opinion_responses(ctx("相談窓口の時間を延ばしてほしいという意見に町はどう対応する？", [OPINIONS, first, second]))[0]
    assert "夜間開設" in c.answer.answer.splitlines()[0]
    assert {x.chunk_id for x in c.answer.citations} == {OPINIONS.id, second.id}


def test_slots_are_read_off_english_evidence_as_off_japanese():
    """What a quote addresses (a budget, a count, a date, a verdict, a recommendation, a plan)
    is read the same way whether the document is in Japanese or in English."""
    from assistant.answerers import _passage_answers

    q = analyze("What was the budget?")
    table = Chunk("t", "Strand | Budget (£000) | Outturn (£000) / B. Export | 980 | 842", "a.md", "Agency report", "other",
                  "table", ["Finance"], Location(line_start=1), 1)
    got = _passage_answers(q, [table], table.text)
    assert {"budget", "projects"} <= got
    prose = Chunk("p", "In March 2024 the panel recommended a second adviser. The agency will recruit one; 120 businesses "
                       "were supported and the target was exceeded.", "a.md", "Agency report", "other", "text", ["Review"],
                  Location(line_start=5), 1)
    got = _passage_answers(q, [prose], prose.text)
    assert {"when", "count", "opinion", "response", "status"} <= got
    assert not {"budget", "opinion"} & _passage_answers(q, [replace(prose, text="We met 12 of them.")], "We met 12 of them.")



def test_the_words_of_a_documents_title_do_not_tell_its_rows_apart():
    from assistant.answerers import row_words
    from assistant.terms import Concept

    cs = [Concept("青葉", ["青葉"], 2.0), Concept("創業", ["創業"], 1.0), Concept("補助金", ["補助金"], 1.0)]
    assert [c.label for c in row_words(cs, "青葉市 商工振興計画 令和5年度 進捗評価")] == ["創業", "補助金"]
    assert [c.label for c in row_words(cs, "Annual report")] == ["青葉", "創業", "補助金"]
    assert [c.label for c in row_words(cs[:1], "青葉市 報告")] == ["青葉"]  # nothing left: all of them


def test_a_column_header_word_does_not_pick_a_row_and_a_title_word_few_rows_have_does():
    from assistant.answerers import column_headers, row_words
    from assistant.terms import Concept

    table = Chunk("t1", "年度 | 種別 | 契約金額 | 合計\n令和6年度 | 大企業 | 111 | 0.99%\n中小企業 | 5,250 | 46.89%\n"
                        "その他 | 5 | 0.04%\n契約実績合計 | 11,197 | 100%", "r.txt", "中小企業活性化施策の検証", "report",
                  "table", ["第19条"], Location(line_start=5), article=19)
    assert column_headers(table) == "年度 | 種別 | 契約金額 | 合計"
    cs = [Concept("中小企業", ["中小企業"], 3.0), Concept("契約金額", ["契約金額"], 2.0), Concept("合計", ["合計"], 2.0)]
    own = row_words(cs, table.title, column_headers(table), table.text.split("\n"))
    assert [c.label for c in own] == ["中小企業"]


def test_an_indicator_measuring_something_else_does_not_answer_the_figure_asked():
    from assistant.answerers import measure_mismatch

    def mm(question, unit, name):
        q = analyze(question)
        return measure_mismatch(q, question_concepts(q, STATS), unit, name)

    assert mm("支援員は何人？", "", "支援員を配置した支援機関数")  # organisations counted, people asked
    assert not mm("参加者は何人？", "", "セミナー参加者数")
    assert mm("補助金の交付総額はいくら？", "件", "補助金交付件数")  # a sum asked, a count linked
    assert not mm("補助金の交付総額はいくら？", "千円", "補助金交付額")
    assert mm("How many firms took part?", "%", "参加企業の割合")
    c = kpi_indicator(ctx("見本市の予算の総額はいくら？"))  # 見本市来場者数 counts people, not yen
    assert c and {"number", "quantity"}.isdisjoint(c[0].answers) and c[0].why["unit_mismatch"]


def test_a_common_title_word_does_not_restrict_a_verdict_to_a_plan_without_results():
    plan = replace(RECORDS[0], source="plan.md", title="テスト町 産業プログラム", status="plan", fiscal_year=None,
                   year="令和7年度", actual="", actual_value=None)

    class TwoDocuments(Store):
        def kpis(self):
            return RECORDS + [plan]

    q = analyze("第3条のプログラムで令和6年度に目標を達成できなかったものは？")
    concepts = question_concepts(q, STATS)
    c = kpi_scope(Context(q, concepts, TwoDocuments(), Retriever([]), None, [], pairs=[]))
    assert c and "見本市来場者数" in c[0].answer.answer  # 105 against 110 in R6, from the report


def test_a_figure_in_the_sentence_after_the_topic_answers_how_many():
    # the quoted sentence names the event, the next one (with its bracketed figure) counts it
    chunk = Chunk("c3", "町は見本市を開催し、来場者を広く募った。町内外から多くの人が訪れた。(来場者数500人(前年度400人))", "r.txt", "報告",
                  "report", "text", ["第3条 販路の開拓"], Location(line_start=5), article=3)
    c = passages(ctx("見本市の来場者は何人？", [chunk]))[0]
    assert "500人" in c.answer.answer and "quantity" in c.answers
    assert c.answer.answer.count("訪れた") == 1  # the sentence quoted as a sequel is not quoted again


def test_a_sentence_repeated_by_another_edition_is_quoted_once():
    text = "町は見本市を開催した。来場者は延べ500人だった。"
    a = Chunk("e1", text, "r6.txt", "報告", "report", "text", ["第3条 販路の開拓"], Location(line_start=5), article=3)
    b = Chunk("e2", text, "r7.txt", "報告", "report", "text", ["第3条 販路の開拓(拡充)"], Location(line_start=5), article=3)
    c = passages(ctx("見本市の来場者は何人だった？", [a, b]))[0]
    assert c.answer.answer.split("―")[0].count("延べ500人") == 1


def test_an_english_how_many_meets_a_japanese_figure_headed_by_what_it_counts():
    from assistant.answerers import _number_near_topic
    from assistant.terms import Concept

    q = analyze("How many users did the incubation centre have?")
    users = Concept("users", ["利用者"], 3.0)
    # the heaviest words, in senses no evidence uses
    rare = [Concept("centre", ["中枢"], 5.0), Concept("incubation", ["孵化"], 4.5)]
    line = "センターの利用者数延べ5,441名、相談件数延べ403件となった。"
    assert _number_near_topic(q, line, [users] + rare)
    assert not _number_near_topic(q, "センターの相談件数延べ403件となった。", [users] + rare)


def test_what_is_counted_must_be_named_at_the_figure_or_just_before_it():
    stats = TermStats([["海外", "展示", "会"], ["見本", "市", "出展", "者", "数"], ["町", "開催"]])
    chunk = Chunk("c4", "海外の展示会も紹介した。町は見本市を開催した。出展者は123団体だった。", "r.txt", "報告", "report", "text",
                  ["第3条 販路の開拓"], Location(line_start=5), article=3)

    def answers(question):
        q = analyze(question)
        concepts = question_concepts(q, stats)
        c = Context(q, concepts, Store(), Retriever([chunk]), None, IndicatorLinker(RECORDS, None).link(q, concepts))
        return passages(c)[0].answers

    assert "quantity" in answers("見本市の出展者は何団体？")  # 見本市: the sentence before the figure
    # 海外 is elsewhere in the passage: the 123 exhibitors are not foreign ones
    assert "quantity" not in answers("見本市の出展者のうち、海外からの出展者は何団体？")


def test_opinions_no_heading_marks_as_such_are_still_quoted():
    # another publisher's council opinions sit in plain prose: no passage is of the opinion kind
    chunk = Chunk("c5", "（１）見本市は、大規模会場型にこだわらず、オンライン型への転換を検討すべきである。", "r.txt", "報告", "report",
                  "text", ["審議会の意見", "基本目標1について"], Location(line_start=40))
    # and a table that mentions 意見 (the schedule of the council's meetings)
    table = Chunk("t5", "開催日 | 会議 | 主な内容\n5月29日 | 審議会 | 意見聴取", "r.txt", "報告", "report", "table", ["審議経過"],
                  Location(line_start=60))
    c = passages(ctx("町の審議会は見本市についてどんな提言をしましたか？", [chunk, table]))
    assert c and "オンライン型" in c[0].answer.answer


def test_a_question_of_what_a_term_means_is_answered_by_the_definitions_article():
    # 中小企業者 appears in both articles; the question asks what it means
    for question in ("条例でいう中小企業者とは何ですか？", "How does the ordinance define 中小企業者?"):
        best = max(ordinance(ctx(question)), key=lambda c: c.support)
        assert "第2条" in best.answer.answer or "Article 2" in best.answer.answer, question


def test_the_definitions_article_does_not_answer_what_it_only_names_in_passing():
    # the definitions article mentions 町内, 事業所 and 中小企業者; the question asks what the
    # ordinance says about consultations, the subject of another article
    q = "町内に事業所がある中小企業者の経営の相談について、条例は何を定めていますか？"
    best = max(ordinance(ctx(q)), key=lambda c: c.support)
    assert "第4条" in best.answer.answer


def test_what_is_counted_is_named_at_the_figure_by_its_head_noun():
    from assistant.answerers import _names_what_is_counted
    from assistant.terms import Concept

    overseas, exhibitors = Concept("海外", ["海外"], 3.0), Concept("出展者", ["出展者"], 2.0)
    q = "出展者123団体のうち、海外からの出展者は何団体？"
    assert _names_what_is_counted([overseas, exhibitors], "出展者は123団体", q) is False
    assert _names_what_is_counted([overseas, exhibitors], "海外からの出展者は12団体", q)
    # a clause that places the counted thing may be worded otherwise at the figure
    checked, subject, projects = Concept("検証", ["検証"], 2.5), Concept("対象", ["対象"], 2.0), Concept("事業", ["事業"], 1.0)
    q = "検証の対象になった事業はいくつ？"
    assert _names_what_is_counted([checked, subject, projects], "4の事業の実施状況を検証", q)
    assert _names_what_is_counted([checked, subject, projects], "4の施策を検証", q) is False


def test_a_figure_of_another_named_thing_of_the_kind_is_not_the_count_asked():
    from assistant.answerers import _names_what_is_counted
    from assistant.terms import Concept

    startup, grant = Concept("創業支援", ["創業支援"], 3.0), Concept("補助金", ["補助金"], 2.0)
    q = "創業支援補助金は令和6年度に何件交付されましたか？"
    near = "創業支援補助金を創設しました。「商店街活性化補助金」として交付実績7件"
    said = "「商店街活性化補助金」として交付実績7件"
    assert _names_what_is_counted([startup, grant], near, q, said) is False
    assert _names_what_is_counted([startup, grant], near, q, "交付実績7件")


def test_no_absence_of_a_year_is_reported_when_another_table_gives_it():
    # the KPI table lacks 令和2年度; a table of years as rows gives the indicator for it
    years_as_rows = Chunk("t9", "年度 | 見本市来場者数(人)\n令和2年度 | 中止\n令和4年度 | 90", "r.txt", "報告", "report", "table",
                          ["推移"], Location(line_start=90))
    c = ctx("見本市来場者数の令和2年度の実績は？")
    assert kpi_indicator(c)[0].answer.grounded is False  # without it, the absence is a finding
    c.tables = [years_as_rows]
    assert kpi_indicator(c) == []


def test_a_table_row_answer_names_the_cells_of_the_year_and_the_word_asked():
    from assistant.answerers import table_cells
    from assistant.question import analyze
    from assistant.terms import Concept
    from core.types import Chunk, Location

    text = ("表2 事業費\n事業名 | 令和4年度 予算額 | 令和4年度 決算額 | 令和5年度 予算額 | 令和5年度 決算額\n(単位:千円)\n"
            "(1) 相談事業 | 100 | 96 | 110 | 104\n(2) 派遣事業 | 200 | 180 | 210 | 205")
    chunk = Chunk("t1", text, "r.txt", "報告", "report", "table", ["1 事業費の推移"], Location(line_start=3))
    row = "(2) 派遣事業 | 200 | 180 | 210 | 205"
    q = analyze("派遣事業の令和5年度の決算額は？")
    words = [Concept("派遣", ["派遣"], 3.0), Concept("決算額", ["決算額"], 3.0)]
    assert table_cells(q, words, chunk, f"表2 事業費 / {row}") == "(2) 派遣事業 — 令和5年度 決算額: 205"
    # no year asked: every column of the word asked
    assert table_cells(analyze("派遣事業の予算額は？"), [Concept("派遣", ["派遣"], 3.0), Concept("予算額", ["予算額"], 3.0)],
                       chunk, row) == "(2) 派遣事業 — 令和4年度 予算額: 200; 令和5年度 予算額: 210"
    # nothing picks a column: no cell line, the row is quoted as it is
    assert table_cells(analyze("派遣事業について"), [Concept("派遣", ["派遣"], 3.0)], chunk, row) == ""


def test_a_row_whose_cells_for_the_year_asked_are_empty_answers_nothing():
    from assistant.answerers import asked_cells_empty
    from assistant.question import analyze
    from core.types import Chunk, Location

    text = ("指標 | 単位 | 令和4年度 | 令和5年度 | 令和6年度\n"
            "創業件数 | 件 | 10/11 | 12/9 | 12/—\n"
            "相談件数 | 件 | 300 | 320 | 集計中\n"
            "商品券換金率 | % | 95/96.8 | 95/97.2 | 95/98.1")
    chunk = Chunk("t2", text, "town.md", "町の報告", "report", "table", ["成果指標"], Location(line_start=1))
    row = "創業件数 | 件 | 10/11 | 12/9 | 12/—"
    assert asked_cells_empty(analyze("創業件数の令和6年度の実績は？"), chunk, row)
    assert not asked_cells_empty(analyze("創業件数の令和6年度の目標は？"), chunk, row)  # the target is given
    assert not asked_cells_empty(analyze("創業件数の令和5年度の実績は？"), chunk, row)
    assert not asked_cells_empty(analyze("創業件数の実績は？"), chunk, row)  # no year asked
    assert asked_cells_empty(analyze("How many consultations in FY2024?"), chunk, "相談件数 | 件 | 300 | 320 | 集計中")
    # a row of target/actual figures is no heading: the years' row names the columns
    assert not asked_cells_empty(analyze("換金率は令和6年度に何%？"), chunk, "商品券換金率 | % | 95/96.8 | 95/97.2 | 95/98.1")


def test_a_row_whose_year_columns_miss_the_year_asked_answers_nothing_of_that_year():
    from assistant.answerers import asked_cells_empty
    from assistant.question import analyze
    from core.types import Chunk, Location

    text = ("事業名 | 令和4年度予算額 | 令和5年度予算額 | 令和6年度予算額\n"
            "デジタル化推進事業 | 110,000 | 120,000 | 125,000")
    chunk = Chunk("t3", text, "town.md", "町の報告", "report", "table", ["予算"], Location(line_start=1))
    row = "デジタル化推進事業 | 110,000 | 120,000 | 125,000"
    assert asked_cells_empty(analyze("デジタル化推進事業の令和7年度の予算は？"), chunk, row)
    assert asked_cells_empty(analyze("What is the digital programme's budget for FY2021?"), chunk, row)
    assert not asked_cells_empty(analyze("デジタル化推進事業の令和5年度の予算は？"), chunk, row)
    assert not asked_cells_empty(analyze("How did the budget change from FY2021 to FY2023?"), chunk, row)  # a range
    # years as rows: the row's own label says its year, read elsewhere
    by_rows = Chunk("t4", "年度 | 目標 | 実績\n令和5年度 | 200 | 188", "town.md", "町の報告", "report", "table", ["指標"],
                    Location(line_start=1))
    assert not asked_cells_empty(analyze("令和7年度の実績は？"), by_rows, "令和5年度 | 200 | 188")


@pytest.mark.parametrize("question, evidence, answers", [
    ("What was the prefecture's tourism budget in FY2024?", "観光消費額 | 億円 | 2,480 | 2,712", False),
    ("観光の予算はいくら？", "宿泊客1人当たり観光消費額 | 円 | 35,870", False),
    ("観光の予算はいくら？", "観光振興事業 | 予算額（千円） | 52,000", True),
    ("How much was actually spent on the grants?", "Strand | Budget (£000) | Outturn (£000)", True),
    ("How much money did visitors leave in the town?", "観光消費額 | 億円 | 2,712", True),  # no kind of money named
    # an initial budget says nothing of what was spent, and a sum spent nothing of the budget
    ("デジタル化支援事業の令和6年度の執行額はいくら？", "歳出予算目 | 令和6年度当初予算 | 1,850", False),
    ("What was actually spent in FY2025?", "一般会計 | 2025年度当初予算 | 230", False),
    ("令和6年度の予算額は？", "事業名 | 決算額 | 1,200", False),
    ("How much did the programme cost?", "事業名 | 決算額 | 1,200", True),
])
def test_a_question_naming_a_budget_is_answered_by_a_budget_not_any_sum(question, evidence, answers):
    from assistant.answerers import names_the_money_kind
    assert names_the_money_kind(question, evidence) is answers


def test_a_table_heading_may_name_what_its_rows_count_but_not_what_qualifies_it():
    from assistant.answerers import _names_what_is_counted
    from assistant.terms import Concept

    orders = Concept("受注", ["受注"], 3.0)
    q = "市内中小企業が受注した金額はいくら？"
    row, heading = "中小企業 | 2,401 | 42,705", "受注機会の増大 › 本市発注案件"
    assert _names_what_is_counted([orders], row, q) is False
    assert _names_what_is_counted([orders], row, q, heading=heading)
    # the heading names the event; what qualifies the counted thing (海外からの) must be at the row
    overseas, exhibitors = Concept("海外", ["海外"], 3.0), Concept("出展者", ["出展者"], 2.0)
    q = "海外からの出展者は何団体？"
    assert _names_what_is_counted([overseas, exhibitors], "出展者数 | 123団体", q, heading="海外展開支援 › 環境技術展") is False


def test_an_article_is_chosen_by_meaning_too_and_a_generic_article_does_not_win_every_question():
    import numpy as np

    from assistant.answerers import relative_similarity

    # a generic article (index 0) lies near every other article and near the question;
    # the specific one (index 1) is the question's topic
    vecs = {"generic": [0.6, 0.6, 0.6, 0.0], "specific": [0.9, 0.0, 0.0, 0.44], "b": [0.2, 0.98, 0.0, 0.0],
            "c": [0.2, 0.0, 0.98, 0.0], "d": [0.1, 0.5, 0.5, 0.7]}

    class Emb:
        id, dim = "toy-hubness", 4

        def embed_documents(self, texts):
            return np.array([np.array(vecs[t]) / np.linalg.norm(vecs[t]) for t in texts], dtype=np.float32)

    class Ret:
        def query_vector(self, text):
            v = np.array([0.75, 0.4, 0.4, 0.25])
            return v / np.linalg.norm(v)

    c = replace(ctx("Which article is about this?"), embedder=Emb(), retriever=Ret())
    texts = ["generic", "specific", "b", "c", "d"]
    plain, corrected = relative_similarity(c, texts), relative_similarity(c, texts, hubness=0.5)
    assert plain[0] > plain[1] and corrected[1] > corrected[0]


def test_a_table_row_counts_what_the_tables_column_headers_name():
    from assistant.answerers import _heading_of, _passage_answers

    stats = TermStats([["契約", "金額"], ["市内", "中小企業"], ["物品", "工事"], ["受注", "機会"]])
    q = analyze("市内中小企業の契約金額はいくらでしたか。")
    concepts = question_concepts(q, stats)
    table = Chunk("t", "(単位:百万円)\n区分 | 物品 | 工事\n種別 | 契約金額 | 契約金額\n市内中小企業 | 49,038 | 42,705",
                  "r.txt", "報告", "report", "table", ["第19条 受注機会の増大"], Location(line_start=1))
    row = "区分 | 物品 | 工事 / 市内中小企業 | 49,038 | 42,705"
    assert "契約金額" in _heading_of(table) and _heading_of(table).startswith("第19条")
    # the row alone never says 契約: its figures are the contract sums only by the headers above it
    assert "quantity" not in _passage_answers(q, [table], row, concepts, row, f"{table.section}\x00{row}")
    assert "quantity" in _passage_answers(q, [table], row, concepts, row, f"{_heading_of(table)}\x00{row}")


def test_a_passage_is_read_with_the_title_of_its_document():
    # the question names the plan; the passage, a page of that plan, does not repeat its name
    def chunk(cid, title):
        return Chunk(cid, "見本市の来場者は500人だった。", "r.txt", title, "report", "text", ["第3条 販路の開拓"],
                     Location(line_start=5), article=3)

    q = "販路開拓計画の見本市の来場者は何人？"
    in_plan = passages(ctx(q, [chunk("a", "テスト町 販路開拓計画")]))[0]
    elsewhere = passages(ctx(q, [chunk("b", "テスト町 報告")]))[0]
    assert in_plan.support > elsewhere.support


def test_a_quote_without_a_year_reports_on_its_editions_year():
    def chunk(text):
        return Chunk("y", text, "r.txt", "令和6(2024)年度 テスト町 報告", "report", "text", ["第3条 販路の開拓"],
                     Location(line_start=5), article=3)

    q = "令和6年度の見本市の来場者は何人？"
    undated = passages(ctx(q, [chunk("見本市の来場者は500人だった。")]))[0]
    assert "years" in undated.answers and not undated.why["years_conflict"]
    other = passages(ctx("令和4年度の見本市の来場者は何人？", [chunk("見本市の来場者は500人だった。")]))[0]
    assert other.why["years_conflict"]  # a page of the FY2024 report does not say what FY2022 saw
    dated = passages(ctx(q, [chunk("令和5年度の見本市の来場者は500人だった。")]))[0]
    assert dated.why["years_conflict"]  # a year the quote states is the quote's own


def test_a_who_question_leads_with_the_quote_that_names_people():
    # the table row covers the question's words best (a row of counts), but names nobody
    table = Chunk("t1", "区分 | R5年度 | R6年度\n見本市の表彰者数(人) | 目標 | 5 | 5\n実績 | 5 | 5", "r.txt", "報告", "report", "table",
                  ["第3条 販路の開拓"], Location(line_start=5), article=3)
    names = Chunk("n1", "令和6年度に見本市で表彰された方\n- 山田太郎氏(金属加工)\n- 佐藤花子氏(木工)", "r.txt", "報告", "report",
                  "text", ["第3条 販路の開拓"], Location(line_start=9), article=3)
    c = passages(ctx("令和6年度に見本市で表彰されたのは誰？", [table, names]))[0]
    first = c.answer.answer.splitlines()[0]
    assert "山田太郎" in first and "佐藤花子" in first  # the list's other names go on with the first
    assert first.startswith("令和6年度に見本市で表彰された方: 山田太郎氏")  # the heading reads as the list's title
    # a question that asks no "who" keeps the best-covering quote first
    c = passages(ctx("令和6年度の見本市の表彰者数は？", [table, names]))[0]
    assert "山田太郎" not in c.answer.answer.splitlines()[0]


def test_a_row_of_names_over_a_row_of_their_figures_is_quoted_as_one():
    # a small table laid out sideways: the words head the figures in the row below them
    table = Chunk("t2", "窓口相談 | 出張相談\n120件 | 45件", "r.txt", "報告", "report", "table",
                  ["第4条 経営の相談"], Location(line_start=5), article=4)
    c = passages(ctx("令和6年度の窓口相談と出張相談の件数は？", [table]))[0]
    first = c.answer.answer.splitlines()[0]
    assert "120件" in first and "45件" in first and {"count", "quantity"} & c.answers
    from assistant.answerers import _names_the_figures_below
    assert not _names_the_figures_below("窓口相談 | 出張相談", "120件 | 45件 | 30件")  # not one cell each
    assert not _names_the_figures_below("区分 | 実績", "合計 | 120")  # a row with words is no row of figures


def test_an_article_all_a_question_names_is_answered_with_all_its_opinions():
    other = _block("opinion", "委員の意見", [("①", "販売促進の研修を増やしてほしい。")], article=4)
    other_resp = _block("response", "今後の対応", [("①", "研修の回数を増やします。")], article=4)
    chunks = [OPINIONS, RESPONSES, other, other_resp]
    c = opinion_responses(ctx("第3条の意見は？", chunks))[0]
    text = c.answer.answer
    assert "出展費用" in text and "時間を延ばして" in text and "販売促進" not in text
    assert c.support >= 0.85 and len(c.answer.citations) == 2
    # asked for the town's answers, each response leads and the opinion it answers follows
    r = opinion_responses(ctx("第3条の意見に町はどう対応すると答えていますか？", chunks))[0]
    lines = r.answer.answer.splitlines()
    assert "補助制度を拡充" in lines[1] and "出展費用" in lines[2] and "夜間開設" in r.answer.answer


def test_items_of_a_long_cell_are_quoted_under_the_row_they_belong_to():
    from assistant.answerers import _units

    items = " ".join(f"<p>{m} 意見その{i}について、支援を強化してほしいという趣旨の発言があった。" + "補足説明。" * 20 + "</p>"
                     for i, m in enumerate("①②③", 1))
    row = f"16条 | 地域の活性化 | {items} | 援農ボランティア育成事業 観光振興事業 | 68-86"
    chunk = Chunk("t1", row, "r.txt", "報告", "report", "table", ["概要"], Location(line_start=1))
    units = _units(chunk)
    assert [u.split(" › ")[1][0] for u in units[:3]] == ["①", "②", "③"]
    assert all(u.startswith("16条 地域の活性化 › ") for u in units[:3]) and units[3].startswith("16条 | 地域の活性化 | ")
    # the program names after the list are no part of its last item: they are a unit of their own
    assert "援農" not in units[2] and units[3] == "16条 | 地域の活性化 | 援農ボランティア育成事業 観光振興事業 | 68-86"


def test_a_plan_target_without_the_year_asked_is_no_rate_and_no_verdict_either():
    from assistant.verifier import final_support, required_slots

    plan = [replace(RECORDS[0], source="plan.md", title="テスト町 産業プログラム", status="plan", fiscal_year=2025,
                    year="令和7年度", actual="", actual_value=None, unit="%")]

    class PlanOnly(Store):
        def kpis(self):
            return plan

    q = analyze("見本市来場者数の令和6年度の割合は何%？目標に届いた？")
    concepts = question_concepts(q, STATS)
    c = kpi_indicator(Context(q, concepts, PlanOnly(), Retriever([]), None, IndicatorLinker(plan, None).link(q, concepts)))[0]
    assert c.answer.grounded is False and {"share", "status"} <= c.answers
    assert final_support(c, concepts, required_slots(q), q=q).final == c.support


def test_an_english_question_counting_a_japanese_word_needs_that_word_at_the_figure():
    from assistant.answerers import _counter, _number_near_topic

    stats = TermStats([["夜市", "店舗"], ["外国", "人", "観光", "客"], ["相談", "件数"]])
    q = analyze("How many 外国人観光客 visited the 夜市?")
    concepts = question_concepts(q, stats)
    assert _counter(q, concepts) == "外国人観光客"
    text = "事業\x00夜市を開催し、76店舗が出店した。外国人観光客向けのツアーを販売した。"
    assert not _number_near_topic(q, text, concepts)  # 76 counts shops
    assert _number_near_topic(q, "事業\x00夜市には外国人観光客1,200人が訪れた。", concepts)


def test_a_row_of_dashes_gives_no_figure_and_no_verdict():
    blank = [replace(r, actual="—", actual_value=None, target="—", target_value=None, status="no_target") for r in RECORDS[:3]]

    class Dashes(Store):
        def kpis(self):
            return blank

    q = analyze("見本市来場者数は令和6年度に何人？")
    concepts = question_concepts(q, STATS)
    c = kpi_indicator(Context(q, concepts, Dashes(), Retriever([]), None, IndicatorLinker(blank, None).link(q, concepts)))
    assert c and not {"number", "quantity", "status"} & c[0].answers
    figures = kpi_indicator(ctx("見本市来場者数は令和6年度に何人？"))[0]
    assert {"number", "quantity"} <= figures.answers


def test_an_english_count_of_companies_is_met_by_the_japanese_counter():
    from assistant.answerers import _number_near_topic

    stats = TermStats([["越境", "テスト", "マーケティング"], ["企業", "支援"], ["相談", "件数"]],
                      ["テストマーケティング", "企業 支援", "相談件数"])
    q = analyze("How many companies did the test-marketing support cover?")
    concepts = question_concepts(q, stats)
    assert _number_near_topic(q, "事業\x00テストマーケティングを支援し、全32社の販路拡大を支援しました。", concepts)
    assert not _number_near_topic(q, "事業\x00テストマーケティングを支援し、190か国以上を対象とした。", concepts)


def test_an_english_count_of_people_is_met_by_the_counter_for_people():
    from assistant.answerers import _counter

    stats = TermStats([["参加", "者"], ["企業", "支援"], ["店舗", "数"]], ["参加者", "企業支援", "店舗数"])
    q = analyze("How many participants joined?")
    counter = _counter(q, question_concepts(q, stats))
    assert counter and "人|名" in counter and "社" not in counter


def test_a_row_is_read_under_every_header_row_but_not_under_a_first_row_of_values():
    from assistant.answerers import _table_context

    grid = Chunk("t2", "(単位:件)\n年度 | 区分 | 物品 | 工事\n契約件数 | 契約金額 | 契約件数 | 契約金額\n中小企業 | 49 | 5 | 24 | 42",
                 "r.txt", "報告", "report", "table", ["第19条"], Location(line_start=1))
    assert "契約金額" in _table_context(grid, "中小企業 | 49 | 5 | 24 | 42")
    pairs = Chunk("t3", "**局**\n項目 | 内容\n事業名 | 省力化事業\n事業番号 | 0417\n予算 | 500",
                  "r.txt", "報告", "report", "table", ["概要"], Location(line_start=1))
    # 事業名 is the table's first row, not a header every row is read under
    assert "省力化事業" not in _table_context(pairs, "予算 | 500")


def test_figures_kept_as_text_are_figures_too():
    # a record whose figures are kept only as text (13組32件) still states a figure
    texts = [replace(r, actual_value=None, target_value=None) for r in RECORDS[:3]]

    class Texts(Store):
        def kpis(self):
            return texts

    q = analyze("見本市来場者数は令和6年度に何人？")
    concepts = question_concepts(q, STATS)
    c = kpi_indicator(Context(q, concepts, Texts(), Retriever([]), None, IndicatorLinker(texts, None).link(q, concepts)))
    assert c and {"number", "quantity"} <= c[0].answers


def test_who_is_answered_by_a_name_in_the_role_asked_not_by_that_role_of_another_body():
    from assistant.answerers import _names_the_person_asked

    stats = TermStats([["協議会", "会長"], ["研究会", "会長"], ["名簿", "委員"], ["部会", "会長"]])
    q = analyze("北浜市産業協議会の会長は誰ですか？")
    concepts = question_concepts(q, stats)
    roster = "【委員名簿】 / 1 | 北浜市若手経営研究会 会長 | 山田太郎 / 2 | 北浜大学 教授(部会長) | 佐藤花子"
    assert not _names_the_person_asked(q, roster, concepts)
    assert _names_the_person_asked(q, "北浜市産業協議会 会長 | 山田太郎", concepts)
    # a question naming no role is answered by any name, as before
    q2 = analyze("Who chaired the meeting?")
    assert _names_the_person_asked(q2, "The meeting was chaired by Fiona MacLeod.", question_concepts(q2, stats))


def test_a_scope_the_question_counts_within_is_named_by_the_tables_heading():
    from assistant.answerers import _names_what_is_counted

    stats = TermStats([["国際", "環境", "技術", "展"], ["出展", "者", "数"], ["阿波", "踊り"]])
    heading = "第18条 › (1) 第17回国際環境技術展の開催"
    row = "出展者数 | 123団体(167小間)"
    q = analyze("第17回の国際環境技術展には何団体が出展しましたか？")
    focus = [c for c in question_concepts(q, stats) if c.focus]
    assert focus and _names_what_is_counted(focus, row, q.text, row, heading)
    # without the scope particle the qualifiers must be at the row, as before
    q2 = analyze("第17回の国際環境技術展の出展者は何団体？")
    focus2 = [c for c in question_concepts(q2, stats) if c.focus]
    assert not _names_what_is_counted(focus2, row, q2.text, row, heading)
    # a scope no heading names is still not what the row counts
    assert not _names_what_is_counted(focus, row, q.text, row, "第16条 › 阿波踊りの開催")
