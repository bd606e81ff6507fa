"""KPI tables of other publishers' shapes, read from small documents written for these tests
(fixtures_other_shapes/): 「目標/実績」 cells under year columns, 目標値/成果実績 rows, years as
rows with target/actual columns, and a space-aligned text table."""
from pathlib import Path

import pytest

from ingest.pipeline import parse_file
from ingest.text_reader import fixed_width_rows

HERE = Path(__file__).parent / "fixtures_other_shapes"


def rows_of(name):
    return {(r.indicator, r.fiscal_year): r for r in parse_file(HERE / name).kpis}


def written(tmp_path, name, text):
    """The KPI records of a small document written for the test, by (indicator, fiscal year)."""
    doc = tmp_path / name
    doc.write_text(text, encoding="utf-8")
    return {(r.indicator, r.fiscal_year): r for r in parse_file(doc).kpis}


def test_target_slash_actual_cells_under_year_columns():
    k = rows_of("east_town_plan.md")
    r = k[("見本市出展事業者数", 2023)]
    assert (r.target, r.actual, r.status, r.unit) == ("35", "31", "missed", "社")
    assert k[("商談成立件数", 2024)].status == "missed" and k[("商談成立件数", 2022)].status == "met"


def test_years_as_rows_with_target_and_actual_columns():
    k = rows_of("east_town_plan.md")
    assert (k[("研修修了者数", 2024)].target, k[("研修修了者数", 2024)].actual) == ("55", "61")


def test_review_sheet_rows_and_activity_table():
    k = rows_of("review_like.md")
    r = k[("試作品の事業化率", 2024)]
    assert (r.target, r.actual, r.status) == ("25.0", "22.0", "missed")
    assert k[("試作品の事業化率", 2022)].status == "met"
    act = [r for (name, fy), r in k.items() if fy == 2024 and r.actual == "380"]
    assert act and act[0].target == "420"


def test_space_aligned_table_with_carried_indicator_names():
    lines = (HERE / "west_county.txt").read_text(encoding="utf-8").splitlines()
    table = fixed_width_rows(lines)
    assert [r for r in table.values() if r][0] == ["指標名", "年度", "目標値", "実績値", "達成状況"]
    k = rows_of("west_county.txt")
    assert (k[("創業支援件数", 2024)].target, k[("創業支援件数", 2024)].actual) == ("120", "108")
    assert k[("創業支援件数", 2024)].status == "missed" and k[("事業承継相談件数", 2024)].status == "met"


def test_prose_is_not_read_as_a_table():
    assert fixed_width_rows(["これは文章です。", "次の行も  文章  です。", ""]) == {}


@pytest.fixture
def other_service(tmp_path):
    from assistant.answer_service import AnswerService
    from core.settings import Settings

    s = AnswerService(Settings(home=tmp_path / "home", embedder="hash"))
    assert not s.index.ingest([HERE]).errors
    return s


def test_answers_from_other_shapes_are_exact_and_cited(other_service):
    a = other_service.ask("ひがし町で2024年度に目標を達成できなかった指標は？")
    assert a.grounded and "商談成立件数" in a.answer and "見本市出展事業者数" not in a.answer.split("\n")[1]
    b = other_service.ask("見本市出展事業者数の2023年度の実績は？")
    assert b.grounded and "31" in b.answer and b.citations[0].source == "east_town_plan.md"
    c = other_service.ask("にし郡の創業支援件数は令和6年度に目標を達成した？")
    assert "108" in c.answer and "120" in c.answer
    # a year no table gives is not in the documents
    assert other_service.ask("見本市出展事業者数の2019年度の実績は？").grounded is False


