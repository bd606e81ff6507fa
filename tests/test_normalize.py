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
