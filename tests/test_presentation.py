"""What the UI shows: footnotes, KPI table, chart rows, CSV, highlighted passages."""
import csv
from pathlib import Path

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
    assert "[1] p.3 | 第12条" in md and "<details>" in md
    assert "文書に記載なし" in answer_markdown(Answer("q", "なし", False, [], [], "none", "ja"))
    assert "Not in the documents" in answer_markdown(Answer("q", "none", False, [], [], "none", "en"), "en")


def test_table_chart_and_csv(tmp_path):
    ans = _answer()
    rows = records_table(ans, "ja")
    assert rows == [["起業支援事業", "起業セミナー参加者数", "R6年度", "120", "118", "人", "未達", "[1] 報告書 | p.3 | 第12条 › 1 起業支援事業"]]
    chart = chart_rows(ans, "en")
    # the actual as a percentage of the target, one bar per indicator and year, coloured by status
    assert chart == [{"indicator": "起業セミナー参加者数 R6年度", "series": "missed", "value": round(100 * 118 / 120, 1)}]
    assert chart_rows(Answer("q", "x", False, [], ans.records, "none", "en"), "en") == []  # no chart for an abstention
    path = write_csv(ans, "ja", tmp_path)
    with open(path, encoding="utf-8-sig") as f:
        data = list(csv.reader(f))
    assert data[0][0] == "事業" and data[1][3:5] == ["120", "118"]
    assert write_csv(Answer("q", "x", True, [], [], "extractive", "ja"), "ja", tmp_path) is None
    # page and section first: every citation of one report would otherwise start with its long title
    assert citation_choices(ans) == ["[1] p.3 | 第12条 › 1 起業支援事業 | 報告書"]


def test_passage_marks_each_quoted_sentence_and_escapes_html():
    ans = _answer()
    full = "第12条の取組。起業セミナーを4回開催しました。<script>x</script>参加者は118人でした。"
    html = highlight_passage(ans.citations[0], full)
    assert html.count("<mark>") == 2 and "<script>" not in html and "(r.pdf)" in html


def test_a_quote_of_two_sentences_parted_by_a_line_break_is_marked():
    from dataclasses import replace

    c = replace(_answer().citations[0], quote="来訪者は増加しました。多言語案内を始めました。")
    html = highlight_passage(c, "来訪者は増加しました。\n多言語案内を始めました。")
    assert html.count("<mark>") == 2


def test_trace_reads_as_steps():
    from assistant.presentation import trace_markdown

    ans = _answer()
    ans.trace = [{"title": "read", "description": "", "props": {"articles": [12], "years": [2024], "ops": {"missed": 0.6},
                                                                 "concepts": [{"word": "起業", "weight": 3.1}]}},
                 {"title": "propose and verify", "description": "", "props": {"candidates": [
                     {"answerer": "kpi_scope", "support": 0.8, "coverage": 0.5, "final": 0.7, "first_line": "第12条…"}],
                     "slots_needed": ["status"], "threshold": 0.25}},
                 {"title": "chosen", "description": "kpi_scope", "props": {}}]
    md = trace_markdown(ans, "en")
    assert "[12]" in md and "kpi_scope | 0.80" in md and "Chosen**: kpi_scope" in md and "threshold 0.25" in md
    assert trace_markdown(Answer("q", "x", True), "ja") == ""


def test_panel_table_is_narrow_and_one_row_per_indicator_and_year():
    from assistant.presentation import panel_table

    ans = _answer()
    ans.records = ans.records + ans.records  # the same row twice: shown once
    rows = panel_table(ans, "ja")
    assert rows == [["起業セミナー参加者数\n(起業支援事業)", "R6年度", "120人", "118人", "未達", "[1] p.3"]]
    assert panel_table(Answer("q", "x", False, [], ans.records, "none", "ja"), "ja") == []  # abstention: no table


def test_a_table_citation_renders_as_a_table_with_its_header_row():
    from assistant.presentation import quote_html
    from core.types import Citation

    c = Citation("r.txt", "報告", None, [5, 8], "第12条", "指標 | 年度 | 目標 | 実績\n参加者数 | R6年度 | 120人 | 118人\n目標(人) | 100 | 120",
                 kind="kpi")
    out = quote_html(c)
    assert out.startswith("<table") and "<th>年度</th>" in out and "<td>118人</td>" in out and "目標(人) | 100" in out
    assert quote_html(Citation("r.txt", "報告", None, [1, 1], "s", "<b>本文</b>")).startswith("> &lt;b&gt;")


def test_csv_files_of_old_answers_are_pruned(monkeypatch):
    from assistant import presentation
    from core.types import Answer

    monkeypatch.setattr(presentation, "_CSV_KEEP", 3)
    monkeypatch.setattr(presentation, "records_table", lambda ans, lang: [["a", "b"]])
    paths = [presentation.write_csv(Answer("q", "a", True), "ja") for _ in range(6)]
    root = presentation._CSV_ROOT
    assert len(list(root.iterdir())) == 3
    assert all(Path(p).parent.parent == root for p in paths)
    assert Path(paths[-1]).exists() and not Path(paths[0]).exists()


def test_each_appendix_of_an_answer_folds_apart():
    text = "答え [1]\n\n― 出典の該当箇所 ―\n[1] 第一の記載\n\n― 根拠となる記載 ―\n[2] 第二の記載\n[3] 第三の記載"
    md = answer_markdown(Answer("q", text, True, [], [], "extractive", "ja"))
    assert md.count("<details><summary>") == 2
    first, second = md.split("<details><summary>")[1:]
    assert first.startswith("出典の該当箇所") and "第二の記載" not in first
    assert second.startswith("根拠となる記載") and "第二の記載" in second and "第三の記載" in second
    assert md.index("答え") < md.index("<details>")  # the direct answer stays on the first screen


def test_the_dictionary_glosses_fold_under_their_label_below_the_answer():
    from assistant.word_glosses import LABEL

    text = f"Article 9 (金融機関の役割): 「資金の貸付」 [1]\n{LABEL}: 資金 funds · 貸付 loan\n\n― Supporting passages ―\n[2] x"
    md = answer_markdown(Answer("q", text, True, [], [], "article", "en"), "en")
    assert f"<details><summary>{LABEL}</summary>" in md
    assert "資金 funds · 貸付 loan" in md.split(f"<summary>{LABEL}</summary>")[1].split("</details>")[0]
    assert md.index("Article 9") < md.index(LABEL)