def test_pdf_table_without_ruling_lines(tmp_path):
    """Columns aligned by position only (an HTML table printed to PDF): found, read into KPI
    rows; the indicator is carried to the row that leaves its first column empty."""
    from tests.pdf_fixture import write_positioned_pdf

    pdf = write_positioned_pdf(tmp_path / "unruled.pdf", [
        "みなみ村 商工施策の実施状況",
        "表1 成果指標",
        [(50, "指標名"), (250, "年度"), (350, "目標値"), (430, "実績値")],
        [(50, "相談件数(件)"), (250, "令和5年度"), (350, "300"), (430, "280")],
        [(250, "令和6年度"), (350, "320"), (430, "335")],
        [(50, "セミナー参加者数(人)"), (250, "令和5年度"), (350, "80"), (430, "91")],
        [(250, "令和6年度"), (350, "90"), (430, "77")],
        "相談件数は令和6年度に目標を上回った。",
    ], title="みなみ村 実施状況")
    k = {(r.indicator, r.fiscal_year): r for r in parse_file(pdf).kpis}
    assert (k[("相談件数", 2024)].target, k[("相談件数", 2024)].actual, k[("相談件数", 2024)].status) == ("320", "335", "met")
    assert k[("セミナー参加者数", 2024)].status == "missed" and k[("セミナー参加者数", 2023)].unit == "人"
    text = [b for b in parse_file(pdf).document.blocks if b.kind == "line"]
    assert any("目標を上回った" in b.text for b in text)  # prose stays prose


def test_prose_in_two_columns_is_not_a_table(tmp_path):
    from tests.pdf_fixture import write_positioned_pdf

    pdf = write_positioned_pdf(tmp_path / "columns.pdf", [
        [(50, "第1条(目的)この条例は、中小企業の"), (320, "第5条(役割)中小企業者は、経営の")],
        [(50, "活性化に関し基本理念を定める。"), (320, "改善に自主的に取り組むよう努める。")],
        [(50, "第2条(定義)この条例において"), (320, "第6条(関係団体)関係団体は、")],
    ])
    assert not [b for b in parse_file(pdf).document.blocks if b.kind == "table"]


def test_the_page_image_boxes_the_whole_cited_row(tmp_path):
    """The highlight on a cited PDF page spans the row's label and its numbers, not only the
    words the quote was found by."""
    import pdfplumber

    from ingest.page_image import _find
    from tests.pdf_fixture import write_positioned_pdf

    pdf = write_positioned_pdf(tmp_path / "row.pdf", [
        [(50, "指標名"), (250, "年度"), (350, "目標値"), (430, "実績値")],
        [(50, "セミナー参加者数"), (250, "令和6年度"), (350, "90"), (430, "77")],
    ])
    with pdfplumber.open(pdf) as doc:
        boxes = _find(doc.pages[0], "セミナー参加者数 | 令和6年度 | 90 | 77")
    assert boxes and boxes[0]["x0"] < 55 and boxes[0]["x1"] > 440


@pytest.mark.corpus
def test_the_shared_report_printed_without_ruling_lines(tmp_path):
    """The shared report as a browser prints it from HTML with borderless tables: most KPI rows
    are still read (all of them from the same print with borders), and the figures agree."""
    from tests.conftest import CORPUS
    from tests.html_print import chromium, print_pdf

    report = CORPUS / "text" / "verification_report_r6.txt"
    if not report.exists():
        pytest.skip("../shared/corpus is not beside the project")
    if not chromium():
        pytest.skip("chromium is not installed (apt-get install chromium fonts-ipafont-gothic)")
    text = report.read_text(encoding="utf-8")
    ruled = parse_file(print_pdf(text, tmp_path / "ruled.pdf", ruled=True)).kpis
    bare = parse_file(print_pdf(text, tmp_path / "unruled.pdf", ruled=False)).kpis
    assert len(ruled) == 183
    assert len(bare) >= 0.85 * len(ruled)
    both = {(k.indicator, k.fiscal_year): (k.target, k.actual) for k in ruled}
    same = [k for k in bare if both.get((k.indicator, k.fiscal_year)) == (k.target, k.actual)]
    assert len(same) >= 0.75 * len(ruled)


def test_header_cells_that_carry_a_year_and_a_label():
    k = rows_of("north_village_review.md")
    r = k[("村内創業者数", 2023)]
    assert (r.target, r.actual, r.status, r.unit) == ("12", "9", "missed", "人")
    assert k[("村内創業者数", 2022)].status == "met"
    en = k[("Workshop participants", 2023)]
    assert (en.target, en.actual, en.status) == ("80", "72", "missed") and k[("Workshop participants", 2024)].status == "met"


def test_a_target_printed_for_one_year_applies_to_that_year_only():
    k = rows_of("north_village_review.md")
    assert (k[("専門家派遣件数", 2024)].target, k[("専門家派遣件数", 2024)].actual) == ("400", "410")
    assert k[("専門家派遣件数", 2022)].target == "" and k[("専門家派遣件数", 2022)].status == "no_target"


