from ingest.loader import load_document
from ingest.ordinance_parser import parse_articles
from ingest.structure import structure

# two columns flattened: titles queue up, 第2条's item (3) continues far away
TEXT = """かわさき テスト 実行プログラム
成果指標
【第2期の主な取組状況】
【取組の主な課題】
成果指標
参考資料
2 テスト市中小企業振興条例
前
文
この条例は前文である。
規定する大学で、市内に施設を有するものを
いう。
(4) 金融機関 銀行で、市内に営業所を有するものをいう。
(目的) (大企業者の役割)
第1条 この条例は、中小企業の振興を目的とする。
第7条 大企業者は、施策に協力するよう努めるものとする。
(大学等の役割)
(定義) 第8条 大学等は、人材の育成に努めるものとする。
第2条 この条例において、次の各号に掲げる用語の意義は、それぞれ定めるところによる。
(1) 中小企業者 市内の事業者をいう。
(3) 大学等 学校教育法第1条に
附 則
この条例は、平成28年4月1日から施行する。
3 次の付録
"""


def test_interleaved_articles_reassembled(tmp_path):
    p = tmp_path / "prog.txt"
    p.write_text(TEXT, encoding="utf-8")
    doc = load_document(p)
    doc.doc_type = "program"
    arts = {a.number: a for a in parse_articles(doc, structure(doc))}
    assert arts[1].title == "目的" and arts[7].title == "大企業者の役割"
    assert arts[8].title == "大学等の役割" and arts[2].title == "定義"
    assert "学校教育法第1条に規定する大学で、市内に施設を有するものをいう。" in arts[2].text
    assert "(4) 金融機関" in arts[2].text
    assert "(4)" not in arts[0].text
    assert "平成28年4月1日" in arts[99].text
