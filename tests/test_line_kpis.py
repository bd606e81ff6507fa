"""KPI results stated in bullets and sentences (line_kpis.py), from small documents written here."""
from ingest.kpi_values import parse_value
from ingest.pipeline import parse_file


def records(tmp_path, text, name="report.md"):
    doc = tmp_path / name
    doc.write_text(text, encoding="utf-8")
    return {(r.indicator, r.fiscal_year): r for r in parse_file(doc).kpis}


def test_a_bullet_of_target_and_actual_and_the_years_line_under_it(tmp_path):
    k = records(tmp_path, "# 令和6年度 施策の実施状況\n\n## 3-1 経営相談\n\n- 相談件数：目標 900件 ／ 実績 964件（令和6年度）◎\n"
                          "- 令和5年度実績：870件（目標850件）\n- 空き店舗率：目標 10.0％以下 ／ 実績 11.2％（令和6年度）○\n"
                          "- 来場者数：目標 30,000人 ／ 実績 調査中\n")
    assert (k[("相談件数", 2024)].target, k[("相談件数", 2024)].actual, k[("相談件数", 2024)].status) == ("900件", "964件", "met")
    assert (k[("相談件数", 2023)].target, k[("相談件数", 2023)].actual) == ("850件", "870件")
    assert k[("空き店舗率", 2024)].status == "missed"  # 以下: lower is better, and 11.2 is above it
    assert k[("来場者数", 2024)].status == "undecidable"  # the year the report covers; no figure yet
    assert k[("相談件数", 2024)].program == "3-1 経営相談"


def test_sentences_that_state_a_target_and_an_actual(tmp_path):
    k = records(tmp_path, "令和6年度 年次報告\n\n1 創業支援\n令和6年度の創業相談件数は、目標80件に対し、実績は95件であった。"
                          "一方、町内で創業した件数（町内創業件数）は、目標10件に対し7件にとどまった。\n"
                          "港の水揚げ金額は5億2,100万円となり、目標の6億円に対して達成率86.8％であった。\n"
                          "相談の内容は多岐にわたり、120件を超える日もあった。\n", name="report.txt")
    assert (k[("創業相談件数", 2024)].target, k[("創業相談件数", 2024)].actual, k[("創業相談件数", 2024)].status) == ("80件", "95件", "met")
    assert k[("町内創業件数", 2024)].status == "missed"  # the short name in brackets names it
    assert k[("港の水揚げ金額", 2024)].status == "missed"  # 5億2,100万 against 6億: one scale
    assert len(k) == 3  # a figure without its target is no record


def test_large_japanese_numbers_compare_on_one_scale():
    assert parse_value("8億4,200万円").value == 842_000_000 and parse_value("9億円").value == 900_000_000
    assert parse_value("1.2万人").value == 12_000 and parse_value("120件").value == 120