def test_the_tables_own_grade_decides_the_status():
    k = rows_of("north_village_review.md")
    # a rate where lower is better: 13.1 against 14.0 is graded A by the table itself
    vacancy = k[("空き店舗率", 2023)]
    assert vacancy.status == "met" and ("A" in vacancy.reason or "小さいほど良い" in vacancy.reason)
    assert k[("輸出商談成約率", 2024)].status == "missed"   # △ on a ◎○△× scale
    assert k[("観光案内所の利用者数", 2023)].status == "met" and not k[("観光案内所の利用者数", 2023)].reason


def test_yearly_actuals_beside_a_target_for_a_later_year():
    """「基準値(令和元年度) | 令和4年度 … | 目標値(令和8年度) | 評価」: the latest actual is measured
    against the later target, the table's grade judges it, the baseline is its year's figure."""
    k = rows_of("harbor_ward_progress.md")
    r = k[("商店街の空き区画数", 2024)]
    assert (r.target, r.actual, r.unit, r.extra["target_year"]) == ("25", "31", "区画", 2026)
    assert r.status == "missed" and "B" in r.reason
    assert k[("創業セミナー受講者数", 2024)].status == "met"
    assert k[("商店街の空き区画数", 2022)].target == "" and k[("商店街の空き区画数", 2022)].actual == "39"
    assert (k[("商店街の空き区画数", 2019)].actual, k[("商店街の空き区画数", 2019)].reason) == ("42", "基準値")
    assert (k[("商店街の空き区画数", 2026)].target, k[("商店街の空き区画数", 2026)].actual) == ("25", "")
    pending = k[("商店会加入率", 2024)]
    assert (pending.status, pending.reason) == ("undecidable", "実績が「集計中」")


def test_a_target_below_its_baseline_means_lower_is_better():
    k = rows_of("harbor_ward_progress.md")
    bikes = k[("駅前の放置自転車台数", 2024)]
    assert (bikes.target, bikes.actual, bikes.status) == ("400", "380", "met") and "小さいほど" in bikes.reason
    assert k[("駅前清掃ボランティア登録者数", 2024)].status == "missed"


def test_a_target_column_without_a_year_is_the_latest_years_goal():
    k = rows_of("harbor_ward_progress.md")
    assert (k[("商店街ツアー参加者数", 2024)].target, k[("商店街ツアー参加者数", 2024)].status) == ("400", "met")
    assert k[("商店街ツアー参加者数", 2023)].reason == "実績が「中止」"
    assert k[("店舗診断の実施件数", 2024)].status == "missed"


def test_years_printed_bare_in_a_space_aligned_sheet():
    k = rows_of("prefecture_sheet.txt")
    assert (k[("技術相談件数", 2023)].target, k[("技術相談件数", 2023)].actual, k[("技術相談件数", 2023)].status) == \
        ("340", "351", "met")
    assert k[("技術相談件数", 2022)].status == "missed"
    assert k[("技術相談件数", 2024)].reason == "実績が「集計中」"
    assert k[("試作支援の採択数", 2022)].reason == "実績が「中止」" and k[("試作支援の採択数", 2024)].status == "undecidable"


def test_fiscal_years_spanning_two_calendar_years_and_status_words():
    k = rows_of("dales_agency.md")
    jobs = k[("Jobs created", 2023)]
    assert (jobs.year, jobs.target, jobs.actual, jobs.unit, jobs.status) == ("2023/24", "400", "415", "FTE", "met")
    advice = k[("Businesses receiving advice", 2023)]
    assert advice.status == "undecidable" and "2024/25" in advice.reason  # on track is no verdict yet
    assert k[("Businesses receiving advice", 2020)].actual == "410"
    export = {fy: r for (name, fy), r in k.items() if name == "Export advice by year"}
    assert export[2022].status == "missed" and export[2023].status == "met"


@pytest.mark.parametrize("cell,bare,want", [
    ("令和6", False, None), ("令和6", True, 2024), ("R3", True, 2021), ("2024", False, None), ("2024", True, 2024),
    ("2023/24", False, 2023), ("FY2023-24", False, 2023), ("2023-25", False, None), ("R6年度", False, 2024),
])
def test_year_cells(cell, bare, want):
    from ingest.kpi_values import year_of

    y = year_of(cell, bare)
    assert (y[1] if y else None) == want


