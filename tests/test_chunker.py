"""Chunking: tables stay whole with their title; prose respects section boundaries."""
from core.types import Block, Document, Location
from ingest.chunker import MAX_CHARS, chunk_sections
from ingest.structure import structure as build_sections


def _doc(blocks):
    return Document(source="t.txt", path="t.txt", title="T", fmt="text", sha256="0", blocks=blocks, doc_type="report")


def _line(t, n):
    return Block("line", t, Location(line_start=n, line_end=n))


def test_heading_before_table_becomes_its_caption():
    rows = [["", "R4年度", "R5年度"], ["実績(件)", "10", "12"]]
    blocks = [_line("第12条 創業の促進", 1), _line("1 起業支援事業", 2), _line("検証結果概要②", 3),
              Block("table", "", Location(line_start=4, line_end=5), rows=rows)]
    doc = _doc(blocks)
    chunks = chunk_sections(doc, build_sections(doc))
    tables = [c for c in chunks if c.kind == "table"]
    assert len(tables) == 1 and tables[0].text.startswith("検証結果概要②")
    assert not [c for c in chunks if c.text.strip() == "検証結果概要②"]


def test_long_prose_is_split_within_limit_and_keeps_section():
    sent = "起業支援の相談を受け付けました。" * 60
    # a report's article heading is followed by its 〔報告書 p.x-p.y〕 line
    blocks = [_line("第12条 創業の促進", 1), _line("〔報告書 p.10-p.12〕", 2), _line("1 起業支援事業", 3), _line(sent, 4)]
    doc = _doc(blocks)
    chunks = chunk_sections(doc, build_sections(doc))
    assert len(chunks) > 1
    assert all(len(c.text) <= MAX_CHARS + 20 for c in chunks)
    assert all(c.article == 12 and c.program == "起業支援事業" for c in chunks)


def test_fields_printed_one_per_line_stay_apart_while_wrapped_lines_rejoin():
    from ingest.structure import paragraphs

    blocks = [_line("指標名：相談件数", 1), _line("基準値（令和元年度）：40件", 2), _line("目標値（令和7年度）：60件", 3),
              _line("相談件数は増加しているが、目標の達成には更", 4), _line("なる周知が必要である。", 5)]
    assert [b.text for b in paragraphs(blocks)] == ["指標名：相談件数", "基準値（令和元年度）：40件", "目標値（令和7年度）：60件",
                                                   "相談件数は増加しているが、目標の達成には更なる周知が必要である。"]


def test_a_heading_that_spans_two_columns_names_both_in_the_table_text():
    from ingest.chunker import render_table

    rows = [["事業名", "令和4年度", "", "令和5年度", ""], ["", "予算額", "決算額", "予算額", "決算額"], ["(1) 相談事業", "100", "96", "110", "104"]]
    assert render_table(rows).split("\n")[0] == "事業名 | 令和4年度 予算額 | 令和4年度 決算額 | 令和5年度 予算額 | 令和5年度 決算額"
    # a row under the headings that does not tell their columns apart (割合 twice) is left as printed
    odd = [["年度", "", "件数", "", "金額", ""], ["", "", "割合", "割合", "割合", "割合"], ["令和5年度", "全体", "383", "100%", "22,720", "100%"]]
    assert render_table(odd).split("\n")[:2] == ["年度 | 件数 | 金額", "割合 | 割合 | 割合 | 割合"]


def _page_line(t, page):
    return Block("line", t, Location(page_start=page, page_end=page))


def test_a_heading_at_a_page_foot_goes_with_what_it_heads_on_the_next_page():
    blocks = [_page_line("第12条 創業の促進", 3), _page_line("1 起業支援事業", 3),
              _page_line("起業に関する相談を受け付けました。", 3), _page_line("令和5年度の受賞者", 3),
              _page_line("- 山田 一郎 氏（菓子製造）", 4), _page_line("- 佐藤 花子 氏（金属加工）", 4)]
    doc = _doc(blocks)
    chunks = chunk_sections(doc, build_sections(doc))
    texts = [c.text for c in chunks]
    holder = [c for c in chunks if "山田" in c.text]
    assert len(holder) == 1 and holder[0].text.startswith("令和5年度の受賞者")
    assert holder[0].loc.page_start == 3 and holder[0].loc.page_end == 4
    assert "令和5年度の受賞者" not in [t.strip() for t in texts]
    # a page's last sentence is not a heading: it stays on its own page
    prose = [c for c in chunks if "相談を受け付けました" in c.text]
    assert prose[0].loc.page_end == 3 and "山田" not in prose[0].text
