"""The execution program's outcome-indicator blocks: a name, then four values with their years."""
from types import SimpleNamespace

from core.types import Location
from ingest.indicator_extractor import _parse

DOC = SimpleNamespace(source="plan.txt", title="テスト市 プログラム", doc_type="program")


def parse(lines):
    return _parse(DOC, None, "経営基盤の強化", [(l, Location(line_start=i)) for i, l in enumerate(lines, 1)])


def test_an_indicator_is_its_name_then_four_values():
    (r,) = parse(["創業件数", "― 38 件", "(令和2(2020)年度)", "102 件以上 106 件以上", "(令和7(2025)年度)"])
    assert r.indicator == "創業件数" and r.extra["current"]["value"] == "38件"
    assert r.target == "106件以上" and r.extra["current"]["year"] == "(令和2(2020)年度)"


def test_a_figure_inside_a_name_wrapped_over_lines_stays_in_the_name():
    # (as the reader gives it: NFKC, 80％ → 80%)
    (r,) = parse(["中小企業における年次有給休暇消化率 80%", "以上の事業者割合*", "― 15.7%", "(令和2(2020)年度) ― 20%以上",
                  "(令和7(2025)年)"])
    assert r.indicator == "中小企業における年次有給休暇消化率80%以上の事業者割合"
    assert r.extra["baseline"]["value"] == "―" and r.extra["current"]["value"] == "15.7%" and r.target == "20%以上"