def test_a_row_of_values_is_not_a_header_of_bare_years():
    from ingest.table_kpis import _year_header

    assert _year_header([["指標", "令和4", "令和5", "令和6"], ["相談件数", "30", "35", "40"]]) == (0, True)
    assert _year_header([["指標", "A", "B", "目標"], ["売上高", "2010", "2015", "2020"]]) is None  # values under a header
    assert _year_header([["売上高", "2015", "2010", "42"]]) is None  # not rising, another number beside


def test_lookup_answers_name_the_year_a_later_target_is_for(other_service):
    a = other_service.ask("商店街の空き区画数はいくつ？")
    assert a.grounded and "31" in a.answer and "25" in a.answer and "令和8年度の目標" in a.answer
    b = other_service.ask("How many jobs did the Dales Enterprise Board help create in 2023/24?")
    assert b.grounded and "415" in b.answer and b.citations[0].source == "dales_agency.md"


def test_a_caption_after_a_line_that_does_not_end_its_sentence_still_names_the_table(tmp_path):
    # the line before the caption has no full stop, so the reader rejoins the two as one paragraph
    doc = tmp_path / "note.md"
    doc.write_text("# 2 入札制度の見直し\n\n＜評価項目＞協力体制の項目を2項目に分けて配点\n\n過去3か年度の総合評価方式の実施件数\n\n"
                   "| | R4年度 | R5年度 | R6年度 |\n|---|---|---|---|\n| 目標（件） | 50 | 50 | 50 |\n"
                   "| 実績（件） | 55 | 58 | 64 |\n", encoding="utf-8")
    kpis = parse_file(doc).kpis
    assert kpis and {r.extra["caption"] for r in kpis} == {"過去3か年度の総合評価方式の実施件数"}


def test_a_current_figure_against_a_goal_for_a_later_year():
    """「基準値(年度) | 目標値(年度) | 現状値 | 評価」: the current figure is the report year's
    (or the year printed beside it), measured against the goal for the year its cell states."""
    k = rows_of("hill_town_progress.md")
    r = k[("町内での創業件数", 2024)]
    assert (r.target, r.actual, r.status, r.extra["target_year"]) == ("20件", "21件", "met", 2025)
    assert k[("観光入込客数", 2024)].status == "missed" and "C" in k[("観光入込客数", 2024)].reason
    assert k[("特定健康診査の受診率", 2023)].actual == "48.7%"  # 「(R5)」 beside the figure: that year's
    assert ("特定健康診査の受診率", 2024) not in k


BAR_SHEET = """令和6年度 施策評価シート

【指標1】相談窓口の利用件数　　　　（単位：件）
  区分    | R4年度 | R5年度 | R6年度
  --------+--------+--------+--------
  目標値  |    100 |    110 |    120
  実績値  |     95 |    121 |  集計中
  達成率  |  95.0% | 110.0% |    －

【指標2】創業セミナー受講者数
  単位：人　　出典：市調べ

   年度    | 目標値 | 実績値 | 達成率 | 備考
  ---------+--------+--------+--------+-----------
   R4年度  |    40  |    38  |  95.0% |
   R5年度  |    45  |    52  | 115.6% | 会場を拡大
"""


def test_a_table_drawn_with_bars_and_no_outer_frame_is_a_table(tmp_path):
    doc = tmp_path / "sheet.txt"
    doc.write_text(BAR_SHEET, encoding="utf-8")
    k = {(r.indicator, r.fiscal_year): r for r in parse_file(doc).kpis}
    # the indicator is named by the caption above the table, without its tag and unit note
    r = k[("相談窓口の利用件数", 2023)]
    assert (r.target, r.actual, r.status, r.unit) == ("110", "121", "met", "件")
    # a line giving the unit and source does not rename the table
    assert ("創業セミナー受講者数", 2023) in k


