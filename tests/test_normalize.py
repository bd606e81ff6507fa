from ingest.normalize import nfkc, normalize_line, split_sentences


def test_nfkc_folds_compat_ideograph_but_keeps_circled_numbers():
    assert nfkc("成\u2fa7") == "成長"
    assert nfkc("② 観光資源") == "② 観光資源"
    assert nfkc("第１２条（１）") == "第12条(1)"


def test_letter_spacing_and_wrap_spaces_removed():
    assert normalize_line("イノベー シ ョ ン") == "イノベーション"
    assert normalize_line("知的財産スクール参加 者数") == "知的財産スクール参加者数"
    assert normalize_line("the ICT and DX") == "the ICT and DX"


def test_split_sentences_japanese():
    assert split_sentences("一つ目。二つ目！三つ目") == ["一つ目。", "二つ目！", "三つ目"]


def test_a_bracketed_aside_after_the_full_stop_belongs_to_its_sentence():
    # reports put the figure in brackets after the sentence it counts
    assert split_sentences("市場を開いた。(出店数12店(前年度9店))次に移った。") == ["市場を開いた。(出店数12店(前年度9店))", "次に移った。"]
    assert split_sentences("市場を開いた。次に（必要なら）移った。") == ["市場を開いた。", "次に（必要なら）移った。"]


def test_a_figure_wrapped_before_its_japanese_counter_in_a_cell_is_one_word():
    from ingest.normalize import normalize_cell

    assert normalize_cell("令和6\n年度") == "令和6年度" and normalize_cell("120\n人") == "120人"
    # a label over a figure, and English words, stay apart
    assert normalize_cell("目標\n120") == "目標 120" and normalize_cell("Tailor\nApp") == "Tailor App"
    # a figure wrapped inside a digit group is one figure; two whole figures stay two
    assert normalize_cell("113,26\n0") == "113,260" and normalize_cell("1,234,\n567") == "1,234,567"
    assert normalize_cell("2,400\n3,100") == "2,400 3,100" and normalize_cell("12\n34") == "12 34"


def test_a_glyph_the_font_maps_to_no_character_is_shown_not_kept_as_a_control_character():
    from ingest.normalize import UNREADABLE, normalize_cell, normalize_line, normalize_raw

    assert normalize_line("若い人\x00にもっと") == f"若い人{UNREADABLE}にもっと"
    assert "\x00" not in normalize_cell("各数\x00は") + normalize_raw("各数\x00は 当該年度")
