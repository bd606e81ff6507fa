"""Rows picked by a label the question names, on small tables written here (no index, no model)."""
from assistant.answerers import Context
from assistant.question import analyze
from assistant.table_filter import category_columns, names_label, rows_with_label, table_grid
from assistant.terms import TermStats, question_concepts
from core.types import Chunk, Location

SHEET = Chunk("s1", "No. | 事業名 | 評価 | 今後の方向性\n1 | 創業支援事業 | A | 拡充\n2 | 商店街支援事業 | B | 継続\n"
              "3 | 販路開拓事業 | A | 拡充\n4 | 人材育成事業 | C | 縮小\n5 | 観光振興事業 | B | 継続",
              "sheet.txt", "事業評価シート 総括表", "report", "table", ["2 評価結果の一覧"], Location(line_start=40))
RESULTS = Chunk("r1", "Indicator | Target 2024 | Actual 2024 | Rating\nLoans disbursed | 4,500 | 4,920 | Achieved\n"
                "Green loans share | 15.0 | 8.1 | Not achieved\nDigital applications | 40.0 | 19.0 | Not achieved\n"
                "Average tenor | 36 | 38 | Achieved\nWomen-led share | 25.0 | 21.7 | Partially achieved",
                "eval.md", "Credit line evaluation", "report", "table", ["3. Results framework"], Location(line_start=90))
# a table of names, one per row: no column of it is a category
MEMBERS = Chunk("m1", "役職 | 氏名 | 所属\n会長 | 山田 太郎 | 商工会\n委員 | 佐藤 花子 | 銀行\n委員 | 鈴木 一郎 | 大学\n委員 | 高橋 次郎 | 組合",
                "members.txt", "委員名簿", "report", "table", ["委員名簿"], Location(line_start=5))
STATS = TermStats([["事業", "評価", "シート", "方向", "性", "拡充"], ["委員", "名簿"], ["indicator", "rating"]])


def ctx(question: str) -> Context:
    q = analyze(question)
    return Context(q, question_concepts(q, STATS), None, None, None, tables=[SHEET, RESULTS, MEMBERS])


def test_columns_of_repeated_short_labels_are_categories():
    assert category_columns(*table_grid(SHEET.text)) == {2: {"A", "B", "C"}, 3: {"拡充", "継続", "縮小"}}
    assert list(category_columns(*table_grid(RESULTS.text))) == [3]
    assert category_columns(*table_grid(MEMBERS.text)) == {}  # names and affiliations differ row by row


def test_a_label_is_named_whole_and_a_single_letter_only_when_quoted_or_graded():
    assert names_label("方向性が「拡充」の事業は？", "拡充")
    assert names_label("Which indicators were Not achieved?", "Not achieved")
    assert not names_label("Which indicators were unachieved?", "achieved")
    assert names_label("評価がAの事業はどれ？", "A") and names_label("Which programmes were rated A?", "A")
    assert not names_label("A list of programmes, please", "A")


def test_every_row_with_the_label_is_listed_with_the_header():
    c = rows_with_label(ctx("今後の方向性が「拡充」になっている事業はどれ？"))[0]
    body = c.answer.answer
    assert "創業支援事業" in body and "販路開拓事業" in body and "商店街支援事業" not in body
    assert "No. | 事業名 | 評価 | 今後の方向性" in body and c.answer.citations[0].chunk_id == "s1"
    assert "response" in c.answers  # the column asked about (今後) is the one read
    en = rows_with_label(ctx("Which indicators were rated Not achieved, and what were their 2024 actuals?"))[0]
    assert "8.1" in en.answer.answer and "19.0" in en.answer.answer and "4,920" not in en.answer.answer
    assert en.why["label"] == "Not achieved"  # not the shorter "Achieved" inside it


def test_no_rows_without_a_list_question_or_a_label_named():
    assert rows_with_label(ctx("創業支援事業の評価の理由は？")) == []
    assert rows_with_label(ctx("Which programmes grew fastest?")) == []


def test_a_figure_kind_or_the_first_word_of_a_name_is_no_label():
    assert not names_label("令和6年度の目標はどれくらい？", "目標")
    assert not names_label("How much did the Green Business Fund spend?", "Green")
    assert names_label("Which measures are rated Green this year?", "Green")