def test_the_tables_own_rate_grade_and_remarks_go_with_the_figure(tmp_path):
    doc = tmp_path / "sheet.txt"
    doc.write_text(BAR_SHEET, encoding="utf-8")
    k = {(r.indicator, r.fiscal_year): r for r in parse_file(doc).kpis}
    # a note row (達成率 under the year columns) and note columns (達成率, 備考) of the figure's row
    assert k[("相談窓口の利用件数", 2023)].extra["notes"] == [["達成率", "110.0%"]]
    assert "notes" not in k[("相談窓口の利用件数", 2024)].extra  # 「－」 is no note
    assert k[("創業セミナー受講者数", 2023)].extra["notes"] == [["達成率", "115.6%"], ["備考", "会場を拡大"]]
    # a grade column of a one-row-per-indicator table belongs to the row's latest figure
    k2 = rows_of("north_village_review.md")
    graded = [r for r in k2.values() if r.extra.get("grade")]
    assert graded and all(any(n[1] == r.extra["grade"] for n in r.extra["notes"]) for r in graded)


def test_an_answer_gives_the_tables_own_grade_with_the_figure(other_service):
    a = other_service.ask("空き店舗率の令和5年度の目標と実績は？")
    assert a.grounded and "13.1" in a.answer and "評価 A" in a.answer


# a report printed as space-aligned text: rules under the header and above the total, a second
# header line of bracketed years, header fields one space apart, a unit column of any unit
RULED_SHEET = """\
表1　成果指標の達成状況

  No. 指標名                  単位      基準値     目標値     実績値    達成率
                                        (R1)       (R5)       (R5)
  ────────────────────────────────────────────────────────────────────────────
  1   観光入込客数            千人       1,820      2,100      1,987     94.6%
  2   認定事業者数            事業者        40         60         63    105.0%
  3   創業支援拠点数          拠点           7         15         12     80.0%

2　事業費

  事業名                   令和5年度決算   令和6年度予算
  ------------------------------------------------------
  観光振興事業                  3,420          3,800
  創業支援事業                  6,450          7,000
  ------------------------------------------------------
  合計                          9,870         10,800

3　評価と今後の方向性

認定事業者数は目標を上回った。
"""


def test_a_space_aligned_table_keeps_its_header_across_rule_lines(tmp_path):
    doc = tmp_path / "ruled.txt"
    doc.write_text(RULED_SHEET, encoding="utf-8")
    parsed = parse_file(doc)
    tables = [c.text for c in parsed.chunks if c.kind == "table"]
    budget = next(t for t in tables if "創業支援事業" in t)
    # the header above a dashed rule heads the table, the total under a rule is one of its rows
    lines = budget.splitlines()
    assert lines.index("事業名 | 令和5年度決算 | 令和6年度予算") < lines.index("観光振興事業 | 3,420 | 3,800")
    assert "合計 | 9,870 | 10,800" in lines
    # a heading after a blank line is not a row
    assert "評価と今後の方向性" not in budget
    # 「No. 指標名」 over two columns of the rows are two columns; (R1) (R5) join the column they stand under
    kpi_table = next(t for t in tables if "観光入込客数" in t)
    assert "No. | 指標名 | 単位 | 基準値(R1) | 目標値(R5) | 実績値(R5) | 達成率" in kpi_table.splitlines()


def test_a_unit_column_gives_the_unit_and_bracketed_years_the_year(tmp_path):
    doc = tmp_path / "ruled.txt"
    doc.write_text(RULED_SHEET, encoding="utf-8")
    k = {r.indicator: r for r in parse_file(doc).kpis}
    r = k["創業支援拠点数"]
    assert (r.fiscal_year, r.target, r.actual, r.status, r.unit) == (2023, "15", "12", "missed", "拠点")
    assert k["認定事業者数"].unit == "事業者" and k["認定事業者数"].status == "met"


def test_year_groups_a_reference_code_and_falling_targets(tmp_path):
    """Years over groups of Target/Actual/Status columns; a code before each name; a measure
    whose targets fall year after year (or whose name says so) is met by coming in under them."""
    doc = tmp_path / "agency.txt"
    doc.write_text("ANNUAL REPORT\n\n2. Results\n\nThe table below gives each measure for the last two years of the\n"
                   "plan, which began in 2021.\n\n"
                   "                                         2022/23                  2023/24\n"
                   "Code  Measure              Unit   Target  Actual  Status  Target  Actual  Status\n"
                   "----------------------------------------------------------------------------------\n"
                   "M1    Firms advised        no.       120     131  Met        130     118  Not met\n"
                   "M2    Days to decide       days       20      24  Not met     18      17  Met\n"
                   "M3    Empty units (lower is better)  %  9.0  8.1  Met  9.0  9.4  Not met\n", encoding="utf-8")
    k = {(r.indicator, r.fiscal_year): r for r in parse_file(doc).kpis}
    assert ("M1", 2023) not in k
    advised = k[("Firms advised", 2023)]
    assert (advised.target, advised.actual, advised.status) == ("130", "118", "missed")
    assert k[("Firms advised", 2022)].status == "met"  # each year's own status column
    assert k[("Days to decide", 2023)].status == "met" and k[("Days to decide", 2022)].status == "missed"
    assert k[("Empty units (lower is better)", 2022)].status == "met"
    # a sentence before the table says something about it; it does not name it
    assert not advised.program.startswith("plan, which")


