"""Question analysis: articles, years, chapters and intents in Japanese and English."""
from assistant.question import analyze
from assistant.query_expansion import count_pattern, expand_for_keywords


def test_articles_and_years_in_both_languages():
    q = analyze("第15条の事業で令和6年度に目標を達成できなかったものは？")
    assert q.articles == [15] and q.years == [2024] and q.missed and q.lang == "ja"
    q = analyze("Which Art. 16 programs missed targets in FY2023?")
    assert q.articles == [16] and q.years == [2023] and q.missed and q.lang == "en"
    assert analyze("R5の実績は").years == [2023]
    assert analyze("2024年度").years == [2024]


def test_chapter_and_structure_count():
    q = analyze("第５章によると、プランは何として位置づけられているか")
    assert q.chapter == 5 and not q.articles
    assert analyze("What does chapter 4 cover?").chapter == 4
    assert analyze("How many programs were verified?").structure_count
    assert not analyze("How many participants attended?").structure_count


def test_english_query_gets_japanese_keywords_only_when_english():
    assert "事業" in expand_for_keywords("How many programs were verified?")
    assert "検証" in expand_for_keywords("How many programs were verified?")
    ja = "事業承継について"
    assert expand_for_keywords(ja) == ja


def test_count_pattern_finds_stated_counts():
    rx = count_pattern("How many programs were verified?")
    assert rx.search("7つの施策に対応する33の事業の実施状況を検証")
    assert not rx.search("事業の実施状況を検証")
    assert count_pattern("What did the council say?") is None

