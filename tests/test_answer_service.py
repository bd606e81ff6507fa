"""End to end on a small fixture corpus with the hash embedder (no model needed)."""
import re


def test_missed_targets_from_store(fixture_service):
    ans = fixture_service.ask("第12条の事業で令和6年度に目標を達成できなかったものは？")
    assert ans.grounded and ans.mode == "kpi"
    assert "起業支援事業" in ans.answer and "118" in ans.answer and "120" in ans.answer
    assert all(c.lines for c in ans.citations)
    assert any(r["status"] == "missed" for r in ans.records)


def test_english_missed_defaults_to_latest_year(fixture_service):
    ans = fixture_service.ask("Which Article 12 programs missed targets?")
    assert "FY2024" in ans.answer and "起業支援事業" in ans.answer


def test_lookup_and_missing_year_is_not_grounded(fixture_service):
    ans = fixture_service.ask("起業セミナー参加者数のR5実績は？")
    assert "95" in ans.answer and ans.citations
    none = fixture_service.ask("令和7年度の起業セミナー参加者数の目標値は？")
    assert none.grounded is False


def test_opinion_retrieval_cites_section(fixture_service):
    ans = fixture_service.ask("第12条について協議会はどんな意見を出した？")
    assert ans.grounded and "量子" in ans.answer
    assert "検証意見" in ans.citations[0].section


def test_budget_question_not_in_documents(fixture_service):
    ans = fixture_service.ask("起業支援事業の令和6年度の予算はいくら？")
    assert ans.grounded is False


def test_reingest_is_idempotent(fixture_service, settings):
    from tests.conftest import FIXTURES

    before = fixture_service.index.chroma.count()
    report = fixture_service.index.ingest([FIXTURES])
    assert report.unchanged and not report.added
    assert fixture_service.index.chroma.count() == before


def test_bad_file_does_not_touch_index(fixture_service, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    before = fixture_service.index.chroma.count()
    report = fixture_service.index.ingest([bad])
    assert report.errors and "broken.pdf" in report.errors[0][0]
    assert fixture_service.index.chroma.count() == before


def test_count_question_quotes_the_stated_count(fixture_service):
    ans = fixture_service.ask("検証の対象になった事業はいくつ？")
    assert ans.grounded and "4の事業" in ans.answer
    assert ans.citations[0].source == "mini_report.txt"


def test_chapter_question_stays_in_the_chapter(fixture_service):
    ans = fixture_service.ask("第５章によると、プランは何として位置づけられているか（総合計画と条例との関係）。")
    assert ans.mode == "extractive"
    assert "分野別計画" in ans.answer and "実施計画" in ans.answer
    assert all("第5章" in c.section for c in ans.citations)


def test_everything_about_an_article_spans_both_documents(fixture_service):
    ans = fixture_service.ask("第12条についてすべて教えて")
    assert ans.grounded and ans.mode == "mapping"
    assert "起業支援事業" in ans.answer and "118/120" in ans.answer  # the report's KPI result
    assert "量子" in ans.answer  # the council's opinion
    assert len(ans.citations) >= 2 and all(f"[{i}]" in ans.answer for i in range(1, len(ans.citations) + 1))


def test_article_without_a_document_reads_as_ordinance_and_offers_the_report(fixture_service):
    ans = fixture_service.ask("What does Article 12 say?")
    assert ans.mode == "article" and "創業及び経営の革新を促進" in ans.answer
    assert "Which Article 12 programs missed targets?" in ans.answer  # the other reading, offered
    ja = fixture_service.ask("条例第12条は何を定めている？")
    assert ja.mode == "article" and "報告書" not in ja.answer  # the ordinance was named: no offer
    assert ja.citations[0].source == "mini_program.md"


def test_trend_questions_show_every_year(fixture_service):
    ans = fixture_service.ask("起業セミナー参加者数の推移は？")
    assert all(v in ans.answer for v in ("110", "95", "118"))
    assert sorted(r["citation"] for r in ans.records) == [1, 2, 3]  # one row per year; passages follow
    every = fixture_service.ask("Which indicators missed their targets every year?")
    assert every.mode == "kpi" and "every year" in every.answer
    assert "起業セミナー参加者数" not in every.answer  # it met its target in R4
    count = fixture_service.ask("How many indicators missed their targets in FY2024?")
    assert "(1 indicator(s))" in count.answer


def test_every_kpi_answer_cites_even_when_the_finding_is_none(fixture_service):
    absent = fixture_service.ask("第12条の事業で令和9年度に目標を達成できなかったものは？")
    assert absent.grounded is False and "令和9年度" in absent.answer and absent.citations
    none = fixture_service.ask("Which Article 13 indicators missed their targets every year?")  # actual-only table
    assert none.answer.startswith("0 indicator") and none.citations and "Tables checked" in none.answer


def test_which_article_places_a_topic_found_only_in_program_text(fixture_service):
    ans = fixture_service.ask("入札制度の見直しはどの条で扱われている？")
    assert ans.answer.startswith("第13条") and ans.citations


QUESTIONS_OF_EVERY_PATH = [
    "第12条の事業で令和6年度に目標を達成できなかったものは？", "Which Article 12 programs met their targets?",
    "第12条の事業で令和9年度に目標を達成できなかったものは？", "Which indicators missed their targets every year?",
    "起業セミナー参加者数のR5実績は？", "起業セミナー参加者数の推移は？", "令和7年度の起業セミナー参加者数の目標値は？",
    "条例第12条は何を定めている？", "What does Article 12 say?", "第12条についてすべて教えて",
    "入札制度の見直しはどの条で扱われている？", "第12条について協議会はどんな意見を出した？",
    "第５章によると、プランは何として位置づけられているか", "検証の対象になった事業はいくつ？",
    "起業支援事業の令和6年度の予算はいくら？", "火星の人口は？",
]


def test_every_answer_path_cites_its_source(fixture_service):
    modes = set()
    for question in QUESTIONS_OF_EVERY_PATH:
        ans = fixture_service.ask(question)
        modes.add(ans.mode)
        markers = {int(m) for m in re.findall(r"\[(\d+)\]", ans.answer)}
        assert markers <= set(range(1, len(ans.citations) + 1)), question  # no footnote without its source
        if ans.grounded:
            assert ans.citations and all(c.source and (c.page or c.lines) for c in ans.citations), question
    assert {"kpi", "article", "mapping", "extractive", "none"} <= modes


def test_english_questions_get_the_quoted_japanese_glossed_and_japanese_ones_do_not(fixture_service):
    from assistant.terms import _jamdict
    from assistant.word_glosses import LABEL

    en = fixture_service.ask("Which Article 12 programs missed targets?")
    ja = fixture_service.ask("第12条の事業で令和6年度に目標を達成できなかったものは？")
    assert LABEL not in ja.answer
    if _jamdict() is not None:
        own = en.answer.split("― ")[0]
        assert LABEL in own  # under the answer's own text, before the passages listed with it