def test_a_table_of_target_and_actual_rows_is_named_by_its_heading(tmp_path):
    doc = tmp_path / "review.md"
    doc.write_text("# 事業の概要\n\n### 活動指標1：相談会の開催回数（単位：回）\n\n"
                   "| 区分 | 令和4年度 | 令和5年度 |\n|---|---:|---:|\n| 活動実績 | 11 | 14 |\n| 当初見込み | 12 | 12 |\n",
                   encoding="utf-8")
    k = parse_file(doc).kpis
    assert {r.indicator for r in k} == {"活動指標1:相談会の開催回数"}  # (the reader normalises to NFKC)
    assert {(r.fiscal_year, r.target, r.actual, r.unit) for r in k} == {(2022, "12", "11", "回"), (2023, "12", "14", "回")}


def test_a_planned_activity_row_without_okurigana_is_the_target(tmp_path):
    doc = tmp_path / "sheet.txt"
    doc.write_text("【活動指標】\n活動指標\t区分\t単位\t令和5年度\t令和6年度\n出張相談の回数\t活動見込\t回\t20\t24\n"
                   "\t活動実績\t回\t18\t25\n講師の派遣件数\t活動見込\t件\t8\t8\n\t活動実績\t件\t9\t7\n", encoding="utf-8")
    k = {(r.indicator, r.fiscal_year): r for r in parse_file(doc).kpis}
    assert (k[("出張相談の回数", 2023)].target, k[("出張相談の回数", 2023)].actual) == ("20", "18")
    assert k[("講師の派遣件数", 2024)].status == "missed"


def test_a_year_column_may_print_years_without_nendo(tmp_path):
    doc = tmp_path / "sheet.txt"
    doc.write_text("表1　年度別の実績\n年度\t指標（単位）\t目標値\t実績値\n2022年度\t相談件数（件）\t50\t48\nR5\t相談件数（件）\t55\t61\n"
                   "令和6\t相談件数（件）\t60\t58\n", encoding="utf-8")
    k = {(r.indicator, r.fiscal_year): r for r in parse_file(doc).kpis}
    assert sorted(y for _, y in k) == [2022, 2023, 2024]
    assert (k[("相談件数", 2023)].target, k[("相談件数", 2023)].actual, k[("相談件数", 2023)].status) == ("55", "61", "met")


def test_an_indicator_drawn_as_a_block_of_lines_over_a_table_of_its_actuals(tmp_path):
    k = written(tmp_path, "progress.txt", "（1）販路の開拓\n\n指標名：見本市への出展件数\n基準値（令和元年度）：15件\n目標値（令和7年度）：30件\n"
                   "年度\t実績値\n令和3年度\t開催中止\n令和4年度\t22\n令和5年度\t27\n評価：A\n\n"
                   "指標名：空き店舗の数\n（単位：店舗）\n年度\t実績値\t備考\n令和4年度\t16\t\n令和5年度\t集計中\t※夏に公表\n"
                   "\n参考：年度別の相談件数\n年度\t実績値\n令和4年度\t40\n")
    fairs = {fy: (r.target, r.actual) for (name, fy), r in k.items() if name == "見本市への出展件数"}
    # each year's actual, the baseline for its year and the target for the year it is set for
    assert fairs == {2019: ("", "15件"), 2021: ("", "開催中止"), 2022: ("", "22"), 2023: ("", "27"), 2025: ("30件", "")}
    assert k[("空き店舗の数", 2023)].actual == "集計中" and k[("空き店舗の数", 2022)].unit == "店舗"
    # a table after an ordinary line is no indicator's block
    assert not any(r.actual == "40" for r in k.values())


