import pytest

from ingest.errors import IngestError
from ingest.loader import load_document


def test_shift_jis_file_is_decoded(tmp_path):
    p = tmp_path / "sjis.txt"
    p.write_bytes("第12条 創業の促進\n起業件数は157件でした。\n".encode("cp932"))
    doc = load_document(p)
    assert any("起業件数は157件" in b.text for b in doc.blocks)
    assert doc.blocks[0].loc.line_start == 1


def test_tab_rows_become_one_table_with_line_numbers(tmp_path):
    p = tmp_path / "t.txt"
    p.write_text("見出し\n\tR4年度\tR5年度\n目標（件）\t1\t2\n本文です。\n", encoding="utf-8")
    doc = load_document(p)
    table = [b for b in doc.blocks if b.kind == "table"][0]
    assert table.rows == [["", "R4年度", "R5年度"], ["目標(件)", "1", "2"]]
    assert (table.loc.line_start, table.loc.line_end) == (2, 3)


@pytest.mark.parametrize("name,content,reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"\n \n", "empty"),
    ("x.docx", b"abc", "unsupported"),
    ("bad.pdf", b"not a pdf at all", "not a PDF"),
])
def test_bad_input_names_file_and_reason(tmp_path, name, content, reason):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(IngestError) as ei:
        load_document(p)
    assert name in ei.value.path and reason in ei.value.reason


def test_size_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"a" * 2_000_000)
    with pytest.raises(IngestError, match="limit"):
        load_document(p, max_mb=1)


def test_rows_separated_by_bars_without_an_outer_frame(tmp_path):
    from ingest.text_reader import bar_rows

    lines = ["前文です。", "  区分 | R4 | R5", "  -----+----+----", "  目標 | 1 | 2", "  実績 | 3 | 4", "",
             "ひとつだけ | の | 行", "", "│ 項目 │ 値 │ 備考 │", "│ A │ 1 │ - │"]
    rows = bar_rows(lines)
    assert rows[2] == ["区分", "R4", "R5"] and rows[3] is None and rows[5] == ["実績", "3", "4"]
    assert 7 not in rows  # a single line with bars is prose, not a table
    assert rows[10] == ["A", "1", "-"]


def _first_table(tmp_path, text: str):
    p = tmp_path / "t.txt"
    p.write_text(text, encoding="utf-8")
    return [b for b in load_document(p).blocks if b.kind == "table"][0]


def test_a_full_width_space_inside_a_cell_of_a_space_aligned_table(tmp_path):
    table = _first_table(tmp_path, "委員名簿\n\n"
                                   "  No.  区分          氏名          所属・役職\n"
                                   "  1    学識経験者    山本　一郎    港南大学教授\n"
                                   "  2    商業関係者    佐藤　花子    商店街連合会会長\n"
                                   "  合　計                           2名\n")
    # a name's two parts under one column are one cell; a lone full-width space between
    # columns still separates cells
    assert table.rows[1] == ["1", "学識経験者", "山本一郎", "港南大学教授"]
    assert table.rows[3][0] == "合計"


def test_header_lines_stacked_above_a_rule_are_one_header(tmp_path):
    table = _first_table(tmp_path, "表1　主要指標の推移\n\n"
                                   " 年度 | 来場者 | 空き店舗    | 創業相談\n"
                                   "      |  (人)  | 活用件数    | 件数\n"
                                   "      |        | (件)        | (件)\n"
                                   "------+--------+-------------+-------------\n"
                                   " R1   |  3,288 |      13     |      205\n"
                                   " R2   |  中止  |       9     |      188\n")
    # each line holds part of every column's name; an empty first cell keeps the columns aligned
    assert table.rows[0] == ["年度", "来場者(人)", "空き店舗活用件数(件)", "創業相談件数(件)"]
    assert table.rows[2] == ["R2", "中止", "9", "188"]


def test_a_line_of_year_groups_above_the_header_names_the_columns_under_each(tmp_path):
    table = _first_table(tmp_path, "3. MEASURES\n\n"
                                   "                                         2022/23                  2023/24\n"
                                   "Code  Measure              Unit   Target  Actual  Rating  Target  Actual  Rating\n"
                                   "----------------------------------------------------------------------------------\n"
                                   "M1    Firms advised        no.       120     131  Good       130     118  Poor\n"
                                   "M2    Days to decide       days       20      24  Poor        18      17  Good\n")
    assert table.rows[0] == ["Code", "Measure", "Unit", "2022/23 Target", "2022/23 Actual", "2022/23 Rating",
                             "2023/24 Target", "2023/24 Actual", "2023/24 Rating"]
    assert table.rows[1][:4] == ["M1", "Firms advised", "no.", "120"]


def test_a_unit_line_between_a_tables_header_and_its_rows_does_not_split_it(tmp_path):
    from ingest.text_reader import read_text

    p = tmp_path / "budget.txt"
    p.write_text("表2　事業費\n事業名\t令和5年度\t令和6年度\n（単位：千円）\n相談事業\t100\t110\n派遣事業\t200\t210\n本文の段落です。\n",
                 encoding="utf-8")
    tables = [b for b in read_text(p).blocks if b.kind == "table"]
    assert len(tables) == 1 and tables[0].rows[0][0] == "事業名" and tables[0].rows[-1][0] == "派遣事業"
