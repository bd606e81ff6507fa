from pathlib import Path

from ingest.kpi_values import parse_value, split_name_unit
from ingest.loader import load_document
from ingest.kpi_extractor import extract_kpis
from ingest.structure import structure

FIX = Path(__file__).parent / "fixtures" / "mini_report.txt"


def _recs():
    doc = load_document(FIX)
    assert doc.doc_type == "report"
    return extract_kpis(doc, structure(doc))


def _get(recs, indicator, year):
    return next(r for r in recs if r.indicator == indicator and r.year.startswith(year))


def test_caption_layout_and_status():
    recs = _recs()
    r = _get(recs, "起業セミナー参加者数", "R6")
    assert (r.target, r.actual, r.unit, r.status) == ("120", "118", "人", "missed")
    assert r.article == 12 and r.program == "起業支援事業" and r.loc.line_start is not None
    assert _get(recs, "起業セミナー参加者数", "R4").status == "met"


def test_short_rows_are_left_aligned_flagged_and_latest_year_undecidable():
    recs = _recs()
    r4 = _get(recs, "窓口相談件数", "R4")
    assert (r4.target, r4.actual) == ("190", "295") and "year_inferred" in r4.flags
    r6 = _get(recs, "窓口相談件数", "R6")
    assert r6.status == "undecidable" and "R6" in r6.reason


def test_stray_value_is_next_year_actual_of_row_above():
    r6 = _get(_recs(), "出張相談数", "R6")
    assert r6.actual == "372" and r6.target == "" and "stray_value" in r6.flags
    assert r6.status == "undecidable"


def test_cancelled_and_composite_cells():
    recs = _recs()
    assert _get(recs, "イベント参加人数", "R4").status == "undecidable"
    assert _get(recs, "イベント参加人数", "R4").actual == "開催中止"
    total = _get(recs, "宿泊客数", "R5")
    foreign = _get(recs, "宿泊客数(うち外国人数)", "R5")
    assert (total.target, total.actual, total.status) == ("204", "216", "met")
    assert (foreign.target, foreign.actual, foreign.status) == ("24", "19", "missed")
    assert foreign.unit == "万人"


def test_actual_only_table_never_missed():
    rs = [r for r in _recs() if r.article == 13]
    assert [r.actual for r in rs] == ["250", "254", "291"]
    assert {r.status for r in rs} == {"no_target"}


def test_value_parsing():
    assert parse_value("1,558,476").value == 1558476
    assert parse_value("約5,050人").value == 5050 and parse_value("約5,050人").note == "approx"
    assert parse_value("9.1").value == 9.1
    assert parse_value("—").note == "no_value"
    assert parse_value("20組57件").value is None
    # a footnote mark after a figure (「58※2」, 85.0(注2)) leaves the figure; an estimate in brackets is no result
    assert parse_value("58※2").value == 58 and parse_value("85.0(注2)").value == 85.0 and parse_value("12.5%※1").value == 12.5
    assert parse_value("(1,310)見込み").value is None and parse_value("中止※3").note == "cancelled"
    assert split_name_unit("生産緑地地区の新規指定面積 (m 2)") == ("生産緑地地区の新規指定面積", "m²")
    # a longer noun phrase in brackets qualifies the name: it is no unit
    assert split_name_unit("県制度融資（中小企業振興資金）") == ("県制度融資（中小企業振興資金）", "")
    assert split_name_unit("一般会計繰出金（百万円）")[1] == "百万円"