def test_a_header_of_years_over_target_and_actual_columns_in_two_rows(tmp_path):
    doc = tmp_path / "sheet.txt"
    doc.write_text("表1　成果指標の推移\n指標名\t単位\t令和4年度\t\t令和5年度\t\t達成度\n\t\t目標\t実績\t目標\t実績\t（令和5年度）\n"
                   "① 移住相談件数\t件\t300\t341\t330\t390\t118.2%\n② 若者の転出超過数 ※1\t人\t250\t284\t240\t調査中\t－\n",
                   encoding="utf-8")
    k = {(r.indicator, r.fiscal_year): r for r in parse_file(doc).kpis}
    assert (k[("移住相談件数", 2022)].target, k[("移住相談件数", 2022)].actual, k[("移住相談件数", 2023)].actual) == ("300", "341", "390")
    assert k[("若者の転出超過数", 2023)].status == "undecidable" and k[("若者の転出超過数", 2022)].unit == "人"


def test_a_label_with_a_footnote_mark_a_formula_row_and_a_reference_code(tmp_path):
    doc = tmp_path / "sheet.md"
    doc.write_text("## 成果目標\n\n| | 2023年度 | 2024年度 |\n|---|---:|---:|\n| 成果実績※1 | 44.7 | 51.3 |\n| 目標値 | 45.0 | 50.0 |\n\n"
                   "## 単位当たりコスト\n\n| | 2023年度 | 2024年度 |\n|---|---:|---:|\n| 単位当たりコスト | 538 | 497 |\n"
                   "| 計算式 | 1,595/2,965 | 1,148/2,310 |\n\n## Scorecard\n\n| Ref | Indicator | Baseline (2021/22) | 2022/23 | 2023/24 | "
                   "Target 2024/25 |\n|---|---|---|---|---|---|\n| EG01 | Employment rate (%) | 74.2 | 75.0 | 75.6 | 76.0 |\n",
                   encoding="utf-8")
    k = parse_file(doc).kpis
    assert {(r.fiscal_year, r.target, r.actual) for r in k if r.fiscal_year in (2023, 2024) and r.actual in ("44.7", "51.3")} == \
        {(2023, "45.0", "44.7"), (2024, "50.0", "51.3")}
    assert not any(r.indicator.startswith("計算式") or r.actual == "2,965" for r in k)  # X/Y of a formula is no target/actual
    assert {r.indicator for r in k if "Employment" in r.indicator} == {"Employment rate"} and not any(r.indicator == "EG01" for r in k)


def test_a_space_aligned_scorecard_of_named_blocks_with_goal_and_achieved_rows(tmp_path):
    k = written(tmp_path, "annual.txt", "TABLE 1: SCORECARD\n\nIndicator                              2022       2023       2024\n"
                   "--------------------------------------------------------------------\n"
                   "1. New business licences issued\n     Goal                               420        450        480\n"
                   "     Achieved                           436        471        462\n\n"
                   "2. Jobs created or retained through\n   supported projects\n"
                   "     Goal                               300        320        350\n"
                   "     Achieved                           287        344        391\n"
                   "--------------------------------------------------------------------\n"
                   "(a) Figures for 2024 are preliminary.\n")
    assert (k[("New business licences issued", 2024)].target, k[("New business licences issued", 2024)].actual) == ("480", "462")
    assert k[("Jobs created or retained through supported projects", 2022)].status == "missed"  # a name wrapped onto two lines


def test_a_sheet_whose_label_column_has_no_heading_and_a_note_under_a_cell(tmp_path):
    k = written(tmp_path, "hyoka.txt", "■測定指標3-1　開業率（単位：％）\n　基準値：4.2％（令和元年度）\n\n"
                   "　　　　　　　　　令和３年度　　令和４年度　　令和５年度\n　　──────────────────────────\n"
                   "　　目標値　　　　　4.6　　　　　　5.0　　　　　　5.2\n　　　　　　　　　（見込み）\n"
                   "　　実績値　　　　　4.4　　　　　　3.9　　　　　　－\n")
    r = next(r for (name, fy), r in k.items() if fy == 2021)
    assert (r.target, r.actual) == ("4.6", "4.4") and "開業率" in r.indicator  # named by the heading, not by 基準値：
    assert {fy for _, fy in k} == {2021, 2022, 2023}
