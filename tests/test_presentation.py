"""What the UI shows: footnotes, KPI table, chart rows, CSV, highlighted passages."""
import csv

from assistant.presentation import (answer_markdown, chart_rows, citation_choices, highlight_passage, records_table,
                                    write_csv)
from core.types import Answer, Citation


def _answer(grounded=True):
    c = Citation(source="r.pdf", title="報告書", page=3, lines=None, section="第12条 › 1 起業支援事業",
                 quote="起業セミナーを4回開催しました。 … 参加者は118人でした。")
    rec = {"program": "起業支援事業", "indicator": "起業セミナー参加者数", "year": "R6年度", "target": "120", "actual": "118",
           "target_value": 120.0, "actual_value": 118.0, "unit": "人", "status": "missed", "citation": 1}
    return Answer("q", "起業支援事業: 実績 118人 / 目標 120人 [1]", grounded, [c], [rec] if grounded else [], "kpi", "ja")


def test_markdown_has_footnotes_and_not_found_banner():
    md = answer_markdown(_answer())
    assert "[1] 報告書 | p.3 | 第12条" in md and "<details>" in md
    assert "文書に記載なし" in answer_markdown(Answer("q", "なし", False, [], [], "none", "ja"))
    assert "Not in the documents" in answer_markdown(Answer("q", "none", False, [], [], "none", "en"), "en")


def test_table_chart_and_csv(tmp_path):
    ans = _answer()
    rows = records_table(ans, "ja")
    assert rows == [["起業支援事業", "起業セミナー参加者数", "R6年度", "120", "118", "人", "未達", "[1] 報告書 | p.3 | 第12条 › 1 起業支援事業"]]
    chart = chart_rows(ans, "en")
    assert {r["series"] for r in chart} == {"Target", "Actual"} and {r["value"] for r in chart} == {120.0, 118.0}
    path = write_csv(ans, "ja", tmp_path)
    with open(path, encoding="utf-8-sig") as f:
        data = list(csv.reader(f))
    assert data[0][0] == "事業" and data[1][3:5] == ["120", "118"]
    assert write_csv(Answer("q", "x", True, [], [], "extractive", "ja"), "ja", tmp_path) is None
    assert citation_choices(ans) == ["[1] 報告書 | p.3 | 第12条 › 1 起業支援事業"]


def test_passage_marks_each_quoted_sentence_and_escapes_html():
    ans = _answer()
    full = "第12条の取組。起業セミナーを4回開催しました。<script>x</script>参加者は118人でした。"
    html = highlight_passage(ans.citations[0], full)
    assert html.count("<mark>") == 2 and "<script>" not in html and "(r.pdf)" in html
